import XCTest
@testable import TapCore

/// Every validation rule, each asserting the line and field named in the message.
final class ProtocolParserTests: XCTestCase {
    func parse(_ text: String) throws -> SessionProtocol {
        try ProtocolParser.parse(text: text, fileName: "p.yaml")
    }

    /// The issues of a text that must fail.
    func issues(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [ProtocolError.Issue] {
        do {
            _ = try ProtocolParser.parse(text: text, fileName: "p.yaml")
            XCTFail("expected an error", file: file, line: line)
            return []
        } catch {
            return error.issues
        }
    }

    func assertIssue(_ text: String, line expectedLine: Int?, field: String, contains message: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        let found = issues(text, file: file, line: line)
        XCTAssertTrue(found.contains { $0.line == expectedLine && $0.field == field && $0.message.contains(message) },
                      "no issue at line \(String(describing: expectedLine)) field \(field) containing '\(message)'; got:\n"
                      + found.map { "p.yaml" + $0.description }.joined(separator: "\n"), file: file, line: line)
    }

    let minimal = """
        name: m
        blocks:
          - tap: {label: fast, duration: 10, pace: self}
        """

    func testAMinimalProtocolGetsTheDocumentedDefaults() throws {
        let p = try parse(minimal)
        XCTAssertEqual(p.name, "m")
        XCTAssertEqual(p.tapKeys, [.space])
        XCTAssertEqual(p.hand, .right)
        XCTAssertEqual(p.onPause, .resume)
        XCTAssertEqual(p.autorepeatMaxIntervalSeconds, 0.075)
        XCTAssertEqual(p.blocks, [Block(kind: .tap, label: "fast", cue: "TAP FAST", durationSeconds: 10, pace: .selfPaced)])
    }

    func testPacedBlocksGetAMetronomeAndRepeatsExpandInOrder() throws {
        let p = try parse("""
            name: r
            tap_keys: [j, k]
            hand: left
            on_pause: restart
            autorepeat_max_interval: 0.05
            baseline: {duration: 5}
            blocks:
              - repeat: 2
                blocks:
                  - tap: {label: slow, duration: 3, pace: 1.5}
                  - rest: 2
                  - tap: {label: quiet, duration: 3, pace: 2, metronome: visual}
              - rest: {label: final, duration: 4, cue: RELAX}
            """)
        XCTAssertEqual(p.tapKeys.map(\.name), ["j", "k"])
        XCTAssertEqual(p.hand, .left)
        XCTAssertEqual(p.onPause, .restart)
        XCTAssertEqual(p.autorepeatMaxIntervalSeconds, 0.05)
        XCTAssertEqual(p.blocks.map(\.label), ["baseline", "slow", "rest", "quiet", "slow", "rest", "quiet", "final"])
        XCTAssertEqual(p.blocks.map(\.repetition), [nil, 1, 1, 1, 2, 2, 2, nil])
        XCTAssertTrue(p.blocks[0].isBaseline)
        XCTAssertEqual(p.blocks[1].metronome, .on)
        XCTAssertEqual(p.blocks[1].pace, .hz(1.5))
        XCTAssertEqual(p.blocks[3].metronome, Metronome(visual: true, audible: false))
        XCTAssertEqual(p.blocks[7].cue, "RELAX")
        XCTAssertEqual(p.totalDurationSeconds, 5 + 2 * 8 + 4)
    }

    func testJSONIsAcceptedToo() throws {
        let p = try parse(#"{"name": "j", "blocks": [{"tap": {"label": "slow", "duration": 4, "pace": 1}}]}"#)
        XCTAssertEqual(p.blocks.first?.pace, .hz(1))
    }

    func testUnknownKeysNameTheLineAndSuggestTheNearestKey() {
        assertIssue("name: x\nblokcs: []\n", line: 2, field: "blokcs", contains: "unknown key (did you mean `blocks`?)")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duraton: 4, pace: 1}\n", line: 3,
                    field: "blocks[0].tap.duraton", contains: "did you mean `duration`")
        assertIssue("name: x\nfnirs: {}\nblocks:\n  - rest: 3\n", line: 2, field: "fnirs", contains: "unknown key")
    }

