import TapCore
import TapIO
import TapUI

/// The event loop's view of the terminal, backed by ncurses.
final class CursesFrontend: SessionFrontend {
    let presenter: CursesPresenter

    init(_ presenter: CursesPresenter) { self.presenter = presenter }

    var inputDescriptor: Int32 { 0 }

    func readInput() -> [TerminalInput] {
        presenter.readInput().map {
            switch $0 {
            case .key(let key): return .key(key)
            case .resize: return .resize
            }
        }
    }

    func present(_ view: SessionView) { presenter.present(view) }

    func click() { presenter.bell() }

    var size: (columns: Int, lines: Int) { presenter.size }
}
