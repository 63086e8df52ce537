import Foundation
import Glibc
import TapCore
import TestSupport
import XCTest

/// `tapnirs run --source serial:…` against a real pty pair (socat), fed by a writer that sends
/// a known stream: every kind of bad line, a pulled cable and its return, and a device reset.
final class SerialSessionTests: XCTestCase {
    /// A socat pty pair: the device writes to `device`, tapnirs reads `host`.
    final class PtyPair {
        let folder: String
        let socat: Socat
        var device: String { folder + "/dev" }
        var host: String { folder + "/host" }

        init(folder: String) throws {
            self.folder = folder
            socat = Socat(ptyPair: folder + "/dev", folder + "/host")
            try start()
        }

        /// The cable is plugged in: returns once socat copies between both ends (see `Socat`).
        func start() throws { try socat.start() }

        /// The cable is pulled: socat exits and its links vanish.
        func stop() throws {
            socat.stop()
            try waitUntil("the links to vanish") { access(self.host, F_OK) != 0 }
        }
    }

    /// The device side: writes lines and remembers what a reader should keep.
    struct Device {
        var fd: Int32 = -1
        var sentSamples: [(deviceTime: Double, values: [Double])] = []
        var sentRejects: [SerialReject: Int] = [:]
        var random = SeededGenerator(seed: 42)
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1"],
                                distancesCentimetres: [3, 3])

        mutating func open(_ path: String) throws {
            fd = Glibc.open(path, O_WRONLY | O_NOCTTY)
            guard fd >= 0 else { throw NSError(domain: "open \(path)", code: Int(errno)) }
        }

