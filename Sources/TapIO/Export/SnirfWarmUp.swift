import Glibc

/// HDF5's set-up, done on a thread of its own while a command that ends by writing nirs.snirf
/// starts (`HDF5Writer.warmUp`): at a process' start the second core is idle for a few
/// milliseconds (loading, argument parsing), while at its end the SNIRF file is the last thing
/// written — it then starts with the library ready. `join` before the process exits: the
/// library's exit handler must not run while the thread is inside it.
public final class SnirfWarmUp {
    private var thread: pthread_t?

    /// Starts the warm-up (none if no thread can be started: the set-up then happens later).
    public init() {
        thread = try? Syscalls.startThread { HDF5Writer.warmUp() }
    }

    /// Waits for the warm-up to end. Idempotent.
    public func join() {
        guard let thread else { return }
        pthread_join(thread, nil)
        self.thread = nil
    }
}
