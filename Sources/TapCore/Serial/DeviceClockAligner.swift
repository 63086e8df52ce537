/// Maps a device's clock to the host's: a running least-squares line host ≈ offset + slope ×
/// device, over every sample since the stream (re)started — LabStreamingLayer's approach to
/// serial and USB jitter. Arrival times wobble by a read's worth of milliseconds; the
/// device's own sample clock is steady, so the line through all pairs removes the wobble and
/// any drift between the two crystals (docs/serial-format.md).
public struct DeviceClockAligner: Sendable {
    var n = 0
    var meanDevice = 0.0, meanHost = 0.0
    var sxx = 0.0, sxy = 0.0, syy = 0.0
    /// First pair, subtracted from all others so sums stay small (no cancellation over hours).
    var origin: (device: Double, host: MonoTime)?

    public init() {}

    /// Adds one sample: device time (ms) and host arrival time.
    public mutating func add(deviceMilliseconds: Double, host: MonoTime) {
        guard deviceMilliseconds.isFinite else { return }
        let base = origin ?? (deviceMilliseconds, host)
        origin = base
        let x = (deviceMilliseconds - base.device) / 1000
        let y = (host - base.host).seconds
        n += 1
        let dx = x - meanDevice, dy = y - meanHost
        meanDevice += dx / Double(n)
        meanHost += dy / Double(n)
        sxx += dx * (x - meanDevice)
        syy += dy * (y - meanHost)
        sxy += dx * (y - meanHost)
    }

    /// Starts over (the device reset its clock).
    public mutating func reset() { self = DeviceClockAligner() }

    /// The fit, nil until two samples with different device times.
    public var fit: DeviceClockFit? {
        guard n >= 2, sxx > 0, let origin else { return nil }
        let slope = sxy / sxx
        let intercept = meanHost - slope * meanDevice
        let residual = max(0, (syy - slope * sxy) / Double(n)).squareRoot()
        // host(s from host origin) = intercept + slope × (device − device origin)/1000
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
