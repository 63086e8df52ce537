/// The mean of the judged signal z and the expected response m over the last `seconds`
/// (samples younger than that), one sample at a time, without re-summing.
struct SlidingMean: Sendable {
    let seconds: Double
    var entries: [(t: Double, z: Double, m: Double)] = []
    var head = 0
    var sumZ = 0.0, sumM = 0.0

    init(seconds: Double) { self.seconds = seconds }

    /// Adds a sample `t` s into the block and returns the means (z̄, m̄) over the window.
    mutating func add(t: Double, z: Double, m: Double) -> (z: Double, m: Double) {
        entries.append((t, z, m))
        sumZ += z
        sumM += m
        while head < entries.count, t - entries[head].t >= seconds {
            sumZ -= entries[head].z
            sumM -= entries[head].m
            head += 1
        }
        if head > 256 {
            entries.removeFirst(head)
            head = 0
        }
        let n = Double(entries.count - head)
        return (sumZ / n, sumM / n)
    }
}

/// The smoothed (z̄, m̄) of the last `seconds` plus a little, to look back `lag` seconds.
struct SmoothedHistory: Sendable {
    let keepSeconds: Double
    var entries: [(t: Double, z: Double, m: Double)] = []
    var head = 0

    init(keepSeconds: Double) { self.keepSeconds = keepSeconds }

    mutating func add(t: Double, z: Double, m: Double) {
        entries.append((t, z, m))
        while head + 1 < entries.count, t - entries[head + 1].t >= keepSeconds { head += 1 }
        if head > 256 {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// The newest entry at least `lag` s old (to a microsecond), nil when none is that old.
    func value(lag: Double, now t: Double) -> (t: Double, z: Double, m: Double)? {
        var found: (t: Double, z: Double, m: Double)?
        for i in head..<entries.count {
            guard t - entries[i].t >= lag - 1e-6 else { break }
            found = entries[i]
        }
        return found
    }
}
