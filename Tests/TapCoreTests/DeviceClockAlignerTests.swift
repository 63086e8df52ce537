import XCTest
@testable import TapCore

/// `DeviceClockAligner`: host ≈ offset + slope × device, a running least-squares line.
final class DeviceClockAlignerTests: XCTestCase {
    let hostOrigin: Int64 = 1_000_000_000_000  // the first sample's CLOCK_MONOTONIC reading

    func testNoiselessPairsGiveTheExactLine() throws {
        // Device ms 123456, 123556, …; host advances 100.05 ms per 100 device ms (slope 1.0005), exact in ns.
        var aligner = DeviceClockAligner()
        for k in 0..<200 {
            aligner.add(deviceMilliseconds: 123_456 + 100 * Double(k),
                        host: MonoTime(nanoseconds: hostOrigin + Int64(k) * 100_050_000))
        }
        let fit = try XCTUnwrap(aligner.fit)
        XCTAssertEqual(fit.slope, 1.0005, accuracy: 1e-12)
        // host − origin = 1.0005 × (device − 123456 ms) / 1000 ⇒ offset = −1.0005 × 123.456 s.
        XCTAssertEqual(fit.offsetSeconds, -1.0005 * 123.456, accuracy: 1e-9)
        XCTAssertEqual(fit.hostOriginNanoseconds, hostOrigin)
        XCTAssertEqual(fit.samples, 200)
        XCTAssertEqual(fit.residualSeconds, 0, accuracy: 1e-6, "noiseless: nothing like a millisecond of jitter")
        // The fit maps a device time to its host time.
        let device = 123_456 + 100 * 150.0
        XCTAssertEqual(fit.offsetSeconds + fit.slope * device / 1000, 150 * 0.10005, accuracy: 1e-9)
    }

    func testJitteredArrivalsAreFittedAndTheirJitterMeasured() throws {
        // ±3 ms uniform jitter on host arrival over 1000 samples at 10 Hz; slope 1, offset 0.
        var aligner = DeviceClockAligner()
        var rng = SeededGenerator(seed: 42)
        var squares = 0.0
        for k in 0..<1000 {
            let jitter = rng.uniform(from: -0.003, to: 0.003)
            squares += jitter * jitter
            aligner.add(deviceMilliseconds: 100 * Double(k),
                        host: MonoTime(nanoseconds: hostOrigin + Int64(k) * 100_000_000 + Int64((jitter * 1e9).rounded())))
        }
        let fit = try XCTUnwrap(aligner.fit)
        XCTAssertEqual(fit.slope, 1, accuracy: 1e-4)
        XCTAssertEqual(fit.samples, 1000)
        let rms = 0.006 / 12.0.squareRoot()  // uniform on ±3 ms: 1.732 ms
        XCTAssertEqual(fit.residualSeconds, rms, accuracy: 0.2 * rms)
        XCTAssertEqual(fit.residualSeconds, (squares / 1000).squareRoot(), accuracy: 0.05 * rms,
                       "the residual is the jitter the fit removes")
        // The first arrival's own jitter moves the origin; the offset is within the jitter of it.
        XCTAssertEqual(fit.offsetSeconds, 0, accuracy: 0.004)
    }

    func testADeviceClockRunningFastGivesASlopeBelowOne() throws {
        // Device crystal 100 ppm fast: 100 host ms read as 100.01 device ms.
        var aligner = DeviceClockAligner()
        for k in 0..<3000 {
            aligner.add(deviceMilliseconds: 5000 + 100 * Double(k) * (1 + 1e-4),
                        host: MonoTime(nanoseconds: hostOrigin + Int64(k) * 100_000_000))
        }
        let fit = try XCTUnwrap(aligner.fit)
        XCTAssertEqual(fit.slope, 1 / (1 + 1e-4), accuracy: 1e-6)
        XCTAssertEqual(fit.slope, 1 / (1 + 1e-4), accuracy: 1e-10, "noiseless: far better than 1e-6")
        XCTAssertEqual(fit.residualSeconds, 0, accuracy: 1e-5, "noiseless: nothing like a millisecond of jitter")
    }

    /// ±1 ms alternating arrival jitter at 10 Hz on a device clock that starts far from zero.
    func alternatingJitter(hours: Double) -> DeviceClockAligner {
        var aligner = DeviceClockAligner()
        for k in 0..<Int(hours * 36_000) {
            aligner.add(deviceMilliseconds: 4_000_000_000 + 100 * Double(k),
                        host: MonoTime(nanoseconds: hostOrigin + Int64(k) * 100_000_000 + (k % 2 == 0 ? 1_000_000 : -1_000_000)))
        }
        return aligner
    }