        mutating func close() { Glibc.close(fd); fd = -1 }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n > 0 { offset += n } else if errno != EINTR { XCTFail("write: \(errno)"); return }
            }
        }

        mutating func header() {
            write(SerialLineWriter.headerLines(layout, distanceCentimetres: 3).joined())
        }

        mutating func sample(_ deviceTime: Double, checksum: Bool = false) {
            let values = (0..<4).map { 1000 + Double($0) * 100 + deviceTime / 1000 + 0.125 }
            write(SerialLineWriter.dataLine(deviceTimeMilliseconds: deviceTime, values: values, checksum: checksum))
            sentSamples.append((deviceTime, values))
        }

        mutating func corrupt(_ kind: SerialReject) {
            write(SerialLineWriter.corruptLine(kind: kind, layout: layout, using: &random))
            sentRejects[kind, default: 0] += 1
        }
    }

    func testTheRecordHoldsExactlyTheValidLinesThroughGarbageACablePullAndAReset() throws {
        let folder = try Paths.temporaryFolder()
        let pair = try PtyPair(folder: folder)
        let protocolFile = folder + "/serial.yaml"
        try "name: serial-test\nbaseline: 4\nblocks:\n  - tap: {label: fast, duration: 14, pace: self}\n  - rest: 4\n"
            .write(toFile: protocolFile, atomically: true, encoding: .utf8)
        let out = folder + "/out"
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", protocolFile, "--subject", "serial", "--no-sound",
                                 "--out", out, "--source", "serial:" + pair.host, "--autotap", "steady"])
        try pane.waitFor("waiting for samples", timeout: 10)

        var device = Device()
        try device.open(pair.device)
        device.write("0,1,2,3,4\n")  // data before any header
        device.sentRejects[.noHeader] = 1
        device.header()
        let kinds = SerialLineWriter.midStreamRejects(for: device.layout)
        var time = 0.0
        for i in 0..<(3 * kinds.count) {
            device.sample(time, checksum: i % 2 == 0)
            time += 100
            if i % 3 == 2 { device.corrupt(kinds[i / 3]) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.5)  // let the reader take everything before the cable goes

        device.close()
        try pair.stop()
        try waitUntil("tapnirs to notice", timeout: 5) { self.eventsText(out).contains("nirs_signal_lost") }
        // The event is journalled on the records thread; the screen shows it at the next redraw.
        _ = try pane.waitFor("SIGNAL LOST", timeout: 5)
        try pair.start()
        try waitUntil("tapnirs to reconnect", timeout: 5) { self.eventsText(out).contains("nirs_signal_back") }
        try device.open(pair.device)
        for _ in 0..<10 {
            device.sample(time, checksum: true)
            time += 100
            Thread.sleep(forTimeInterval: 0.05)
        }
        // The device restarts: a new header, its clock from zero.
        device.header()
        for k in 0..<10 {
            device.sample(Double(k) * 100)
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.5)
        device.close()
        XCTAssertEqual(try pane.waitForExit(timeout: 30), 0)

        let files = try SessionFiles.only(in: out)
        let raw = try files.table("nirs_raw.tsv")
        XCTAssertEqual(raw.count, device.sentSamples.count, "exactly the valid lines")
        for (row, sent) in zip(raw, device.sentSamples) {
            XCTAssertEqual(Double(row["device_time_ms"] ?? ""), sent.deviceTime)
            XCTAssertEqual(device.layout.measurementNames.map { Double(row[$0] ?? "") }, sent.values.map { Optional($0) })
        }
        let hosts = raw.compactMap { Double($0["host_time"] ?? "") }
        XCTAssertEqual(hosts, hosts.sorted(), "arrival times never go back")
        let nirs = try XCTUnwrap(try files.json("session.json")["nirs"] as? [String: Any])
        let rejected = try XCTUnwrap(nirs["rejected_lines"] as? [String: Int])
        XCTAssertEqual(rejected, Dictionary(uniqueKeysWithValues: device.sentRejects.map { ($0.key.rawValue, $0.value) }))
        XCTAssertEqual(rejected.count, SerialReject.allCases.count, "every kind of bad line was sent")
        XCTAssertEqual(nirs["signal_gaps"] as? Int, 1)
        XCTAssertEqual(nirs["device_resets"] as? Int, 1)
        let events = try files.table("events.tsv").map { $0["trial_type"] ?? "" }
        XCTAssertEqual(events.filter { $0.hasPrefix("nirs_") }, ["nirs_signal_lost", "nirs_signal_back", "nirs_reset"])
    }

    func testEmulateFeedsALiveSessionThroughAPtyPair() throws {
        let folder = try Paths.temporaryFolder()
        let pair = try PtyPair(folder: folder)
        let emulate = Process()
        emulate.executableURL = URL(fileURLWithPath: Paths.binary)
        emulate.arguments = ["emulate", "--port", pair.device, "--rate", "20", "--channels", "4", "--garbage", "0.1",
                             "--duration", "8", "--checksum"]
        let output = Pipe()
        emulate.standardOutput = output
        try emulate.run()
        let out = folder + "/out"
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "emu",
                                 "--no-sound", "--out", out, "--source", "serial:" + pair.host, "--autotap", "steady"])
        let screen = try pane.waitFor("rejected", timeout: 15)
        XCTAssertTrue(screen.contains("20.00 Hz"), screen)
        emulate.waitUntilExit()
        XCTAssertEqual(emulate.terminationStatus, 0)
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(report.hasPrefix("emulate: sent 160 samples"), report)
        XCTAssertEqual(try pane.waitForExit(timeout: 30), 0)
        let files = try SessionFiles.only(in: out)
        let raw = try files.table("nirs_raw.tsv")
        XCTAssertGreaterThan(raw.count, 100, "most of 8 s at 20 Hz arrived")
        XCTAssertLessThanOrEqual(raw.count, 160)
        XCTAssertEqual(try files.table("hemo.tsv").count, raw.count)
    }

    func eventsText(_ out: String) -> String {
        guard let subject = try? FileManager.default.contentsOfDirectory(atPath: out + "/sub-serial").first else { return "" }
        return (try? String(contentsOfFile: out + "/sub-serial/" + subject + "/events.tsv", encoding: .utf8)) ?? ""
    }
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
func waitUntil(_ what: String, timeout: Double = 5, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() > deadline { throw TmuxError.timeout("waiting for \(what)") }
        Thread.sleep(forTimeInterval: 0.02)
    }
}
