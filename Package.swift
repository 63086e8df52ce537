// swift-tools-version: 6.1
import PackageDescription

/// HDF5 linked from Debian's static archive. Its libhdf5.settings lists -lcrypto -lcurl -lpthread
/// -lsz -lz -ldl -lm; crypto and curl serve only the S3 driver, whose object the linker never pulls
/// in (tapnirs does not use it; were it pulled in, the link would fail, not misbehave). The shared
/// library loaded libcurl, libcrypto and some 30 libraries behind them in every process: ≈ 5 MiB
/// resident and a third of the loader's time (docs/performance.md).
let hdf5Static: [LinkerSetting] = [
    .linkedLibrary(":libhdf5_serial.a"), .linkedLibrary("sz"), .linkedLibrary("z"),
    .linkedLibrary("dl"), .linkedLibrary("m"),
]

/// The release binary's layout (docs/performance.md, "Code layout"), linked by the toolchain's
/// lld: the functions the everyday commands run first and together (Linker/symbol-order.txt, from
/// scripts/symbol-order.sh; names gone since are skipped), so a process maps a few MiB of code
/// rather than most of the 20 MiB text; and PIE relocations packed (DT_RELR, glibc 2.36): a
/// 2 MiB table no longer read at every start. Debug builds link as before.
let packageRoot = String(#filePath.dropLast("/Package.swift".count))
let releaseLayout: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                  "-Xlinker", "--symbol-ordering-file=\(packageRoot)/Linker/symbol-order.txt",
                  "-Xlinker", "--no-warn-symbol-ordering"], .when(configuration: .release)),
]

/// Release code reaches a concrete generic type's metadata through its accessor, not through its
/// mangled name: the runtime then need not demangle the name and look up each conformance it
/// requires (`KeyedDecodingContainer<CodingKeys>` needs `CodingKeys: CodingKey`), and on Linux a
/// lookup not yet cached scans every conformance in the binary, ≈ 70 000 instructions: 12 M of
/// a reanalysis' start (docs/performance.md, "Start-up"). Slightly more code; same behaviour.
let releaseCode: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

let package = Package(
    name: "tapnirs",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tapnirs", targets: ["tapnirs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // ncursesw, with its macros and variadic calls wrapped as plain C functions.
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The few Linux calls Swift's Glibc module hides (ppoll, signalfd, prctl), as plain functions.
        .systemLibrary(name: "CLinux"),
        // HDF5 (Debian's serial build) for reading and writing SNIRF files.
        .systemLibrary(name: "CHDF5", providers: [.apt(["libhdf5-dev"])]),
        // ALSA (Debian's libasound2-dev) for the metronome's click stream.
        .systemLibrary(name: "CALSA", providers: [.apt(["libasound2-dev"])]),
        // The science: pure, deterministic, clock-injected; no I/O.
        .target(
            name: "TapCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: releaseCode
        ),
        // Clocks, files, the event loop.
        .target(name: "TapIO", dependencies: ["TapCore", "CLinux", "CHDF5", "CALSA"],
                swiftSettings: releaseCode, linkerSettings: hdf5Static),
        // ncurses screens: pure canvas drawing plus one presenter that talks to curses.
        .target(name: "TapUI", dependencies: ["TapCore", "CNcursesw"]),
        .executableTarget(
            name: "tapnirs",
            dependencies: [
                "TapCore", "TapIO", "TapUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: releaseCode,
            linkerSettings: releaseLayout
        ),
        // What more than one test target needs from the machine (socat's ptys).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TapCoreTests", dependencies: ["TapCore"]),
        .testTarget(name: "TapIOTests", dependencies: ["TapIO", "TapCore", "TestSupport"]),
        .testTarget(name: "TapUITests", dependencies: ["TapUI", "TapCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TapIO", "TapCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
