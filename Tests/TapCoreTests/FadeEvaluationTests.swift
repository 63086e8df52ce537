import XCTest
@testable import TapCore

/// The quick evaluation preset against the targets (docs/fade-detection.md).
final class FadeEvaluationTests: XCTestCase {
    nonisolated(unsafe) static var cached: FadeEvaluationReport?
    var report: FadeEvaluationReport {
        if let r = Self.cached { return r }
        let r = FadeEvaluation.run(preset: .quick)
        Self.cached = r
        return r
    }

    func testTapTargetsForTheDefaultMethod() throws {
        let row = try XCTUnwrap(report.row(detector: "fade_tap", method: "cusum"))
        XCTAssertTrue(row.isDefault)
        XCTAssertEqual(try XCTUnwrap(row.detectionRate(depth: 0.3)), 1.0)
        XCTAssertLessThanOrEqual(try XCTUnwrap(FadeEvaluationReport.median(row.latencies(depth: 0.3))), 3.0)
        XCTAssertLessThan(row.falseFlagsPerHour, 1.0)
        // CUSUM beats the threshold baseline on latency at 30 %.
        let baseline = try XCTUnwrap(report.row(detector: "fade_tap", method: "threshold"))
        XCTAssertLessThan(try XCTUnwrap(FadeEvaluationReport.median(row.latencies(depth: 0.3))),
                          try XCTUnwrap(FadeEvaluationReport.median(baseline.latencies(depth: 0.3))))
        let beat = try XCTUnwrap(report.rows.first { $0.detector == "behind_beat" })
        XCTAssertEqual(beat.detectionRate(depth: 1.0), 1.0)
        XCTAssertLessThan(beat.falseFlagsPerHour, 1.0)
    }

    /// The HbO targets (30 % within 8 s median, < 1 false flag per hour) are NOT met on the
    /// simulator's noise (full preset: 40 % of 30 % fades found, median 7.9 s, 3.0 false flags/h;
    /// docs/fade-detection.md says why); this guards the measured level and that the default is
    /// the method with the fewest false flags.
    func testHbOMeasuredLevelForTheDefaultMethod() throws {
        let hbo = report.rows.filter { $0.detector == "fade_hbo" }
        let row = try XCTUnwrap(hbo.first { $0.isDefault })
        XCTAssertEqual(row.method, "model_cusum (cbsi)")
        for other in hbo where !other.isDefault {
            XCTAssertLessThanOrEqual(row.falseFlagsPerHour, other.falseFlagsPerHour, other.method)
        }
        XCTAssertLessThan(row.falseFlagsPerHour, 5)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(row.detectionRate(depth: 0.5)), 0.6)
        XCTAssertLessThanOrEqual(try XCTUnwrap(FadeEvaluationReport.median(row.latencies(depth: 0.5))), 10)
        let table = report.markdownTable
        XCTAssertTrue(table.contains("| `fade_hbo` | model_cusum (cbsi) * |"))
        print(table)
    }
}
