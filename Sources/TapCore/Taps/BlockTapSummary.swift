/// The per-block tapping figures shown on the summary screen and written to `summary.json`.
///
/// Only counted taps (in the block, not auto-repeat) enter any figure. A figure that
/// needs more taps than the block had is nil (written as JSON `null`).
public struct BlockTapSummary: Equatable, Sendable, Codable {
    public var blockIndex: Int
    public var label: String
    public var kind: Block.Kind
    public var durationSeconds: Double
    /// The metronome pace for paced blocks, nil for self-paced and rest blocks.
    public var targetRateHz: Double?
    /// Counted taps.
    public var taps: Int
    /// Presses recognised as keyboard auto-repeat (recorded, not counted).
    public var autorepeats: Int
    /// Counted taps per second over the span from the first to the last tap: (n − 1) / (t_last − t_first).
    public var rateHz: Double?
    public var itiMeanSeconds: Double?
    /// Coefficient of variation of the inter-tap intervals (SD / mean, sample SD).
    public var itiCV: Double?
    /// Mean signed tap-to-nearest-beat offset (negative = ahead of the beat); paced blocks only.
    public var meanAsynchronySeconds: Double?
    public var sdAsynchronySeconds: Double?
    /// Rate over the first and last third of the block's duration (taps in the third / its length).
    public var firstThirdRateHz: Double?
    public var lastThirdRateHz: Double?
    /// 1 − lastThird/firstThird: the share of the early rate lost by the end (positive = slowing).
    public var fatigueIndex: Double?

    /// `itiCV` is stored as `itiCv` so that `summary.json`'s snake-case key `iti_cv` reads back
    /// (JSONDecoder's snake-case conversion gives `itiCv`); the file is unchanged.
    enum CodingKeys: String, CodingKey {
        case blockIndex, label, kind, durationSeconds, targetRateHz, taps, autorepeats, rateHz, itiMeanSeconds
        case itiCV = "itiCv"
        case meanAsynchronySeconds, sdAsynchronySeconds, firstThirdRateHz, lastThirdRateHz, fatigueIndex
    }

    public init(blockIndex: Int, label: String, kind: Block.Kind, durationSeconds: Double, targetRateHz: Double?,
                taps: Int, autorepeats: Int, rateHz: Double?, itiMeanSeconds: Double?, itiCV: Double?,
                meanAsynchronySeconds: Double?, sdAsynchronySeconds: Double?,
                firstThirdRateHz: Double?, lastThirdRateHz: Double?, fatigueIndex: Double?) {
        self.blockIndex = blockIndex
        self.label = label
        self.kind = kind
        self.durationSeconds = durationSeconds
        self.targetRateHz = targetRateHz
        self.taps = taps
        self.autorepeats = autorepeats
        self.rateHz = rateHz
        self.itiMeanSeconds = itiMeanSeconds
        self.itiCV = itiCV
        self.meanAsynchronySeconds = meanAsynchronySeconds
        self.sdAsynchronySeconds = sdAsynchronySeconds
        self.firstThirdRateHz = firstThirdRateHz
        self.lastThirdRateHz = lastThirdRateHz
        self.fatigueIndex = fatigueIndex
    }
}
