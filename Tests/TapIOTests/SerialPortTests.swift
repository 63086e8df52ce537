import Foundation
import Glibc
import XCTest
@testable import TapIO
import TestSupport

/// Real ptys from socat: a pair (`a` is the "device" tapnirs opens, `b` the device's side), or
/// one pty fed from the test's pipe where the test must be the one that hangs up.
final class SerialPortTests: XCTestCase {
    var folder = ""
    var socat: Socat?
    var deviceSide: Int32 = -1
    var a: String { folder + "/a" }
    var b: String { folder + "/b" }

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "tapnirs-serial-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if deviceSide >= 0 { Glibc.close(deviceSide) }
        deviceSide = -1
        stopSocat()
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: helpers

    /// Polls `condition` every 10 ms until it holds or `seconds` pass.
    func eventually(within seconds: Double = 2, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    func startSocat() throws {
        try startSocat(Socat(ptyPair: a, b))
    }

    /// Starts `process` and returns once it copies data (see `Socat`).
    func startSocat(_ process: Socat) throws {
        socat = process
        try process.start()
    }

    func stopSocat() {
        socat?.stop()
        socat = nil
    }

    /// Opens the device's side of the socat pair, for writing.
    func openDeviceSide() throws {
        deviceSide = Glibc.open(b, O_RDWR | O_NOCTTY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(deviceSide, 0)
        if deviceSide < 0 { throw SetupFailure("cannot open \(b)") }
    }

    func send(_ text: String) throws {
        try Syscalls.writeAll(deviceSide, Array(text.utf8))
    }

    /// Writes from another thread: a pty holds only a few KiB, so a long text blocks until
    /// the port reads it.
    func sendInBackground(_ text: String) -> XCTestExpectation {
        let done = expectation(description: "written")
        let fd = deviceSide, bytes = Array(text.utf8)
        DispatchQueue.global().async {
            try? Syscalls.writeAll(fd, bytes)
            done.fulfill()
        }
        return done
    }

    /// Waits for readiness like the event loop (POLLIN or hang-up) and reads, until `count`
    /// bytes have come, the port is lost or `seconds` pass.
    func collect(_ port: SerialPort, count: Int, within seconds: Double = 2) -> (bytes: [UInt8], lost: String?) {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        while bytes.count < count && Date() < deadline {
            guard let fd = port.fd else { return (bytes, "closed") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, 20)
            switch port.readAvailable() {
            case .bytes(let more): bytes += more
            case .lost(let reason): return (bytes, reason)
            }
        }
        return (bytes, nil)
    }

    // MARK: the port

    func testBytesWrittenAtTheOtherEndArrive() throws {
        try startSocat()
        try openDeviceSide()
        let port = SerialPort(path: a, baud: 115_200)
        XCTAssertNil(port.fd)
        try port.open()
        XCTAssertNotNil(port.fd)
        XCTAssertEqual(port.readAvailable(), .bytes([]), "nothing waiting is not a loss")
        XCTAssertNotNil(port.fd)

        let header = "#tapnirs-serial 1\n#rate 10\n"
        let many = (0..<2_000).map { "\($0),10000,20000\r\n" }.joined()
        let written = sendInBackground(header + many)
        let (bytes, lost) = collect(port, count: header.utf8.count + many.utf8.count)
        wait(for: [written], timeout: 2)
        XCTAssertNil(lost)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), header + many, "raw: CR LF and all bytes untouched")
    }

    func testRawEightNOneAndTheBaudAreApplied() throws {
        try startSocat()
        let port = SerialPort(path: a, baud: 9_600)
        try port.open()
        let fd = try XCTUnwrap(port.fd)
        var settings = termios()
        XCTAssertEqual(tcgetattr(fd, &settings), 0)
        XCTAssertEqual(settings.c_lflag & tcflag_t(ICANON | ECHO | ISIG | IEXTEN), 0, "not canonical, no echo")
        XCTAssertEqual(settings.c_cflag & tcflag_t(CSIZE), tcflag_t(CS8))
        XCTAssertEqual(settings.c_cflag & tcflag_t(PARENB | CSTOPB), 0, "no parity, one stop bit")
        XCTAssertEqual(settings.c_cflag & tcflag_t(CLOCAL | CREAD), tcflag_t(CLOCAL | CREAD))
        XCTAssertEqual(settings.c_cflag & tcflag_t(CRTSCTS), 0, "no hardware flow control")
        XCTAssertEqual(settings.c_iflag & tcflag_t(IXON | IXOFF | ICRNL | ISTRIP), 0, "no software flow control, no mapping")
        XCTAssertEqual(settings.c_oflag & tcflag_t(OPOST), 0)
        withUnsafeBytes(of: settings.c_cc) { cc in
            XCTAssertEqual(cc[Int(VMIN)], 1)
            XCTAssertEqual(cc[Int(VTIME)], 0)
        }
        XCTAssertEqual(cfgetispeed(&settings), speed_t(B9600))
        XCTAssertEqual(cfgetospeed(&settings), speed_t(B9600))
        let flags = fcntl(fd, F_GETFL)
        XCTAssertNotEqual(flags & O_NONBLOCK, 0)
        XCTAssertNotEqual(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0)
    }

