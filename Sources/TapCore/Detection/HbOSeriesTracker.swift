/// The HbO detectors' state for one series (a channel or the motor average) in one block.
struct HbOSeriesTracker: Sendable {
    let channel: String?
    let judgesNoActivation: Bool

    // CBSI: running mean and sum of squared deviations of HbO and HbR (Welford).
    var count = 0
    var hboMean = 0.0, hboM2 = 0.0, hbrMean = 0.0, hbrM2 = 0.0
    /// The session's differences for α (`CbsiWeight`), continued with this block's samples.
    var alphaSums = CbsiWeight.Sums()
    var window: SlidingMean?
    // modelDrop: its means now and `dropLagSeconds` ago; the residual level
    // before the drop that raised the flag; when the drop first passed half its limit.
    var drop: LaggedMean?
    var dropLevel: Double?
    var dropSoftSince: Double?
    /// The RMS of the drop statistic in the session's rests (`RestNoise`), µM; nil: unknown.
    var restNoise: Double?
    // Least-squares fits of z ≈ a·m: over the amplitude window, and from its start to now.
    var fitZM = 0.0, fitMM = 0.0
    var allZM = 0.0, allMM = 0.0
    var peakSmoothed = -Double.infinity
    /// An amplitude carried from earlier blocks of the same kind, and how many blocks it averages.
    var carried: (amplitude: Double, blocks: Int)?
    // modelCusum: the deficit sum, the recovery sum, where the sum last left zero (s into the block).
    var cusum = 0.0, recovery = 0.0
    var cusumStart: Double?
    var lastT: Double?
    // Flags.
    var fade: FadeFlag?
    var belowSince: Double?
    var softSince: Double?
    var aboveSince: Double?
    var silent: FadeFlag?
    var noActivationJudged = false
    /// The session was too noisy to tell a missing rise (`noActivationMaximumFloorMicromolar`).
    var noActivationUnjudgeable = false
    var firstFade: FadeFlag?
    var everSilent = false

    static let defaultAlpha = 3.0
    static let alphaRange = 1.0...10.0

    init(channel: String?, judgesNoActivation: Bool) {
        self.channel = channel
        self.judgesNoActivation = judgesNoActivation
    }

    /// The fitted amplitude over the amplitude window, nil before it has data.
    var amplitude: Double? { fitMM > 0 ? fitZM / fitMM : nil }
    var amplitudeSoFar: Double? { allMM > 0 ? allZM / allMM : nil }

    /// The amplitude a fade is judged against: the block's own fit, blended with a carried one.
    func referenceAmplitude(_ s: HbOFadeSettings) -> Double? {
        guard let carried else { return amplitude }
        let n = Double(max(1, carried.blocks))
        guard let own = amplitude, s.ownAmplitudeWeight > 0 else { return carried.amplitude }
        return (s.ownAmplitudeWeight * own + n * carried.amplitude) / (s.ownAmplitudeWeight + n)
    }

    /// The judged value of this sample: HbO, or (HbO − α·HbR) / 2 with α = SD(ΔHbO)/SD(ΔHbR) over
    /// the session and the block so far (`CbsiWeight`), or SD(HbO)/SD(HbR) of the block so far
    /// while the session has too few samples.
    mutating func signal(hbo: Double, hbr: Double?, settings: HbOFadeSettings) -> Double {
        guard settings.signal == .cbsi, let hbr, hbr.isFinite else { return hbo }
        count += 1
        let n = Double(count)
        let dO = hbo - hboMean
        hboMean += dO / n
        hboM2 += dO * (hbo - hboMean)
        let dR = hbr - hbrMean
        hbrMean += dR / n
        hbrM2 += dR * (hbr - hbrMean)
        alphaSums.add(hbo: hbo, hbr: hbr)
        if let alpha = alphaSums.alpha { return Self.cbsi(hbo: hbo, hbr: hbr, alpha: alpha) }
        var alpha = Self.defaultAlpha
        if count >= 8, hbrM2 > 0 {
            alpha = min(max((hboM2 / hbrM2).squareRoot(), Self.alphaRange.lowerBound), Self.alphaRange.upperBound)
        }
        return Self.cbsi(hbo: hbo, hbr: hbr, alpha: alpha)
    }

    /// CBSI's judged value (Cui, Bray & Reiss 2010): (HbO − α·HbR) / 2.
    static func cbsi(hbo: Double, hbr: Double, alpha: Double) -> Double { (hbo - alpha * hbr) / 2 }

