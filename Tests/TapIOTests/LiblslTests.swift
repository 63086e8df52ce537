import Foundation
import TapCore
import XCTest
@testable import TapIO

/// liblsl loaded at run time: what its absence says, and the one fact the LSL source and outlet
/// rest on — liblsl's clock is the session's CLOCK_MONOTONIC. (No stream is created here: these
/// calls open no socket. Everything that does runs in scripts/lsl-sandbox.sh, see LslSourceTests.)
final class LiblslTests: XCTestCase {
    func testAMissingLibrarySaysWhatWasTriedAndHowToGetIt() {
        guard case .failure(let missing) = Liblsl.load(environment: ["TAPNIRS_LIBLSL": "/nonexistent/liblsl.so.2"]) else {
            return XCTFail("only a bad TAPNIRS_LIBLSL was given, and no liblsl is installed system-wide on the test machines")
        }
        XCTAssertEqual(missing.attempts.count, 3, "TAPNIRS_LIBLSL, then liblsl.so.2 and liblsl.so")
        XCTAssertTrue(missing.attempts[0].hasPrefix("TAPNIRS_LIBLSL=/nonexistent/liblsl.so.2: "), missing.attempts[0])
        XCTAssertFalse(missing.description.contains("\n"), "one line")
        XCTAssertTrue(missing.description.contains("`pip install pylsl` and set TAPNIRS_LIBLSL"), missing.description)
    }

    func testLiblslsClockIsTheSessionClock() throws {
        let lsl = try loaded()
        XCTAssertGreaterThanOrEqual(lsl.version, 116, "liblsl 1.16 or newer")
        for _ in 0..<100 {
            let before = MonotonicClock.now()
            let seconds = lsl.localClock()
            let after = MonotonicClock.now()
            let lslTime = MonoTime(nanoseconds: Span.seconds(seconds).nanoseconds)
            // Same clock: read between two CLOCK_MONOTONIC readings (a double of ~1e4 s rounds to < 1 µs).
            XCTAssertLessThanOrEqual(before - .microseconds(1), lslTime)
            XCTAssertLessThanOrEqual(lslTime, after + .microseconds(1))
        }
        XCTAssertEqual(LslOutlet.lslSeconds(MonoTime(nanoseconds: 5_000_123_456_789)), 5000.123456789)
    }

    /// The library `make test` names (the venv's pylsl), or a failure saying how to get it.
    func loaded(file: StaticString = #filePath, line: UInt = #line) throws -> Liblsl {
        guard let path = ProcessInfo.processInfo.environment["TAPNIRS_LIBLSL"], !path.isEmpty else {
            XCTFail("TAPNIRS_LIBLSL is not set: run `make test` (it points it at the venv's pylsl)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        switch Liblsl.load(environment: ["TAPNIRS_LIBLSL": path]) {
        case .success(let lsl): return lsl
        case .failure(let missing): XCTFail(missing.description, file: file, line: line); throw missing
        }
    }
}