    func testMissingFieldsAreNamed() {
        assertIssue("blocks:\n  - tap: {label: a, duration: 4, pace: 1}\n", line: 1, field: "name", contains: "missing")
        assertIssue("name: x\n", line: 1, field: "blocks", contains: "missing")
        assertIssue("name: x\nblocks:\n  - tap: {duration: 4, pace: 1}\n", line: 3, field: "blocks[0].tap.label", contains: "missing")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, pace: 1}\n", line: 3, field: "blocks[0].tap.duration", contains: "missing")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 3}\n", line: 3, field: "blocks[0].tap.pace", contains: "missing")
    }

    func testNegativeAndZeroDurationsAreRefused() {
        assertIssue("name: x\nblocks:\n  - rest: {duration: -3}\n  - tap: {label: a, duration: 0, pace: 1}\n",
                    line: 3, field: "blocks[0].rest.duration", contains: "must be positive")
        assertIssue("name: x\nblocks:\n  - rest: {duration: 2}\n  - tap: {label: a, duration: 0, pace: 1}\n",
                    line: 4, field: "blocks[1].tap.duration", contains: "must be positive")
        assertIssue("name: x\nbaseline: {duration: -1}\nblocks:\n  - rest: 1\n", line: 2, field: "baseline.duration",
                    contains: "must be positive")
    }

    func testPaceOutsideTheAllowedRangeIsRefused() {
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 4, pace: 12}\n", line: 3,
                    field: "blocks[0].tap.pace", contains: "12 Hz is outside 0.2–10 Hz")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 4, pace: 0.1}\n", line: 3,
                    field: "blocks[0].tap.pace", contains: "0.1 Hz is outside")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 4, pace: fast}\n", line: 3,
                    field: "blocks[0].tap.pace", contains: "expected a rate in Hz")
    }

    func testAnEmptyBlockListIsRefused() {
        assertIssue("name: x\nblocks: []\n", line: 2, field: "blocks", contains: "empty")
    }

    func testWrongTypesAreNamed() {
        assertIssue("name: x\nblocks:\n  - rest: {duration: \"10\"}\n", line: 3, field: "blocks[0].rest.duration",
                    contains: "expected a duration in seconds")
        assertIssue("name: [a]\nblocks:\n  - rest: 1\n", line: 1, field: "name", contains: "expected text")
        assertIssue("name: x\nblocks: {rest: 1}\n", line: 2, field: "blocks", contains: "expected a list of blocks")
        assertIssue("- a\n- b\n", line: 1, field: "", contains: "top level must be a mapping")
    }

    func testBadEnumValuesAndKeysAreNamed() {
        assertIssue("name: x\nhand: middle\nblocks:\n  - rest: 1\n", line: 2, field: "hand", contains: "left, right, either")
        assertIssue("name: x\non_pause: stop\nblocks:\n  - rest: 1\n", line: 2, field: "on_pause", contains: "resume, restart")
        assertIssue("name: x\ntap_keys: [spacebar]\nblocks:\n  - rest: 1\n", line: 2, field: "tap_keys[0]",
                    contains: "not a key")
        assertIssue("name: x\ntap_keys: [p]\nblocks:\n  - rest: 1\n", line: 2, field: "tap_keys[0]", contains: "command key")
    }

    func testAMetronomeOnASelfPacedBlockIsRefused() {
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 4, pace: self, metronome: on}\n", line: 3,
                    field: "blocks[0].tap.metronome", contains: "self-paced block has no beat")
    }

    func testRepeatCountsAreCheckedAndABadGroupIsReportedOnce() {
        assertIssue("name: x\nblocks:\n  - repeat: 0\n    blocks: [{rest: 1}]\n", line: 3, field: "blocks[0].repeat",
                    contains: "whole number from 1 to 100")
        assertIssue("name: x\nblocks:\n  - repeat: 2.5\n    blocks: [{rest: 1}]\n", line: 3, field: "blocks[0].repeat",
                    contains: "whole number")
        let found = issues("name: x\nblocks:\n  - repeat: 5\n    blocks:\n      - rest: {duration: -1}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.field, "blocks[0].blocks[0].rest.duration")
    }

    func testABlockMustBeExactlyOneKind() {
        assertIssue("name: x\nblocks:\n  - pause: 3\n", line: 3, field: "blocks[0]", contains: "exactly one of")
        assertIssue("name: x\nblocks:\n  - {rest: 3, tap: {label: a, duration: 1, pace: 1}}\n", line: 3, field: "blocks[0]",
                    contains: "only one of")
    }

    func testYAMLSyntaxErrorsGiveTheirPosition() {
        let found = issues("name: x\nblocks:\n  - tap: {label: a, duration: 4\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertNotNil(found.first?.line)
        XCTAssertTrue(found.first?.message.contains("not valid YAML") == true)
    }

    func testAnEmptyFileIsRefused() {
        assertIssue("", line: nil, field: "", contains: "empty")
    }

    func testProtocolsLongerThanFourHoursAreRefused() {
        assertIssue("name: x\nblocks:\n  - repeat: 5\n    blocks: [{tap: {label: a, duration: 3600, pace: 1}}]\n",
                    line: 3, field: "blocks", contains: "longer than 4 hours")
    }

    func testEveryProblemIsReportedInOneGo() {
        let found = issues("name: x\nhand: up\nblocks:\n  - rest: -1\n  - tap: {label: a, duration: 4, pace: 99}\n")
        XCTAssertEqual(found.map(\.field), ["hand", "blocks[0].rest", "blocks[1].tap.pace"])
        XCTAssertEqual(found.map(\.line), [2, 4, 5])
    }

    func testTheErrorTextNamesFileLineAndField() {
        let error = ProtocolError(file: "Protocols/x.yaml", issues: [.init(line: 12, column: 5, field: "blocks[3].pace",
                                                                          message: "12 Hz is outside 0.2–10 Hz")])
        XCTAssertEqual(error.description, "Protocols/x.yaml:12:5: blocks[3].pace: 12 Hz is outside 0.2–10 Hz")
    }
}
