import XCTest
@testable import TapCore

/// Issue 16 in the protocol format: a tap block's `hand:` and the `trials:` section, each refusal
/// naming its line and field.
final class ClinicalProtocolTests: XCTestCase {
    func parse(_ text: String) throws(ProtocolError) -> SessionProtocol { try ProtocolParser.parse(text: text, fileName: "p.yaml") }

    func issues(_ text: String) -> [ProtocolError.Issue] {
        do { _ = try parse(text); return [] } catch { return error.issues }
    }

    func testABlockNamesItsHandAndTheTrialRuleIsRead() throws {
        let definition = try parse("""
            name: ftt
            trials: {label: trial, consistent: 4, within_taps: 3, max_per_hand: 8, rest: 12}
            blocks:
              - tap: {label: trial, hand: Left, duration: 10, pace: self}
              - tap: {label: trial, duration: 10, pace: self}
            """)
        XCTAssertEqual(definition.blocks.map(\.hand), [.left, nil])
        XCTAssertEqual(definition.trialRule, TrialRule(label: "trial", consistentTrials: 4, withinTaps: 3, maximumTrials: 8,
                                                       restSeconds: 12))
    }

    func testTheShippedFttIsTheStandardAdministration() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocols/ftt.yaml")
        let definition = try parse(String(contentsOf: url, encoding: .utf8))
        let trials = definition.blocks.filter { $0.label == "trial" }
        XCTAssertEqual(trials.map(\.hand), [.right, .left, .right, .left, .right, .left, .right, .left, .right, .left], "alternating")
        XCTAssertTrue(trials.allSatisfy { $0.durationSeconds == 10 && $0.pace == .selfPaced })
        XCTAssertEqual(definition.trialRule, TrialRule(label: "trial", consistentTrials: 5, withinTaps: 5, maximumTrials: 10,
                                                       restSeconds: 20))
    }

    func testABadHandIsRefusedWithItsLineAndField() {
        let found = issues("""
            name: x
            blocks:
              - tap: {label: trial, hand: both, duration: 10, pace: self}
            """)
        XCTAssertEqual(found.map(\.field), ["blocks[0].tap.hand"])
        XCTAssertEqual(found.first?.line, 3)
        XCTAssertEqual(found.first?.message, "'both' is not one of: right, left")
    }

    func testTrialRuleProblemsNameTheirField() {
        XCTAssertEqual(issues("""
            name: x
            trials: {label: trial, consistent: 1}
            blocks:
              - tap: {label: trial, duration: 10, pace: self}
            """).map(\.field), ["trials.consistent"])
        let unknownLabel = issues("""
            name: x
            trials: {label: trials}
            blocks:
              - tap: {label: trial, duration: 10, pace: self}
            """)
        XCTAssertEqual(unknownLabel.map(\.field), ["trials.label"])
        XCTAssertTrue(unknownLabel.first?.message.contains("the tap blocks here are: trial") == true)
        XCTAssertEqual(issues("""
            name: x
            trials: {consistent: 5, max_per_hand: 4}
            blocks:
              - tap: {label: trial, duration: 10, pace: self}
            """).map(\.field), ["trials.max_per_hand"])
        let tooMany = issues("""
            name: x
            trials: {consistent: 2, max_per_hand: 2}
            blocks:
              - repeat: 3
                blocks:
                  - tap: {label: trial, hand: left, duration: 10, pace: self}
            """)
        XCTAssertEqual(tooMany.map(\.field), ["trials.max_per_hand"])
        XCTAssertTrue(tooMany.first?.message.contains("3 left-hand trials") == true)
        XCTAssertEqual(issues("""
            name: x
            trials: {lable: trial}
            blocks:
              - tap: {label: trial, duration: 10, pace: self}
            """).first?.message.contains("did you mean `label`") , true)
    }

    /// A session recorded before issue 16 (no `hand`, no `trial_rule` in session.json) still decodes.
    func testOlderProtocolCopiesStillDecode() throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Round trip of today's type without the new keys.
        var definition = SessionProtocol(name: "p", blocks: [Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)])
        var json = try JSONSerialization.jsonObject(with: encoder.encode(definition)) as! [String: Any]
        json.removeValue(forKey: "trial_rule")
        var blocks = json["blocks"] as! [[String: Any]]
        blocks[0].removeValue(forKey: "hand")
        json["blocks"] = blocks
        definition = try decoder.decode(SessionProtocol.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertNil(definition.trialRule)
        XCTAssertNil(definition.blocks[0].hand)
    }
}