    /// One sample, `t` seconds into the block with expected response `m`; returns new events.
    mutating func step(t: Double, time: MonoTime, blockStart: MonoTime, z: Double, m: Double,
                       settings s: HbOFadeSettings, suppressed: Bool = false) -> [FadeEvent] {
        guard z.isFinite else { return [] }
        let dt = lastT.map { max(0, t - $0) } ?? 0
        lastT = t
        // Mutated in place through the optionals (a copy out and back would copy the arrays each sample).
        if window == nil { window = SlidingMean(seconds: s.smoothingSeconds) }
        let (smoothedZ, smoothedM) = window!.add(t: t, z: z, m: m)
        if s.method == .modelDrop {
            if drop == nil { drop = LaggedMean(smoothingSeconds: s.dropSmoothingSeconds, lagSeconds: s.dropLagSeconds) }
            drop!.add(t: t, z: z, m: m)
        }
        if t >= s.amplitudeStartSeconds {
            allZM += z * m
            allMM += m * m
            if t <= s.amplitudeEndSeconds {
                fitZM += z * m
                fitMM += m * m
            }
        }
        var events: [FadeEvent] = []
        // No activation, judged once.
        if judgesNoActivation, !noActivationJudged, t >= s.noActivationSeconds {
            noActivationJudged = true
            let a = amplitudeSoFar ?? 0
            let floor = max(s.dropMinimumMicromolar, s.dropNoiseMultiple * (restNoise ?? 0))
            if floor > s.noActivationMaximumFloorMicromolar { noActivationUnjudgeable = true }
            if a < s.activationMicromolar, !noActivationUnjudgeable {
                let flag = FadeFlag(kind: .noActivationHbO, channel: channel, onset: blockStart, raisedAt: time,
                                    magnitude: a,
                                    detail: "amplitude_um=" + DetailFormat.number(a) + ";threshold_um="
                                        + DetailFormat.number(s.activationMicromolar) + ";at_s="
                                        + DetailFormat.number(s.noActivationSeconds, digits: 1))
                silent = flag
                everSilent = true
                events.append(.raised(flag))
            }
        } else if let flag = silent, let a = amplitudeSoFar, a > 1.5 * s.activationMicromolar {
            silent = nil
            events.append(.cleared(flag, at: time))
        }
        peakSmoothed = max(peakSmoothed, smoothedZ)
        guard t >= s.riseSeconds else { return events }
        // A motion artefact in what this sample's statistics look at: no judgement, no half-made run.
        if suppressed {
            belowSince = nil
            softSince = nil
            dropSoftSince = nil
            aboveSince = nil
            return events
        }
        // The comparison: ratio to the expected response, or to the block's peak.
        let reference: Double, fadeLimit: Double, softLimit: Double, clearLimit: Double
        switch s.method {
        case .modelDrop:
            guard let a = referenceAmplitude(s), a >= s.minimumAmplitudeMicromolar else { return events }
            return events + dropStep(t: t, time: time, blockStart: blockStart, amplitude: a, settings: s)
        case .modelCusum:
            guard let a = referenceAmplitude(s), a >= s.minimumAmplitudeMicromolar, smoothedM > 0 else { return events }
            return events + cusumStep(t: t, dt: dt, time: time, blockStart: blockStart, z: smoothedZ,
                                      reference: a * smoothedM, settings: s)
        case .modelRatio:
            guard let a = referenceAmplitude(s), a >= s.minimumAmplitudeMicromolar, smoothedM > 0 else { return events }
            reference = a * smoothedM
            fadeLimit = 1 - s.fadeFraction
            softLimit = 1 - s.fadeFraction / 2
            clearLimit = 1 - s.clearFraction
        case .threshold:
            guard peakSmoothed >= s.minimumAmplitudeMicromolar else { return events }
            reference = peakSmoothed
            fadeLimit = 1 - s.peakDropFraction
            softLimit = 1 - s.peakDropFraction / 2
            clearLimit = 1 - s.peakDropFraction / 2
        }
        let ratio = smoothedZ / reference
        if let flag = fade {
            if heldAbove(ratio > clearLimit, t: t, seconds: s.clearHoldSeconds) {
                fade = nil
                belowSince = nil
                softSince = nil
                events.append(.cleared(flag, at: time))
            }
            return events
        }
        if ratio < softLimit {
            if softSince == nil { softSince = t }
        } else {
            softSince = nil
        }
        guard ratio < fadeLimit, reference - smoothedZ >= s.minimumDeficitMicromolar else {
            belowSince = nil
            return events
        }
        if belowSince == nil { belowSince = t }
        guard let since = belowSince, t - since >= s.holdSeconds else { return events }
        // The window mean lags the signal by half the window.
        let onsetSeconds = max(0, (softSince ?? since) - s.smoothingSeconds / 2)
        let method = s.method.label
        let flag = FadeFlag(kind: .fadeHbO, channel: channel, onset: blockStart + .seconds(onsetSeconds), raisedAt: time,
                            magnitude: ratio - 1,
                            detail: "method=" + method + ";reference_um=" + DetailFormat.number(reference)
                                + ";now_um=" + DetailFormat.number(smoothedZ) + ";signal=" + s.signal.rawValue)
        fade = flag
        if firstFade == nil { firstFade = flag }
        events.append(.raised(flag))
        return events
    }

    /// Whether `above` has held for `seconds` (the clearing hold); resets when it does not hold,
    /// and once it has held (the flag clears).
    mutating func heldAbove(_ above: Bool, t: Double, seconds: Double) -> Bool {
        guard above else {
            aboveSince = nil
            return false
        }
        if aboveSince == nil { aboveSince = t }
        guard let since = aboveSince, t - since >= seconds else { return false }
        aboveSince = nil
        return true
    }

