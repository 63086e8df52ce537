import Foundation
import XCTest
@testable import TapIO
import TapCore

final class SessionFolderTests: XCTestCase {
    func testSubjectIDsAreLettersAndDigitsOnly() {
        for good in ["01", "P07", "abc123"] { XCTAssertTrue(SessionFolder.isValidSubject(good), good) }
        for bad in ["", "../x", "a/b", "a b", "sub-1", "ü", String(repeating: "a", count: 65), "a\u{0}"] {
            XCTAssertFalse(SessionFolder.isValidSubject(bad), bad)
        }
    }

    func testTwoSessionsInTheSameSecondGetTwoFolders() throws {
        let root = NSTemporaryDirectory() + "tapnirs-folder-" + UUID().uuidString
        let date = Date(timeIntervalSince1970: 1_795_574_474)
        let first = try SessionFolder.create(in: root, subject: "s1", at: date)
        let second = try SessionFolder.create(in: root, subject: "s1", at: date)
        XCTAssertNotEqual(first.path, second.path)
        XCTAssertTrue(second.sessionLabel.hasPrefix(first.sessionLabel))
        XCTAssertEqual(second.sessionLabel.last, "b")
        XCTAssertTrue(first.sessionLabel.hasPrefix("ses-"))
        XCTAssertEqual(first.sessionLabel.count, "ses-YYYYMMDDTHHMMSS".count)
    }

    func testABadSubjectCreatesNothing() throws {
        let root = NSTemporaryDirectory() + "tapnirs-folder-" + UUID().uuidString
        XCTAssertThrowsError(try SessionFolder.create(in: root, subject: "../evil", at: Date()))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root))
    }
}
