#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded simulated fNIRS subject doing the finger-tapping test: raw light intensities at two
/// wavelengths per channel, one sample at a time, from what the subject does at that instant.
///
/// Pure: no I/O, no clock, no unseeded randomness. The same configuration and the same sequence of
/// `TaskActivity` give bit-identical samples; the noise never depends on the activity or the
/// profile, so two profiles of one seed differ only where a fast block fades. See docs/simulator.md.
///
/// Per sample n (rate f):
/// 1. neural drive d[n] from the activity and profile (`NeuralDrive`, µM HbO at steady state);
/// 2. task HbO r[n] = Σ_k h[k] d[n−k] with h SPM's canonical HRF sampled at f and normalised to
///    sum 1 (`CanonicalHRF`, SCIENCE.md §4), one convolution shared by all channels; per channel
///    HbO = gain · r[n], HbR = −0.33 · HbO (SCIENCE.md §4: published range −0.1 to −0.5) [choice];
/// 3. plus `PhysiologicalNoise` (AR background, cardiac, respiration, Mayer, drift);
/// 4. OD at λ₁, λ₂ from the modified Beer–Lambert forward model (`BeerLambert.opticalDensities`,
///    Prahl ε, 0.2303, the channel's distance, ppf 6 — MNE's defaults, SCIENCE.md §3) plus white
///    instrument noise per wavelength; intensity I_λ = I₀_λ · exp(−OD_λ), so MNE's
///    `optical_density` + `beer_lambert_law(ppf=6)` recovers the simulated HbO/HbR (up to a
///    constant per channel set by the reference intensity).
///
/// Cost per sample: one convolution of 32 s × f taps, then per channel two AR(10) steps, six
/// normal deviates and two `exp` — 128 channels at 100 Hz is well within one core. The only
/// allocation is the returned array.
public struct PhysiologySimulator: Sendable {
    public struct Configuration: Equatable, Sendable {
        public var channelCount: Int
        /// NIRx-like 7.8125 Hz by default (SCIENCE.md §4).
        public var rateHz: Double
        /// Nominal wavelengths, nm (760/850 nm by default, NIRx).
        public var wavelengths: (Double, Double)
        /// Source–detector distance of every channel, cm.
        public var distanceCentimetres: Double
        public var profile: SimulationProfile
        public var seed: UInt64

        public init(channelCount: Int = 8, rateHz: Double = 7.8125, wavelengths: (Double, Double) = (760, 850),
                    distanceCentimetres: Double = 3, profile: SimulationProfile = .healthy, seed: UInt64 = 1) {
            self.channelCount = channelCount
            self.rateHz = rateHz
            self.wavelengths = wavelengths
            self.distanceCentimetres = distanceCentimetres
            self.profile = profile
            self.seed = seed
        }

        public static func == (lhs: Configuration, rhs: Configuration) -> Bool {
            lhs.channelCount == rhs.channelCount && lhs.rateHz == rhs.rateHz
                && lhs.wavelengths.0 == rhs.wavelengths.0 && lhs.wavelengths.1 == rhs.wavelengths.1
                && lhs.distanceCentimetres == rhs.distanceCentimetres && lhs.profile == rhs.profile
                && lhs.seed == rhs.seed
        }

        /// Limits the simulator accepts.
        public static let channelRange = 1...1024
        public static let rateRange = 0.5...1000.0

        /// Why this configuration cannot be simulated, or nil when it can. `PhysiologySimulator.init`
        /// traps on a problem, so callers taking user input check this first.
        public var problem: String? {
            if !Self.channelRange.contains(channelCount) {
                return "channel count must be in \(Self.channelRange.lowerBound)…\(Self.channelRange.upperBound), got \(channelCount)"
            }
            if !rateHz.isFinite || !Self.rateRange.contains(rateHz) {
                return "sampling rate must be in 0.5…1000 Hz, got \(rateHz)"
            }
            if !distanceCentimetres.isFinite || distanceCentimetres <= 0 {
                return "source–detector distance must be positive, got \(distanceCentimetres) cm"
            }
            do {
                _ = try BeerLambert(wavelengthsNanometres: wavelengths, distanceMetres: distanceCentimetres / 100)
            } catch {
                return error.description
            }
            return nil
        }
    }

    /// Noise-free task concentration changes of one channel, µM.
    public struct Hemoglobin: Equatable, Sendable {
        public var hbo: Double
        public var hbr: Double
        public init(hbo: Double, hbr: Double) {
            self.hbo = hbo
            self.hbr = hbr
        }
    }

    /// Task HbR per task HbO (SCIENCE.md §4) [choice].
    public static let hbrPerHbo = -0.33
    /// Partial pathlength factor of the forward model: MNE's default (SCIENCE.md §3).
    public static let partialPathlengthFactor = BeerLambert.defaultPPF

