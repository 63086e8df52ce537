import XCTest
@testable import TapCore

/// The facts SCIENCE.md §4 gives for SPM's canonical HRF and a 30 s block.
final class CanonicalHRFTests: XCTestCase {
    func testTheKernelSumsToOneAndPeaksNearFiveSeconds() {
        let kernel = CanonicalHRF.kernel(sampleRateHz: 10)
        XCTAssertEqual(kernel.count, 321)
        XCTAssertEqual(kernel.reduce(0, +), 1, accuracy: 1e-12)
        let peak = kernel.indices.max { kernel[$0] < kernel[$1] }!
        XCTAssertEqual(Double(peak) / 10, 5.0, accuracy: 0.11, "mode of Γ(6) is 5 s")
        XCTAssertLessThan(kernel.min()!, 0, "the undershoot")
        XCTAssertEqual(CanonicalHRF.value(atSeconds: 0), 0)
    }

    func testAThirtySecondBlockPeaksAtOnePointOneFourFiveNearTwelveSecondsAndEndsAtItsPlateau() {
        let rate = 10.0
        let kernel = CanonicalHRF.kernel(sampleRateHz: rate)
        let block = (0..<800).map { $0 < 300 ? 1.0 : 0.0 }
        let response = CanonicalHRF.response(to: block, kernel: kernel)
        let peak = response.indices.max { response[$0] < response[$1] }!
        XCTAssertEqual(response[peak], 1.145, accuracy: 0.002)
        XCTAssertEqual(Double(peak) / rate, 12, accuracy: 0.5)
        XCTAssertEqual(response[299], 1.0, accuracy: 0.002, "ends at ≈ 87 % of its peak")
        XCTAssertLessThan(response[299...].min()!, -0.1, "undershoot after the block")
        // A block far longer than the kernel settles exactly at the plateau.
        let long = CanonicalHRF.response(to: Array(repeating: 1.0, count: 1000), kernel: kernel)
        XCTAssertEqual(long.last!, 1, accuracy: 1e-12)
    }
}
