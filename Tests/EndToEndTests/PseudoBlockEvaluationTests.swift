import Foundation
import XCTest

/// `tapnirs evaluate --pseudo-blocks`: a real recording under made-up slow/fast blocks. Nobody
/// tapped to them, so every HbO flag would be false: on neuro_run01 none is raised, and the
/// table says why — the real head's noise makes falls smaller than ≈ 4 µM unseeable, so no block
/// is judged for a fade (docs/fade-detection.md).
final class PseudoBlockEvaluationTests: XCTestCase {
    func testARealRecordingUnderMadeUpBlocksRaisesNoHbOFlagAndSaysWhatItCannotSee() throws {
        let file = Paths.repo + "/Tests/Fixtures/neuro_run01.snirf"
        let result = try Shell.run([Paths.binary, "evaluate", "--pseudo-blocks", file])
        XCTAssertEqual(result.status, 0, result.error)
        let row = try XCTUnwrap(result.output.split(separator: "\n").first { $0.hasPrefix("| neuro_run01.snirf |") }, result.output)
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        // recording, pseudo-blocks, hours, fade_hbo, no_activation_hbo, low_activation_hbo, per hour, judged, floor
        XCTAssertGreaterThanOrEqual(Int(cells[1]) ?? 0, 30, "six offsets of a 400 s recording")
        XCTAssertEqual(Array(cells[3...5]), ["0", "0", "0"], row.description)
        XCTAssertEqual(cells[6], "0.00")
        XCTAssertGreaterThan(Double(cells[8]) ?? 0, 1, "a real head's floor is µM, not tenths")
    }
}
