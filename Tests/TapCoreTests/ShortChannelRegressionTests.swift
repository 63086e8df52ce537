import Foundation
import XCTest
@testable import TapCore

/// Short-channel pairing, the offline regression (MNE-NIRS's form) and the live regressor, on
/// constructed layouts and signals with known answers. (Equality with MNE-NIRS on the NIRSport2
/// fixture: ArtefactCrossCheckTests in TapIOTests.)
final class ShortChannelRegressionTests: XCTestCase {
    /// Channels: two long, two short, one of unknown distance, one at exactly 1.5 cm, one at 1.6 cm.
    static let layout = NirsLayout(
        kind: .intensity, rateHz: 7.8125, wavelengths: [760, 850],
        channels: ["S1-D1", "S1-D9", "S2-D2", "S2-D10", "S3-D3", "S3-D11", "S4-D4"],
        distancesCentimetres: [3, 0.8, 3, 0.8, nil, 1.5, 1.6])

    func testShortMeansAtMostOneAndAHalfCentimetresAndUnknownDistancesAreLeftAlone() {
        let pairing = ShortChannelPairing(layout: Self.layout)
        XCTAssertEqual(pairing.shortChannels, [1, 3, 5])
        XCTAssertEqual(pairing.longChannels, [0, 2, 6])
        XCTAssertNil(pairing.partner[4], "unknown distance: neither short nor long")
        XCTAssertEqual(pairing.partner[1], nil, "a short channel has no partner")
    }

    func testWithoutPositionsALongChannelTakesTheShortChannelSharingItsSourceThenItsDetector() {
        let pairing = ShortChannelPairing(layout: Self.layout)
        XCTAssertEqual(pairing.partner[0], 1, "S1-D1 shares S1 with S1-D9")
        XCTAssertEqual(pairing.partner[2], 3, "S2-D2 shares S2 with S2-D10")
        XCTAssertEqual(pairing.partner[6], nil, "S4-D4 shares no optode with a short channel")
        XCTAssertEqual(pairing.rule[0], .sharedOptode)
        let byDetector = ShortChannelPairing(layout: NirsLayout(
            kind: .od, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1"], distancesCentimetres: [3, 0.8]))
        XCTAssertEqual(byDetector.partner, [1, nil], "S1-D1 shares D1 with S2-D1")
    }

    func testWithPositionsTheNearestMidpointWinsAndTiesGoToTheFirst() {
        let midpoints: [SIMD3<Double>?] = [SIMD3(0, 0, 0), SIMD3(9, 0, 0), SIMD3(10, 0, 0), SIMD3(1, 0, 0),
                                           nil, SIMD3(-1, 0, 0), nil]
        let pairing = ShortChannelPairing(layout: Self.layout, midpointsCentimetres: midpoints)
        XCTAssertEqual(pairing.partner[0], 3, "S2-D10 at 1 cm ties with S3-D11 at 1 cm; it comes first")
        XCTAssertEqual(pairing.partner[2], 1, "S1-D9 at 1 cm, though S2-D10 shares its source")
        XCTAssertEqual(pairing.rule[2], .nearestMidpoint)
        XCTAssertEqual(pairing.partner[6], nil, "no midpoint and no shared optode")
    }

    func testMeasurementsPairWavelengthByWavelengthOrAsMneNirsDoes() {
        let pairing = ShortChannelPairing(layout: Self.layout)
        // S1-D1 is measurements 0 (760) and 1 (850); S1-D9 is 2 and 3.
        XCTAssertEqual(pairing.shortMeasurement(for: 0, wavelengthsPerChannel: 2), 2)
        XCTAssertEqual(pairing.shortMeasurement(for: 1, wavelengthsPerChannel: 2), 3)
        XCTAssertEqual(pairing.shortMeasurement(for: 1, wavelengthsPerChannel: 2, matching: .lowestWavelength), 2)
        XCTAssertNil(pairing.shortMeasurement(for: 2, wavelengthsPerChannel: 2))
        XCTAssertNil(pairing.shortMeasurement(for: 99, wavelengthsPerChannel: 2))
    }

    func testOfflineRegressionRemovesExactlyTheShortChannelsProjection() {
        let short = [1.0, -1, 1, -1], brain = [1.0, 1, 1, 1]
        let long = zip(short, brain).map { 3 * $0 + $1 }
        XCTAssertEqual(ShortChannelRegression.coefficient(long: long, short: short), 3)
        XCTAssertEqual(ShortChannelRegression.coefficient(long: long, short: [0, 0, 0, 0]), 0)
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760], channels: ["S1-D1", "S1-D2"],
                                distancesCentimetres: [3, 0.8])
        let out = ShortChannelRegression.regress(opticalDensity: [long, short], pairing: ShortChannelPairing(layout: layout),
                                                 wavelengthsPerChannel: 1)
        XCTAssertEqual(out, [brain, short])
    }