    func testTheWriterClosingItsEndLosesThePort() throws {
        // socat copies the test's pipe into the pty: closing the pipe ends socat, which closes
        // the pty master, and the port sees the hang-up.
        let writer = Pipe()
        try startSocat(Socat(["-u", "-t", "0.1", "STDIN", "pty,raw,echo=0,link=\(a)"], links: [a], input: writer))
        let port = SerialPort(path: a)
        try port.open()
        writer.fileHandleForWriting.write(Data("1000,1,2\n".utf8))
        XCTAssertEqual(collect(port, count: 9).bytes, Array("1000,1,2\n".utf8))

        try writer.fileHandleForWriting.close()
        let (bytes, lost) = collect(port, count: 1)
        XCTAssertEqual(bytes, [UInt8]())
        XCTAssertNotNil(lost, "the hang-up is seen")
        XCTAssertNil(port.fd, "a lost port is closed")
        XCTAssertEqual(port.readAvailable(), SerialPort.ReadResult.lost(reason: "not open"))
    }

    func testAfterSocatDiesThePortIsLostAndReopensOnceItIsBack() throws {
        try startSocat()
        let port = SerialPort(path: a)
        try port.open()
        stopSocat()
        let (_, lost) = collect(port, count: 1)
        XCTAssertNotNil(lost, "the hang-up is seen")
        XCTAssertNil(port.fd)
        XCTAssertTrue(eventually { !FileManager.default.fileExists(atPath: a) }, "socat removes its links")
        XCTAssertThrowsError(try port.open()) { XCTAssertEqual($0 as? SerialPortError, .notFound(a)) }

        try startSocat()  // the emulator is back, on the same link path
        try port.open()
        try openDeviceSide()
        try send("again\n")
        let (bytes, stillLost) = collect(port, count: 6)
        XCTAssertNil(stillLost)
        XCTAssertEqual(bytes, Array("again\n".utf8))
    }

    func testAMissingPathIsNotFoundAtOnce() {
        let missing = folder + "/ttyUSB9"
        let port = SerialPort(path: missing)
        let start = Date()
        XCTAssertThrowsError(try port.open()) { error in
            XCTAssertEqual(error as? SerialPortError, .notFound(missing))
            XCTAssertTrue("\(error)".contains(missing))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.1)
        XCTAssertNil(port.fd)
    }

    func testAFileThatIsNoTerminalIsRefused() throws {
        let path = folder + "/plain"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        let port = SerialPort(path: path)
        XCTAssertThrowsError(try port.open()) { XCTAssertEqual($0 as? SerialPortError, .notATerminal(path)) }
        XCTAssertNil(port.fd)
    }

    func testAnUnsupportedBaudIsRefusedListingTheSupportedOnes() {
        XCTAssertThrowsError(try SerialPort(path: "/dev/null", baud: 12_345).open()) { error in
            XCTAssertEqual(error as? SerialPortError, .unsupportedBaud(12_345))
            XCTAssertTrue("\(error)".contains("9600, 19200"), "\(error)")
            XCTAssertTrue("\(error)".contains("4000000"), "\(error)")
        }
    }

    // MARK: PATH[@BAUD]

    func testSpecsParse() throws {
        XCTAssertEqual(try SerialPort.parse(spec: "/dev/ttyUSB0").baud, 115_200)
        XCTAssertEqual(try SerialPort.parse(spec: "/dev/ttyUSB0").path, "/dev/ttyUSB0")
        let fast = try SerialPort.parse(spec: "/dev/ttyACM1@921600")
        XCTAssertEqual(fast.path, "/dev/ttyACM1")
        XCTAssertEqual(fast.baud, 921_600)
        let prefixed = try SerialPort.parse(spec: "serial:/tmp/x/a@9600")
        XCTAssertEqual(prefixed.path, "/tmp/x/a")
        XCTAssertEqual(prefixed.baud, 9_600)
        XCTAssertEqual(try SerialPort.parse(spec: "/tmp/we@ird/tty").path, "/tmp/we@ird/tty", "an @ inside the path")
    }

    func testBadSpecsSayWhatIsWrong() {
        func message(_ spec: String) -> String {
            do {
                _ = try SerialPort.parse(spec: spec)
                return "parsed"
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(message("serial:/dev/ttyUSB0@abc").contains("baud must be a whole number, got \"abc\""))
        XCTAssertTrue(message("/dev/ttyUSB0@115200.5").contains("baud must be a whole number"))
        XCTAssertTrue(message("/dev/ttyUSB0@-9600").contains("baud must be a whole number"))
        XCTAssertTrue(message("/dev/ttyUSB0@").contains("baud is missing"))
        XCTAssertTrue(message("@115200").contains("path is missing"))
        XCTAssertTrue(message("").contains("path is missing"))
        XCTAssertTrue(message("/dev/ttyUSB0@1234").contains("unsupported baud 1234; supported: 9600"))
        XCTAssertTrue(message("/dev/ttyUSB0@99999999999999999999999").contains("whole number"))
    }
}

/// A test's set-up could not be made: the test fails (it never skips) and says why.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
