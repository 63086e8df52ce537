import Glibc
import TapIO

/// Lines for the user on standard output, without `print`'s runtime type checks of its `Any`
/// arguments: on Linux each new type's first check scans every protocol conformance in the
/// binary, ≈ 0.9 M instructions for a reanalysis' dozen lines, at its very end. What `print`
/// left in the C stream's buffer goes out first (`fflush`), so the lines keep their order.
enum StandardOutput {
    static func line(_ text: String) {
        fflush(nil)
        Syscalls.writeEverything(STDOUT_FILENO, Array((text + "\n").utf8))
    }
}