    func testHoursOfSamplesKeepSlopeAndOffsetPrecise() throws {
        let fit = try XCTUnwrap(alternatingJitter(hours: 10).fit)
        XCTAssertEqual(fit.slope, 1, accuracy: 1e-9)
        XCTAssertEqual(fit.samples, 360_000)
        XCTAssertEqual(fit.offsetSeconds + fit.slope * 4_000_000_000 / 1000, -0.001, accuracy: 1e-6,
                       "the line passes midway between the ±1 ms arrivals, 1 ms below the first (+1 ms) one")
    }

    func testTheResidualOfAnHourIsTheJitter() throws {
        let fit = try XCTUnwrap(alternatingJitter(hours: 1).fit)
        XCTAssertEqual(fit.residualSeconds, 0.001, accuracy: 0.05 * 0.001)
    }

    /// BUG: `residualSeconds` is √((syy − slope·sxy)/n), which cancels catastrophically when the
    /// line explains all but 1e-14 of host time's variance: after 4 h at 10 Hz a 1 ms jitter reads
    /// 0.24 ms, after 10 h exactly 0.
    func testTheResidualOfLongRecordingsIsTheJitter() throws {
        for hours in [4.0, 10.0] {
            let fit = try XCTUnwrap(alternatingJitter(hours: hours).fit)
            XCTAssertEqual(fit.residualSeconds, 0.001, accuracy: 0.05 * 0.001, "\(hours) h")
        }
    }

    func testResetForgetsEverything() throws {
        var aligner = DeviceClockAligner()
        for k in 0..<10 {
            aligner.add(deviceMilliseconds: 100 * Double(k), host: MonoTime(nanoseconds: hostOrigin + Int64(k) * 200_000_000))
        }
        XCTAssertEqual(try XCTUnwrap(aligner.fit).slope, 2, accuracy: 1e-12)
        aligner.reset()
        XCTAssertNil(aligner.fit)
        let restart = hostOrigin + 5_000_000_000
        aligner.add(deviceMilliseconds: 0, host: MonoTime(nanoseconds: restart))
        XCTAssertNil(aligner.fit, "one sample after the reset")
        aligner.add(deviceMilliseconds: 100, host: MonoTime(nanoseconds: restart + 100_000_000))
        let fit = try XCTUnwrap(aligner.fit)
        XCTAssertEqual(fit.slope, 1, accuracy: 1e-12)
        XCTAssertEqual(fit.samples, 2)
        XCTAssertEqual(fit.hostOriginNanoseconds, restart)
        XCTAssertEqual(fit.offsetSeconds, 0, accuracy: 1e-12)
    }

    func testNoFitFromFewerThanTwoSamples() {
        var aligner = DeviceClockAligner()
        XCTAssertNil(aligner.fit)
        aligner.add(deviceMilliseconds: 10, host: MonoTime(nanoseconds: hostOrigin))
        XCTAssertNil(aligner.fit)
    }

    func testNoFitWhileTheDeviceTimeHasNotMoved() {
        var aligner = DeviceClockAligner()
        aligner.add(deviceMilliseconds: 10, host: MonoTime(nanoseconds: hostOrigin))
        aligner.add(deviceMilliseconds: 10, host: MonoTime(nanoseconds: hostOrigin + 100_000_000))
        XCTAssertNil(aligner.fit)
    }

    func testNonFiniteDeviceTimesAreIgnored() throws {
        var aligner = DeviceClockAligner()
        aligner.add(deviceMilliseconds: .nan, host: MonoTime(nanoseconds: hostOrigin - 50_000_000))
        aligner.add(deviceMilliseconds: 0, host: MonoTime(nanoseconds: hostOrigin))
        aligner.add(deviceMilliseconds: .infinity, host: MonoTime(nanoseconds: hostOrigin + 50_000_000))
        aligner.add(deviceMilliseconds: 100, host: MonoTime(nanoseconds: hostOrigin + 100_000_000))
        let fit = try XCTUnwrap(aligner.fit)
        XCTAssertEqual(fit.samples, 2)
        XCTAssertEqual(fit.hostOriginNanoseconds, hostOrigin)
        XCTAssertEqual(fit.slope, 1, accuracy: 1e-12)
    }
}
