import XCTest
@testable import TapIO

/// `ByteScan` against the plain loops it replaces, on every length and alignment around its
/// 16-byte steps and on long buffers (where its lane counters must be emptied in time).
final class ByteScanTests: XCTestCase {
    func testFindsAndCountsLikeThePlainLoop() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...70) + [4_095, 4_096, 4_097, 70_000] {
            for density in [0, 1, 20, 255] {  // newlines per 256 bytes
                let bytes = (0..<length).map { _ -> UInt8 in
                    UInt8.random(in: 0...255, using: &generator) < density ? 0x0A : UInt8.random(in: 0x20...0x7E, using: &generator)
                }
                bytes.withUnsafeBufferPointer { buffer in
                    XCTAssertEqual(ByteScan.count(of: 0x0A, in: buffer), bytes.filter { $0 == 0x0A }.count, "length \(length)")
                    for start in Set([0, 1, 15, 17, length / 2, length]) where start <= length {
                        XCTAssertEqual(ByteScan.firstIndex(of: 0x0A, in: buffer, start..<length),
                                       bytes[start..<length].firstIndex(of: 0x0A), "length \(length) from \(start)")
                    }
                }
            }
        }
        let all = [UInt8](repeating: 0x0A, count: 300_000)  // every lane counter would pass 255 many times over
        all.withUnsafeBufferPointer { XCTAssertEqual(ByteScan.count(of: 0x0A, in: $0), 300_000) }
    }
}
