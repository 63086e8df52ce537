import Yams

/// The optional `fnirs:` section: how raw light becomes HbO/HbR (NirsSettings).
extension ProtocolReader {
    static let nirsKeys = ["ppf", "dpf_age", "distance_cm", "reference_seconds", "band_pass_hz",
                           "baseline_seconds", "motor_channels"]

    mutating func readNirs(_ node: Node) -> NirsSettings {
        var settings = NirsSettings()
        guard let map = mapping(node, "fnirs") else { return settings }
        checkKeys(map, allowed: Self.nirsKeys, path: "fnirs")
        if map["ppf"] != nil, let age = map["dpf_age"] {
            fail(age, "fnirs.dpf_age", "give either `ppf` or `dpf_age`, not both")
        }
        if let value = map["ppf"] {
            let numbers = numberOrPair(value, "fnirs.ppf", range: NirsSettings.ppfRange, unit: "")
            if let numbers { settings.pathlength = .ppf(numbers.0, numbers.1) }
        } else if let value = map["dpf_age"], let age = ranged(value, "fnirs.dpf_age", NirsSettings.ageRange, unit: " years") {
            settings.pathlength = .dpfForAge(age)
        }
        if let value = map["distance_cm"], let cm = ranged(value, "fnirs.distance_cm", NirsSettings.distanceRange, unit: " cm") {
            settings.distanceCentimetres = cm
        }
        if let value = map["reference_seconds"],
           let s = ranged(value, "fnirs.reference_seconds", NirsSettings.referenceRange, unit: " s") {
            settings.referenceSeconds = s
        }
        if let value = map["baseline_seconds"],
           let s = ranged(value, "fnirs.baseline_seconds", NirsSettings.baselineRange, unit: " s") {
            settings.baselineSeconds = s
        }
        if let value = map["band_pass_hz"] {
            // Kept as a known key so a protocol written for an earlier version is told why, not "unknown key".
            fail(value, "fnirs.band_pass_hz", "is no longer used: HbO is read without a band-pass, with a baseline before "
                 + "each tapping block (docs/optics.md); delete this line", value: Self.written(value))
        }
        if let value = map["motor_channels"] {
            settings.motorChannels = readChannelNames(value, "fnirs.motor_channels")
        }
        return settings
    }

    /// One number (used for both) or a list of two, each within `range`.
    mutating func numberOrPair(_ node: Node, _ path: String, range: ClosedRange<Double>, unit: String) -> (Double, Double)? {
        if case .sequence(let list) = node {
            guard list.count == 2 else {
                fail(node, path, "expected one number or a list of two (one per wavelength), got \(list.count) values")
                return nil
            }
            guard let a = ranged(list[0], path, range, unit: unit), let b = ranged(list[1], path, range, unit: unit) else { return nil }
            return (a, b)
        }
        guard let a = ranged(node, path, range, unit: unit) else { return nil }
        return (a, a)
    }

    mutating func ranged(_ node: Node, _ path: String, _ range: ClosedRange<Double>, unit: String) -> Double? {
        guard let value = number(node, path) else { return nil }
        guard range.contains(value) else {
            let shown = Self.written(node) ?? ""
            fail(node, path, "\(shown)\(unit) is outside \(range.lowerBound)–\(range.upperBound)\(unit)", value: shown)
            return nil
        }
        return value
    }

    /// A list of `S<n>-D<m>` channel names.
    mutating func readChannelNames(_ node: Node, _ path: String) -> [String]? {
        guard case .sequence(let list) = node, !list.isEmpty else {
            fail(node, path, "expected a list of channel names such as [S1-D1, S2-D1]", value: Self.written(node))
            return nil
        }
        var names: [String] = []
        for item in list {
            guard let name = text(item, path) else { continue }
            guard NirsLayout.sourceDetector(of: name) != nil else {
                fail(item, path, "\(Self.quote(name)) is not a channel name like S1-D1", value: name)
                continue
            }
            names.append(name)
        }
        return names
    }
}
