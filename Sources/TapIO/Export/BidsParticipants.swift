import Foundation
import TapCore

/// Issue 16 in the BIDS export: who was tested, in `participants.tsv` (age, sex, handedness with
/// BIDS's levels), `participants.json` (their descriptions), and per subject
/// `sub-<ID>_sessions.tsv` (each visit's date and the age at that visit: participants.tsv holds one
/// age per person, a follow-up study needs one per visit). The tables only ever gain rows, columns
/// and values: a value already there is never replaced.
public struct BidsVisit: Sendable, Equatable {
    public var subject: String
    /// BIDS session label (without `ses-`).
    public var session: String
    /// session.json's `start_time` (ISO 8601 with offset).
    public var startTime: String?
    public var participant: Participant?

    public init(subject: String, session: String, startTime: String?, participant: Participant?) {
        self.subject = subject
        self.session = session
        self.startTime = startTime
        self.participant = participant
    }
}

enum BidsParticipants {
    static let columns = ["participant_id", "age", "sex", "handedness"]

    /// BIDS asks for ages capped at 89 for privacy (the schema's `Maximum: 89`).
    static let maximumAge = 89

    static func age(_ years: Int?) -> String { years.map { String(min($0, maximumAge)) } ?? "n/a" }

    static var sidecar: [String: Any] { [
        "participant_id": ["Description": "Subject ID as given to tapnirs run --subject, with the sub- prefix"],
        "age": ["Description": "Age in years at the subject's first exported session (tapnirs run --age); capped at 89 "
                + "for privacy; each session's age is in sub-<ID>/sub-<ID>_sessions.tsv", "Units": "year"],
        "sex": ["Description": "Sex as given to tapnirs run --sex", "Levels": ["female": "Female", "male": "Male", "other": "Other"]],
        "handedness": ["Description": "Handedness as given to tapnirs run --handedness",
                       "Levels": ["right": "Right-handed", "left": "Left-handed", "ambidextrous": "Ambidextrous"]],
    ] }

    static var sessionsSidecar: [String: Any] { [
        "session_id": ["Description": "BIDS session label, from the tapnirs session folder's ses-<time> name"],
        "acq_time": ["Description": "When the session started (tapnirs session time zero, wall clock)"],
        "age": ["Description": "Age in years on the day of the session (tapnirs run --age); capped at 89", "Units": "year"],
    ] }

    /// participants.tsv with every subject of `subjects`, the known values of `visits` filled in where
    /// the table has n/a. Returns the new text, or nil when nothing changed.
    static func participantsTable(existing: String?, subjects: [String], visits: [BidsVisit]) -> String? {
        var table = Table(text: existing, required: columns)
        for subject in subjects {
            let visit = visits.first { $0.subject == subject && $0.participant != nil }
            let p = visit?.participant
            table.fill(id: "sub-" + subject, values: ["age": age(p?.ageYears), "sex": p?.sex?.rawValue ?? "n/a",
                                                      "handedness": p?.handedness?.rawValue ?? "n/a"])
        }
        return table.changed || existing == nil ? table.text : nil
    }

    /// sub-<ID>_sessions.tsv for one subject with its visits added.
    static func sessionsTable(existing: String?, visits: [BidsVisit]) -> String? {
        var table = Table(text: existing, required: ["session_id", "acq_time", "age"])
        for visit in visits {
            table.fill(id: "ses-" + visit.session, values: ["acq_time": visit.startTime.map(acqTime) ?? "n/a",
                                                           "age": age(visit.participant?.ageYears)])
        }
        return table.changed || existing == nil ? table.text : nil
    }

    /// BIDS datetime: `YYYY-MM-DDThh:mm:ss` (local time as recorded; fractions and offset dropped).
    static func acqTime(_ iso: String) -> String { String(iso.prefix(19)) }

    /// A TSV keyed by its first column; columns and rows are only ever added, n/a cells only ever filled.
    struct Table {
        var header: [String]
        var rows: [[String]]
        var changed = false

