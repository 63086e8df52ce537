extension ReportInput {
    /// What the report draws from `hemo.tsv`, reduced as the rows go by so a session of any
    /// length needs only a few numbers per row, not every channel's series (an hour of 128
    /// channels at 100 Hz would be 740 MB of doubles): the row times, the per-row mean over the
    /// motor-average channels, and per tapping block and channel the sums `ReportAnalysis`
    /// needs for the activation map. Built by `Hemo.Builder` one row at a time (`SessionData`
    /// streams hemo.tsv through it) or from whole series (`init(channels:times:hbo:hbr:blocks:)`),
    /// by the same code.
    public struct Hemo: Equatable, Sendable {
        public var channels: [Channel]
        public var times: [Double]
        /// At each row: the mean ΔHbO (ΔHbR) over the channels whose status is good (all of them
        /// when none is), non-finite values left out; NaN where no channel had a value.
        public var motorHbo: [Double]
        public var motorHbr: [Double]
        /// The tapping blocks the activation sums were taken over, and the sums.
        var tappingBlocks: [TimelineBlock]
        var activationSums: [[WindowSums]]
        /// Rows at the latest time seen: the activation's block window ends at the session's end,
        /// which is at or after every row, so only these can fall outside it.
        var lastTime = -Double.infinity
        var lastRowSums: [[WindowSums.Sum]]
        /// Each tapping block's epoch over the good channels, for HbO per condition in sessions
        /// recorded before summary.json had it (`ConditionResult`, the live session's definition).
        var epochs: BlockEpochs
        var epochChannels: [Int]

        /// One tapping block and one channel: ΔHbO summed during the block and in the reference
        /// window before it.
        struct WindowSums: Equatable, Sendable {
            struct Sum: Equatable, Sendable {
                var total = 0.0
                var count = 0
                mutating func add(_ value: Double) { total += value; count += 1 }
                var mean: Double? { count > 0 ? total / Double(count) : nil }
            }
            var during = Sum()
            var before = Sum()
        }

        /// From whole series: `hbo[c][i]` is channel `c` at `times[i]` (µM, NaN for `n/a`).
        public init(channels: [Channel], times: [Double], hbo: [[Double]], hbr: [[Double]], blocks: [TimelineBlock]) {
            var builder = Builder(channels: channels, blocks: blocks)
            var rowHbo = [Double](repeating: .nan, count: channels.count), rowHbr = rowHbo
            for i in times.indices {
                for c in channels.indices {
                    rowHbo[c] = c < hbo.count && i < hbo[c].count ? hbo[c][i] : .nan
                    rowHbr[c] = c < hbr.count && i < hbr[c].count ? hbr[c][i] : .nan
                }
                builder.add(time: times[i], hbo: rowHbo, hbr: rowHbr)
            }
            self = builder.hemo
        }

        init(channels: [Channel], blocks: [TimelineBlock]) {
            self.channels = channels
            times = []
            motorHbo = []
            motorHbr = []
            tappingBlocks = ReportAnalysis.tappingBlocks(blocks)
            activationSums = tappingBlocks.map { _ in [WindowSums](repeating: WindowSums(), count: channels.count) }
            lastRowSums = tappingBlocks.map { _ in [WindowSums.Sum](repeating: WindowSums.Sum(), count: channels.count) }
            epochs = BlockEpochs(channelCount: channels.count)
            var last: [Int: TimelineBlock] = [:]
            for block in tappingBlocks { last[block.number] = block }  // a restarted block: its last run
            for block in last.values.sorted(by: { $0.onset < $1.onset }) {
                epochs.blockStarted(index: block.number - 1, label: block.label, onset: .seconds(block.onset),
                                    durationSeconds: block.duration)
            }
            epochs.keepsRecentRows = false  // every onset is known before the rows
            let good = channels.indices.filter { channels[$0].good }
            epochChannels = good.isEmpty ? Array(channels.indices) : good
        }

        /// HbO per condition from the rows seen; `rates` (block number → tap rate) from summary.json.
        public func conditions(rates: [Int: Double]) -> [ConditionResult] {
            var copy = epochs
            for e in copy.epochs {
                copy.blockEnded(index: e.blockIndex, activeSeconds: e.durationSeconds, rateHz: rates[e.blockIndex + 1])
            }
            return ConditionResult.conditions(from: copy, channels: epochChannels)
        }

        /// Reduces `hemo.tsv` a row at a time.
        public struct Builder {
            public private(set) var hemo: Hemo
            let used: [Int]
            /// The blocks whose `lastRowSums` hold something: the only ones to clear when time moves
            /// on (clearing every block's at every row was a tenth of the report's time).
            var lastRowBlocks: [Int] = []

            /// `blocks`: the session's blocks (from events.tsv), for the activation windows.
            public init(channels: [Channel], blocks: [TimelineBlock]) {
                hemo = Hemo(channels: channels, blocks: blocks)
                let good = channels.indices.filter { channels[$0].good }
                used = good.isEmpty ? Array(channels.indices) : good
            }

            /// One row: ΔHbO and ΔHbR (µM) of every channel, in `channels`' order, at `time`.
            public mutating func add(time: Double, hbo: [Double], hbr: [Double]) {
                hemo.times.append(time)
                hemo.epochs.add(HemoSample(time: .seconds(time), hbo: hbo, hbr: hbr))
                hemo.motorHbo.append(Self.mean(hbo, over: used))
                hemo.motorHbr.append(Self.mean(hbr, over: used))
                if time > hemo.lastTime {
                    hemo.lastTime = time
                    for b in lastRowBlocks {
                        for c in hemo.lastRowSums[b].indices { hemo.lastRowSums[b][c] = WindowSums.Sum() }
                    }
                    lastRowBlocks.removeAll(keepingCapacity: true)
                }
                let reference = ReportAnalysis.referenceSeconds
                for (b, block) in hemo.tappingBlocks.enumerated() {
                    let during = time >= block.onset && time < block.end
                    let before = time >= block.onset - reference && time < block.onset
                    guard during || before else { continue }
                    for c in hemo.channels.indices where c < hbo.count && hbo[c].isFinite {
                        if during {
                            hemo.activationSums[b][c].during.add(hbo[c])
                            if time == hemo.lastTime {
                                hemo.lastRowSums[b][c].add(hbo[c])
                                if lastRowBlocks.last != b { lastRowBlocks.append(b) }
                            }
                        }
                        if before { hemo.activationSums[b][c].before.add(hbo[c]) }
                    }
                }
            }

            static func mean(_ values: [Double], over channels: [Int]) -> Double {
                var sum = 0.0, n = 0
                for c in channels where c < values.count && values[c].isFinite {
                    sum += values[c]; n += 1
                }
                return n > 0 ? sum / Double(n) : .nan
            }
        }
    }
}
