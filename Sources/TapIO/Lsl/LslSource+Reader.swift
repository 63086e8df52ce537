import Foundation
import TapCore

/// The reader thread of `LslSource`: the only code that waits on liblsl.
extension LslSource {
    /// Longest wait inside one pull, so `close` is noticed promptly.
    static let pullTimeout = 0.1
    /// Samples taken per pull beyond the first.
    static let chunkSamples = 256
    /// A vanished stream leaves the resolver's list after this long.
    static let forgetSeconds = 2.0

    /// No sample for this long counts as a lost signal: 10 sample periods, at least 2 s.
    var silenceSeconds: Double { max(2, 10 / max(mapping.layout.rateHz, 0.001)) }

    func readerMain(inlet first: OpaquePointer) {
        var inlet: OpaquePointer? = first
        var offset: Double?
        var nextCorrection = 0.0
        var lastSample = lsl.localClock()
        var silent = false
        var channels = header.channelCount
        var sample = [Double](repeating: 0, count: channels)
        var chunk = [Double](repeating: 0, count: channels * Self.chunkSamples)
        var stamps = [Double](repeating: 0, count: Self.chunkSamples)
        // While the stream is away: a continuous resolver (a one-shot resolve overlapping a
        // sender's restart was seen to block for 5 s), and the lost instance's ID to skip.
        var resolver: OpaquePointer?
        var lostUID: String?

        func lose(_ reason: String) {
            if let current = inlet { lsl.destroyInlet(current) }
            lostUID = lslStream?.uid
            resolver = resolver ?? lsl.createResolver(predicate, Self.forgetSeconds)
            inlet = nil
            offset = nil
            if !silent { post(.lost(reason, at: MonotonicClock.now())) }
            silent = true
        }

        while !isStopping {
            guard let current = inlet else {
                guard let looking = resolver, let (found, layout) = findAgain(looking, skipping: lostUID) else {
                    usleep(200_000)
                    continue
                }
                lsl.destroyResolver(looking)
                resolver = nil
                lostUID = nil
                inlet = found
                channels = header.channelCount
                sample = [Double](repeating: 0, count: channels)
                chunk = [Double](repeating: 0, count: channels * Self.chunkSamples)
                silent = false
                lastSample = lsl.localClock()
                post(.found(layout, at: MonotonicClock.now()))
                continue
            }
            // The offset first (samples wait in liblsl's buffer meanwhile), then every 5 s.
            if offset == nil || lsl.localClock() >= nextCorrection {
                var remote = 0.0, uncertainty = 0.0, code: Int32 = 0
                let value = lsl.timeCorrection(current, &remote, &uncertainty, 0.5, &code)
                if code == Liblsl.lostError { lose("the stream's sender closed it"); continue }
                if code == 0 {
                    offset = value
                    nextCorrection = lsl.localClock() + Self.correctionInterval
                    let at = (MonotonicClock.now() - origin).seconds
                    lock.lock()
                    record.clockOffsets.append(LslClockOffset(atSeconds: at, offsetSeconds: value, uncertaintySeconds: uncertainty))
                    lock.unlock()
                } else if offset == nil {
                    continue
                }
            }
            guard let offset else { continue }
            var code: Int32 = 0
            let stamp = lsl.pullSample(current, &sample, Int32(channels), Self.pullTimeout, &code)
            if code == Liblsl.lostError { lose("the stream's sender closed it"); continue }
            guard stamp != 0 else {
                if !silent, lsl.localClock() - lastSample > silenceSeconds {
                    post(.lost("no samples for \(NirsRecordFormat.number(silenceSeconds.rounded())) s", at: MonotonicClock.now()))
                    silent = true
                }
                continue
            }
            var rows = [(stamp, sample)]
            let elements = chunk.withUnsafeMutableBufferPointer { data in
                stamps.withUnsafeMutableBufferPointer { times in
                    lsl.pullChunk(current, data.baseAddress, times.baseAddress, UInt(data.count), UInt(times.count), 0, &code)
                }
            }
            for k in 0..<(Int(elements) / max(channels, 1)) {
                rows.append((stamps[k], Array(chunk[(k * channels)..<((k + 1) * channels)])))
            }
            lastSample = lsl.localClock()
            if silent {
                silent = false
                post(.back(at: MonotonicClock.now()))
            }
            post(.samples(rows.map { stamp, values in
                NirsSample(hostTime: MonoTime(nanoseconds: Span.seconds(stamp + offset).nanoseconds),
                           deviceTimeMilliseconds: stamp * 1000, values: mapping.values(of: values))
            }))
        }
        if let inlet { lsl.destroyInlet(inlet) }
        if let resolver { lsl.destroyResolver(resolver) }
    }

    /// The stream again, as the resolver sees it now: the one with the same source ID if it is
    /// there, else the only match (never the instance that went away). Its description must
    /// map; the mapping in use is replaced.
    func findAgain(_ resolver: OpaquePointer, skipping lostUID: String?) -> (OpaquePointer, NirsLayout)? {
        let infos = lsl.results(of: resolver).filter { info in
            if lsl.uid(of: info) != lostUID { return true }
            lsl.destroy(info: info)
            return false
        }
        defer { infos.forEach(lsl.destroy(info:)) }
        let sameSource = header.sourceID.isEmpty ? nil : infos.first { lsl.header(of: $0).sourceID == header.sourceID }
        guard let info = sameSource ?? (infos.count == 1 ? infos.first : nil) else { return nil }
        guard let (inlet, newHeader, newMapping) = try? Self.open(info, lsl: lsl) else {
            // Found, but unreadable or of a shape tapnirs does not know: nothing is recorded from it.
            usleep(500_000)
            return nil
        }
        lock.lock()
        header = newHeader
        mapping = newMapping
        record.reconnects += 1
        record.uid = lsl.uid(of: info)
        record.ignoredChannels = newMapping.ignoredChannels
        record.notes = newMapping.notes
        lock.unlock()
        return (inlet, newMapping.layout)
    }
}
