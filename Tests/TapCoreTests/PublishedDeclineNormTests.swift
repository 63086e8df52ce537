import XCTest
@testable import TapCore

/// The published decline norm (Heimhofer 2024) in the report's "Against healthy norms": z and
/// percentile where the subject's given age lies in the published band, and nothing where it does
/// not (age not given, or 31–49 where the detector takes the nearer band): nothing is stretched.
final class PublishedDeclineNormTests: XCTestCase {
    /// ReportTests' session (block 4 self-paced, decline 38 %, z 3.04 against a scaled 13 ± 5 %)
    /// with a participant, and the detector's band set to `norm`.
    func input(age: Int?, norm: TapDeclineNorm, z: Double = 3.04, beyond: Bool = true) -> ReportInput {
        var input = ReportTests.input()
        input.participant = Participant(ageYears: age, sex: .female, handedness: .right, hand: .left)
        input.detections = input.detections.map { detection in
            var detection = detection
            if detection.tap?.decline != nil {
                detection.tap?.norm = norm
                detection.tap?.decline?.z = z
                detection.tap?.beyondHealthyRange = beyond
            }
            return detection
        }
        return input
    }

    func testAGivenAgeInTheBandGivesZAndPercentile() {
        let older = input(age: 61, norm: .forAge(61))
        let comparisons = older.publishedDeclineComparisons
        XCTAssertEqual(comparisons.count, 1, "the self-paced block only; the paced one has no decline")
        let line = "left hand fast (block 4) decline 38 %: z +3.0 (<1st percentile) against 13 ± 5 % by the block's end "
            + "— beyond the healthy range"
        XCTAssertEqual(comparisons.first?.text, line)
        XCTAssertEqual(comparisons.first?.percentile ?? -1, 0.118, accuracy: 0.001, "100 · Φ(−3.04)")
        let source = "the healthy decline of a maximal trial, 50–70 years (n = 176; Heimhofer et al. 2024, Front Hum Neurosci "
            + "18:1427336 [paper (abstract)]; smartphone app, indicative for a keyboard), scaled to the part of each block measured"
        XCTAssertEqual(comparisons.first?.sourceText, source)
        let html = ReportHTML.render(older)
        XCTAssertTrue(html.contains("<h2>Against healthy norms</h2>\n<p>Decline against " + HTMLText.escape(source) + ":</p>\n"
                                    + "<ul class=\"norms\"><li class=\"beyond\">" + HTMLText.escape(line) + "</li></ul>"), "in Against healthy norms")
        XCTAssertFalse(html.contains("No norm fits this subject"))
        XCTAssertTrue(ReportText.render(older).contains("  norm: decline against " + source + ":\n    " + line))

        // Within the range: z 0.5 → 31 % of healthy people declined more; the young band.
        let young = input(age: 25, norm: .forAge(25), z: 0.5, beyond: false)
        let text = young.publishedDeclineComparisons.first?.text ?? ""
        XCTAssertTrue(text.contains("z +0.5 (31st percentile)"), text)
        XCTAssertTrue(text.hasSuffix("— within the healthy range"), text)
        XCTAssertTrue(young.publishedDeclineComparisons.first?.sourceText.contains("18–30 years (n = 194;") == true)

        // A rate that rose reads as the detector's reading does.
        var rose = young
        rose.detections = rose.detections.map { d in var d = d; d.tap?.decline?.declineFraction = -0.02; return d }
        XCTAssertTrue(rose.publishedDeclineComparisons.first?.text.contains("fast (block 4) rate rose 2 %: z") == true)
    }

    func testNoFitNoComparison() {
        // Age not given: the detector judged against the young band by default, which is not a fit.
        let unknown = input(age: nil, norm: .forAge(nil))
        XCTAssertEqual(unknown.publishedDeclineComparisons, [])
        XCTAssertTrue(ReportHTML.render(unknown).contains("No norm fits this subject and these blocks (not given: age)"))
        // 40 years: the detector takes the nearer (50–70) band, but 40 is in neither published band.
        XCTAssertEqual(input(age: 40, norm: .forAge(40)).publishedDeclineComparisons, [])
        XCTAssertEqual(input(age: 71, norm: .forAge(71)).publishedDeclineComparisons, [])
        // A given age but a band assumed (a session recorded before the participant was known).
        XCTAssertEqual(input(age: 25, norm: .forAge(nil)).publishedDeclineComparisons, [])
    }
}
