import TapCore

extension SessionReading {
    /// The fNIRS layout of a session whose `session.json` was written before the stream's
    /// header arrived (killed early): the kind from channels.tsv's types, channels and
    /// wavelengths from the nirs_raw.tsv `header`, the rate from its times (one more pass over
    /// the file). The SNIRF and BIDS exports both use it, so a BIDS dataset's sidecars describe
    /// the SNIRF file beside them.
    static func inferredNirsLayout(folder: String, header: [String]) throws(SnirfExportError) -> NirsLayout {
        var channels: [String] = []
        var wavelengths: [Double] = []
        var isHb = false
        for name in header.dropFirst(2) {
            let parts = name.split(separator: " ")
            guard parts.count == 2 else {
                throw .unreadable(path: folder + "/nirs_raw.tsv", reason: "column \(name) is not '<channel> <wavelength>'")
            }
            let channel = String(parts[0])
            if !channels.contains(channel) { channels.append(channel) }
            if parts[1] == "hbo" || parts[1] == "hbr" { isHb = true } else if let nm = Double(parts[1]), !wavelengths.contains(nm) {
                wavelengths.append(nm)
            }
        }
        var kind: NirsLayout.Kind = isHb ? .hb : .intensity
        if !isHb, let table = try SessionTable.read(folder: folder, name: "channels.tsv"), let type = table.column("type"),
           table.rows.contains(where: { $0.fields[type] == "NIRSCWOPTICALDENSITY" }) {
            kind = .od
        }
        var count = 0, first = 0.0, last = 0.0
        if let pass = try JournalReader.open(folder: folder, name: "nirs_raw.tsv") {
            do {
                try pass.forEachRow { row in
                    guard let time = row.double(0) else { return }
                    if count == 0 { first = time }
                    last = time
                    count += 1
                }
            } catch let error as SnirfExportError {
                throw error
            } catch {
                throw .unreadable(path: pass.path, reason: "\(error)")
            }
        }
        let rate = count >= 2 ? Double(count - 1) / (last - first) : 0
        return NirsLayout(kind: kind, rateHz: rate, wavelengths: wavelengths, channels: channels)
    }
}
