/// Motion artefacts by Homer3's amplitude/derivative rule, `hmrR_MotionArtifactByChannel`
/// (BUNPC/Homer3, FuncRegistry/UserFunctions; K. Perdue and D. Boas, 2010–2011):
///
/// a channel's sample j is bad when, within the next tMotion, any of its wavelengths changes
/// from its value at j by more than AMPthresh, or by more than STDEVthresh × the standard
/// deviation of that wavelength's sample-to-sample differences; every sample within ±tMask of
/// j + 1 is then masked. Runs of masked samples are the artefacts.
///
/// Homer3 applies it to optical density (`dod`). Only changes of OD enter, and a change of OD
/// is −ln(I(t₂)/I(t₁)) whatever reference the OD was computed with, so the rule gives the same
/// answer on MNE's whole-recording OD, on the live pipeline's OD and on −ln|I| itself.
public struct MotionArtefactSettings: Equatable, Sendable, Codable {
    /// tMotion, s: the window over which a change counts. Homer3's registry default 0.5 s
    /// (`PARAMETERS` of hmrR_MotionArtifactByChannel.m). The "typical" ranges below are from
    /// the help of Homer3's hmrR_MotionArtifact.m: here 0.1–0.5 s.
    public var motionWindowSeconds: Double
    /// tMask, s: masked on each side of a detected change. Homer3's default 1.0 s (typical 0.5–1 s).
    public var maskSeconds: Double
    /// STDEVthresh: Homer3's default 50 (typical 5–20; ≥ 100 turns the criterion off).
    public var standardDeviationThreshold: Double
    /// AMPthresh, in the input's units (OD): Homer3's default 5 (typical 0.01–0.3 OD;
    /// > 100 turns the criterion off).
    public var amplitudeThresholdOD: Double
    /// Live detection only: the differences over which the SD of differences is measured
    /// (robustly, see `MotionArtefactDetector`) before the STDEVthresh criterion is used; until
    /// then only AMPthresh applies. 30 s [choice]: ≥ 230 differences at 7.8 Hz, three
    /// Mayer-wave cycles, and inside the 60 s rest that opens the gentile2019 protocol.
    public var warmUpSeconds: Double

    public init(motionWindowSeconds: Double = 0.5, maskSeconds: Double = 1.0,
                standardDeviationThreshold: Double = 50, amplitudeThresholdOD: Double = 5,
                warmUpSeconds: Double = 30) {
        self.motionWindowSeconds = motionWindowSeconds
        self.maskSeconds = maskSeconds
        self.standardDeviationThreshold = standardDeviationThreshold
        self.amplitudeThresholdOD = amplitudeThresholdOD
        self.warmUpSeconds = warmUpSeconds
    }

    /// round(tMotion · fs) as Homer3 computes it, at least 1 (Homer3 would then detect nothing).
    public func motionWindowSamples(sampleRateHz: Double) -> Int {
        max(1, Self.samples(motionWindowSeconds, sampleRateHz))
    }

    /// round(tMask · fs), Homer3's `art_buffer`.
    public func maskSamples(sampleRateHz: Double) -> Int { max(0, Self.samples(maskSeconds, sampleRateHz)) }

    public func warmUpSamples(sampleRateHz: Double) -> Int { max(2, Self.samples(warmUpSeconds, sampleRateHz)) }

    /// MATLAB's round (half away from zero) of seconds × rate, guarded against non-finite input.
    static func samples(_ seconds: Double, _ rateHz: Double) -> Int {
        let value = (seconds * rateHz).rounded()
        return value.isFinite ? Int(max(-1e9, min(1e9, value))) : 0
    }
}

/// One channel's artefact: a run of masked samples.
public struct MotionArtefact: Equatable, Sendable {
    /// Channel index in the layout.
    public var channel: Int
    /// First and last masked sample (inclusive), counted from the stream's first sample (0).
    public var firstSample: Int
    public var lastSample: Int
    public var firstTime: MonoTime
    public var lastTime: MonoTime
    /// The largest change within tMotion (any wavelength, input units: OD) among the changes
    /// that crossed a threshold.
    public var largestChangeOD: Double
    /// The largest such change in units of its wavelength's SD of differences (nil while no SD was known).
    public var largestChangeInDifferenceSDs: Double?

    public init(channel: Int, firstSample: Int, lastSample: Int, firstTime: MonoTime, lastTime: MonoTime,
                largestChangeOD: Double, largestChangeInDifferenceSDs: Double?) {
        self.channel = channel
        self.firstSample = firstSample
        self.lastSample = lastSample
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.largestChangeOD = largestChangeOD
        self.largestChangeInDifferenceSDs = largestChangeInDifferenceSDs
    }

    public var sampleCount: Int { lastSample - firstSample + 1 }

    public func contains(sample: Int) -> Bool { sample >= firstSample && sample <= lastSample }
}

/// Homer3's rule over a whole recording (offline).
public enum MotionArtefactRule {
    /// The artefacts of every channel, ordered by channel then first sample; equal to the runs
    /// of zeros in Homer3's `tIncCh` (all channels active, nothing excluded by hand).
    ///
    /// - Parameters:
    ///   - measurements: one OD series per measurement in layout order (channel-major,
    ///     `wavelengthsPerChannel` per channel), all the same length.
    ///   - sampleRateHz: Homer3 takes 1/(t₂ − t₁); pass the recording's rate.
    public static func artefacts(opticalDensity measurements: [[Double]], wavelengthsPerChannel: Int,
                                 sampleRateHz: Double,
                                 settings: MotionArtefactSettings = MotionArtefactSettings()) -> [MotionArtefact] {
        guard wavelengthsPerChannel > 0, let length = measurements.first?.count,
              measurements.allSatisfy({ $0.count == length }) else { return [] }
        var detector = MotionArtefactDetector(
            channelCount: measurements.count / wavelengthsPerChannel, wavelengthsPerChannel: wavelengthsPerChannel,
            sampleRateHz: sampleRateHz, settings: settings,
            differenceStandardDeviations: measurements.map(differenceStandardDeviation))
        var found: [MotionArtefact] = []
        for t in 0..<length {
            let time = MonoTime.seconds(Double(t) / sampleRateHz)
            found += detector.add(values: measurements.map { $0[t] }, at: time).compactMap(\.ended)
        }
        found += detector.finish().compactMap(\.ended)
        return found.sorted { ($0.channel, $0.firstSample) < ($1.channel, $1.firstSample) }
    }

    /// Homer3's `std_diff`: the sample SD (n − 1) of the first differences; 0 for < 3 samples.
    public static func differenceStandardDeviation(_ series: [Double]) -> Double {
        guard series.count >= 3 else { return 0 }
        return sampleStandardDeviation((1..<series.count).map { series[$0] - series[$0 - 1] })
    }

    /// MATLAB's `std(x)`: two-pass, divided by n − 1; 0 for fewer than two values.
    static func sampleStandardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Per channel, per sample: true where an artefact masks it (Homer3's `tIncCh == 0`).
    public static func mask(_ artefacts: [MotionArtefact], channelCount: Int, sampleCount: Int) -> [[Bool]] {
        var mask = [[Bool]](repeating: [Bool](repeating: false, count: sampleCount), count: channelCount)
        for artefact in artefacts where mask.indices.contains(artefact.channel) {
            let first = max(0, artefact.firstSample), last = min(sampleCount - 1, artefact.lastSample)
            if first <= last { for t in first...last { mask[artefact.channel][t] = true } }
        }
        return mask
    }
}
