import Foundation

/// This process's memory as the kernel counts it (`/proc/self/status`), for `make bench`.
public enum ProcessMemory {
    /// Resident set size now (VmRSS), in bytes; nil where /proc cannot be read.
    public static var residentBytes: Int? { field("VmRSS:") }

    /// The peak resident set size (VmHWM) since the process started or since `resetPeak()`, in bytes.
    public static var peakResidentBytes: Int? { field("VmHWM:") }

    /// Starts a new peak from the current size (`echo 5 > /proc/self/clear_refs`, Linux ≥ 4.0),
    /// so one phase of a run can be measured on its own. False where the kernel refuses.
    @discardableResult
    public static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kib = Int(parts[1]) else { return nil }
            return kib * 1024
        }
        return nil
    }
}
