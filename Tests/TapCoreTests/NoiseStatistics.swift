import Foundation
@testable import TapCore

/// The resting-noise statistics of `scripts/real-noise.py`, in Swift, for simulated series (µM, one
/// array per channel, sampled at `rateHz`): the same definitions, so simulated figures can be put
/// beside the real ones the script printed.
struct NoiseStatistics {
    let rateHz: Double

    // MARK: Filters

    /// Causal 2nd-order Butterworth low-pass at 0.2 Hz (tapnirs' display filter; scipy's
    /// `butter(2, 0.2)` + `lfilter` from the first value, as the script does).
    func lowPassed(_ x: [Double], cornerHz: Double = 0.2) -> [Double] {
        var filter = Biquad.lowPass(cornerHz: cornerHz, sampleRateHz: rateHz)
        filter.settle(at: x.first ?? 0)
        return x.map { filter.process($0) }
    }

    /// Zero-phase 0.01–0.2 Hz band-pass (2nd-order Butterworth high- and low-pass, forward and back),
    /// the script's `band` up to the filter design (scipy's band-pass prototype).
    func banded(_ x: [Double]) -> [Double] {
        func pass(_ v: [Double]) -> [Double] {
            var high = Biquad.highPass(cornerHz: 0.01, sampleRateHz: rateHz)
            var low = Biquad.lowPass(cornerHz: 0.2, sampleRateHz: rateHz)
            high.settle(at: v.first ?? 0)
            low.settle(at: 0)
            return v.map { low.process(high.process($0)) }
        }
        return pass(pass(x).reversed()).reversed()
    }

    // MARK: The fade detector's statistic

    /// D(t) = mean over the last 1.5 s − the same mean 4 s earlier, on the low-passed signal.
    func drops(_ x: [Double]) -> [Double] {
        let y = lowPassed(x)
        let n = Int((1.5 * rateHz).rounded()), lag = Int((4 * rateHz).rounded())
        var prefix = [0.0]
        prefix.reserveCapacity(y.count + 1)
        for v in y { prefix.append(prefix.last! + v) }
        let means = (n...y.count).map { (prefix[$0] - prefix[$0 - n]) / Double(n) }
        return (lag..<means.count).map { means[$0] - means[$0 - lag] }
    }

    /// RMS of D.
    func dropSD(_ x: [Double]) -> Double { Self.rms(drops(x)) }

    // MARK: Spectra

    /// Welch PSD (µM²/Hz, one-sided) with 60 s Hann segments, 50 % overlap, linear detrend per
    /// segment — the script's `spectrum` — at the segment's frequencies k / 60 s up to `maxHz`.
    func welch(_ x: [Double], segmentSeconds: Double = 60, maxHz: Double = 1) -> (frequencies: [Double], power: [Double]) {
        let m = Int((segmentSeconds * rateHz).rounded(.down))
        let window = (0..<m).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(m)) }
        let windowPower = window.reduce(0) { $0 + $1 * $1 }
        let bins = min(m / 2, Int(maxHz * Double(m) / rateHz)) + 1
        var power = [Double](repeating: 0, count: bins)
        var segments = 0
        var start = 0
        while start + m <= x.count {
            let segment = Self.detrended(Array(x[start..<(start + m)]))
            let w = zip(segment, window).map { $0 * $1 }
            for k in 0..<bins {
                var re = 0.0, im = 0.0
                let step = 2 * Double.pi * Double(k) / Double(m)
                let (c, s) = (cos(step), sin(step))
                var (wc, ws) = (1.0, 0.0)   // cos, sin of step·i by rotation
                for v in w {
                    re += v * wc
                    im -= v * ws
                    (wc, ws) = (wc * c - ws * s, ws * c + wc * s)
                }
                let scale = (k == 0 || (m % 2 == 0 && k == m / 2)) ? 1.0 : 2.0
                power[k] += scale * (re * re + im * im) / (rateHz * windowPower)
            }
            segments += 1
            start += m / 2
        }
        let frequencies = (0..<bins).map { Double($0) * rateHz / Double(m) }
        return (frequencies, power.map { $0 / Double(max(segments, 1)) })
    }

    /// √(Σ PSD · Δf) over lo ≤ f < hi: the script's `band_sds`.
    static func bandSD(_ spectrum: (frequencies: [Double], power: [Double]), from lo: Double, to hi: Double) -> Double {
        let df = spectrum.frequencies[1] - spectrum.frequencies[0]
        var sum = 0.0
        for (f, p) in zip(spectrum.frequencies, spectrum.power) where f >= lo && f < hi { sum += p }
        return (sum * df).squareRoot()
    }

    /// β of a least-squares line through log10 PSD against log10 f on 0.1–0.6 Hz: the script's `slope`.
    static func slope(_ spectrum: (frequencies: [Double], power: [Double])) -> Double {
        let points = zip(spectrum.frequencies, spectrum.power).filter { $0.0 >= 0.1 && $0.0 <= 0.6 }
            .map { (log10($0.0), log10($0.1)) }
        let mx = points.map(\.0).reduce(0, +) / Double(points.count)
        let my = points.map(\.1).reduce(0, +) / Double(points.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in points { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        return -sxy / sxx
    }

    // MARK: Helpers

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    static func sd(_ x: [Double]) -> Double {
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
    }
    static func rms(_ x: [Double]) -> Double { (x.reduce(0) { $0 + $1 * $1 } / Double(x.count)).squareRoot() }
    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
        return sab / (saa * sbb).squareRoot()
    }
    /// Mean of the off-diagonal pairwise correlations.
    static func meanPairwiseCorrelation(_ series: [[Double]]) -> Double {
        var sum = 0.0, count = 0
        for i in series.indices { for j in series.indices where j > i { sum += correlation(series[i], series[j]); count += 1 } }
        return sum / Double(count)
    }
    static func detrended(_ x: [Double]) -> [Double] {
        let n = Double(x.count)
        let mt = (n - 1) / 2, mx = mean(x)
        var stx = 0.0, stt = 0.0
        for (i, v) in x.enumerated() { let t = Double(i) - mt; stx += t * (v - mx); stt += t * t }
        let b = stt > 0 ? stx / stt : 0
        return x.enumerated().map { $0.element - mx - b * (Double($0.offset) - mt) }
    }
}
