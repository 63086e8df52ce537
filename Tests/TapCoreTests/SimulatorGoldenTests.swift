import XCTest
@testable import TapCore

/// The default simulator's samples do not change when features are added: a digest of the
/// intensities of fixed runs, recorded before the measured noise model, motion, systemic responses
/// and short channels existed (commit b183edb), must stay bit for bit.
final class SimulatorGoldenTests: XCTestCase {
    /// FNV-1a over the bit patterns of every sample value.
    static func digest(_ configuration: PhysiologySimulator.Configuration, seconds: Double) -> UInt64 {
        var sim = PhysiologySimulator(configuration)
        var hash: UInt64 = 0xcbf29ce484222325
        let count = Int(seconds * configuration.rateHz)
        for i in 0..<count {
            let t = Double(i) / configuration.rateHz
            let activity = t < 20 ? TaskActivity.rest
                : TaskActivity(tapping: true, fast: t >= 40, secondsIntoBlock: t - 20, tapRateHz: t < 45 ? nil : 4.5)
            for v in sim.nextSample(activity: activity) {
                hash = (hash ^ v.bitPattern) &* 0x100000001b3
            }
        }
        return hash
    }

    func testDefaultSamplesAreUnchanged() {
        let cases: [(PhysiologySimulator.Configuration, UInt64)] = [
            (.init(seed: 1), 16424259727726507427),
            (.init(channelCount: 16, rateHz: 10, profile: .fading, seed: 42), 3093048618933100615),
            (.init(channelCount: 3, rateHz: 100, wavelengths: (690, 830), distanceCentimetres: 2.5, seed: 7), 16426411769257758296),
        ]
        for (configuration, expected) in cases {
            let got = Self.digest(configuration, seconds: 60)
            print("golden digest \(configuration.channelCount) ch seed \(configuration.seed): \(got)")
            XCTAssertEqual(got, expected)
        }
    }
}
