/// Finding and counting one byte (a newline) in a journal's text, 16 bytes at a time: every
/// journal row is searched for its end when read and counted when it leaves memory, so these
/// scans are a good part of reading and writing a long session's files.
enum ByteScan {
    /// The index of the first `byte` in `bytes[range]`, nil if there is none.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = bytes.baseAddress, !range.isEmpty else { return nil }
        let raw = UnsafeRawPointer(base)
        let needle = SIMD16<UInt8>(repeating: byte)
        var i = range.lowerBound
        while i + 16 <= range.upperBound {
            if any(raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) .== needle) { break }
            i += 16
        }
        while i < range.upperBound {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// How many times `byte` occurs in `bytes`.
    static func count(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let needle = SIMD16<UInt8>(repeating: byte)
        var total = 0, i = 0
        while i + 16 <= bytes.count {
            // Lane counters of one byte each: emptied before any can pass 255.
            var lanes = SIMD16<UInt8>(repeating: 0)
            var rounds = 0
            while rounds < 255, i + 16 <= bytes.count {
                lanes &+= SIMD16<UInt8>(repeating: 0).replacing(with: 1, where: raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) .== needle)
                i += 16
                rounds += 1
            }
            total += lanes.indices.reduce(0) { $0 + Int(lanes[$1]) }
        }
        while i < bytes.count {
            if bytes[i] == byte { total += 1 }
            i += 1
        }
        return total
    }
}
