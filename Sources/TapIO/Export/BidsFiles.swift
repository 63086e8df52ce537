import Foundation
import TapCore

/// File helpers for the BIDS export: formatting, and writes that never replace a file.
enum BidsFiles {
    enum State { case absent, identical, different }

    /// Letters and digits only (a BIDS label).
    static func label(_ text: String) -> String {
        String(text.unicodeScalars.filter { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }.map(Character.init))
    }

    /// Seconds with six decimals, never in exponent notation, no negative zero.
    static func seconds(_ value: Double) -> String {
        let micros = (value * 1_000_000).rounded()
        let text = String(format: "%.6f", micros / 1_000_000)
        return text == "-0.000000" ? "0.000000" : text
    }

    /// Millimetres with four decimals.
    static func millimetres(_ value: Double) -> String {
        let text = String(format: "%.4f", value)
        return text == "-0.0000" ? "0.0000" : text
    }

    /// A TSV field: tabs and newlines would break the row.
    static func field(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    static func json(_ object: Any) -> Data {
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        data.append(0x0a)
        return data
    }

    static func state(of path: String, wanted: Data) throws(BidsExportError) -> State {
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "exists but cannot be read")
        }
        return data == wanted ? .identical : .different
    }

    static func makeDirectory(_ path: String) throws(BidsExportError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Writes a new file: to a temporary name beside it, fsync, then link(2) into place, which
    /// fails rather than replace a file created meanwhile.
    static func createNew(_ path: String, _ data: Data) throws(BidsExportError) {
        try makeDirectory((path as NSString).deletingLastPathComponent)
        let temp = try writeTemporary(beside: path, data)
        defer { Syscalls.removeQuietly(temp) }
        do { try Syscalls.link(temp, to: path) } catch {
            if error.errno == EEXIST {
                if (try? state(of: path, wanted: data)) == .identical { return }
                throw .targetExists(path: path)
            }
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }

    /// Copies `source` to the new file `path` (never replacing one).
    /// The file is copied 1 MiB at a time (a SNIRF file of an hour is gigabytes), to a temporary
    /// name beside `path`, fsynced, then linked into place as `createNew` does.
    static func copyNew(from source: String, to path: String) throws(BidsExportError) {
        try makeDirectory((path as NSString).deletingLastPathComponent)
        let input: Int32
        do { input = try Syscalls.openReadOnly(source) } catch { throw .unreadable(path: source, reason: error.reason) }
        defer { Syscalls.closeQuietly(input) }
        let temp = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        Syscalls.removeQuietly(temp)  // left by an export that was killed: never the real file
        let output: Int32
        do { output = try Syscalls.createExclusive(temp) } catch { throw .cannotWrite(path: path, reason: error.reason) }
        defer { Syscalls.removeQuietly(temp) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { chunk in
                    Result { () throws(Syscalls.Failure) in try Syscalls.read(input, into: chunk) }
                }.get()
                if n == 0 { break }
                try Syscalls.writeAll(output, Array(buffer[..<n]))
            }
            try Syscalls.sync(output)
        } catch {
            Syscalls.closeQuietly(output)
            throw .cannotWrite(path: path, reason: error.reason)
        }
        Syscalls.closeQuietly(output)  // after a checked fsync: see closeQuietly
        do { try Syscalls.link(temp, to: path) } catch {
            if error.errno == EEXIST {
                if sameBytes(source, path) { return }
                throw .targetExists(path: path)
            }
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }

    /// Whether two files hold the same bytes, read 1 MiB at a time; false if either cannot be read.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard let x = FileHandle(forReadingAtPath: a), let y = FileHandle(forReadingAtPath: b) else { return false }
        defer { try? x.close(); try? y.close() }
        while true {
            do {
                let left = try x.read(upToCount: 1 << 20) ?? Data(), right = try y.read(upToCount: 1 << 20) ?? Data()
                if left != right { return false }
                if left.isEmpty { return true }
            } catch {
                return false
            }
        }
    }

    /// Replaces `path` atomically (temporary file, fsync, rename): for `participants.tsv` only.
    static func replace(_ path: String, _ data: Data) throws(BidsExportError) {
        let temp = try writeTemporary(beside: path, data)
        do { try Syscalls.rename(temp, to: path) } catch {
            Syscalls.removeQuietly(temp)
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }

    private static func writeTemporary(beside path: String, _ data: Data) throws(BidsExportError) -> String {
        let temp = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        Syscalls.removeQuietly(temp)  // left by an export that was killed: never the real file
        let fd: Int32
        do { fd = try Syscalls.createExclusive(temp) } catch { throw .cannotWrite(path: path, reason: error.reason) }
        defer { Syscalls.closeQuietly(fd) }  // after a checked fsync: see closeQuietly
        do {
            try Syscalls.writeAll(fd, [UInt8](data))
            try Syscalls.sync(fd)
        } catch {
            Syscalls.removeQuietly(temp)
            throw .cannotWrite(path: path, reason: error.reason)
        }
        return temp
    }
}

/// The JSON sidecars.
enum BidsSidecars {
    static let trialTypeDescriptions: [String: String] = [
        "baseline": "baseline block before the first tapping block (no tapping)",
        "rest": "rest block (no tapping)",
        "pause": "the clinician paused the session",
        "resume": "the session resumed after a pause; value gives the pause length and rule",
        "marker": "a marker set by the clinician; value is its number",
        "session_end": "the session ended; value gives the status and reason",
        "nirs_signal_lost": "the fNIRS stream stopped delivering samples; value gives the reason",
        "nirs_signal_back": "the fNIRS stream came back; value gives the gap in seconds",
        "nirs_reset": "the fNIRS device restarted its stream",
        "channel_quality": "a channel's live quality status changed; value gives channel, status and scalp coupling index",
        "fade_tap": "fade flag: the tap rate fell below the block's reference (a row when raised, state=raised, and when cleared, state=cleared)",
        "fade_hbo": "fade flag: HbO fell below what the block's early response predicts (raised/cleared rows)",
        "no_activation_hbo": "fade flag: HbO never rose above the baseline noise (raised/cleared rows)",
        "behind_beat": "fade flag: in a paced block, a run of beats with no tap near them (raised/cleared rows)",
    ]

    static let instructions = "Tap the tap key with one finger; keep pace with the metronome where there is one"

    static func timeNote(firstSample: Double, hasNirs: Bool) -> String {
        hasNirs ? "seconds from the first fNIRS sample of the _nirs.snirf file, which came \(BidsFiles.seconds(firstSample)) s after tapnirs session time zero (negative: before that sample)"
                : "seconds from tapnirs session time zero (the ready screen; CLOCK_MONOTONIC)"
    }

    static func events(trialTypes: [String], firstSample: Double, hasNirs: Bool) -> [String: Any] {
        var levels: [String: String] = [:]
        for type in trialTypes {
            levels[type] = trialTypeDescriptions[type] ?? "tapping block labelled \(type) in the protocol (duration = planned block length)"
        }
        var sidecar: [String: Any] = [
            "onset": ["Description": "When the event happened: " + timeNote(firstSample: firstSample, hasNirs: hasNirs), "Units": "s"],
            "duration": ["Description": "Planned duration of a block; n/a for instantaneous events and flags", "Units": "s"],
            "trial_type": ["Description": "Kind of event: a block label, a session event or a fade flag", "Levels": levels],
            "value": ["Description": "Details as key=value pairs separated by ';' (docs/data-format.md, events.tsv and Fade flags): "
                + "block=<n>;cue=<cue>;pace_hz=<Hz> or pace=self for blocks; state=raised|cleared;fade_onset=…;delay_s=…;magnitude=… for fade flags"],
        ]
        sidecar["StimulusPresentation"] = ["SoftwareName": "tapnirs", "OperatingSystem": "Linux",
                                           "Description": "terminal screen (ncurses) with a visual beat and, unless --no-sound, the terminal bell"]
        sidecar["hand"] = BidsParticipants.handColumnSidecar  // issue 16
        if hasNirs { sidecar["SessionTimeOfFirstSample"] = ["Description": "tapnirs session time of the first fNIRS sample", "Units": "s",
                                                             "Value": (firstSample * 1e6).rounded() / 1e6] }
        return sidecar
    }

    static func beh(manifest: SessionManifest, firstSample: Double, hasNirs: Bool) -> [String: Any] {
        var sidecar: [String: Any] = [
            "TaskName": BidsExport.task,
            "TaskDescription": "Finger tapping to a metronome and self-paced; one row per press of a tap key, none dropped",
            "Instructions": instructions,
            "onset": ["Description": "When the key press was stamped: " + timeNote(firstSample: firstSample, hasNirs: hasNirs), "Units": "s"],
            "key": ["Description": "The tap key's protocol name (space, j, …)"],
            "block": ["Description": "1-based number of the block the press fell in; n/a before the first block and after the last"],
            "block_label": ["Description": "Label of that block"],
            "iti": ["Description": "Seconds since the previous counted tap of the same block; n/a for the first counted tap and for presses not counted", "Units": "s"],
            "beat_offset": ["Description": "Signed seconds from the nearest metronome beat (negative = before it); n/a without a metronome", "Units": "s"],
            "autorepeat": ["Description": "true when the press is keyboard auto-repeat from a held key", "Levels": ["true": "auto-repeat", "false": "a separate press"]],
            "in_block": ["Description": "true when the press fell in a running tapping block", "Levels": ["true": "in a tapping block", "false": "before the start, in rest, or while paused"]],
        ]
        let kind = manifest.input.kind
        sidecar["InputKind"] = kind == "synthetic" ? "synthetic (tapnirs --autotap \(manifest.input.autotapProfile ?? "?"))" : kind
        if hasNirs { sidecar["SessionTimeOfFirstSample"] = (firstSample * 1e6).rounded() / 1e6 }
        if let hands = BidsParticipants.handsTested(manifest) { sidecar["TappingHand"] = hands }  // issue 16
        return sidecar
    }

    static func coordsystem(spacing: Double) -> [String: Any] {
        [
            "NIRSCoordinateSystem": "Other",
            "NIRSCoordinateUnits": "mm",
            "NIRSCoordinateSystemDescription": "tapnirs default probe (not measured): a spherical head of radius 90 mm, origin at its centre, "
                + "x to the right, y anterior, z up; optodes alternate D1 S1 D2 S2 … on a line in the coronal plane through Cz, "
                + "\(BidsFiles.millimetres(spacing)) mm apart, centred over C3 (45° from the vertex towards the left ear)",
            "NIRSCoordinateProcessingDescription": "none (nominal positions, the same as sourcePos3D/detectorPos3D in the SNIRF file)",
        ]
    }

    static func nirs(manifest: SessionManifest, layout: NirsLayout, channelCount: Int, sources: Int, detectors: Int,
                     duration: Double, firstSample: Double, samples: Int, spacing: Double) -> [String: Any] {
        let source = manifest.nirs?.source ?? "unknown"
        let manufacturer: String
        switch source {
        case "sim": manufacturer = "tapnirs (simulated)"
        case "replay": manufacturer = "tapnirs (replayed recording)"
        default: manufacturer = "n/a (serial device read by tapnirs)"
        }
        var sidecar: [String: Any] = [
            "TaskName": BidsExport.task,
            "TaskDescription": "Finger tapping: paced (metronome) and self-paced tapping blocks with rest, protocol \(manifest.protocol.file)",
            "Instructions": instructions,
            "SamplingFrequency": layout.rateHz.isFinite && layout.rateHz > 0 ? layout.rateHz as Any : "n/a" as Any,
            "NIRSChannelCount": channelCount,
            "NIRSSourceOptodeCount": sources,
            "NIRSDetectorOptodeCount": detectors,
            "ShortChannelCount": 0,
            "ACCELChannelCount": 0,
            "PowerLineFrequency": "n/a",
            "SoftwareFilters": "n/a",
            "HardwareFilters": "n/a",
            "RecordingDuration": (duration * 1e6).rounded() / 1e6,
            "RecordingType": "continuous",
            "Manufacturer": manufacturer,
            "ManufacturersModelName": manifest.nirs?.sourceDescription ?? source,
            "SoftwareVersions": "tapnirs \(manifest.software.version)",
            "NIRSPlacementScheme": "tapnirs default line layout over C3 (see _coordsystem.json), not measured",
            "SessionTimeOfFirstSample": (firstSample * 1e6).rounded() / 1e6,
        ]
        if source == "sim" {
            sidecar["CapManufacturer"] = "none"
            sidecar["CapManufacturersModelName"] = "n/a"
            sidecar["SourceType"] = "n/a (simulated)"
            sidecar["DetectorType"] = "n/a (simulated)"
        }
        sidecar["SessionStatus"] = manifest.status.rawValue
        if let hands = BidsParticipants.handsTested(manifest) { sidecar["TappingHand"] = hands }  // issue 16
        sidecar["SessionStartTime"] = manifest.startTime
        return sidecar
    }
}
