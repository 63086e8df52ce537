/// What a Lab Streaming Layer stream says about itself: the fixed header fields and the free
/// `<desc>` tree, read at the edge (TapIO walks liblsl's XML DOM) so that deciding what the
/// stream measures (`LslNirsMapping`) is a pure function of this value.
public struct LslStreamHeader: Equatable, Sendable {
    /// liblsl's `lsl_channel_format_t`, by name.
    public enum ChannelFormat: String, Equatable, Sendable, Codable {
        case float32, double64, string, int32, int16, int8, int64, undefined

        /// liblsl's numbering (`cft_float32 = 1` … `cft_int64 = 7`, `cft_undefined = 0`).
        public init(code: Int32) {
            switch code {
            case 1: self = .float32
            case 2: self = .double64
            case 3: self = .string
            case 4: self = .int32
            case 5: self = .int16
            case 6: self = .int8
            case 7: self = .int64
            default: self = .undefined
            }
        }

        public var isNumeric: Bool { self != .string && self != .undefined }
    }

    public var name: String
    public var type: String
    public var channelCount: Int
    /// 0 for an irregular stream.
    public var nominalRateHz: Double
    public var channelFormat: ChannelFormat
    public var sourceID: String
    public var hostname: String
    /// The `<desc>` element (empty when the sender described nothing).
    public var desc: LslXMLElement

    public init(name: String, type: String, channelCount: Int, nominalRateHz: Double, channelFormat: ChannelFormat,
                sourceID: String = "", hostname: String = "", desc: LslXMLElement = LslXMLElement("desc")) {
        self.name = name
        self.type = type
        self.channelCount = channelCount
        self.nominalRateHz = nominalRateHz
        self.channelFormat = channelFormat
        self.sourceID = sourceID
        self.hostname = hostname
        self.desc = desc
    }

    /// `desc/channels/channel`, in order (the sample's channel order).
    public var channels: [LslXMLElement] {
        desc.child("channels")?.children(named: "channel") ?? []
    }
}

/// One element of a stream's XML description: its name, its text, its child elements.
/// Names are compared without regard to case (senders write `X` or `x`, `Location` or `location`).
public struct LslXMLElement: Equatable, Sendable {
    public var name: String
    public var text: String
    public var children: [LslXMLElement]

    public init(_ name: String, text: String = "", _ children: [LslXMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// `<name>text</name>`: a leaf.
    public static func leaf(_ name: String, _ text: String) -> LslXMLElement { LslXMLElement(name, text: text) }

    public func child(_ name: String) -> LslXMLElement? {
        children.first { $0.name.lowercased() == name.lowercased() }
    }

    public func children(named name: String) -> [LslXMLElement] {
        children.filter { $0.name.lowercased() == name.lowercased() }
    }

    /// The trimmed text of the child `name`, nil when absent or empty.
    public func value(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }

    /// The element at `path` (`montage/optodes/sources`), nil if any step is missing.
    public func descendant(_ path: String) -> LslXMLElement? {
        var element: LslXMLElement? = self
        for step in path.split(separator: "/") { element = element?.child(String(step)) }
        return element
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
