import XCTest
@testable import TapCore

/// The FTT's trial-consistency rule: which trials make the score, and the extra trials the session
/// adds live when a hand's trials disagree.
final class TrialRuleSessionTests: XCTestCase {
    let rule = TrialRule(label: "trial", consistentTrials: 5, withinTaps: 5, maximumTrials: 10, restSeconds: 20)

    func testFiveWithinFiveTapsSetsADeviantTrialAside() {
        // Trial 3 is deviant; the other five lie within 5 taps (50…54).
        let selection = TrialConsistency.select(taps: [50, 52, 41, 54, 51, 53], rule: rule)
        XCTAssertEqual(selection?.trials, [0, 1, 3, 4, 5])
        XCTAssertEqual(selection?.meanTaps, 52)
    }

    func testTheBestScoringConsistentSetIsTaken() {
        // Both {40…44} and {45…49} are five within five: the higher one is the score.
        let selection = TrialConsistency.select(taps: [40, 41, 42, 43, 44, 45, 46, 47, 48, 49], rule: rule)
        XCTAssertEqual(selection?.trials, [5, 6, 7, 8, 9])
        XCTAssertEqual(selection?.meanTaps, 47)
        // A range of exactly 5 is within; 6 is not.
        XCTAssertNotNil(TrialConsistency.select(taps: [50, 55, 52, 53, 51], rule: rule))
        XCTAssertNil(TrialConsistency.select(taps: [50, 56, 52, 53, 51], rule: rule))
        XCTAssertTrue(TrialConsistency.needsAnotherTrial(taps: [50, 56, 52, 53, 51], rule: rule))
        XCTAssertFalse(TrialConsistency.needsAnotherTrial(taps: [40, 50, 60, 70, 80, 90, 100, 110, 120, 130], rule: rule),
                       "ten trials is the most")
    }

    /// trial R, rest, trial L, rest; 2 consistent within 0 taps, at most 3 per hand, 1 s rest.
    func miniFtt(consistent: Int = 2, within: Int = 0, maximum: Int = 3) -> SessionProtocol {
        var blocks: [Block] = []
        for _ in 0..<2 {
            blocks.append(Block(kind: .tap, label: "trial", durationSeconds: 2, pace: .selfPaced, hand: .right))
            blocks.append(Block(kind: .rest, label: "rest", durationSeconds: 1))
            blocks.append(Block(kind: .tap, label: "trial", durationSeconds: 2, pace: .selfPaced, hand: .left))
            blocks.append(Block(kind: .rest, label: "rest", durationSeconds: 1))
        }
        return SessionProtocol(name: "mini", blocks: blocks,
                               trialRule: TrialRule(consistentTrials: consistent, withinTaps: within, maximumTrials: maximum,
                                                    restSeconds: 1))
    }

    /// Runs the session, tapping `counts[k]` evenly spaced taps in the k-th trial; returns every event row.
    func run(_ definition: SessionProtocol, counts: [Int]) -> (Session, [EventRecord]) {
        var session = Session(definition: definition, origin: .zero, subjectID: "t")
        var events: [EventRecord] = []
        func collect(_ effects: [Effect]) {
            for case .recordEvent(let e) in effects where FadeFlag.Kind(rawValue: e.trialType) == nil { events.append(e) }
        }
        collect(session.handle(.keyPressed(.enter, at: .seconds(1))))
        var trial = 0
        while session.phase == .running {
            let block = session.definition.blocks[session.blockIndex]
            let start = session.blockStart
            if block.label == "trial" {
                let n = trial < counts.count ? counts[trial] : 5
                for k in 0..<n {
                    collect(session.handle(.keyPressed(.character(" "), at: start + .seconds(0.1 + Double(k) * 1.8 / Double(n)))))
                }
                trial += 1
            }
            collect(session.handle(.deadlineReached(at: start + .seconds(block.durationSeconds))))
        }
        return (session, events)
    }

    func testConsistentTrialsAddNothing() {
        let (session, events) = run(miniFtt(), counts: [9, 8, 9, 8])
        XCTAssertEqual(session.definition.blocks.count, 8)
        XCTAssertFalse(session.timelineGrew)
        XCTAssertEqual(events.filter { $0.trialType == "trial" }.map(\.value), [
            "block=1;cue=TAP TRIAL;pace=self;hand=right", "block=3;cue=TAP TRIAL;pace=self;hand=left",
            "block=5;cue=TAP TRIAL;pace=self;hand=right", "block=7;cue=TAP TRIAL;pace=self;hand=left",
        ])
    }

