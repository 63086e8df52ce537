/// Maps a device's clock to the host's: a running least-squares line host ≈ offset + slope ×
/// device, over every sample since the stream (re)started — LabStreamingLayer's approach to
/// serial and USB jitter. Arrival times wobble by a read's worth of milliseconds; the
/// device's own sample clock is steady, so the line through all pairs removes the wobble and
/// any drift between the two crystals (docs/serial-format.md).
public struct DeviceClockAligner: Sendable {
    var n = 0
    /// Running means and co-moments of x = device seconds and y = host − device seconds (both
    /// from the first pair). y stays near zero (jitter plus drift), so its sums never cancel
    /// catastrophically, however long the recording.
    var meanX = 0.0, meanY = 0.0
    var sxx = 0.0, sxy = 0.0, syy = 0.0
    var origin: (device: Double, host: MonoTime)?

    public init() {}

    /// Adds one sample: device time (ms) and host arrival time.
    public mutating func add(deviceMilliseconds: Double, host: MonoTime) {
        guard deviceMilliseconds.isFinite else { return }
        let base = origin ?? (deviceMilliseconds, host)
        origin = base
        let x = (deviceMilliseconds - base.device) / 1000
        let y = (host - base.host).seconds - x
        n += 1
        let dx = x - meanX, dy = y - meanY
        meanX += dx / Double(n)
        meanY += dy / Double(n)
        sxx += dx * (x - meanX)
        syy += dy * (y - meanY)
        sxy += dx * (y - meanY)
    }

    /// Starts over (the device reset its clock).
    public mutating func reset() { self = DeviceClockAligner() }

    /// The fit, nil until two samples with different device times.
    public var fit: DeviceClockFit? {
        guard n >= 2, sxx > 0, let origin else { return nil }
        let drift = sxy / sxx  // host − device per device second
        let intercept = meanY - drift * meanX
        let residual = max(0, (syy - drift * sxy) / Double(n)).squareRoot()
        // host(s from host origin) = intercept + (1 + drift) × (device − device origin)/1000
        let slope = 1 + drift
        return DeviceClockFit(slope: slope, offsetSeconds: intercept - slope * origin.device / 1000,
                              hostOriginNanoseconds: origin.host.nanoseconds, residualSeconds: residual, samples: n)
    }
}

/// A linear fit of host time against device time:
/// host (s since `hostOriginNanoseconds`) ≈ offsetSeconds + slope × device_time_ms / 1000.
public struct DeviceClockFit: Codable, Sendable, Equatable {
    public var slope: Double
    public var offsetSeconds: Double
    /// CLOCK_MONOTONIC reading the fit's host times count from.
    public var hostOriginNanoseconds: Int64
    /// RMS of host − fit over the samples used (seconds): the arrival jitter the fit removes.
    public var residualSeconds: Double
    public var samples: Int

    public init(slope: Double, offsetSeconds: Double, hostOriginNanoseconds: Int64, residualSeconds: Double, samples: Int) {
        self.slope = slope
        self.offsetSeconds = offsetSeconds
        self.hostOriginNanoseconds = hostOriginNanoseconds
        self.residualSeconds = residualSeconds
        self.samples = samples
    }
}
