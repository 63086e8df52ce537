/// Which channels are short-separation channels, and which short channel is regressed out of
/// each long one.
///
/// A short channel (source–detector distance ≤ 1.5 cm, issue 13) sees the scalp's blood flow
/// — heartbeat, breathing, Mayer waves, the blood pressure a hard task raises — and almost none
/// of the cortex; a long channel sees both (Brigadoi & Cooper 2015, Neurophotonics 2:025005,
/// doi:10.1117/1.NPh.2.2.025005, find ≈ 0.84 cm optimal for adults). MNE-NIRS's
/// `short_channel_regression` (default max_dist 1 cm, strict `<` for short and `>` for long)
/// regresses out of each long channel the short channel whose midpoint is nearest in 3-D.
///
/// Pairing rule: the nearest short channel by midpoint when midpoints are known (MNE-NIRS's
/// rule; ties go to the first in layout order, as NumPy's argmin); otherwise [choice] a short
/// channel sharing the long channel's source, else its detector (NIRx places a short detector
/// at each source), first in layout order; otherwise none. A channel of unknown distance is
/// neither short nor long and is left alone.
public struct ShortChannelPairing: Equatable, Sendable {
    /// Issue 13's bound for short-separation channels, cm (MNE-NIRS's default is 1 cm).
    public static let maximumShortSeparationCentimetres = 1.5

    /// Which wavelength of the paired short channel is regressed out of a long measurement.
    public enum WavelengthMatching: Equatable, Sendable {
        /// The same wavelength: the systemic signal at 850 nm out of the 850 nm measurement.
        case sameWavelength
        /// The short channel's lowest wavelength for every wavelength: what MNE-NIRS 0.7.3 does,
        /// as its argmin over all short measurements returns the first of the short channel's
        /// (equally near) measurements in MNE's channel order, which lists the lowest wavelength
        /// first (checked with MNE 1.13 on the NIRSport2 fixture). For cross-checks only.
        case lowestWavelength
    }

    public enum Rule: String, Equatable, Sendable {
        case nearestMidpoint = "nearest_midpoint"
        case sharedOptode = "shared_optode"
    }

    /// Per channel: distance ≤ the bound.
    public let isShort: [Bool]
    /// Per channel: distance above the bound.
    public let isLong: [Bool]
    /// Per channel: the short channel regressed out of it (long channels only; nil when none).
    public let partner: [Int?]
    /// Per channel: how its partner was chosen.
    public let rule: [Rule?]

    /// - Parameters:
    ///   - midpointsCentimetres: per channel, the point halfway between source and detector
    ///     (any fixed frame, cm), nil where unknown; nil for none.
    public init(layout: NirsLayout, midpointsCentimetres: [SIMD3<Double>?]? = nil,
                maximumShortCentimetres: Double = maximumShortSeparationCentimetres) {
        let n = layout.channels.count
        let distances = (0..<n).map { layout.distancesCentimetres.indices.contains($0) ? layout.distancesCentimetres[$0] : nil }
        let isShort = distances.map { $0.map { $0 <= maximumShortCentimetres } ?? false }
        let isLong = distances.map { $0.map { $0 > maximumShortCentimetres } ?? false }
        self.isShort = isShort
        self.isLong = isLong
        let midpoints = (0..<n).map { index in
            midpointsCentimetres.flatMap { $0.indices.contains(index) ? $0[index] : nil }
        }
        let shorts = (0..<n).filter { isShort[$0] }
        var partner = [Int?](repeating: nil, count: n)
        var rule = [Rule?](repeating: nil, count: n)
        for channel in 0..<n where isLong[channel] {
            if let here = midpoints[channel], let nearest = Self.nearest(to: here, among: shorts, midpoints) {
                (partner[channel], rule[channel]) = (nearest, .nearestMidpoint)
            } else if let sharing = Self.sharingOptode(with: layout.channels[channel], among: shorts, layout.channels) {
                (partner[channel], rule[channel]) = (sharing, .sharedOptode)
            }
        }
        self.partner = partner
        self.rule = rule
    }

    public var shortChannels: [Int] { isShort.indices.filter { isShort[$0] } }
    public var longChannels: [Int] { isLong.indices.filter { isLong[$0] } }

    /// For measurement `m` (layout order: channel-major, `wavelengthsPerChannel` per channel),
    /// the short measurement regressed out of it; nil unless `m` belongs to a paired long channel.
    public func shortMeasurement(for m: Int, wavelengthsPerChannel: Int,
                                 matching: WavelengthMatching = .sameWavelength) -> Int? {
        guard wavelengthsPerChannel > 0, m >= 0 else { return nil }
        let channel = m / wavelengthsPerChannel
        guard partner.indices.contains(channel), let short = partner[channel] else { return nil }
        let wavelength = matching == .sameWavelength ? m % wavelengthsPerChannel : 0
        return short * wavelengthsPerChannel + wavelength
    }

    static func nearest(to point: SIMD3<Double>, among shorts: [Int], _ midpoints: [SIMD3<Double>?]) -> Int? {
        var best: (channel: Int, squared: Double)?
        for short in shorts {
            guard let other = midpoints[short] else { continue }
            let d = point - other
            let squared = (d * d).sum()
            if best.map({ squared < $0.squared }) ?? true { best = (short, squared) }
        }
        return best?.channel
    }

    static func sharingOptode(with channel: String, among shorts: [Int], _ names: [String]) -> Int? {
        guard let long = NirsLayout.sourceDetector(of: channel) else { return nil }
        let pairs = shorts.map { ($0, NirsLayout.sourceDetector(of: names[$0])) }
        return pairs.first { $0.1?.source == long.source }?.0 ?? pairs.first { $0.1?.detector == long.detector }?.0
    }
}