    /// `modelDrop`: the residual r̄ = z̄ − a·m̄ now against `dropLagSeconds` ago. Raise when it fell by
    /// more than max(`dropFraction` · a·m̄, `dropMinimumMicromolar`, `dropNoiseMultiple` × the rests'
    /// RMS of the same change) for `dropHoldSeconds`; keep the
    /// level it fell from and clear when r̄ is back within `clearFraction` · a·m̄ of it for
    /// `clearHoldSeconds`. Onset: when the drop first passed half its limit, minus half the window.
    mutating func dropStep(t: Double, time: MonoTime, blockStart: MonoTime, amplitude a: Double,
                           settings s: HbOFadeSettings) -> [FadeEvent] {
        guard let means = drop, let now = means.now else { return [] }
        let residual = now.z - a * now.m
        let expected = a * now.m
        if let flag = fade, let level = dropLevel {
            guard heldAbove(residual > level - s.clearFraction * max(expected, 0), t: t, seconds: s.clearHoldSeconds)
            else { return [] }
            fade = nil
            dropLevel = nil
            belowSince = nil
            dropSoftSince = nil
            return [.cleared(flag, at: time)]
        }
        guard let before = means.lagged(now: t) else { return [] }
        let levelBefore = before.z - a * before.m
        let drop = residual - levelBefore
        let floor = max(s.dropMinimumMicromolar, s.dropNoiseMultiple * (restNoise ?? 0))
        // A fall the noise hides must be larger than the whole response: that is not a fade of the
        // response, and on a real head it is noise (docs/fade-detection.md). Such a block is not judged.
        guard floor < a else {
            belowSince = nil
            dropSoftSince = nil
            return []
        }
        let limit = max(s.dropFraction * expected, floor)
        if drop < -limit / 2 {
            if dropSoftSince == nil { dropSoftSince = t }
        } else {
            dropSoftSince = nil
        }
        guard drop < -limit else {
            belowSince = nil
            return []
        }
        if belowSince == nil { belowSince = t }
        guard let since = belowSince, t - since >= s.dropHoldSeconds else { return [] }
        let onsetSeconds = max(0, (dropSoftSince ?? since) - s.dropSmoothingSeconds / 2)
        let magnitude = expected > 0 ? drop / expected : -1
        let flag = FadeFlag(kind: .fadeHbO, channel: channel, onset: blockStart + .seconds(onsetSeconds), raisedAt: time,
                            magnitude: max(-1, magnitude),
                            detail: "method=" + s.method.label + ";drop_um=" + DetailFormat.number(-drop)
                                + ";expected_um=" + DetailFormat.number(expected) + ";now_um=" + DetailFormat.number(now.z)
                                + ";floor_um=" + DetailFormat.number(floor)
                                + ";lag_s=" + DetailFormat.number(s.dropLagSeconds, digits: 1) + ";signal=" + s.signal.rawValue)
        fade = flag
        dropLevel = levelBefore
        aboveSince = nil
        if firstFade == nil { firstFade = flag }
        return [.raised(flag)]
    }

    /// `modelCusum`: S ← max(0, S + (x − k)·dt) with x = 1 − z̄/ref (clipped to [−1, 1]) and
    /// k = fadeFraction / 2; raise when S > h; clear when the mirror sum of (k − x)·dt exceeds h.
    mutating func cusumStep(t: Double, dt: Double, time: MonoTime, blockStart: MonoTime, z: Double, reference: Double,
                            settings s: HbOFadeSettings) -> [FadeEvent] {
        let x = min(1, max(-1, 1 - z / reference))
        let k = s.fadeFraction / 2
        if let flag = fade {
            recovery = max(0, recovery + (k - x) * dt)
            guard recovery > s.cusumThreshold else { return [] }
            fade = nil
            recovery = 0
            cusum = 0
            cusumStart = nil
            return [.cleared(flag, at: time)]
        }
        let before = cusum
        cusum = max(0, cusum + (x - k) * dt)
        if before == 0, cusum > 0 { cusumStart = t - dt }
        if cusum == 0 { cusumStart = nil }
        guard cusum > s.cusumThreshold, reference - z >= s.minimumDeficitMicromolar else { return [] }
        let onsetSeconds = max(0, (cusumStart ?? t) - s.smoothingSeconds / 2)
        let flag = FadeFlag(kind: .fadeHbO, channel: channel, onset: blockStart + .seconds(onsetSeconds), raisedAt: time,
                            magnitude: z / reference - 1,
                            detail: "method=" + s.method.label + ";reference_um=" + DetailFormat.number(reference)
                                + ";now_um=" + DetailFormat.number(z) + ";signal=" + s.signal.rawValue
                                + ";h=" + DetailFormat.number(s.cusumThreshold))
        fade = flag
        recovery = 0
        if firstFade == nil { firstFade = flag }
        return [.raised(flag)]
    }
}
