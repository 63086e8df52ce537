/// Large letters for the cue (REST / TAP SLOW / TAP FAST), readable from a subject's chair.
///
/// A 5-row font, 5 columns per glyph plus 1 of spacing; `#` marks a filled cell.
public enum BigText {
    public static let rows = 5

    static let font: [Character: [String]] = [
        "A": [" ### ", "#   #", "#####", "#   #", "#   #"],
        "B": ["#### ", "#   #", "#### ", "#   #", "#### "],
        "C": [" ####", "#    ", "#    ", "#    ", " ####"],
        "D": ["#### ", "#   #", "#   #", "#   #", "#### "],
        "E": ["#####", "#    ", "#### ", "#    ", "#####"],
        "F": ["#####", "#    ", "#### ", "#    ", "#    "],
        "G": [" ####", "#    ", "#  ##", "#   #", " ### "],
        "H": ["#   #", "#   #", "#####", "#   #", "#   #"],
        "I": ["#####", "  #  ", "  #  ", "  #  ", "#####"],
        "J": ["  ###", "    #", "    #", "#   #", " ### "],
        "K": ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
        "L": ["#    ", "#    ", "#    ", "#    ", "#####"],
        "M": ["#   #", "## ##", "# # #", "#   #", "#   #"],
        "N": ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        "O": [" ### ", "#   #", "#   #", "#   #", " ### "],
        "P": ["#### ", "#   #", "#### ", "#    ", "#    "],
        "Q": [" ### ", "#   #", "# # #", "#  # ", " ## #"],
        "R": ["#### ", "#   #", "#### ", "#  # ", "#   #"],
        "S": [" ####", "#    ", " ### ", "    #", "#### "],
        "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
        "U": ["#   #", "#   #", "#   #", "#   #", " ### "],
        "V": ["#   #", "#   #", "#   #", " # # ", "  #  "],
        "W": ["#   #", "#   #", "# # #", "## ##", "#   #"],
        "X": ["#   #", " # # ", "  #  ", " # # ", "#   #"],
        "Y": ["#   #", " # # ", "  #  ", "  #  ", "  #  "],
        "Z": ["#####", "   # ", "  #  ", " #   ", "#####"],
        "0": [" ### ", "#  ##", "# # #", "##  #", " ### "],
        "1": ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
        "2": [" ### ", "#   #", "  ## ", " #   ", "#####"],
        "3": ["#### ", "    #", " ### ", "    #", "#### "],
        "4": ["#   #", "#   #", "#####", "    #", "    #"],
        "5": ["#####", "#    ", "#### ", "    #", "#### "],
        "6": [" ### ", "#    ", "#### ", "#   #", " ### "],
        "7": ["#####", "    #", "   # ", "  #  ", "  #  "],
        "8": [" ### ", "#   #", " ### ", "#   #", " ### "],
        "9": [" ### ", "#   #", " ####", "    #", " ### "],
        " ": ["     ", "     ", "     ", "     ", "     "],
        "!": ["  #  ", "  #  ", "  #  ", "     ", "  #  "],
        "-": ["     ", "     ", "#####", "     ", "     "],
        ":": ["     ", "  #  ", "     ", "  #  ", "     "],
    ]

    /// Columns `text` takes in large letters.
    public static func width(_ text: String) -> Int {
        text.isEmpty ? 0 : text.count * 6 - 1
    }

    /// The large letters as `rows` strings, `fill` in filled cells. nil when a character has
    /// no large glyph (the caller shows ordinary text instead).
    public static func render(_ text: String, fill: Character) -> [String]? {
        var lines = Array(repeating: "", count: rows)
        for (index, character) in text.uppercased().enumerated() {
            guard let glyph = font[character] else { return nil }
            for row in 0..<rows {
                if index > 0 { lines[row] += " " }
                lines[row] += String(glyph[row].map { $0 == "#" ? fill : " " })
            }
        }
        return lines
    }
}
