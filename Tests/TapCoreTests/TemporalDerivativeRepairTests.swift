import Foundation
import XCTest
@testable import TapCore

/// TDDR and the SciPy-equal Butterworth it needs, on constructed signals with known answers.
/// (Equality with MNE-Python on a real recording: ArtefactCrossCheckTests in TapIOTests.)
final class TemporalDerivativeRepairTests: XCTestCase {
    static let rateHz = 10.0

    // MARK: - The filter, against SciPy 1.x values (printed with repr)

    func testButterworthCoefficientsEqualSciPy() {
        // scipy.signal.butter(3, 0.05): TDDR's 0.5 Hz split at 20 Hz.
        assertEqual(ButterworthLowPass(order: 3, normalisedCutoff: 0.05).b,
                    [0.0004165461390757476, 0.0012496384172272427, 0.0012496384172272427, 0.0004165461390757476])
        assertEqual(ButterworthLowPass(order: 3, normalisedCutoff: 0.05).a,
                    [1.0, -2.686157396548143, 2.4196551109664717, -0.7301653453057226])
        // scipy.signal.butter(3, 0.131072): the split at 7.62939 Hz (the NIRSport2 fixture).
        assertEqual(ButterworthLowPass(order: 3, normalisedCutoff: 0.131072).a,
                    [1.0, -2.1816721486774404, 1.6660099675672253, -0.43620549289376304])
    }

    func testFiltfiltEqualsSciPyWithoutPadding() {
        // scipy.signal.filtfilt(*butter(3, 0.2), x, padlen=0).
        let x = [0.0, 1.0, 0.5, -0.25, 2.0, 1.5, 1.0, 0.0, -1.0, 0.5, 0.25, 3.0]
        let expected = [0.30356037910697886, 0.49500439286426556, 0.6821747924816569, 0.8238610410659569,
                        0.8807168975544066, 0.8329950886706275, 0.6987419373863691, 0.5320234867985353,
                        0.3935737224815299, 0.3149530544357435, 0.2872178972531544, 0.2826636678266016]
        assertEqual(ButterworthLowPass(order: 3, normalisedCutoff: 0.2).filtfilt(x), expected, tolerance: 1e-13)
    }

    func testFiltfiltKeepsAConstantExactlyAndPassesSlowSignals() {
        let filter = ButterworthLowPass(order: 3, normalisedCutoff: 0.1)
        assertEqual(filter.filtfilt(Array(repeating: 2.5, count: 50)), Array(repeating: 2.5, count: 50), tolerance: 1e-12)
        // A tenth of the cutoff: |H|² = 1/(1 + 0.1⁶), so away from the ends the sine keeps its
        // shape to ~1e-6; at half the cutoff it loses 1.5 % (1/(1 + 0.5⁶)).
        let slow = (0..<4000).map { sin(2 * Double.pi * 0.005 * Double($0)) }
        let filtered = filter.filtfilt(slow)
        XCTAssertLessThan((500..<3500).map { abs(slow[$0] - filtered[$0]) }.max() ?? 1, 1e-5)
        let halfCutoff = (0..<4000).map { sin(2 * Double.pi * 0.025 * Double($0)) }
        let halfFiltered = filter.filtfilt(halfCutoff)
        let gain = (500..<3500).map { abs(halfFiltered[$0]) }.max() ?? 0
        XCTAssertEqual(gain, 1 / (1 + pow(0.5, 6)), accuracy: 1e-3)
    }

    // MARK: - TDDR