    public let configuration: Configuration
    /// Intensity layout: channels `S1-D1`, `S1-D2`, `S2-D2`, … with the configured distance.
    public private(set) var layout: NirsLayout
    /// Each channel's quality, task gain and base intensities, drawn from the seed.
    public let channels: [SimulatedChannel]
    /// Samples produced so far; the next sample is number `sampleIndex`, at `offsetOfSample(sampleIndex)`.
    public private(set) var sampleIndex = 0
    /// Ground truth: the noise-free task HbO/HbR (µM) of each channel for the last sample produced
    /// (zeros before the first).
    public private(set) var lastTaskResponse: [Hemoglobin]
    /// The neural drive of the last sample (µM HbO at steady state), for tests and evaluation.
    public private(set) var lastDrive = 0.0

    let law: BeerLambert
    let kernel: [Double]
    /// Ring of past drives, `kernel.count` long; `drivePosition` holds the newest.
    var driveHistory: [Double]
    var drivePosition = 0
    var noise: PhysiologicalNoise
    /// The sampling period in whole nanoseconds when it is one (7.8125 Hz → 128 ms).
    let periodNanoseconds: Int64?

    public init(_ configuration: Configuration) {
        if let problem = configuration.problem { preconditionFailure("PhysiologySimulator: \(problem)") }
        self.configuration = configuration
        let n = configuration.channelCount
        var montage = SeededGenerator(seed: configuration.seed, stream: 0)
        channels = SimulatedMontage.channels(count: n, using: &montage)
        layout = NirsLayout(kind: .intensity, rateHz: configuration.rateHz,
                            wavelengths: [configuration.wavelengths.0, configuration.wavelengths.1],
                            channels: channels.map(\.name),
                            distancesCentimetres: Array(repeating: configuration.distanceCentimetres, count: n))
        // `problem` checked the law already.
        law = try! BeerLambert(wavelengthsNanometres: configuration.wavelengths,
                               distanceMetres: configuration.distanceCentimetres / 100,
                               ppf: (Self.partialPathlengthFactor, Self.partialPathlengthFactor))
        kernel = CanonicalHRF.kernel(sampleRateHz: configuration.rateHz)
        driveHistory = [Double](repeating: 0, count: kernel.count)
        noise = PhysiologicalNoise(channels: channels, sampleRateHz: configuration.rateHz, seed: configuration.seed)
        lastTaskResponse = Array(repeating: Hemoglobin(hbo: 0, hbr: 0), count: n)
        let period = 1e9 / configuration.rateHz
        periodNanoseconds = period == period.rounded() ? Int64(period) : nil
    }

    /// Time of sample `index` from the first sample: index / rate, rounded to the nanosecond, on an
    /// absolute grid (computed from the index, never accumulated). Exact integer arithmetic when
    /// the period is a whole number of nanoseconds, as at 7.8125, 10 or 100 Hz.
    public func offsetOfSample(_ index: Int) -> Span {
        if let periodNanoseconds { return Span(nanoseconds: Int64(index)) * periodNanoseconds }
        return Span(nanoseconds: Span.clampToInt64((Double(index) * 1e9 / configuration.rateHz).rounded()))
    }

    /// The next sample's raw intensities (channel-major, each channel's two wavelengths), given what
    /// the subject does at that instant.
    public mutating func nextSample(activity: TaskActivity) -> [Double] {
        let drive = NeuralDrive.drive(for: activity, profile: configuration.profile)
        lastDrive = drive
        let response = convolve(drive)
        noise.step()
        let n = channels.count
        var out = [Double](repeating: 0, count: 2 * n)
        for ch in 0..<n {
            let hbo = channels[ch].gain * response
            let hbr = Self.hbrPerHbo * hbo
            lastTaskResponse[ch] = Hemoglobin(hbo: hbo, hbr: hbr)
            let z = noise.sample(channel: ch)
            let od = law.opticalDensities(hbo: hbo + z.hbo, hbr: hbr + z.hbr)
            let base = channels[ch].baseIntensities
            out[2 * ch] = base[0] * exp(-(od.od1 + z.od1))
            out[2 * ch + 1] = base[1] * exp(-(od.od2 + z.od2))
        }
        sampleIndex += 1
        return out
    }

    /// Pushes the newest drive and returns Σ_k h[k] d[n−k].
    private mutating func convolve(_ drive: Double) -> Double {
        let count = kernel.count
        drivePosition += 1
        if drivePosition == count { drivePosition = 0 }
        driveHistory[drivePosition] = drive
        let p = drivePosition
        return kernel.withUnsafeBufferPointer { h in
            driveHistory.withUnsafeBufferPointer { d in
                var sum = 0.0
                for k in 0...p { sum += h[k] * d[p - k] }
                if p + 1 < count { for k in (p + 1)..<count { sum += h[k] * d[p - k + count] } }
                return sum
            }
        }
    }
}