        init(text: String?, required: [String]) {
            let lines = (text ?? "").split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            header = lines.first ?? [required[0]]
            rows = Array(lines.dropFirst())
            for column in required where !header.contains(column) {
                header.append(column)
                rows = rows.map { $0 + ["n/a"] }
                changed = true
            }
        }

        mutating func fill(id: String, values: [String: String]) {
            var index = rows.firstIndex { $0.first == id }
            if index == nil {
                rows.append([id] + Array(repeating: "n/a", count: header.count - 1))
                index = rows.count - 1
                changed = true
            }
            for (c, column) in header.enumerated() where c > 0 {
                guard let value = values[column], value != "n/a", c < rows[index!].count, rows[index!][c] == "n/a" || rows[index!][c].isEmpty
                else { continue }
                rows[index!][c] = BidsFiles.field(value)
                changed = true
            }
        }

        var text: String {
            ([header] + rows).map { $0.joined(separator: "\t") }.joined(separator: "\n") + "\n"
        }
    }

    /// events.tsv gains a `hand` column: the hand of each tapping block (`hand=` in value), n/a otherwise.
    static func withHandColumn(_ events: String) -> String {
        var lines = events.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.first, !header.isEmpty else { return events }
        let valueColumn = header.split(separator: "\t", omittingEmptySubsequences: false).firstIndex(of: "value")
        lines[0] += "\thand"
        for i in lines.indices.dropFirst() where !lines[i].isEmpty {
            let fields = lines[i].split(separator: "\t", omittingEmptySubsequences: false)
            let value = valueColumn.flatMap { $0 < fields.count ? String(fields[$0]) : nil } ?? ""
            let hand = value.split(separator: ";").first { $0.hasPrefix("hand=") }.map { String($0.dropFirst(5)) } ?? "n/a"
            lines[i] += "\t" + (TappingHand(rawValue: hand) != nil ? hand : "n/a")
        }
        return lines.joined(separator: "\n")
    }

    static var handColumnSidecar: [String: Any] { [
        "Description": "The hand that tapped in a tapping block (the protocol block's hand:, else the session's --hand); n/a for other rows",
        "Levels": ["right": "right hand", "left": "left hand"],
    ] }

    /// `right`, `left`, `right and left` for the sidecars; nil when unknown.
    static func handsTested(_ manifest: SessionManifest) -> String? {
        let blocks = manifest.blocksRun
        var hands: [TappingHand] = []
        for block in blocks where block.kind == .tap {
            if let hand = block.hand ?? manifest.participant?.hand, !hands.contains(hand) { hands.append(hand) }
        }
        if hands.isEmpty, let hand = manifest.participant?.hand { hands.append(hand) }
        return hands.isEmpty ? nil : hands.sorted().map(\.rawValue).joined(separator: " and ")
    }
}

extension BidsExport {
    /// `sub-<ID>/sub-<ID>_sessions.tsv` (and its sidecar) for every subject among `visits`.
    static func updateSessionsTables(_ dataset: String, visits: [BidsVisit]) throws(BidsExportError) -> [String] {
        var notes: [String] = []
        var subjects: [String] = []
        for visit in visits where !subjects.contains(visit.subject) { subjects.append(visit.subject) }
        for subject in subjects {
            let folder = dataset + "/sub-" + subject
            let path = folder + "/sub-\(subject)_sessions.tsv"
            var existing: String?
            if FileManager.default.fileExists(atPath: path) {
                guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "cannot be read") }
                existing = String(decoding: data, as: UTF8.self)
            }
            if let text = BidsParticipants.sessionsTable(existing: existing, visits: visits.filter { $0.subject == subject }) {
                try BidsFiles.makeDirectory(folder)
                try BidsFiles.replace(path, Data(text.utf8))
            }
            let sidecar = folder + "/sub-\(subject)_sessions.json"
            let data = BidsFiles.json(BidsParticipants.sessionsSidecar)
            switch try BidsFiles.state(of: sidecar, wanted: data) {
            case .absent: try BidsFiles.createNew(sidecar, data)
            case .identical: break
            case .different: notes.append("\(sidecar): already there with other contents; kept as it is")
            }
        }
        return notes
    }
}
