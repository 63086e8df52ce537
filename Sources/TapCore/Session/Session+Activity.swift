extension Session {
    /// What the subject is doing at `time`, for the simulator: the tapping block running then
    /// (rest, pause and the ready screen are rest) and the rate of the recent taps.
    ///
    /// Nobody tapping at all in the session (a demo without a subject) gives the block's nominal
    /// response; a subject who has tapped before but stops in this block gives rate 0 after 2 s.
    public func taskActivity(at time: MonoTime) -> TaskActivity {
        guard phase == .running, blockIndex < definition.blocks.count, time >= blockStart else { return .rest }
        let block = definition.blocks[blockIndex]
        guard block.kind == .tap else { return .rest }
        let into = (time - blockStart).seconds
        let taps = tapTimes[blockIndex].filter { $0 <= into }
        var rate: Double?
        if !taps.isEmpty {
            rate = LiveTapRate.rate(tapTimes: taps, now: into) ?? 0
        } else if tapTimes[..<blockIndex].contains(where: { !$0.isEmpty }), into > 2 {
            rate = 0
        }
        return TaskActivity(tapping: true, fast: Self.isFast(block), secondsIntoBlock: into, tapRateHz: rate)
    }

    /// Self-paced, paced at 3 Hz or more, or labelled `fast`: the blocks where Gentile 2019 saw the fade.
    public static func isFast(_ block: Block) -> Bool {
        switch block.pace {
        case .selfPaced: return true
        case .hz(let hz) where hz >= 3: return true
        default: return block.label.lowercased().contains("fast")
        }
    }
}