    /// The live regressor on a long channel = 0.8 × the short channel's systemic signal (a Mayer
    /// wave with a wandering phase, breathing, noise) + a block response the short channel does
    /// not see: after the 30 s warm-up it must remove ≥ 80 % of the shared Mayer wave and keep
    /// ≥ 90 % of the response.
    func testLiveRegressionRemovesTheSharedMayerWaveAndKeepsTheBrainResponse() {
        let rate = 7.8125, n = Int(600 * rate)
        var rng = SeededGenerator(seed: 31)
        var phase = 0.0
        var mayer = [Double](), breathing = [Double](), shortNoise = [Double](), longNoise = [Double]()
        for t in 0..<n {
            phase += 2 * Double.pi * 0.1 / rate + rng.normal(mean: 0, sd: 0.01)
            mayer.append(0.02 * sin(phase))
            breathing.append(0.005 * sin(2 * Double.pi * 0.25 * Double(t) / rate))
            shortNoise.append(rng.normal(mean: 0, sd: 0.002))
            longNoise.append(rng.normal(mean: 0, sd: 0.002))
        }
        // 30 s tapping / 30 s rest from 60 s on, through the SPM response; 0.01 OD plateau.
        let blocks = (0..<n).map { t -> Double in
            let seconds = Double(t) / rate
            return seconds >= 60 && Int((seconds - 60) / 30) % 2 == 0 ? 1 : 0
        }
        let response = CanonicalHRF.response(to: blocks, kernel: CanonicalHRF.kernel(sampleRateHz: rate)).map { 0.01 * $0 }
        let systemic: [Double] = zip(mayer, breathing).map { $0 + $1 }
        let short: [Double] = zip(systemic, shortNoise).map { $0 + $1 }
        var long: [Double] = zip(systemic, response).map { 0.8 * $0 + $1 }
        for t in 0..<n { long[t] += longNoise[t] }

        let layout = NirsLayout(kind: .od, rateHz: rate, wavelengths: [850], channels: ["S1-D1", "S1-D2"],
                                distancesCentimetres: [3, 0.8])
        var regressor = ShortChannelRegressor(pairing: ShortChannelPairing(layout: layout), wavelengthsPerChannel: 1,
                                              sampleRateHz: rate)
        var corrected: [Double] = []
        for t in 0..<n {
            let out = regressor.add(opticalDensity: [long[t] + 0.3, short[t] - 0.2])  // any OD reference
            corrected.append(out[0] - 0.3)
            XCTAssertEqual(out[1], short[t] - 0.2, "the short channel passes unchanged")
            if t == Int(29 * rate) { XCTAssertFalse(regressor.isWarmedUp(measurement: 0)) }
        }
        XCTAssertTrue(regressor.isWarmedUp(measurement: 0))
        XCTAssertFalse(regressor.isWarmedUp(measurement: 1), "a short measurement has no fit")
        XCTAssertEqual(regressor.coefficient(measurement: 0) ?? 0, 0.8, accuracy: 0.05)
        XCTAssertNil(regressor.coefficient(measurement: 1))

        // After the warm-up: the parts of the corrected long channel along each component.
        let after = Array(Int(30 * rate)..<n)
        let fit = leastSquares(corrected, [mayer, response, breathing, [Double](repeating: 1, count: n)], over: after)
        let mayerLeft = abs(fit[0]) / 0.8, responseKept = fit[1]
        print("Live short-channel regression: Mayer wave left \(String(format: "%.1f", 100 * mayerLeft)) %, "
              + "response kept \(String(format: "%.1f", 100 * responseKept)) %")
        XCTAssertLessThanOrEqual(mayerLeft, 0.20, "share of the long channel's Mayer wave left")
        XCTAssertGreaterThanOrEqual(responseKept, 0.90, "share of the brain response kept")
        XCTAssertLessThanOrEqual(responseKept, 1.10)
        // During the warm-up nothing is changed.
        XCTAssertEqual(corrected[10], long[10], accuracy: 1e-12)
    }

    func testExcludedSamplesAreCorrectedButDoNotMoveTheFit() {
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760], channels: ["S1-D1", "S1-D2"],
                                distancesCentimetres: [3, 0.8])
        var regressor = ShortChannelRegressor(pairing: ShortChannelPairing(layout: layout), wavelengthsPerChannel: 1,
                                              sampleRateHz: 10, warmUpSeconds: 1)
        for t in 0..<100 {
            let s = sin(Double(t))
            _ = regressor.add(opticalDensity: [2 * s, s])
        }
        XCTAssertEqual(regressor.coefficient(measurement: 0) ?? 0, 2, accuracy: 1e-9)
        // A motion artefact on the short channel: its sample would drag β, so it is excluded.
        let out = regressor.add(opticalDensity: [0, 5], excludingChannels: [1])
        XCTAssertEqual(regressor.coefficient(measurement: 0) ?? 0, 2, accuracy: 1e-9)
        XCTAssertLessThan(out[0], -9, "still corrected with β = 2")
        XCTAssertEqual(regressor.add(opticalDensity: [1, 2, 3]), [1, 2, 3], "wrong width: unchanged")
    }

    /// Coefficients of y on the regressors over the given samples (normal equations, Gaussian elimination).
    private func leastSquares(_ y: [Double], _ regressors: [[Double]], over samples: [Int]) -> [Double] {
        let k = regressors.count
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for i in 0..<k {
            for j in 0..<k { a[i][j] = samples.reduce(0) { $0 + regressors[i][$1] * regressors[j][$1] } }
            a[i][k] = samples.reduce(0) { $0 + regressors[i][$1] * y[$1] }
        }
        for p in 0..<k {
            let pivot = (p..<k).max { abs(a[$0][p]) < abs(a[$1][p]) } ?? p
            a.swapAt(p, pivot)
            for r in 0..<k where r != p {
                let f = a[r][p] / a[p][p]
                for c in p...k { a[r][c] -= f * a[p][c] }
            }
        }
        return (0..<k).map { a[$0][k] / a[$0][$0] }
    }
}
