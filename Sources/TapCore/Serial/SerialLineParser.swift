/// tapnirs' serial line format, from bytes to samples (docs/serial-format.md).
///
/// Pure and incremental: feed it whatever `read()` returned, get back headers, samples and
/// rejections in order. Bad lines are counted and skipped; the lines around them are kept.
/// A `#tapnirs-serial` line starts a new header (a device reset re-synchronises).
public struct SerialLineParser: Sendable {
    public static let maximumLineBytes = 4096

    public private(set) var rejectCounts: [SerialReject: Int] = [:]
    public private(set) var header: SerialHeader?
    public private(set) var samples = 0

    var pending: [UInt8] = []
    var discardingLongLine = false
    var draft = Draft()
    var announced = false

    public init() {}

    /// Parses every complete line in `bytes` (a partial last line waits for the next call).
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SerialEvent] {
        var events: [SerialEvent] = []
        for byte in bytes {
            if byte == 0x0A {
                if discardingLongLine {
                    discardingLongLine = false
                } else {
                    line(pending, into: &events)
                }
                pending.removeAll(keepingCapacity: true)
                continue
            }
            if discardingLongLine { continue }
            pending.append(byte)
            if pending.count > Self.maximumLineBytes {
                reject(.tooLong, into: &events)
                pending.removeAll(keepingCapacity: true)
                discardingLongLine = true
            }
        }
        return events
    }

    /// Forgets a half-received line (the port closed mid-line); the header stays, so a device
    /// that comes back without a reset carries on.
    public mutating func discardPartialLine() {
        pending.removeAll(keepingCapacity: true)
        discardingLongLine = false
    }

    /// Total lines skipped, all reasons.
    public var rejectedTotal: Int { rejectCounts.values.reduce(0, +) }

    mutating func reject(_ reason: SerialReject, into events: inout [SerialEvent]) {
        rejectCounts[reason, default: 0] += 1
        events.append(.rejected(reason))
    }

    mutating func line(_ raw: [UInt8], into events: inout [SerialEvent]) {
        var bytes = raw[...]
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        if bytes.isEmpty { return }
        guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) else {
            reject(.notASCII, into: &events)
            return
        }
        if let star = bytes.lastIndex(of: UInt8(ascii: "*")) {
            let suffix = bytes[(star + 1)...]
            guard suffix.count == 2, let expected = UInt8(String(decoding: suffix, as: UTF8.self), radix: 16),
                  bytes[..<star].reduce(0, ^) == expected else {
                reject(.badChecksum, into: &events)
                return
            }
            bytes = bytes[..<star]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.first == UInt8(ascii: "#") {
            headerLine(text, into: &events)
        } else {
            dataLine(text, into: &events)
        }
    }

    /// Header fields as they arrive, in any order after `#tapnirs-serial`.
    struct Draft: Sendable {
        var version: Int?
        var rate: Double?
        var kind: SerialHeader.Kind?
        var wavelengths: [Double]?
        var channels: [String]?
        var distance: Double?

        var complete: SerialHeader? {
            guard let version, let rate, let kind, let channels else { return nil }
            let wavelengths = self.wavelengths ?? []
            guard kind == .hb || !wavelengths.isEmpty else { return nil }
            return SerialHeader(version: version, rateHz: rate, kind: kind, wavelengths: kind == .hb ? [] : wavelengths,
                                channels: channels, distanceCentimetres: distance)
        }
    }

    mutating func headerLine(_ text: String, into events: inout [SerialEvent]) {
        let words = text.dropFirst().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let key = words.first else { return }  // a bare `#` is a comment
        let arguments = Array(words.dropFirst())
        func positive(_ word: String) -> Double? { Double(word).flatMap { $0.isFinite && $0 > 0 ? $0 : nil } }
        switch key {
        case "tapnirs-serial":
            guard arguments.count == 1, let version = Int(arguments[0]), version == 1 else {
                reject(.badHeader, into: &events)
                return
            }
            draft = Draft(version: version)  // a new stream: forget the old header
            header = nil
            announced = false
        case "rate":
            guard arguments.count == 1, let rate = positive(arguments[0]) else { return reject(.badHeader, into: &events) }
            draft.rate = rate
        case "kind":
            guard arguments.count == 1, let kind = SerialHeader.Kind(rawValue: arguments[0]) else {
                return reject(.badHeader, into: &events)
            }
            draft.kind = kind
        case "wavelengths":
            let values = arguments.compactMap(positive)
            guard !values.isEmpty, values.count == arguments.count else { return reject(.badHeader, into: &events) }
            draft.wavelengths = values
        case "channels":
            guard !arguments.isEmpty, Set(arguments).count == arguments.count else { return reject(.badHeader, into: &events) }
            draft.channels = arguments
        case "distance":
            guard arguments.count == 1, let distance = positive(arguments[0]) else { return reject(.badHeader, into: &events) }
            draft.distance = distance
        default:
            break  // other `#` lines are comments: devices may say more than we read
        }
        let updated = draft.version == nil ? nil : draft.complete
        if updated != header { announced = false }  // a changed header is announced again
        header = updated
    }

    mutating func dataLine(_ text: String, into events: inout [SerialEvent]) {
        guard let header else { return reject(.noHeader, into: &events) }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 1 + header.valuesPerLine else { return reject(.wrongFieldCount, into: &events) }
        var numbers: [Double] = []
        numbers.reserveCapacity(fields.count)
        for field in fields {
            let trimmed = field.trimmingSpaces()
            guard let value = Double(trimmed), !trimmed.isEmpty else { return reject(.notANumber, into: &events) }
            guard value.isFinite else { return reject(.notFinite, into: &events) }
            numbers.append(value)
        }
        let values = Array(numbers.dropFirst())
        if header.kind == .intensity, values.contains(where: { $0 <= 0 }) {
            return reject(.nonPositiveIntensity, into: &events)
        }
        if !announced {
            announced = true
            events.append(.header(header))
        }
        samples += 1
        events.append(.sample(SerialSample(deviceTimeMilliseconds: numbers[0], values: values, text: text)))
    }
}

extension Substring {
    /// Spaces and tabs around a field (the serial format allows them). Public so that the
    /// serial source trims the fields it records exactly as this parser does.
    public func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