    func testDisagreeingTrialsGetExtraTrialsLiveUpToTheMaximum() {
        // Right: 9, 7 (disagree) → extra 7: agrees. Left: 8, 6 → extra 5 → disagrees still, but 3 is the most.
        let (session, events) = run(miniFtt(), counts: [9, 8, 7, 6, 7, 5])
        let trials = events.filter { $0.trialType == "trial" }
        XCTAssertEqual(trials.count, 6)
        // After the last planned trial (left), the hand that did not just tap goes first: right, then left.
        XCTAssertEqual(trials.suffix(2).map(\.value), [
            "block=9;cue=TAP TRIAL;pace=self;repetition=3;hand=right;extra_trial=true",
            "block=11;cue=TAP TRIAL;pace=self;repetition=3;hand=left;extra_trial=true",
        ])
        XCTAssertEqual(session.definition.blocks.count, 12)
        XCTAssertTrue(session.timelineGrew)
        XCTAssertEqual(session.status, .completed)
        // Extra trials sit before the protocol's trailing rest, each after a rest of the rule's length.
        XCTAssertEqual(session.definition.blocks.map(\.kind), [.tap, .rest, .tap, .rest, .tap, .rest, .tap, .rest, .tap, .rest, .tap, .rest])
        XCTAssertEqual(session.definition.blocks[7].durationSeconds, 1)

        let hands = HandResults.make(blocks: session.definition.blocks, summaries: session.summaries, detections: session.detections,
                                     participant: nil, rule: session.definition.trialRule)
        XCTAssertEqual(hands.map(\.hand), [.right, .left])
        XCTAssertEqual(hands[0].ftt?.trialTaps, [9, 7, 7])
        XCTAssertEqual(hands[0].ftt?.consistentBlocks, [5, 9])
        XCTAssertEqual(hands[0].ftt?.scoreTaps, 7)
        XCTAssertEqual(hands[0].ftt?.extraTrials, 1)
        XCTAssertEqual(hands[1].ftt?.trialTaps, [8, 6, 5])
        XCTAssertNil(hands[1].ftt?.scoreTaps, "no two left trials agree after the maximum")
        XCTAssertEqual(hands[1].ftt?.text, "FTT: no 2 trials agreed (2 trials within 0 taps, at most 3) after 3 trials: 8, 6, 5 taps")
        XCTAssertEqual(hands[0].ftt?.text, "FTT 7.0 taps per 2 s (mean of trials 2, 3 of 3; 1 added live)")

        // The end-of-session screen: who was tested (naming the hands that tapped), then one line per hand.
        let view = session.view(at: MonoTime(nanoseconds: 1_000_000_000_000))
        XCTAssertEqual(view.participantText, "age not given · sex not given · handedness not given · tested: right and left hand")
        XCTAssertEqual(view.handLines, ["right hand: FTT 7.0 taps per 2 s (mean of trials 2, 3 of 3; 1 added live)",
                                        "left hand: " + (hands[1].ftt?.text ?? "")])
    }

    func testTheSameTapsReplayToTheSameTimeline() {
        let a = run(miniFtt(), counts: [9, 8, 7, 6, 7, 5])
        let b = run(miniFtt(), counts: [9, 8, 7, 6, 7, 5])
        XCTAssertEqual(a.1, b.1)
        XCTAssertEqual(a.0.definition, b.0.definition)
    }

    func testTheFormEditsTheParticipantAndEnterSetsTheNormAndRecordsIt() {
        var session = Session(definition: miniFtt(), origin: .zero, subjectID: "t",
                              participant: Participant(hand: .right),
                              participantForm: ParticipantForm(fields: [.age, .sex, .handedness, .hand]))
        XCTAssertEqual(session.tapNorm.ageBand, "18–30")
        XCTAssertTrue(session.tapNorm.ageAssumed)
        for key: Key in [.character("6"), .character("3"), .backspace, .character("1"), .character("\t"), .character("f"), Key.down,
                         Key.right, Key.right, Key.down, .character("l")] {
            _ = session.handle(.keyPressed(key, at: .seconds(0.5)))
        }
        XCTAssertEqual(session.participant, Participant(ageYears: 61, sex: .female, handedness: .left, hand: .left))
        let view = session.view(at: .seconds(0.5))
        XCTAssertEqual(view.form?.map(\.value), ["61 y", "female", "left", "left"])
        XCTAssertEqual(view.form?.map(\.focused), [false, false, false, true])
        let effects = session.handle(.keyPressed(.enter, at: .seconds(1)))
        XCTAssertEqual(effects.first, .participantConfirmed(Participant(ageYears: 61, sex: .female, handedness: .left, hand: .left)))
        XCTAssertEqual(effects[1], .started(at: .seconds(1)))
        XCTAssertEqual(session.tapNorm, .older, "61 years: the 50–70 band")
        XCTAssertFalse(session.tapNorm.ageAssumed)
        // Once running, the form's letters are taps' and commands' again: `m` is a marker.
        let marker = session.handle(.keyPressed(.character("m"), at: .seconds(1.2)))
        XCTAssertTrue(marker.contains { if case .recordEvent(let e) = $0 { return e.trialType == "marker" } else { return false } })
        XCTAssertEqual(session.participant.sex, .female)
    }

    func testAnAgeOutsideTheRangeIsShownAsInvalidAndNotKept() {
        var form = ParticipantForm(fields: [.age])
        var participant = Participant()
        for c in "120" { _ = form.handle(.character(c), participant: &participant) }
        XCTAssertTrue(form.ageIsInvalid)
        XCTAssertNil(participant.ageYears)
        XCTAssertFalse(form.handle(.character("x"), participant: &participant), "not a key the age field uses")
    }

    func testTheHandShowsOnTheSubjectAndClinicianViews() {
        var session = Session(definition: miniFtt(), origin: .zero, subjectID: "t")
        _ = session.handle(.keyPressed(.enter, at: .seconds(1)))
        var view = session.view(at: .seconds(1.5))
        XCTAssertEqual(view.hand, .right)
        XCTAssertEqual(view.trialText, "trial 1 of 2")
        _ = session.handle(.deadlineReached(at: .seconds(3)))
        view = session.view(at: .seconds(3.5))
        XCTAssertNil(view.hand, "a rest")
        XCTAssertEqual(view.nextHand, .left)
    }
}
