/// One metronome beat, scheduled at an absolute time: `blockStart + index · period`.
///
/// Beats are never derived from the previous beat's emission time, so a late wake-up
/// delays one click, not every click after it.
public struct Beat: Equatable, Sendable {
    /// Index of the block in `SessionProtocol.blocks`.
    public var blockIndex: Int
    /// 0-based index within the block.
    public var index: Int
    /// When the beat is due on the monotonic clock.
    public var time: MonoTime
    public var audible: Bool
    public var visual: Bool
    /// First beat of a block (a later issue may give it an accented click).
    public var isAccent: Bool { index == 0 }

    public init(blockIndex: Int, index: Int, time: MonoTime, audible: Bool, visual: Bool) {
        self.blockIndex = blockIndex
        self.index = index
        self.time = time
        self.audible = audible
        self.visual = visual
    }
}
