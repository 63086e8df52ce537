import TapCore

/// What the terminal delivered since the last read.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    /// The window changed size: redraw everything.
    case resize
}

/// The screen and keyboard, as the event loop sees them (ncurses in the program, a fake in tests).
public protocol SessionFrontend: AnyObject {
    /// The descriptor that becomes readable when keys arrive (stdin).
    var inputDescriptor: Int32 { get }
    /// Everything waiting, without blocking.
    func readInput() -> [TerminalInput]
    /// Draws one frame.
    func present(_ view: SessionView)
    /// The audible metronome click (terminal bell), written and flushed before returning.
    func click()
    /// Columns and lines of the terminal.
    var size: (columns: Int, lines: Int) { get }
}
