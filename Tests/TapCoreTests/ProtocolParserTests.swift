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

    /// Asserts one issue has this line, field and message, and that the text a user sees
    /// (`p.yaml:<line>:<column>: <field>: <message>`) names the same line and field.
    func assertIssue(_ text: String, line expectedLine: Int?, field: String, contains message: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        let found = issues(text, file: file, line: line)
        let match = found.first { $0.line == expectedLine && $0.field == field && $0.message.contains(message) }
        XCTAssertNotNil(match, "no issue at line \(String(describing: expectedLine)) field \(field) containing '\(message)'; got:\n"
                        + found.map { "p.yaml" + $0.description }.joined(separator: "\n"), file: file, line: line)
        guard let match else { return }
        let rendered = ProtocolError(file: "p.yaml", issues: [match]).description
        let position = expectedLine.map { "p.yaml:\($0):" } ?? "p.yaml: "
        XCTAssertTrue(rendered.hasPrefix(position), rendered, file: file, line: line)
        if !field.isEmpty {
            XCTAssertTrue(rendered.contains(": \(field): "), rendered, file: file, line: line)
        }
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
        assertIssue("name: x\nfnris: {}\nblocks:\n  - rest: 3\n", line: 2, field: "fnris", contains: "did you mean `fnirs`")
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

    // MARK: Every kind of problem, with its line and field

    // MARK: The fnirs section

    func testNirsSectionDefaultsEqualMne() throws {
        let p = try parse("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n")
        XCTAssertEqual(p.nirs, NirsSettings())
        XCTAssertEqual(p.nirs.pathlength, .ppf(6, 6))
        XCTAssertEqual(p.nirs.distanceCentimetres, 3)
        XCTAssertEqual(p.nirs.referenceSeconds, 5)
        XCTAssertNil(p.nirs.motorChannels)
    }

    func testNirsSectionReadsEveryField() throws {
        let p = try parse("""
            name: x
            fnirs:
              ppf: [5.5, 6.5]
              distance_cm: 2.5
              reference_seconds: 20
              baseline_seconds: 8
              motor_channels: [S1-D1, S2-D1]
            blocks:
              - tap: {label: a, duration: 1, pace: 1}
            """)
        XCTAssertEqual(p.nirs.pathlength, .ppf(5.5, 6.5))
        XCTAssertEqual(p.nirs.distanceCentimetres, 2.5)
        XCTAssertEqual(p.nirs.referenceSeconds, 20)
        XCTAssertEqual(p.nirs.baselineSeconds, 8)
        XCTAssertEqual(p.nirs.motorChannels, ["S1-D1", "S2-D1"])
        let aged = try parse("name: x\nfnirs: {dpf_age: 40}\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n")
        XCTAssertEqual(aged.nirs.pathlength, .dpfForAge(40))
    }

    func testNirsSectionProblemsNameTheField() {
        assertIssue("name: x\nfnirs:\n  ppf: 0\nblocks:\n  - rest: 3\n", line: 3, field: "fnirs.ppf", contains: "outside")
        assertIssue("name: x\nfnirs:\n  ppf: [6, 6, 6]\nblocks:\n  - rest: 3\n", line: 3, field: "fnirs.ppf",
                    contains: "list of two")
        assertIssue("name: x\nfnirs:\n  ppf: 6\n  dpf_age: 30\nblocks:\n  - rest: 3\n", line: 4, field: "fnirs.dpf_age",
                    contains: "not both")
        assertIssue("name: x\nfnirs:\n  band_pass_hz: [0.01, 0.2]\nblocks:\n  - rest: 3\n", line: 3,
                    field: "fnirs.band_pass_hz", contains: "is no longer used: HbO is read without a band-pass")
        assertIssue("name: x\nfnirs:\n  motor_channels: [C3]\nblocks:\n  - rest: 3\n", line: 3,
                    field: "fnirs.motor_channels", contains: "not a channel name")
        assertIssue("name: x\nfnirs:\n  distanse_cm: 3\nblocks:\n  - rest: 3\n", line: 3,
                    field: "fnirs.distanse_cm", contains: "did you mean `distance_cm`")
    }

    // MARK: The detectors section

    let tapBlock = "blocks:\n  - tap: {label: a, duration: 1, pace: 1}\n"

    func testDetectorsSectionOverridesOnlyWhatItNames() throws {
        let p = try parse("name: x\ndetectors:\n  tap: {method: threshold, hold_seconds: 2.5, missed_beats_to_raise: 4}\n" + tapBlock)
        var expected = DetectorSettings()
        expected.tap.method = .threshold
        expected.tap.holdSeconds = 2.5
        expected.tap.missedBeatsToRaise = 4
        XCTAssertEqual(p.detectors, expected)
        XCTAssertEqual(try parse("name: x\n" + tapBlock).detectors, DetectorSettings(), "defaults without the section")
    }

    /// Methods are written as documented (`model_ratio`, snake_case like every key).
    func testHbOMethodsAreWrittenInSnakeCase() throws {
        for method in HbOFadeSettings.Method.allCases {
            let p = try parse("name: x\ndetectors:\n  hbo: {method: \(method.label), drop_lag_seconds: 5}\n" + tapBlock)
            XCTAssertEqual(p.detectors.hbo.method, method)
            XCTAssertEqual(p.detectors.hbo.dropLagSeconds, 5)
        }
    }

    func testEveryDetectorParameterHasAKeyInTheProtocol() {
        let tapKeys = ProtocolReader.fieldKinds(of: TapFadeSettings()).keys.sorted()
        let hboKeys = ProtocolReader.fieldKinds(of: HbOFadeSettings()).keys.sorted()
        XCTAssertTrue(tapKeys.contains("hold_seconds") && tapKeys.contains("cusum_k") && tapKeys.contains("method"), "\(tapKeys)")
        XCTAssertTrue(hboKeys.contains("method"), "\(hboKeys)")
        XCTAssertEqual(Set(tapKeys), Set(ProtocolReader.snakeCaseFields(of: TapFadeSettings())?.keys.map { $0 } ?? []),
                       "Mirror and JSON agree on the names")
    }

    func testDetectorProblemsNameTheFieldAndLine() {
        assertIssue("name: x\ndetectors:\n  tap:\n    hold_secnds: 2\n" + tapBlock, line: 4, field: "detectors.tap.hold_secnds",
                    contains: "did you mean `hold_seconds`")
        assertIssue("name: x\ndetectors:\n  tap:\n    missed_beats_to_raise: 2.5\n" + tapBlock, line: 4,
                    field: "detectors.tap.missed_beats_to_raise", contains: "whole number")
        assertIssue("name: x\ndetectors:\n  tap:\n    hold_seconds: soon\n" + tapBlock, line: 4,
                    field: "detectors.tap.hold_seconds", contains: "expected a number")
        assertIssue("name: x\ndetectors:\n  tap:\n    method: magic\n" + tapBlock, line: 4, field: "detectors.tap.method",
                    contains: "`method` is one of healthy_range, threshold, cusum, got magic")
        assertIssue("name: x\ndetectors:\n  hbo:\n    method: cusum\n" + tapBlock, line: 4, field: "detectors.hbo.method",
                    contains: "threshold, model_ratio, model_cusum, model_drop")
        assertIssue("name: x\ndetectors:\n  hbo:\n    drop_noise_multiple: -1\n" + tapBlock, line: 4,
                    field: "detectors.hbo.drop_noise_multiple", contains: "≥ 0")
        assertIssue("name: x\ndetectors:\n  tap:\n    hold_seconds: -1\n" + tapBlock, line: 4,
                    field: "detectors.tap.hold_seconds", contains: "must be positive")
        assertIssue("name: x\ndetectors:\n  taps: {}\n" + tapBlock, line: 3, field: "detectors.taps", contains: "did you mean `tap`")
    }

    func testScholkmannDPFMatchesThePublishedFormula() {
        // Values computed by hand from the paper's equation: 223.3 + 0.05624·age^0.8493
        // − 5.723e-7·λ³ + 0.001245·λ² − 0.9025·λ.
        XCTAssertEqual(NirsSettings.scholkmannDPF(nanometres: 807, ageYears: 0), 5.010694221, accuracy: 1e-8)
        XCTAssertEqual(NirsSettings.scholkmannDPF(nanometres: 690, ageYears: 30), 6.324364628, accuracy: 1e-8)
        XCTAssertGreaterThan(NirsSettings.scholkmannDPF(nanometres: 807, ageYears: 50),
                             NirsSettings.scholkmannDPF(nanometres: 807, ageYears: 20))
    }

    func testDuplicateKeysAreRefusedWithTheLineOfTheFirstUse() {
        assertIssue("name: x\nblocks:\n  - rest: 1\nname: y\n", line: 1, field: "", contains: "duplicate key `name`")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, label: b, duration: 1, pace: 1}\n", line: 3, field: "",
                    contains: "duplicate key `label`")
    }


    func testAMisspeltFieldIsReportedOnceNotAlsoAsMissing() {
        let found = issues("name: x\nblocks:\n  - tap: {label: a, duraton: 4, pace: 1}\n")
        XCTAssertEqual(found.map(\.field), ["blocks[0].tap.duraton"])
        XCTAssertEqual(found.first?.value, "duraton")
    }

    func testFieldsWrittenBesideTheKindKeyAreExplained() {
        let text = "name: x\nblocks:\n  - tap:\n    label: a\n    duration: 3\n    pace: 1\n"
        assertIssue(text, line: 3, field: "blocks[0].tap", contains: "a tap block needs its fields")
        assertIssue(text, line: 4, field: "blocks[0].label", contains: "`label` belongs inside `tap:`")
        assertIssue(text, line: 6, field: "blocks[0].pace", contains: "`pace` belongs inside `tap:`")
    }

    func testAnUnknownBlockKindSuggestsTheNearestOne() {
        assertIssue("name: x\nblocks:\n  - rest: 1\n  - tapp: {label: a}\n", line: 4, field: "blocks[1]",
                    contains: "found tapp (did you mean `tap`?)")
    }

    func testARestBlockHasNoPaceOrMetronome() {
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n  - rest: {duration: 3, pace: 1}\n",
                    line: 4, field: "blocks[1].rest.pace", contains: "a rest block has no pace")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n  - rest: {duration: 3, metronome: on}\n",
                    line: 4, field: "blocks[1].rest.metronome", contains: "a rest block has no metronome")
    }

    func testAQuotedNumberIsTextAndSaysSo() {
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 3, pace: '2'}\n", line: 3, field: "blocks[0].tap.pace",
                    contains: "(remove the quotes)")
    }

    func testHugeAndNonFiniteNumbersAreRefusedWithoutACrash() {
        let text = """
            name: x
            blocks:
              - repeat: 1e400
                blocks: [{rest: 1}]
              - tap: {label: a, duration: 99999999999999999999999, pace: 1e308}
              - rest: {duration: .nan}
              - repeat: 99999999999999999999
                blocks: [{rest: 1}]
            """
        assertIssue(text, line: 3, field: "blocks[0].repeat", contains: "too large")
        assertIssue(text, line: 5, field: "blocks[1].tap.duration", contains: "longer than the 1-hour")
        assertIssue(text, line: 5, field: "blocks[1].tap.pace", contains: "Hz is outside 0.2–10 Hz")
        assertIssue(text, line: 6, field: "blocks[2].rest.duration", contains: "expected a duration in seconds")
        assertIssue(text, line: 7, field: "blocks[3].repeat", contains: "not a whole number from 1 to 100")
    }

    func testTheBaselineAcceptsSecondsOrAMappingAndChecksBoth() throws {
        let short = try parse("name: x\nbaseline: 12\nblocks:\n  - tap: {label: a, duration: 1, pace: self}\n")
        XCTAssertEqual(short.blocks.first, Block(kind: .rest, label: "baseline", cue: "REST", durationSeconds: 12, isBaseline: true))
        let long = try parse("name: x\nbaseline: {duration: 8, cue: RELAX}\nblocks:\n  - tap: {label: a, duration: 1, pace: self}\n")
        XCTAssertEqual(long.blocks.first?.cue, "RELAX")
        XCTAssertEqual(long.blocks.filter(\.isBaseline).count, 1)
        assertIssue("name: x\nbaseline: {cue: R}\nblocks:\n  - rest: 1\n", line: 2, field: "baseline.duration", contains: "missing")
        assertIssue("name: x\nbaseline: {duration: 5, label: b}\nblocks:\n  - rest: 1\n", line: 2, field: "baseline.label",
                    contains: "unknown key")
        assertIssue("name: x\nbaseline: [5]\nblocks:\n  - rest: 1\n", line: 2, field: "baseline", contains: "got a list")
    }

    func testLabelsAreShortWordsAndBaselineIsReserved() {
        assertIssue("name: x\nblocks:\n  - tap: {label: slow tap, duration: 1, pace: 1}\n", line: 3,
                    field: "blocks[0].tap.label", contains: "'slow tap' must be 1–32 letters")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n  - rest: {label: baseline, duration: 1}\n",
                    line: 4, field: "blocks[1].rest.label", contains: "reserved")
    }

    func testNameAndCueAreOneLineAndMessagesCannotGarbleTheTerminal() {
        let text = "name: \"a\\e[31mb\"\nblocks:\n  - tap: {label: a, duration: 1, pace: 1, cue: \"x\\ny\"}\n"
        assertIssue(text, line: 1, field: "name", contains: "must be one line")
        assertIssue(text, line: 3, field: "blocks[0].tap.cue", contains: "'x\\ny' must be one line")
        let rendered = ProtocolError(file: "p.yaml", issues: issues(text)).description
        XCTAssertFalse(rendered.unicodeScalars.contains("\u{1B}"), rendered)
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1, cue: ABCDEFGHIJKLMNOPQRSTUVWXYZ}\n", line: 3,
                    field: "blocks[0].tap.cue", contains: "at most 24")
        assertIssue("name: ''\nblocks:\n  - rest: 1\n", line: 1, field: "name", contains: "must not be empty")
    }

    func testAutorepeatIntervalIsChecked() {
        assertIssue("name: x\nautorepeat_max_interval: 0.5\nblocks:\n  - rest: 1\n", line: 2,
                    field: "autorepeat_max_interval", contains: "0.5 s is outside 0.02–0.2 s")
        assertIssue("name: x\nautorepeat_max_interval: fast\nblocks:\n  - rest: 1\n", line: 2,
                    field: "autorepeat_max_interval", contains: "expected a time in seconds")
    }

    func testTapKeysAcceptOneKeyOrAListAndRefuseTheRest() throws {
        XCTAssertEqual(try parse("name: x\ntap_keys: enter\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n").tapKeys,
                       [TapKey("enter")].compactMap { $0 })
        XCTAssertEqual(try parse("name: x\ntap_keys: [j, j, SPACE]\nblocks:\n  - tap: {label: a, duration: 1, pace: 1}\n")
            .tapKeys.map(\.name), ["j", "space"])
        assertIssue("name: x\ntap_keys: []\nblocks:\n  - rest: 1\n", line: 2, field: "tap_keys", contains: "empty")
        assertIssue("name: x\ntap_keys: {a: 1}\nblocks:\n  - rest: 1\n", line: 2, field: "tap_keys", contains: "expected a list")
        assertIssue("name: x\ntap_keys: [space, [a]]\nblocks:\n  - rest: 1\n", line: 2, field: "tap_keys[1]",
                    contains: "expected text")
    }

    func testBlocksMustBeAListOfMappings() {
        assertIssue("name: x\nblocks:\n  - 5\n", line: 3, field: "blocks[0]", contains: "expected a mapping")
        assertIssue("name: x\nblocks:\n", line: 2, field: "blocks", contains: "got an empty value")
        assertIssue("just text\n", line: 1, field: "", contains: "top level must be a mapping")
    }

    func testAProtocolWithoutTappingIsRefused() {
        assertIssue("name: x\nblocks:\n  - rest: 10\n", line: 3, field: "blocks", contains: "no `tap` block")
    }

    func testSyntaxErrorsNameTheirLineAndColumn() {
        assertIssue("name: x\nblocks:\n\t- rest: 1\n", line: 3, field: "", contains: "cannot start any token")
        let found = issues("name: x\nblocks:\n  - tap: {label: a, duration: 4\n")
        XCTAssertEqual(found.first?.line, 4)
        XCTAssertNotNil(found.first?.column)
        assertIssue("name: x\nblocks: [*nowhere]\n", line: 2, field: "", contains: "undefined alias")
        assertIssue("---\nname: a\n---\nname: b\n", line: 3, field: "", contains: "another document")
    }

    func testDeeplyNestedInputIsAnErrorNotACrash() {
        let deep = "name: x\nblocks: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n"
        assertIssue(deep, line: 2, field: "", contains: "nested more than 1000 levels deep")
    }

    func testAnOversizedTextIsRefusedBeforeParsing() {
        assertIssue(String(repeating: "#", count: ProtocolParser.maximumBytes + 1), line: nil, field: "",
                    contains: "larger than 1 MiB")
    }

    // MARK: Metronome

    func testMetronomeFormsAndDefaults() throws {
        func metronome(_ value: String) throws -> Metronome? {
            try parse("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 2, metronome: \(value)}\n").blocks.first?.metronome
        }
        XCTAssertEqual(try metronome("on"), .on)
        XCTAssertEqual(try metronome("true"), .on)
        XCTAssertEqual(try metronome("off"), .off)
        XCTAssertEqual(try metronome("no"), .off)
        XCTAssertEqual(try metronome("visual"), Metronome(visual: true, audible: false))
        XCTAssertEqual(try metronome("Audible"), Metronome(visual: false, audible: true))
        XCTAssertEqual(try metronome("{visual: true}"), Metronome(visual: true, audible: false))
        XCTAssertEqual(try metronome("{visual: yes, audible: yes}"), .on)
        XCTAssertEqual(try metronome("{}"), .off)
        // Default: on for a paced block, off for a self-paced one; `self` in any case or quoted.
        let p = try parse("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 0.2}\n  - tap: {label: b, duration: 1, pace: \"Self\"}\n")
        XCTAssertEqual(p.blocks.map(\.metronome), [.on, .off])
        XCTAssertEqual(p.blocks.map(\.pace), [.hz(0.2), .selfPaced])
        XCTAssertEqual(try parse("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 10, metronome: off}\n").blocks[0].beatPeriod,
                       nil, "a paced block without a metronome has no beats")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1, metronome: {visual: maybe}}\n", line: 3,
                    field: "blocks[0].tap.metronome.visual", contains: "expected true or false")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 1, metronome: {loud: true}}\n", line: 3,
                    field: "blocks[0].tap.metronome.loud", contains: "unknown key")
        assertIssue("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: self, metronome: visual}\n", line: 3,
                    field: "blocks[0].tap.metronome", contains: "self-paced block has no beat")
    }

    func testCuesDefaultFromTheKindAndLabel() throws {
        let p = try parse("name: x\nblocks:\n  - tap: {label: slow-2, duration: 1, pace: 1}\n  - rest: 3\n  - rest: {label: final, duration: 3}\n")
        XCTAssertEqual(p.blocks.map(\.cue), ["TAP SLOW-2", "REST", "REST"])
        XCTAssertEqual(p.blocks.map(\.label), ["slow-2", "rest", "final"])
    }

    // MARK: Repeats

    func testNestedRepeatsExpandInOrderWithTheInnermostRoundNumber() throws {
        let p = try parse("""
            name: n
            blocks:
              - tap: {label: first, duration: 1, pace: self}
              - repeat: 2
                blocks:
                  - rest: {label: a, duration: 1}
                  - repeat: 3
                    blocks:
                      - tap: {label: b, duration: 1, pace: 1}
                  - rest: {label: c, duration: 1}
            """)
        XCTAssertEqual(p.blocks.map(\.label), ["first", "a", "b", "b", "b", "c", "a", "b", "b", "b", "c"])
        XCTAssertEqual(p.blocks.map(\.repetition), [nil, 1, 1, 2, 3, 1, 2, 1, 2, 3, 2])
        XCTAssertEqual(p.totalDurationSeconds, 11)
    }

    func testAliasesRepeatABlockWrittenOnce() throws {
        let p = try parse("""
            name: a
            blocks:
              - &slow {tap: {label: slow, duration: 2, pace: 1}}
              - rest: 1
              - *slow
            """)
        XCTAssertEqual(p.blocks.map(\.label), ["slow", "rest", "slow"])
    }

    func testRepeatGroupsNeedTheirBlocksAndAreNestedAtMostFourDeep() {
        assertIssue("name: x\nblocks:\n  - repeat: 2\n", line: 3, field: "blocks[0].blocks", contains: "missing")
        assertIssue("name: x\nblocks:\n  - repeat: 2\n    blocks: []\n", line: 4, field: "blocks[0].blocks",
                    contains: "the group to repeat is empty")
        assertIssue("name: x\nblocks:\n  - repeat: 2\n    times: 3\n    blocks: [{rest: 1}]\n", line: 4,
                    field: "blocks[0].times", contains: "unknown key")
        var nested = "{tap: {label: a, duration: 1, pace: 1}}"
        for _ in 0..<5 { nested = "{repeat: 1, blocks: [\(nested)]}" }
        assertIssue("name: x\nblocks:\n  - \(nested)\n", line: 3,
                    field: "blocks[0].blocks[0].blocks[0].blocks[0].blocks[0]", contains: "nested more than 4 deep")
        var four = "{tap: {label: a, duration: 1, pace: 1}}"
        for _ in 0..<4 { four = "{repeat: 2, blocks: [\(four)]}" }
        XCTAssertEqual(try parse("name: x\nblocks:\n  - \(four)\n").blocks.count, 16)
    }

    func testExpansionIsCappedAtFiveThousandBlocks() {
        assertIssue("name: x\nblocks:\n  - repeat: 100\n    blocks:\n      - repeat: 100\n        blocks: [{tap: {label: a, duration: 1, pace: 1}}]\n",
                    line: 3, field: "blocks[0].repeat", contains: "more than 5000 blocks")
    }

    func testAliasesCannotBlowUpTheWork() {
        // Each level multiplies the blocks by 10: without the caps this is 10^8 blocks.
        var text = "name: x\nblocks:\n  - repeat: 1\n    blocks: &l0 [{tap: {label: a, duration: 1, pace: 1}}"
            + String(repeating: ", {rest: 1}", count: 9) + "]\n"
        for level in 1...7 {
            text += "  - repeat: 1\n    blocks: &l\(level) [" + Array(repeating: "{repeat: 1, blocks: *l\(level - 1)}", count: 10)
                .joined(separator: ", ") + "]\n"
        }
        let found = issues(text)
        // Each spot in the file is reported once, however many alias paths reach it, up to the cap.
        XCTAssertLessThanOrEqual(found.count, ProtocolParser.maximumIssues + 1)
        let positions = found.compactMap { issue in issue.line.map { "\($0):\(issue.column ?? 0):\(issue.message)" } }
        XCTAssertEqual(positions.count, Set(positions).count, "no spot is reported twice")
        XCTAssertTrue(found.contains { $0.message.contains("nested more than 4 deep") })
    }

    // MARK: Limits and the whole protocol

    func testExactlyFourHoursIsAllowed() throws {
        let p = try parse("name: x\nblocks:\n  - repeat: 4\n    blocks: [{tap: {label: a, duration: 3600, pace: 1}}]\n")
        XCTAssertEqual(p.totalDurationSeconds, ProtocolParser.maximumTotalSeconds)
    }

    func testIssuesAreListedInFileOrderAndCappedAtFifty() {
        let text = "name: x\nblocks:\n" + String(repeating: "  - rest: -1\n", count: 200)
        let found = issues(text)
        XCTAssertEqual(found.count, 51)
        XCTAssertEqual(found.prefix(50).compactMap(\.line), Array(3...52))
        XCTAssertEqual(found.last?.line, nil)
        XCTAssertTrue(found.last?.message.contains("150 more problems") == true, "\(String(describing: found.last))")
    }

    func testIssuesCarryTheOffendingValueAsWritten() {
        let found = issues("name: x\nhand: Middle\nblocks:\n  - tap: {label: a, duration: 4, pace: 12.50}\n")
        XCTAssertEqual(found.map(\.value), ["Middle", "12.50"])
        XCTAssertEqual(found.map(\.column), [7, 40])
    }

    func testJSONProblemsNameTheirLinesToo() {
        let json = """
            {
              "name": "j",
              "blocks": [
                {"tap": {"label": "slow", "duration": 4, "pace": 40}},
                {"rest": {"duration": "4"}}
              ]
            }
            """
        assertIssue(json, line: 4, field: "blocks[0].tap.pace", contains: "40 Hz is outside")
        assertIssue(json, line: 5, field: "blocks[1].rest.duration", contains: "remove the quotes")
    }

    func testTheNearestKeyIsSuggestedOnlyWhenClose() {
        XCTAssertEqual(ProtocolReader.nearest("blokcs", in: ProtocolParser.topLevelKeys), "blocks")
        XCTAssertEqual(ProtocolReader.nearest("Name", in: ProtocolParser.topLevelKeys), "name")
        XCTAssertNil(ProtocolReader.nearest("subject", in: ProtocolParser.topLevelKeys))
        XCTAssertEqual(ProtocolReader.editDistance("kitten", "sitting"), 3)
    }

    /// Random YAML-ish text never crashes the parser: every input parses or throws a ProtocolError.
    func testArbitraryTextNeverCrashes() {
        let alphabet = Array("ab:- []{},&*!|>'\"#\n\t\\0.e9%@`?~\u{0}\u{1B}é")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<500 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 56)
            for _ in 0..<length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            do {
                _ = try ProtocolParser.parse(text: "name: x\nblocks:\n  - " + text, fileName: "r.yaml")
            } catch {
                XCTAssertFalse(error.issues.isEmpty)
            }
            do { _ = try ProtocolParser.parse(text: text, fileName: "r.yaml") } catch { XCTAssertFalse(error.issues.isEmpty) }
        }
    }
}
