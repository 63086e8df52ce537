/// What the subject is doing at one instant, computed by the caller from the protocol and the live
/// taps; the simulator's only input besides its configuration.
public struct TaskActivity: Equatable, Sendable {
    /// A tapping block is running.
    public var tapping: Bool
    /// The block is a fast block (self-paced, label `fast` or pace ≥ 3 Hz) — the caller decides.
    public var fast: Bool
    /// Seconds since the tapping block began (drives the `fading` profile's decay).
    public var secondsIntoBlock: Double
    /// Tapping rate measured from recent taps; nil when nobody taps, and then the block's nominal
    /// amplitude applies (0.4 µM slow, 0.7 µM fast).
    public var tapRateHz: Double?

    /// Not tapping.
    public static let rest = TaskActivity(tapping: false, fast: false, secondsIntoBlock: 0, tapRateHz: nil)

    public init(tapping: Bool, fast: Bool, secondsIntoBlock: Double, tapRateHz: Double? = nil) {
        self.tapping = tapping
        self.fast = fast
        self.secondsIntoBlock = secondsIntoBlock
        self.tapRateHz = tapRateHz
    }
}
