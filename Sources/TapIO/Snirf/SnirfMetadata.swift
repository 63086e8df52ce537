/// The `metaDataTags` a replay shows or records, as the file spells them (no parsing: dates
/// and times in SNIRF files are free-form enough that reformatting them would lose things).
public struct SnirfMetadata: Equatable, Sendable {
    public var subjectID: String?
    public var measurementDate: String?
    public var measurementTime: String?
    /// `mm`, `cm` or `m`: the unit of the probe positions.
    public var lengthUnit: String?

    public init(subjectID: String? = nil, measurementDate: String? = nil, measurementTime: String? = nil,
                lengthUnit: String? = nil) {
        self.subjectID = subjectID
        self.measurementDate = measurementDate
        self.measurementTime = measurementTime
        self.lengthUnit = lengthUnit
    }
}
