import Foundation

/// The documented default optode layout for a session without a montage (positions in mm):
/// the simulator's chain (docs/simulator.md, Montage) — optodes alternate on one line,
/// D1 S1 D2 S2 D3 …, neighbours `spacing` apart, so S1-D1, S1-D2, S2-D2, S2-D3 … are all
/// `spacing` long — centred so that the midpoint of the middle channel (index (n − 1)/2 of
/// the layout's channels) lies over C3.
///
/// - 2-D: x along the line (positive = lateral, to the left ear), y = 0.
/// - 3-D: the same line laid on a spherical head of radius 90 mm, in the coronal plane through
///   Cz (x right, y anterior, z up, origin at the sphere's centre), C3 at 45° from the vertex
///   towards the left ear; each step along the line turns by 2·asin(spacing / 2R), so
///   neighbouring optodes are exactly `spacing` apart in 3-D as well.
///
/// Channels that are not neighbours on the chain get whatever distance this geometry gives.
struct DefaultProbe {
    static let headRadiusMillimetres = 90.0
    static let c3AngleFromVertex = Double.pi / 4

    var sourcePositions2D: [[Double]]
    var detectorPositions2D: [[Double]]
    var sourcePositions3D: [[Double]]
    var detectorPositions3D: [[Double]]

    init(sources: Int, detectors: Int, channels: [(source: Int, detector: Int)], spacingMillimetres d: Double) {
        func sourceAlong(_ i: Int) -> Double { Double(2 * i - 1) * d }
        func detectorAlong(_ j: Int) -> Double { Double(2 * (j - 1)) * d }
        var centre = 0.0
        if !channels.isEmpty {
            let middle = channels[(channels.count - 1) / 2]
            centre = (sourceAlong(middle.source) + detectorAlong(middle.detector)) / 2
        }
        let step = 2 * asin(min(1, d / (2 * Self.headRadiusMillimetres)))
        func onHead(_ along: Double) -> [Double] {
            let angle = Self.c3AngleFromVertex + (d > 0 ? along / d * step : 0)
            let r = Self.headRadiusMillimetres
            return [-r * sin(angle), 0, r * cos(angle)]
        }
        let sourceAlongs = (1...max(1, sources)).prefix(sources).map { sourceAlong($0) - centre }
        let detectorAlongs = (1...max(1, detectors)).prefix(detectors).map { detectorAlong($0) - centre }
        sourcePositions2D = sourceAlongs.map { [$0, 0] }
        detectorPositions2D = detectorAlongs.map { [$0, 0] }
        sourcePositions3D = sourceAlongs.map(onHead)
        detectorPositions3D = detectorAlongs.map(onHead)
    }
}
