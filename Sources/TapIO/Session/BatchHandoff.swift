import Foundation

/// Items passed from one thread to another in order, a batch at a time, in bounded memory: the
/// producer waits while `batchesAhead` batches wait to be taken (the consumer may be working
/// through as many more). One producer, one consumer, which takes until the end or abandons. `QueuedRecordSink` hands a replay's record
/// calls to its writer this way, and `SessionReplay` its parsed inputs to the session's thread.
final class BatchHandoff<Item>: @unchecked Sendable {  // shared state only under `condition`
    let batchSize: Int
    let batchesAhead: Int
    /// The producer's side: items not yet handed over.
    private var batch: [Item] = []
    private let condition = NSCondition()
    /// Under `condition`: batches handed over and not yet taken, and whether the producer is done.
    private var handedOver: [[Item]] = []
    private var finished = false
    /// Under `condition`: the consumer will take nothing more (its producer may stop early).
    private var abandoned = false

    init(batchSize: Int, batchesAhead: Int) {
        self.batchSize = batchSize
        self.batchesAhead = batchesAhead
        batch.reserveCapacity(batchSize)
    }

    /// Producer: one item; hands the batch over once full (waiting while the consumer is behind).
    func put(_ item: Item) {
        batch.append(item)
        guard batch.count >= batchSize else { return }
        condition.lock()
        while handedOver.count >= batchesAhead && !abandoned { condition.wait() }
        if !abandoned { handedOver.append(batch) }
        condition.broadcast()
        condition.unlock()
        batch = []
        batch.reserveCapacity(batchSize)
    }

    /// Producer: hands over what is left; nothing more will come. Idempotent.
    func finish() {
        condition.lock()
        if !batch.isEmpty { handedOver.append(batch) }
        batch = []
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: takes nothing more; a producer waiting for room goes on, its items dropped.
    func abandon() {
        condition.lock()
        abandoned = true
        handedOver = []
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the consumer has abandoned the handoff (the producer may stop).
    var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return abandoned
    }

    /// Consumer: every batch handed over since the last call, in order (waiting for one); empty
    /// once the producer has finished and everything was taken.
    func take() -> [[Item]] {
        condition.lock()
        while handedOver.isEmpty && !finished { condition.wait() }
        let taken = handedOver
        handedOver = []
        condition.broadcast()  // room for the producer's next batches
        condition.unlock()
        return taken
    }
}
