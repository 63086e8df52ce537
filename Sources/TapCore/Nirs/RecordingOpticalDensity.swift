#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Optical density of a whole recording exactly as MNE-Python's `optical_density` computes it
/// (`mne/preprocessing/nirs/_optical_density.py`, MNE 1.13), for the offline algorithms
/// (TDDR, short-channel regression) and their cross-checks:
///
/// OD(t) = −ln(I(t) / mean_t I), natural log, the mean over the whole recording. When any
/// intensity is ≤ 0, MNE first takes |I| everywhere and raises every value to the smallest
/// nonzero per-measurement minimum, so that no logarithm is of zero.
///
/// The live pipeline cannot know the whole-recording mean (`HemoConverter` uses the first
/// seconds instead); that shifts each measurement by a constant only, to which the motion rule
/// and the live short-channel regression are blind.
public enum RecordingOpticalDensity {
    /// One OD series per measurement (layout order) from time-major intensity rows.
    public static func measurements(intensityRows: [[Double]]) -> [[Double]] {
        var series = measurementSeries(rows: intensityRows)
        if series.contains(where: { $0.contains { $0 <= 0 } }) {
            var floor = Double.infinity
            for m in series.indices {
                series[m] = series[m].map(abs)
                if let smallest = series[m].min(), smallest != 0 { floor = min(floor, smallest) }
            }
            for m in series.indices { series[m] = series[m].map { max($0, floor) } }
        }
        return series.map { intensities in
            let mean = intensities.reduce(0, +) / Double(intensities.count)
            return intensities.map { -log($0 / mean) }
        }
    }

    /// Time-major rows (one value per measurement each) → one series per measurement.
    /// Only the measurements every row has are kept, so all series have the same length.
    public static func measurementSeries(rows: [[Double]]) -> [[Double]] {
        guard let width = rows.map(\.count).min() else { return [] }
        return (0..<width).map { m in rows.map { $0[m] } }
    }
}
