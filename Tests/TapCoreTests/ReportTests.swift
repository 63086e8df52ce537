import XCTest
@testable import TapCore

/// The report generator on a hand-made session: plots, labels, readings, escaping, determinism.
final class ReportTests: XCTestCase {
    static func input(withHemo: Bool = true, label: String = "fast") -> ReportInput {
        let header = ReportInput.Header(
            subject: "P<01>", session: "ses-20260101T100000", startTime: "2026-01-01T10:00:00.000+01:00",
            protocolName: "test <b>bold</b> & more", protocolFile: "Protocols/x.yaml", status: "completed", endReason: nil,
            source: withHemo ? "sim fading seed 1" : nil, input: "synthetic (fading, seed 1)", softwareVersion: "0.1.0")
        let blocks = [
            ReportInput.TimelineBlock(number: 1, label: "baseline", kind: .rest, isBaseline: true, onset: 0.5, duration: 10, paceHz: nil),
            ReportInput.TimelineBlock(number: 2, label: "slow", kind: .tap, isBaseline: false, onset: 10.5, duration: 20, paceHz: 1.5),
            ReportInput.TimelineBlock(number: 3, label: "rest", kind: .rest, isBaseline: false, onset: 30.5, duration: 10, paceHz: nil),
            ReportInput.TimelineBlock(number: 4, label: label, kind: .tap, isBaseline: false, onset: 40.5, duration: 20, paceHz: nil),
        ]
        var taps: [ReportInput.Tap] = []
        for k in 0..<30 {
            let t = 10.6 + Double(k) / 1.5
            taps.append(.init(onset: t, block: 2, counted: true, iti: k == 0 ? nil : 1 / 1.5 + Double(k % 3) * 0.01,
                              beatOffset: Double(k % 5 - 2) * 0.01))
        }
        var t = 40.6
        for k in 0..<80 {
            let iti = t < 50 ? 0.2 : 0.3
            taps.append(.init(onset: t, block: 4, counted: true, iti: k == 0 ? nil : iti, beatOffset: nil))
            t += iti
        }
        taps.append(.init(onset: 35, block: 3, counted: false, iti: nil, beatOffset: nil))
        let flags = [
            ReportInput.Flag(kind: "fade_tap", block: 4, channel: nil, raisedAt: 52, fadeOnset: 50.2, magnitude: -0.31, clearedAt: 60.5),
            ReportInput.Flag(kind: "fade_hbo", block: 4, channel: "avg", raisedAt: 55, fadeOnset: 52, magnitude: -0.44, clearedAt: 60.5),
        ]
        let summaries = [
            BlockTapSummary(blockIndex: 1, label: "slow", kind: .tap, durationSeconds: 20, targetRateHz: 1.5, taps: 30, autorepeats: 0,
                            rateHz: 1.49, itiMeanSeconds: 0.677, itiCV: 0.012, meanAsynchronySeconds: -0.004,
                            sdAsynchronySeconds: 0.014, firstThirdRateHz: 1.5, lastThirdRateHz: 1.5, fatigueIndex: 0),
            BlockTapSummary(blockIndex: 3, label: label, kind: .tap, durationSeconds: 20, targetRateHz: nil, taps: 80, autorepeats: 2,
                            rateHz: 3.9, itiMeanSeconds: 0.25, itiCV: 0.2, meanAsynchronySeconds: nil, sdAsynchronySeconds: nil,
                            firstThirdRateHz: 5, lastThirdRateHz: 3.3, fatigueIndex: 0.34),
        ]
        func tap(_ onset: Double?, _ magnitude: Double?) -> TapFadeSummary {
            var summary = TapFadeSummary(method: .cusum, referenceRateHz: 5, firstThirdRateHz: 5, lastThirdRateHz: 3.3,
                                         fadeIndex: 0.34, onsetSeconds: onset, magnitude: magnitude, fadeFlags: onset == nil ? 0 : 1,
                                         flaggedSeconds: onset == nil ? 0 : 8.5, behindBeatCount: 0, missedBeats: 0)
            if onset != nil {
                // A self-paced block judged against the healthy range; the slow block reads as an older session's.
                summary.method = .healthyRange
                summary.norm = .forAge(nil)
                summary.decline = TapDeclineReading(atSeconds: 19.9, declineFraction: 0.38, healthyMeanFraction: 0.131,
                                                    healthySdFraction: 0.053, standardErrorFraction: 0.02, z: 3.04,
                                                    startRateHz: 5, nowRateHz: 3.1, startIntervals: 20, nowIntervals: 12)
                summary.declineZLimit = 2.9
                summary.beyondHealthyRange = true
            }
            return summary
        }
        func hbo(_ peak: Double, _ fade: Double?) -> HbOFadeSummary {
            HbOFadeSummary(method: .modelCusum, signal: .cbsi, peakMicromolar: peak, meanMicromolar: peak / 2,
                           areaMicromolarSeconds: peak * 10, timeToPeakSeconds: 9.5, amplitudeMicromolar: peak,
                           fadeOnsetSeconds: fade, fadeMagnitude: fade == nil ? nil : -0.44, noActivation: false,
                           fadedChannels: [], silentChannels: [])
        }
        let detections = [
            Session.BlockDetection(block: 2, label: "slow", tap: tap(nil, nil), hbo: withHemo ? hbo(0.55, nil) : nil),
            Session.BlockDetection(block: 4, label: label, tap: tap(14.2, -0.31), hbo: withHemo ? hbo(0.62, 18.0) : nil),
        ]
        var hemo: ReportInput.Hemo?
        if withHemo {
            let channels = [
                ReportInput.Channel(name: "S1-D1", source: 1, detector: 1, good: true, statusDescription: "good sci=0.95"),
                ReportInput.Channel(name: "S1-D2", source: 1, detector: 2, good: false, statusDescription: "poor_coupling sci=0.08"),
                ReportInput.Channel(name: "S2-D2", source: 2, detector: 2, good: true, statusDescription: "good sci=0.91"),
            ]
            let times = stride(from: 0.0, to: 70, by: 0.125).map { $0 }
            func response(_ t: Double, gain: Double) -> Double {
                var v = 0.0
                for onset in [10.5, 40.5] where t > onset { v += gain * (1 - exp(-(t - onset) / 4)) * (t < onset + 20 ? 1 : exp(-(t - onset - 20) / 5)) }
                return v
            }
            let hbo = [times.map { response($0, gain: 0.6) }, times.map { _ in Double.nan }, times.map { response($0, gain: 0.3) }]
            let hbr = hbo.map { $0.map { -$0 / 3 } }
            hemo = ReportInput.Hemo(channels: channels, times: times, hbo: hbo, hbr: hbr, blocks: blocks)
        }
        return ReportInput(header: header, blocks: blocks, taps: taps, flags: flags, summaries: summaries, detections: detections,
                           hemo: hemo, endOnset: 70.5, notes: [])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testFullReportHasEveryPlotAxesAndReadings() {
        let input = Self.input()
        let html = ReportHTML.render(input)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        // Tap rate, ITI, asynchrony, HbO/HbR, bars, channel map.
        XCTAssertEqual(Self.count("<svg", in: html), 6)
        XCTAssertEqual(Self.count("</svg>", in: html), 6)
        for label in ["time from session start (s)", "tap rate (taps/s)", "inter-tap interval (ms)", "tap − beat (ms)",
                      "Δ concentration (µM)", "taps/s", "Tap rate per block (block number below)", "detector", "source"] {
            XCTAssertTrue(html.contains(">\(label)</text>"), "axis label \(label) missing")
        }
        // With HbO per condition (made from hemo.tsv as for a session recorded before summary.json had it):
        // the block-averaged courses with CI bands, the readings and a per-block HbO amplitude panel.
        var withConditions = input
        withConditions.conditions = input.hemo!.conditions(rates: [:])
        withConditions.contrasts = ConditionContrast.fastMinusSlow(withConditions.conditions)
        XCTAssertFalse(withConditions.conditions.isEmpty)
        let full = ReportHTML.render(withConditions)
        XCTAssertEqual(Self.count("<svg", in: full), 7)
        XCTAssertTrue(full.contains(">time from block onset (s)</text>"))
        XCTAssertTrue(full.contains(">HbO amplitude per block (block number below)</text>"))
        XCTAssertTrue(full.contains("<h2>4. HbO per condition</h2>"))
        XCTAssertTrue(full.contains(">HbO solid, HbR dashed</text>"))
        XCTAssertTrue(html.contains("slow (block 2): rate 5.00 → 3.30 Hz (first → last third) against 5.00 Hz; HbO peaked"))
        XCTAssertTrue(html.contains("fast (block 4): decline 38 %, beyond the healthy range (rate −38 % · healthy −13 ± 5 % · z 3.0; "
                                    + "18–30 norm, age not given); flagged from 14.2 s; HbO peaked at 0.62 µM at 9.5 s and fell 44% from 18.0 s"))
        XCTAssertTrue(html.contains(">decline z</td><td class=\"num\">3.0</td><td>flag above 2.9</td>"))
        XCTAssertFalse(html.contains("tap rate held"), "no word that claims more than was measured")
        for detection in input.detections { XCTAssertTrue(html.contains(detection.reading)) }
        XCTAssertTrue(html.contains("TAP FADE -31%"))
        XCTAssertTrue(html.contains("HbO FADE -44%"))
        XCTAssertTrue(html.contains(">bad</text>"), "the bad channel is marked")
        XCTAssertTrue(html.contains("stroke-dasharray=\"6 4\""), "target pace line")
        // Every figure of the summary is in the block table.
        for figure in ["fatigue index", "mean asynchrony", "SD asynchrony", "ITI CV", "first-third rate", "HbO area", "missed beats"] {
            XCTAssertTrue(html.contains("<td>\(figure)</td>"), figure)
        }
        // Self-contained: nothing fetched.
        for forbidden in ["http://", "https://", "<script", "<link", "@import", "src=", "url("] {
            XCTAssertFalse(html.contains(forbidden), "report must not contain \(forbidden)")
        }
        XCTAssertTrue(ReportHTML.isOwnReport(html, subject: "P<01>", session: "ses-20260101T100000"))
        XCTAssertFalse(ReportHTML.isOwnReport(html, subject: "P02", session: "ses-20260101T100000"))
        XCTAssertFalse(ReportHTML.isOwnReport("<html>someone else's</html>", subject: "P<01>", session: "ses-20260101T100000"))
    }

    func testUserTextIsEscaped() {
        let html = ReportHTML.render(Self.input(label: "fast<&>"))
        XCTAssertFalse(html.contains("<b>bold</b>"))
        XCTAssertTrue(html.contains("test &lt;b&gt;bold&lt;/b&gt; &amp; more"))
        XCTAssertTrue(html.contains("P&lt;01&gt;"))
        XCTAssertFalse(html.contains("fast<&>"))
        XCTAssertTrue(html.contains("fast&lt;&amp;&gt; (block 4): decline 38 %, beyond the healthy range"))
    }

    func testSameInputSameBytes() {
        let a = ReportHTML.render(Self.input()), b = ReportHTML.render(Self.input())
        XCTAssertEqual(a, b)
        XCTAssertEqual(ReportText.render(Self.input()), ReportText.render(Self.input()))
        XCTAssertFalse(a.contains("e-0") || a.contains("e+"), "no exponent notation")
        XCTAssertFalse(a.contains("nan") || a.contains("inf"), "no non-finite numbers in the output")
    }

    func testSessionWithoutNirsLeavesOutHemoPlotsWithNote() {
        let html = ReportHTML.render(Self.input(withHemo: false))
        XCTAssertEqual(Self.count("<svg", in: html), 4)  // tap rate, ITI, asynchrony, bars
        XCTAssertTrue(html.contains("no fNIRS recording"))
        XCTAssertFalse(html.contains("Δ concentration"))
        XCTAssertFalse(html.contains("HbO mean (µM)"))
        XCTAssertTrue(html.contains("fast (block 4): decline 38 %, beyond the healthy range"))
        XCTAssertTrue(ReportText.render(Self.input(withHemo: false)).contains("no fNIRS in this session"))
    }

    func testAnalysis() {
        let input = Self.input()
        let bins = ReportAnalysis.tapRate(input.taps, span: input.timeSpan)
        XCTAssertEqual(bins.count, 71)
        XCTAssertEqual(bins[41].rate, 5, "0.2 s intervals early in the fast block")
        XCTAssertEqual(bins[35].rate, 0, "uncounted press in rest")
        let live = ReportAnalysis.liveRate(input.taps, block: input.blocks[1], end: input.timeSpan)
        XCTAssertEqual(live.last?.rate ?? 0, 1.5, accuracy: 0.05)
        let hemo = input.hemo!
        let (hbo, hbr) = ReportAnalysis.motorAverage(hemo, blocks: input.blocks)
        // Good channels only (S1-D2 is bad and NaN): mean of 0.6 and 0.3 gains, referenced to the 5 s before.
        let i = hemo.times.firstIndex { $0 >= 30 }!
        XCTAssertEqual(hbo[i], 0.45, accuracy: 0.02)
        XCTAssertEqual(hbr[i], -0.15, accuracy: 0.01)
        let activation = ReportAnalysis.activation(hemo, end: input.timeSpan)
        XCTAssertNil(activation[1])
        XCTAssertGreaterThan(activation[0]!, activation[2]!)
        XCTAssertEqual(ReportNumber.fixed(-0.0004, 2), "0.00")
        XCTAssertEqual(ReportNumber.fixed(1e-7, 3), "0.000")
        XCTAssertEqual(ReportNumber.fixed(-12.345, 1), "-12.3")
        XCTAssertEqual(HTMLText.escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        XCTAssertEqual(HTMLText.escape("Müller & Söhne <größer> «ok» 漢字 🧠'"),
                       "Müller &amp; Söhne &lt;größer&gt; «ok» 漢字 🧠&#39;", "other text byte for byte")
        XCTAssertEqual(HTMLText.escape("S1-D1 fast 1.50 Hz é"), "S1-D1 fast 1.50 Hz é")
        XCTAssertEqual(HTMLText.escape(""), "")
    }

    /// The activation map's sums are taken as hemo.tsv streams by; they must give what the plain
    /// definition gives on whole series, also when the session ends inside a block (the window is
    /// cut at the end, and the rows at the very end fall outside it).
    func testActivationFromStreamedSumsEqualsThePlainDefinitionEvenForABlockCutShortByTheEnd() {
        let channels = (1...3).map { ReportInput.Channel(name: "S\($0)-D1", source: $0, detector: 1, good: true, statusDescription: "") }
        let blocks = [
            ReportInput.TimelineBlock(number: 1, label: "baseline", kind: .rest, isBaseline: true, onset: 0, duration: 10, paceHz: nil),
            ReportInput.TimelineBlock(number: 2, label: "slow", kind: .tap, isBaseline: false, onset: 10, duration: 20, paceHz: 1),
            ReportInput.TimelineBlock(number: 3, label: "rest", kind: .rest, isBaseline: false, onset: 30, duration: 8, paceHz: nil),
            ReportInput.TimelineBlock(number: 4, label: "fast", kind: .tap, isBaseline: false, onset: 38, duration: 30, paceHz: nil),
        ]
        let times = stride(from: 0.0, through: 50, by: 0.25).map { $0 }  // ends at 50, inside block 4
        let hbo = channels.indices.map { c in times.map { t in c == 2 && t > 40 ? Double.nan : sin(t * Double(c + 1)) + t / 50 } }
        let hemo = ReportInput.Hemo(channels: channels, times: times, hbo: hbo, hbr: hbo, blocks: blocks)
        // The definition, on whole series.
        func plain(end: Double) -> [Double?] {
            channels.indices.map { c -> Double? in
                func mean(_ start: Double, _ stop: Double) -> Double? {
                    var sum = 0.0, n = 0
                    for (t, v) in zip(times, hbo[c]) where t >= start && t < stop && v.isFinite { sum += v; n += 1 }
                    return n > 0 ? sum / Double(n) : nil
                }
                let changes = blocks.filter { $0.kind == .tap && !$0.isBaseline }.compactMap { block -> Double? in
                    guard let during = mean(block.onset, min(block.end, end)), let before = mean(block.onset - 5, block.onset) else { return nil }
                    return during - before
                }
                return changes.isEmpty ? nil : changes.reduce(0, +) / Double(changes.count)
            }
        }
        for end in [50.0, 70.0] {
            let streamed = ReportAnalysis.activation(hemo, end: end)
            let expected = plain(end: end)
            for c in channels.indices {
                XCTAssertEqual(streamed[c]!, expected[c]!, accuracy: 1e-12, "channel \(c), end \(end)")
            }
        }
        XCTAssertNotEqual(plain(end: 50)[0]!, plain(end: 70)[0]!, "the last row matters, so the case is tested")
        XCTAssertEqual(hemo.motorHbo.count, times.count)
        XCTAssertEqual(hemo.motorHbo[4], (hbo[0][4] + hbo[1][4] + hbo[2][4]) / 3, accuracy: 1e-15)
        XCTAssertEqual(hemo.motorHbo.last!, (hbo[0].last! + hbo[1].last!) / 2, accuracy: 1e-15, "a NaN channel is left out")
    }
}
