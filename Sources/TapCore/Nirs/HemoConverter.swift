/// Raw samples → ΔHbO/ΔHbR in µM per channel, by the modified Beer–Lambert law with MNE-Python's
/// constants (`BeerLambert`), for `intensity`, `od` and `hb` streams alike.
///
/// Intensity needs a reference: MNE divides by the whole recording's mean, which a live system
/// cannot know, so the reference is the mean of the stream's first `referenceSeconds` (the
/// protocol's baseline rest covers it). Until that window is complete the samples wait here;
/// the sample that completes it releases them all, so every sample gets its row. The result
/// differs from MNE's by a constant per channel only (docs/optics.md).
public struct HemoConverter: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case wavelengthCount(Int)
        case optics(channel: String, BeerLambert.Failure)

        public var description: String {
            switch self {
            case .wavelengthCount(let n):
                return "the stream has \(n) wavelength(s); HbO and HbR need exactly 2"
            case .optics(let channel, let failure):
                return "channel \(channel): \(failure)"
            }
        }
    }

    public let layout: NirsLayout
    /// Per channel: the optics actually used (distance in m, pathlength factors).
    public let laws: [BeerLambert]
    public let distancesMetres: [Double]
    public let pathlengthFactors: (Double, Double)
    let referenceSeconds: Double

    /// Mean intensity per measurement over the reference window, nil until it is complete
    /// (always nil for `od` and `hb` streams, which need none).
    public private(set) var reference: [Double]?
    var referenceSums: [Double]
    var waiting: [NirsSample] = []
    var firstTime: MonoTime?

    public init(layout: NirsLayout, settings: NirsSettings) throws(Failure) {
        self.layout = layout
        referenceSeconds = settings.referenceSeconds
        referenceSums = Array(repeating: 0, count: layout.kind == .intensity ? layout.valuesPerSample : 0)
        if layout.kind == .hb {
            laws = []
            distancesMetres = layout.distancesCentimetres.map { ($0 ?? settings.distanceCentimetres) / 100 }
            pathlengthFactors = (0, 0)
            return
        }
        guard layout.wavelengths.count == 2 else { throw .wavelengthCount(layout.wavelengths.count) }
        let wavelengths = (layout.wavelengths[0], layout.wavelengths[1])
        let factors = settings.pathlengthFactors(wavelengths: wavelengths)
        pathlengthFactors = factors
        var laws: [BeerLambert] = []
        var distances: [Double] = []
        for (index, channel) in layout.channels.enumerated() {
            let metres = (layout.distancesCentimetres[index] ?? settings.distanceCentimetres) / 100
            do {
                laws.append(try BeerLambert(wavelengthsNanometres: wavelengths, distanceMetres: metres, ppf: factors))
            } catch {
                throw .optics(channel: channel, error)
            }
            distances.append(metres)
        }
        self.laws = laws
        distancesMetres = distances
    }

    /// True while intensity samples wait for the reference window to complete.
    public var isWaitingForReference: Bool { layout.kind == .intensity && reference == nil }

    /// Converts one sample; returns the samples whose HbO/HbR are now known, in order
    /// (none while the reference is being measured, then all that waited).
    public mutating func convert(_ sample: NirsSample) -> [HemoSample] {
        release(sample).map { hemo($0) }
    }

    /// The raw samples whose conversion is now possible, in order: `sample` itself once the
    /// reference is known; before, none while the window fills, then all that waited.
    public mutating func release(_ sample: NirsSample) -> [NirsSample] {
        guard layout.kind == .intensity, reference == nil else { return [sample] }
        let first = firstTime ?? sample.hostTime
        firstTime = first
        if (sample.hostTime - first).seconds < referenceSeconds || waiting.isEmpty {
            for i in referenceSums.indices { referenceSums[i] += abs(sample.values[i]) }
            waiting.append(sample)
            return []
        }
        let count = Double(waiting.count)
        reference = referenceSums.map { $0 / count }
        var out = waiting
        out.append(sample)
        waiting = []
        return out
    }

    /// A released sample's optical densities (layout order, channel-major), nil for `hb` streams.
    public func opticalDensities(of sample: NirsSample) -> [Double]? {
        switch layout.kind {
        case .hb: return nil
        case .od: return sample.values
        case .intensity:
            guard let ref = reference else { return nil }
            return sample.values.indices.map { OpticalDensity.od(intensity: sample.values[$0], reference: ref[$0]) }
        }
    }

    /// ΔHbO/ΔHbR from optical densities (layout order), e.g. after short-channel regression.
    public func hemo(opticalDensities od: [Double], at time: MonoTime) -> HemoSample {
        let n = layout.channels.count
        var hbo = [Double](repeating: 0, count: n), hbr = [Double](repeating: 0, count: n)
        for c in 0..<min(n, laws.count) where 2 * c + 1 < od.count {
            (hbo[c], hbr[c]) = laws[c].concentrations(od1: od[2 * c], od2: od[2 * c + 1])
        }
        return HemoSample(time: time, hbo: hbo, hbr: hbr)
    }

    /// The conversion of one sample once any reference is known.
    func hemo(_ sample: NirsSample) -> HemoSample {
        let n = layout.channels.count
        // Appended into reserved room: `[Double](repeating:count:)` allocates through the standard
        // library's unspecialised path, ≈ 700 instructions an array, two arrays every sample.
        var hbo: [Double] = [], hbr: [Double] = []
        hbo.reserveCapacity(n)
        hbr.reserveCapacity(n)
        let v = sample.values
        switch layout.kind {
        case .hb:
            for c in 0..<n {
                hbo.append(v[2 * c])
                hbr.append(v[2 * c + 1])
            }
        case .od:
            for c in 0..<n {
                let (o, r) = laws[c].concentrations(od1: v[2 * c], od2: v[2 * c + 1])
                hbo.append(o)
                hbr.append(r)
            }
        case .intensity:
            let ref = reference ?? []
            for c in 0..<n {
                let od1 = OpticalDensity.od(intensity: v[2 * c], reference: ref[2 * c])
                let od2 = OpticalDensity.od(intensity: v[2 * c + 1], reference: ref[2 * c + 1])
                let (o, r) = laws[c].concentrations(od1: od1, od2: od2)
                hbo.append(o)
                hbr.append(r)
            }
        }
        return HemoSample(time: sample.hostTime, hbo: hbo, hbr: hbr)
    }
}

/// ΔHbO and ΔHbR per channel (µM) at one sample time, before any filtering.
public struct HemoSample: Equatable, Sendable {
    public var time: MonoTime
    public var hbo: [Double]
    public var hbr: [Double]

    public init(time: MonoTime, hbo: [Double], hbr: [Double]) {
        self.time = time
        self.hbo = hbo
        self.hbr = hbr
    }
}
