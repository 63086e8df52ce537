import Foundation
import Glibc
import TapCore

/// liblsl (the Lab Streaming Layer library), loaded when `--source lsl` or `--lsl-out` asks for
/// it, so tapnirs builds and runs without it. Debian has no package; PyPI's `pylsl` wheel ships
/// it (`pylsl/lib/liblsl.so.2`, MIT). Looked for at `$TAPNIRS_LIBLSL`, then as `liblsl.so.2`
/// and `liblsl.so` on the loader's path.
///
/// Only the C functions tapnirs calls, each checked present at load (include/lsl/*.h of
/// sccn/liblsl 1.16+). Every liblsl call goes through this type.
public final class Liblsl: @unchecked Sendable {
    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        /// What was tried and why each failed.
        public var attempts: [String]
        public var description: String {
            "liblsl (Lab Streaming Layer) not found (" + attempts.joined(separator: "; ") + "): install it with "
                + "`pip install pylsl` and set TAPNIRS_LIBLSL to the wheel's library, e.g. "
                + "TAPNIRS_LIBLSL=$(python3 -c 'import pylsl, os; print(os.path.dirname(pylsl.__file__))')/lib/liblsl.so.2 "
                + "(docs/lsl.md)"
        }
    }

    /// liblsl's error codes (`lsl_error_code_t`).
    public static let timeoutError: Int32 = -1
    public static let lostError: Int32 = -2

    public let path: String
    public let version: Int32
    private let handle: UnsafeMutableRawPointer

    // Stream info
    let resolveByPredicate: @convention(c) (UnsafeMutablePointer<OpaquePointer?>?, UInt32, UnsafePointer<CChar>?, Int32, Double) -> Int32
    let createResolver: @convention(c) (UnsafePointer<CChar>?, Double) -> OpaquePointer?
    let resolverResults: @convention(c) (OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?, UInt32) -> Int32
    let destroyResolver: @convention(c) (OpaquePointer?) -> Void
    let createStreamInfo: @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, Double, Int32, UnsafePointer<CChar>?) -> OpaquePointer?
    let destroyStreamInfo: @convention(c) (OpaquePointer?) -> Void
    let getName: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let getType: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let getChannelCount: @convention(c) (OpaquePointer?) -> Int32
    let getNominalRate: @convention(c) (OpaquePointer?) -> Double
    let getChannelFormat: @convention(c) (OpaquePointer?) -> Int32
    let getSourceID: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let getHostname: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let getUID: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let getDesc: @convention(c) (OpaquePointer?) -> OpaquePointer?
    // XML
    let firstChild: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let nextSibling: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let isEmpty: @convention(c) (OpaquePointer?) -> Int32
    let isText: @convention(c) (OpaquePointer?) -> Int32
    let elementName: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let childValue: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    let appendChild: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    let appendChildValue: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> OpaquePointer?
    // Inlet
    let createInlet: @convention(c) (OpaquePointer?, Int32, Int32, Int32) -> OpaquePointer?
    let destroyInlet: @convention(c) (OpaquePointer?) -> Void
    let getFullInfo: @convention(c) (OpaquePointer?, Double, UnsafeMutablePointer<Int32>?) -> OpaquePointer?
    let openStream: @convention(c) (OpaquePointer?, Double, UnsafeMutablePointer<Int32>?) -> Void
    let timeCorrection: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, Double,
                                        UnsafeMutablePointer<Int32>?) -> Double
    let pullSample: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Double>?, Int32, Double, UnsafeMutablePointer<Int32>?) -> Double
    let pullChunk: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UInt, UInt, Double,
                                   UnsafeMutablePointer<Int32>?) -> UInt
    // Outlet
    let createOutlet: @convention(c) (OpaquePointer?, Int32, Int32) -> OpaquePointer?
    let destroyOutlet: @convention(c) (OpaquePointer?) -> Void
    let pushStrings: @convention(c) (OpaquePointer?, UnsafePointer<UnsafePointer<CChar>?>?, Double) -> Int32
    let pushDoubles: @convention(c) (OpaquePointer?, UnsafePointer<Double>?, Double) -> Int32
    let haveConsumers: @convention(c) (OpaquePointer?) -> Int32
    let localClock: @convention(c) () -> Double

    /// Loads liblsl from `TAPNIRS_LIBLSL` (if set), else `liblsl.so.2`, else `liblsl.so`.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<Liblsl, Unavailable> {
        var candidates: [(String, String)] = []
        if let path = environment["TAPNIRS_LIBLSL"], !path.isEmpty { candidates.append((path, "TAPNIRS_LIBLSL=\(path)")) }
        candidates += [("liblsl.so.2", "liblsl.so.2"), ("liblsl.so", "liblsl.so")]
        var attempts: [String] = []
        for (path, name) in candidates {
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                attempts.append("\(name): " + (dlerror().map { String(cString: $0) } ?? "cannot open"))
                continue
            }
            do {
                return .success(try Liblsl(handle: handle, path: path))
            } catch {
                dlclose(handle)
                attempts.append("\(name): \(error)")
            }
        }
        return .failure(Unavailable(attempts: attempts))
    }

    struct MissingSymbol: Error, CustomStringConvertible {
        let name: String
        var description: String { "no \(name) (liblsl too old?)" }
    }

    private init(handle: UnsafeMutableRawPointer, path: String) throws {
        func symbol<T>(_ name: String, _: T.Type = T.self) throws -> T {
            guard let pointer = dlsym(handle, name) else { throw MissingSymbol(name: name) }
            return unsafeBitCast(pointer, to: T.self)
        }
        self.handle = handle
        self.path = path
        resolveByPredicate = try symbol("lsl_resolve_bypred")
        createResolver = try symbol("lsl_create_continuous_resolver_bypred")
        resolverResults = try symbol("lsl_resolver_results")
        destroyResolver = try symbol("lsl_destroy_continuous_resolver")
        createStreamInfo = try symbol("lsl_create_streaminfo")
        destroyStreamInfo = try symbol("lsl_destroy_streaminfo")
        getName = try symbol("lsl_get_name")
        getType = try symbol("lsl_get_type")
        getChannelCount = try symbol("lsl_get_channel_count")
        getNominalRate = try symbol("lsl_get_nominal_srate")
        getChannelFormat = try symbol("lsl_get_channel_format")
        getSourceID = try symbol("lsl_get_source_id")
        getHostname = try symbol("lsl_get_hostname")
        getUID = try symbol("lsl_get_uid")
        getDesc = try symbol("lsl_get_desc")
        firstChild = try symbol("lsl_first_child")
        nextSibling = try symbol("lsl_next_sibling")
        isEmpty = try symbol("lsl_empty")
        isText = try symbol("lsl_is_text")
        elementName = try symbol("lsl_name")
        childValue = try symbol("lsl_child_value")
        appendChild = try symbol("lsl_append_child")
        appendChildValue = try symbol("lsl_append_child_value")
        createInlet = try symbol("lsl_create_inlet")
        destroyInlet = try symbol("lsl_destroy_inlet")
        getFullInfo = try symbol("lsl_get_fullinfo")
        openStream = try symbol("lsl_open_stream")
        timeCorrection = try symbol("lsl_time_correction_ex")
        pullSample = try symbol("lsl_pull_sample_d")
        pullChunk = try symbol("lsl_pull_chunk_d")
        createOutlet = try symbol("lsl_create_outlet")
        destroyOutlet = try symbol("lsl_destroy_outlet")
        pushStrings = try symbol("lsl_push_sample_strt")
        pushDoubles = try symbol("lsl_push_sample_dt")
        haveConsumers = try symbol("lsl_have_consumers")
        localClock = try symbol("lsl_local_clock")
        let libraryVersion: @convention(c) () -> Int32 = try symbol("lsl_library_version")
        version = libraryVersion()
    }

    deinit { dlclose(handle) }

    // MARK: - Reading stream descriptions

    /// Streams matching an XPath predicate (`type='NIRS'`), waiting up to `timeout` seconds for at
    /// least one. The caller owns the returned infos (`destroy`).
    func resolve(predicate: String, timeout: Double, maximum: Int = 16) -> [OpaquePointer] {
        var buffer = [OpaquePointer?](repeating: nil, count: maximum)
        let found = buffer.withUnsafeMutableBufferPointer { resolveByPredicate($0.baseAddress, UInt32(maximum), predicate, 1, timeout) }
        return buffer.prefix(max(0, Int(found))).compactMap { $0 }
    }

    func destroy(info: OpaquePointer) { destroyStreamInfo(info) }

    /// What a continuous resolver sees now (it looks in the background; this never waits).
    /// The caller owns the returned infos.
    func results(of resolver: OpaquePointer, maximum: Int = 16) -> [OpaquePointer] {
        var buffer = [OpaquePointer?](repeating: nil, count: maximum)
        let found = buffer.withUnsafeMutableBufferPointer { resolverResults(resolver, $0.baseAddress, UInt32(maximum)) }
        return buffer.prefix(max(0, Int(found))).compactMap { $0 }
    }

    /// The header fields and the `<desc>` tree of a stream info.
    func header(of info: OpaquePointer) -> LslStreamHeader {
        LslStreamHeader(name: string(getName(info)), type: string(getType(info)), channelCount: Int(getChannelCount(info)),
                        nominalRateHz: getNominalRate(info), channelFormat: .init(code: getChannelFormat(info)),
                        sourceID: string(getSourceID(info)), hostname: string(getHostname(info)),
                        desc: element(getDesc(info), depth: 0))
    }

    func uid(of info: OpaquePointer) -> String { string(getUID(info)) }

    /// One element and its element children (text nodes become the element's text). Depth is
    /// capped: a description deeper than 32 levels is not one tapnirs reads.
    private func element(_ node: OpaquePointer?, depth: Int) -> LslXMLElement {
        var element = LslXMLElement(string(elementName(node)), text: string(childValue(node)))
        guard depth < 32 else { return element }
        var child = firstChild(node)
        while let current = child, isEmpty(current) == 0 {
            if isText(current) == 0 { element.children.append(self.element(current, depth: depth + 1)) }
            child = nextSibling(current)
        }
        return element
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

    // MARK: - Writing stream descriptions

    /// A stream info for an outlet, with `stream.desc` written under `<desc>`; the caller owns it.
    func makeInfo(_ stream: LslOutletStream) -> OpaquePointer? {
        let format: Int32 = switch stream.channelFormat {
        case .float32: 1
        case .double64: 2
        case .string: 3
        case .int32: 4
        case .int16: 5
        case .int8: 6
        case .int64: 7
        case .undefined: 0
        }
        guard let info = createStreamInfo(stream.name, stream.type, Int32(stream.channelCount), stream.nominalRateHz, format,
                                          stream.sourceID) else { return nil }
        let desc = getDesc(info)
        for child in stream.desc { append(child, to: desc) }
        return info
    }

    private func append(_ element: LslXMLElement, to parent: OpaquePointer?) {
        if element.children.isEmpty {
            _ = appendChildValue(parent, element.name, element.text)
        } else {
            let node = appendChild(parent, element.name)
            for child in element.children { append(child, to: node) }
        }
    }
}
