extension ConditionResult {
    /// One tapping block of a recorded session, as the files give it.
    public struct RecordedBlock: Equatable, Sendable {
        /// 1-based block number.
        public var number: Int
        public var label: String
        /// Seconds from session zero.
        public var onset: Double
        public var durationSeconds: Double
        public var rateHz: Double?

        public init(number: Int, label: String, onset: Double, durationSeconds: Double, rateHz: Double?) {
            self.number = number
            self.label = label
            self.onset = onset
            self.durationSeconds = durationSeconds
            self.rateHz = rateHz
        }
    }

    /// HbO per condition from a recorded series (`hemo.tsv`: times in seconds from session zero,
    /// `hbo[c][i]`), for sessions whose `summary.json` has no `conditions` (recorded before they
    /// existed): the same `BlockEpochs` over `channels`. A block logged twice (restarted) counts
    /// once, its last run.
    public static func conditions(times: [Double], hbo: [[Double]], hbr: [[Double]], blocks: [RecordedBlock],
                                  channels: [Int]) -> [ConditionResult] {
        var last: [Int: RecordedBlock] = [:]
        for block in blocks { last[block.number] = block }
        let runs = last.values.sorted { $0.onset < $1.onset }
        var epochs = BlockEpochs(channelCount: hbo.count)
        for block in runs {
            epochs.blockStarted(index: block.number - 1, label: block.label, onset: .seconds(block.onset),
                                durationSeconds: block.durationSeconds)
            epochs.blockEnded(index: block.number - 1, activeSeconds: block.durationSeconds, rateHz: block.rateHz)
        }
        for i in times.indices {
            epochs.add(HemoSample(time: .seconds(times[i]), hbo: hbo.map { i < $0.count ? $0[i] : .nan },
                                  hbr: hbr.map { i < $0.count ? $0[i] : .nan }))
        }
        return conditions(from: epochs, channels: channels)
    }
}