    func testABaselineShiftIsRemoved() {
        var rng = SeededGenerator(seed: 13)
        let n = 3000, shiftAt = 1500, shift = 0.4
        let noise = (0..<n).map { _ in rng.normal(mean: 0, sd: 0.002) }
        let clean = (0..<n).map { 0.02 * sin(2 * Double.pi * 0.03 * Double($0) / Self.rateHz) + noise[$0] }
        let shifted = clean.indices.map { clean[$0] + ($0 >= shiftAt ? shift : 0) }
        let repaired = TemporalDerivativeRepair.repair(shifted, sampleRateHz: Self.rateHz)
        let before = mean(repaired[(shiftAt - 100)..<shiftAt]), after = mean(repaired[shiftAt..<(shiftAt + 100)])
        let cleanJump = mean(clean[shiftAt..<(shiftAt + 100)]) - mean(clean[(shiftAt - 100)..<shiftAt])
        // Measured: 6.5 % of the step is left (its fastest part lies above the 0.5 Hz split,
        // which TDDR leaves alone); MNE's implementation gives the same.
        XCTAssertLessThan(abs((after - before) - cleanJump), 0.10 * shift,
                          "a \(shift) OD step left \(after - before - cleanJump) OD after TDDR")
        // Away from the step the signal keeps its shape (up to a constant).
        let offset = mean(repaired[2000..<2500]) - mean(clean[2000..<2500])
        XCTAssertLessThan(zip(repaired[2000..<2500], clean[2000..<2500]).map { abs($0 - $1 - offset) }.max() ?? 1, 0.01)
    }

    /// TDDR repairs the part of a spike below its 0.5 Hz split: a 5 s spike almost entirely,
    /// a 1 s spike only in part (measured: 8 % and 41 % of the peak left).
    func testASpikeIsRemovedInItsSlowPart() {
        for (widthSeconds, largestLeft) in [(5.0, 0.10), (1.0, 0.50)] {
            var rng = SeededGenerator(seed: 7)
            let clean = (0..<2000).map { _ in rng.normal(mean: 0, sd: 0.002) }
            let width = Int(widthSeconds * Self.rateHz), peak = 0.5
            var spiked = clean
            for i in 0..<width { spiked[1000 + i] += peak * sin(Double.pi * Double(i) / Double(width)) }
            let repaired = TemporalDerivativeRepair.repair(spiked, sampleRateHz: Self.rateHz)
            let left = (990..<(1010 + width)).map { abs(repaired[$0] - clean[$0]) }.max() ?? 1
            XCTAssertLessThan(left, largestLeft * peak, "a \(widthSeconds) s, \(peak) OD spike leaves \(left) OD")
        }
    }

    /// Without motion TDDR still shrinks every change of the slow part a little (the biweight
    /// gives even typical changes weights of ≈ 0.9), so a clean signal changes slightly
    /// (measured: correlation 0.98 for a 0.1 Hz wave in noise).
    func testMotionFreeDataIsChangedLittle() {
        var rng = SeededGenerator(seed: 21)
        let clean = (0..<2000).map { 0.05 * sin(2 * Double.pi * 0.1 * Double($0) / Self.rateHz) + rng.normal(mean: 0, sd: 0.005) }
        let repaired = TemporalDerivativeRepair.repair(clean, sampleRateHz: Self.rateHz)
        XCTAssertGreaterThan(correlation(clean, repaired), 0.97)
    }

    func testTooShortAndConstantSeriesAreReturnedUnchanged() {
        XCTAssertEqual(TemporalDerivativeRepair.repair([], sampleRateHz: 10), [])
        XCTAssertEqual(TemporalDerivativeRepair.repair([0.3], sampleRateHz: 10), [0.3])
        // Every change is 0: σ = 0 stops the iteration with unit weights.
        assertEqual(TemporalDerivativeRepair.repair(Array(repeating: 0.25, count: 40), sampleRateHz: 10),
                    Array(repeating: 0.25, count: 40), tolerance: 1e-12)
    }

    func testMedianIsNumPys() {
        XCTAssertEqual(TemporalDerivativeRepair.median([3, 1, 2]), 2)
        XCTAssertEqual(TemporalDerivativeRepair.median([4, 1, 3, 2]), 2.5)
    }

    // MARK: - Helpers

    private func assertEqual(_ got: [Double], _ want: [Double], tolerance: Double = 1e-15,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (index, (g, w)) in zip(got, want).enumerated() {
            XCTAssertEqual(g, w, accuracy: tolerance * max(1, abs(w)), "index \(index)", file: file, line: line)
        }
    }

    private func mean(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(values.count) }

    private func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
