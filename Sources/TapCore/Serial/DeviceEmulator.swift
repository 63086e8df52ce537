/// The pure half of `tapnirs emulate`: the simulator stepped through a block timeline with no
/// subject (each block's nominal response), written as serial lines, with corrupt lines mixed
/// in at a given rate. The command only paces it and writes the text.
public struct DeviceEmulator: Sendable {
    var simulator: PhysiologySimulator
    let blocks: [Block]
    let repeatBlocks: Bool
    let garbage: Double
    let checksum: Bool
    var random: SeededGenerator
    public private(set) var samplesSent = 0
    public private(set) var garbageSent: [SerialReject: Int] = [:]
    /// Times the port went away (counted by the command).
    public var lost = 0

    public init(configuration: PhysiologySimulator.Configuration, blocks: [Block], repeatBlocks: Bool, garbage: Double,
                checksum: Bool, seed: UInt64) {
        simulator = PhysiologySimulator(configuration)
        self.blocks = blocks
        self.repeatBlocks = repeatBlocks
        self.garbage = garbage
        self.checksum = checksum
        random = SeededGenerator(seed: seed, stream: 0x6761_7262)  // "garb"
    }

    public var layout: NirsLayout { simulator.layout }
    /// When the next sample is due, from the stream's start.
    public var nextOffset: Span { simulator.offsetOfSample(simulator.sampleIndex) }

    public func header() -> String {
        SerialLineWriter.headerLines(layout, distanceCentimetres: simulator.configuration.distanceCentimetres).joined()
    }

    /// The next sample's line, preceded by a corrupt line with probability `garbage`.
    public mutating func nextLines() -> String {
        let offset = nextOffset
        var text = ""
        if garbage > 0, random.unit() < garbage {
            let kinds = SerialLineWriter.midStreamRejects(for: layout)
            let kind = kinds[Int(random.next() % UInt64(kinds.count))]
            text += SerialLineWriter.corruptLine(kind: kind, layout: layout, using: &random)
            garbageSent[kind, default: 0] += 1
        }
        let values = simulator.nextSample(activity: activity(at: offset.seconds))
        text += SerialLineWriter.dataLine(deviceTimeMilliseconds: (offset.seconds * 1000).rounded(),
                                          values: values, checksum: checksum)
        samplesSent += 1
        return text
    }

    /// The nominal activity at `seconds` from the start of the timeline.
    public func activity(at seconds: Double) -> TaskActivity {
        let total = blocks.reduce(0) { $0 + $1.durationSeconds }
        guard total > 0 else { return .rest }
        var t = seconds
        if repeatBlocks { t = t.truncatingRemainder(dividingBy: total) } else if t >= total { return .rest }
        for block in blocks {
            if t < block.durationSeconds {
                guard block.kind == .tap else { return .rest }
                return TaskActivity(tapping: true, fast: Session.isFast(block), secondsIntoBlock: t)
            }
            t -= block.durationSeconds
        }
        return .rest
    }

    /// One line for the terminal: what was sent.
    public func report(seconds: Double) -> String {
        let kinds = SerialReject.allCases.compactMap { kind in garbageSent[kind].map { "\(kind.rawValue)=\($0)" } }
        let total = garbageSent.values.reduce(0, +)
        return "emulate: sent \(samplesSent) samples and \(total) corrupt lines"
            + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: " ") + ")")
            + " in \(FixedDecimal.format(seconds: seconds, digits: 1)) s" + (lost > 0 ? "; port lost \(lost) times" : "")
    }
}
