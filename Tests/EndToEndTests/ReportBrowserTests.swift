import Foundation
import XCTest

/// `tapnirs report` on a real session, then the page rendered by a real browser (Debian's
/// `chromium`, headless): it must load, draw every plot and log nothing to the console.
final class ReportBrowserTests: XCTestCase {
    /// Debian's chromium binary; the test fails (never skips) without it.
    static func chromium(file: StaticString = #filePath, line: UInt = #line) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser"] {
            for dir in dirs + ["/usr/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
                return dir + "/" + name
            }
        }
        XCTFail("chromium not found on PATH: install Debian's package `chromium` (apt-get install -y chromium)", file: file, line: line)
        return nil
    }

    /// Runs chromium headless with its own throw-away profile.
    static func browser(_ chromium: String, profile: String, _ arguments: [String]) throws -> Shell.Result {
        try Shell.run(["timeout", "120", chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                       "--user-data-dir=" + profile, "--disable-extensions", "--hide-scrollbars"] + arguments, allowFailure: true)
    }

    /// A short real session (12 s, simulated fNIRS, synthetic tapper), run in tmux.
    static func recordSession(out: String, extra: [String]) throws -> String {
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "P07",
                                 "--no-sound", "--out", out, "--autotap", "steady", "--seed", "7"] + extra)
        XCTAssertEqual(try pane.waitForExit(timeout: 60), 0)
        return try SessionFiles.only(in: out).path
    }

    func testReportRendersInChromiumWithEveryPlot() throws {
        guard let chromium = Self.chromium() else { return }
        let out = try Paths.temporaryFolder()
        let session = try Self.recordSession(out: out, extra: ["--source", "sim"])

        let result = try Shell.run([Paths.binary, "report", session])
        XCTAssertTrue(result.output.contains("tapnirs: session completed"), result.output)
        XCTAssertTrue(result.output.contains("slow (block 2): rate "), result.output)
        XCTAssertTrue(result.output.contains("report: " + session + "/report.html"), result.output)
        let path = session + "/report.html"
        let html = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 7,
                       "tap rate, ITI, asynchrony, HbO/HbR, HbO per condition, bars, channel map")
        XCTAssertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "self-contained")

        // A second run replaces its own report (same session) atomically; no temp file is left.
        try Shell.run([Paths.binary, "report", session])
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), html, "same session, same report")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: session).filter { $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [])

        // Rendered: screenshot with the console logged to stderr.
        let profile = try Paths.temporaryFolder()
        let png = out + "/report.png"
        let shot = try Self.browser(chromium, profile: profile, ["--enable-logging=stderr", "--v=0", "--window-size=1200,3000",
                                                                 "--screenshot=" + png, "file://" + path])
        let consoleLines = shot.error.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        XCTAssertEqual(consoleLines, [], "console messages while loading the report")
        let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size, 50_000, "screenshot missing or trivial; chromium said: \(shot.error.suffix(2000))")

        // Not all one colour: the screenshot read back through a canvas.
        let check = out + "/pngcheck.html"
        try """
            <!DOCTYPE html><html><body><canvas id="c"></canvas><script>
            const img = new Image();
            img.onload = () => { const c = document.getElementById('c'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              try { const d = g.getImageData(0, 0, img.width, img.height).data; const seen = new Set();
                for (let i = 0; i < d.length; i += 4 * 97) { seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]); }
                document.body.dataset.colours = String(seen.size); document.body.dataset.size = img.width + 'x' + img.height;
              } catch (e) { document.body.dataset.error = String(e); } };
            img.onerror = () => { document.body.dataset.error = 'not loaded'; };
            img.src = 'report.png';
            </script></body></html>
            """.write(toFile: check, atomically: true, encoding: .utf8)
        let pixels = try Self.browser(chromium, profile: profile, ["--allow-file-access-from-files", "--virtual-time-budget=5000",
                                                                   "--dump-dom", "file://" + check])
        XCTAssertTrue(pixels.output.contains("data-size=\"1200x3000\""), pixels.output)
        let colours = pixels.output.firstMatch(of: /data-colours="(\d+)"/).flatMap { Int($0.1) } ?? 0
        XCTAssertGreaterThan(colours, 20, "the screenshot is (nearly) one colour: \(pixels.output)")

        // The DOM as the browser built it: every svg has drawn content, checked by a script in a copy.
        let probe = session + "/report-probe.html"
        let script = """
            <script>
            const svgs = Array.from(document.querySelectorAll('svg'));
            const drawn = svgs.filter(s => s.querySelectorAll('path, rect, circle, line').length > 0
                                         && s.getBBox().width > 0 && s.getBBox().height > 0);
            document.body.dataset.svgs = String(svgs.length);
            document.body.dataset.drawn = String(drawn.length);
            document.body.dataset.ok = (svgs.length > 0 && drawn.length === svgs.length) ? 'yes' : 'no';
            </script>
            """
        try html.replacingOccurrences(of: "</body>", with: script + "</body>").write(toFile: probe, atomically: true, encoding: .utf8)
        let dom = try Self.browser(chromium, profile: profile, ["--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + probe])
        try? FileManager.default.removeItem(atPath: probe)
        XCTAssertTrue(dom.output.contains("data-ok=\"yes\""), "svg check failed: " + (dom.output.firstMatch(of: /<body[^>]*>/).map { String($0.0) } ?? dom.output.prefix(500).description))
        XCTAssertTrue(dom.output.contains("data-svgs=\"7\""))
        XCTAssertEqual(dom.error.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }, [])
        for needle in ["<path", "<rect", "<circle", "tap rate (taps/s)", "Δ concentration (µM)", "S1-D1"] {
            XCTAssertTrue(dom.output.contains(needle), "rendered DOM lacks \(needle)")
        }
        try? FileManager.default.removeItem(atPath: profile)
    }

    func testReportWithoutNirsAndForeignReportIsKept() throws {
        guard Self.chromium() != nil else { return }
        let out = try Paths.temporaryFolder()
        let session = try Self.recordSession(out: out, extra: [])
        let result = try Shell.run([Paths.binary, "report", session])
        XCTAssertTrue(result.output.contains("no fNIRS in this session"), result.output)
        let html = try String(contentsOfFile: session + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("no fNIRS recording"))
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 4)

        // A report.html that tapnirs did not write for this session is never overwritten.
        let foreign = "<html><body>the clinician's own notes</body></html>"
        try foreign.write(toFile: session + "/report.html", atomically: true, encoding: .utf8)
        let refused = try Shell.run([Paths.binary, "report", session], allowFailure: true)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.error.contains("not written by tapnirs"), refused.error)
        XCTAssertEqual(try String(contentsOfFile: session + "/report.html", encoding: .utf8), foreign)
    }
}
