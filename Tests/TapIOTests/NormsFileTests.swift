import Foundation
import TapCore
@testable import TapIO
import XCTest

/// The shipped norms file and norms files from users: the published decline figures are the ones
/// the tap-rate detector judges by; a wrong file is refused naming the field.
final class NormsFileTests: XCTestCase {
    func testThePublishedDeclineNormsAreTheDetectorsOwnFigures() throws {
        let table = NormsFile.published()
        let declines = table.norms.filter { $0.measure == .decline }
        XCTAssertEqual(declines.count, 2)
        for (row, norm) in zip(declines, [TapDeclineNorm.young, TapDeclineNorm.older]) {
            XCTAssertEqual(row.mean, norm.meanFraction, "exactly")
            XCTAssertEqual(row.sd, norm.sdFraction, "exactly")
            XCTAssertEqual(row.n, norm.subjects)
            XCTAssertEqual(row.ageBandText, norm.ageBand)
            XCTAssertEqual(row.pace, .selfPaced)
            XCTAssertTrue(row.source.hasPrefix(norm.source), row.source)
            XCTAssertEqual(row.wholeTrial, true)
        }
        // Whole-trial figures: the detector scales them to the block; the table never compares a block's decline with them as they stand.
        XCTAssertNil(table.entry(measure: .decline, label: "fast", pace: .selfPaced, hand: nil, participant: Participant(ageYears: 60)))
        var local = table
        local.norms[1].wholeTrial = nil
        XCTAssertEqual(local.entry(measure: .decline, label: "fast", pace: .selfPaced, hand: nil,
                                   participant: Participant(ageYears: 60))?.mean, 0.165)
        XCTAssertNil(local.entry(measure: .decline, label: "fast", pace: .selfPaced, hand: nil, participant: Participant(ageYears: 40)),
                     "40 is in neither band: nothing is stretched")
    }

    /// A session's recorded norms file that can no longer be read gives the published norms and
    /// a note saying so (recover, report): the session still closes and reports.
    /// The published norms are read by `FileJSON` (not handed to Foundation's decoder) into the
    /// table Foundation's decoder reads.
    func testThePublishedNormsAreReadWithoutFoundationsDecoderAlike() throws {
        let data = Data(PublishedNorms.json.utf8)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        XCTAssertEqual(try FileJSON.decode(NormTable.self, from: data, keys: .snakeCase), try decoder.decode(NormTable.self, from: data))
    }

    func testARecordedNormsFileThatIsGoneGivesThePublishedNormsAndSaysSo() {
        let gone = NormsFile.recorded("/nonexistent/clinic-norms.json")
        XCTAssertEqual(gone.table.name, NormsFile.published().name)
        XCTAssertEqual(gone.note, "the session's norms file cannot be used (/nonexistent/clinic-norms.json: cannot be read "
                       + "(no such file)): compared with the published norms only")
        let none = NormsFile.recorded(nil)
        XCTAssertEqual(none.table.name, NormsFile.published().name)
        XCTAssertNil(none.note)
    }

    func testARelativeNormsPathIsRecordedAbsolute() {
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertEqual(NormsFile.absolutePath("norms/clinic.json"), cwd + "/norms/clinic.json")
        XCTAssertEqual(NormsFile.absolutePath("/a/b/../c.json"), "/a/c.json")
    }

    func testAWrongNormsFileIsRefusedNamingTheField() throws {
        func failure(_ json: String) -> String {
            do { _ = try NormsFile.parse(Data(json.utf8), path: "n.json"); return "accepted" } catch { return error.description }
        }
        let row = #""measure":"taps","label":"trial","hand":"right","mean":50,"n":10,"apparatus":"k","source":"s","evidence":"local""#
        XCTAssertEqual(failure(#"{"name":"x","description":"","norms":[{\#(row),"sd":0}]}"#), "n.json: norms[0].sd: must be above 0, got 0.0")
        XCTAssertEqual(failure(#"{"name":"x","description":"","norms":[{"measure":"speed","label":"t","hand":"any","mean":1,"sd":1,"n":2,"apparatus":"","source":"","evidence":""}]}"#).hasPrefix("n.json: norms[0].measure:"), true)
        XCTAssertEqual(failure(#"{"name":"x","description":"","norms":[{\#(row)}]}"#), "n.json: norms[0].sd: missing")
        XCTAssertEqual(failure(#"{"name":"x","description":"","norms":[{\#(row),"sd":2,"age_min":60,"age_max":40}]}"#),
                       "n.json: norms[0].age_min: 60 is above age_max 40")
        XCTAssertThrowsError(try NormsFile.load(path: "/nonexistent/norms.json")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/norms.json: cannot be read (no such file)")
        }
    }

    func testABuiltTableReadsBack() throws {
        let table = NormTable(name: "clinic", norms: [NormEntry(measure: .fttScore, label: "*", pace: .selfPaced, hand: .right,
                                                              ageMin: 18, ageMax: 39, mean: 52.5, sd: 4.25, n: 12, apparatus: "k",
                                                              source: "clinic", evidence: "local")])
        let path = NSTemporaryDirectory() + "norms-\(getpid())-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try NormsFile.write(table, to: path)
        XCTAssertEqual(try NormsFile.load(path: path), table)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("\"age_min\" : 18"))
    }
}
