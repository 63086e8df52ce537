import XCTest
@testable import TapCore

final class BiquadTests: XCTestCase {
    /// Steady-state amplitude of `filter` for a unit sine at `hz` (sampled at `rate`).
    func amplitude(_ filter: inout Biquad, hz: Double, rate: Double, seconds: Double) -> Double {
        let n = Int(seconds * rate)
        var peak = 0.0
        for i in 0..<n {
            let y = filter.process(sin(2 * Double.pi * hz * Double(i) / rate))
            if i > n / 2 { peak = max(peak, abs(y)) }
        }
        return peak
    }

    func testButterworthSectionsAreMinusThreeDecibelsAtTheCorner() {
        let rate = 10.0
        var low = Biquad.lowPass(cornerHz: 0.2, sampleRateHz: rate)
        XCTAssertEqual(amplitude(&low, hz: 0.2, rate: rate, seconds: 600), 1 / 2.0.squareRoot(), accuracy: 0.005)
        var high = Biquad.highPass(cornerHz: 0.2, sampleRateHz: rate)
        XCTAssertEqual(amplitude(&high, hz: 0.2, rate: rate, seconds: 600), 1 / 2.0.squareRoot(), accuracy: 0.005)
        XCTAssertEqual(low.magnitude(atHz: 0.2, sampleRateHz: rate), 1 / 2.0.squareRoot(), accuracy: 1e-9)
    }

    func testLowPassPassesDCAndRollsOffFortyDecibelsADecade() {
        let rate = 10.0
        var low = Biquad.lowPass(cornerHz: 0.2, sampleRateHz: rate)
        XCTAssertEqual(low.magnitude(atHz: 0, sampleRateHz: rate), 1, accuracy: 1e-12)
        var output = 0.0
        for _ in 0..<2000 { output = low.process(3.5) }
        XCTAssertEqual(output, 3.5, accuracy: 1e-9)
        var fresh = Biquad.lowPass(cornerHz: 0.2, sampleRateHz: rate)
        let tenfold = amplitude(&fresh, hz: 2, rate: rate, seconds: 120)
        XCTAssertLessThan(tenfold, 0.0125, "2nd order: about −40 dB a decade")
        XCTAssertEqual(tenfold, fresh.magnitude(atHz: 2, sampleRateHz: rate), accuracy: 0.001)
    }
}

final class BandPassTests: XCTestCase {
    func testTheBlockFrequencyPassesAndCardiacAndDriftDoNot() {
        let rate = 7.8125  // NIRx research systems
        let band = BandPass(sampleRateHz: rate)
        XCTAssertGreaterThan(band.magnitude(atHz: 1 / 60.0, sampleRateHz: rate), 0.75, "30 s on / 30 s off passes")
        XCTAssertLessThan(band.magnitude(atHz: 1.0, sampleRateHz: rate), 0.05, "cardiac removed")
        XCTAssertLessThan(band.magnitude(atHz: 0.001, sampleRateHz: rate), 0.02, "slow drift removed")
    }

    func testAnOffsetAtStartDoesNotRing() {
        var band = BandPass(sampleRateHz: 10)
        var outputs: [Double] = []
        for _ in 0..<600 { outputs.append(band.process(10_000)) }  // raw intensity level, constant
        XCTAssertTrue(outputs.allSatisfy { abs($0) < 1e-6 }, "max \(outputs.map(abs).max() ?? 0)")
    }

    func testTheFilterIsCausalAndDeterministic() {
        var a = BandPass(sampleRateHz: 10), b = BandPass(sampleRateHz: 10)
        let input = (0..<500).map { sin(Double($0) * 0.05) + (($0 == 250) ? 5 : 0) }
        let first = input.map { a.process($0) }
        let second = input.map { b.process($0) }
        XCTAssertEqual(first, second)
        var c = BandPass(sampleRateHz: 10)
        let withoutSpike = input.enumerated().map { c.process($0.offset == 250 ? $0.element - 5 : $0.element) }
        XCTAssertEqual(Array(first[..<250]), Array(withoutSpike[..<250]), "a later sample never changes an earlier output")
    }
}
