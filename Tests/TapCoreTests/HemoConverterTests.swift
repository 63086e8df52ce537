import XCTest
@testable import TapCore

/// `HemoConverter`: raw samples → ΔHbO/ΔHbR (µM) with MNE-Python's constants (SCIENCE.md §3),
/// with a causal intensity reference (the stream's first `referenceSeconds`).
final class HemoConverterTests: XCTestCase {
    // MNE golden vectors (SCIENCE.md §3): d = 0.03 m, ppf 6, intensities at λ1 and λ2.
    let i1 = [1000.0, 990, 1010, 1005, 995]
    let i2 = [2000.0, 1990, 2030, 2010, 1970]
    let mne760850 = (hbo: [0, 0.015923169, -0.31642882, -0.083629877, 0.390018542],
                     hbr: [0, 0.15054021, -0.035263207, -0.046049116, -0.069506817])
    let mne690830 = (hbo: [0, 0.044316654, -0.315730459, -0.090464151, 0.3675694],
                     hbr: [0, 0.112192297, -0.074509962, -0.046466295, 0.009488009])

    /// Sample `index` at `rateHz`, on an exact nanosecond grid.
    func time(_ index: Int, rateHz: Double = 10) -> MonoTime {
        MonoTime(nanoseconds: Int64((Double(index) * 1e9 / rateHz).rounded()))
    }

    func sample(_ index: Int, _ values: [Double], rateHz: Double = 10) -> NirsSample {
        NirsSample(hostTime: time(index, rateHz: rateHz), deviceTimeMilliseconds: nil, values: values)
    }

    func demeaned(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.map { $0 - mean }
    }

    func assertClose(_ got: [Double], _ want: [Double], accuracy: Double = 1e-8, _ message: String = "",
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, message, file: file, line: line)
        for (k, (g, w)) in zip(got, want).enumerated() {
            XCTAssertEqual(g, w, accuracy: accuracy, "\(message) [\(k)]", file: file, line: line)
        }
    }

    /// The five golden intensities through a live converter whose reference is sample 0 only.
    func convertGolden(wavelengths: [Double]) throws -> [HemoSample] {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: wavelengths, channels: ["S1-D1"])
        var settings = NirsSettings()
        settings.referenceSeconds = 0.05  // only sample 0 (t = 0) lies inside [0, 0.05 s)
        var converter = try HemoConverter(layout: layout, settings: settings)
        var rows: [HemoSample] = []
        for k in 0..<5 { rows += converter.convert(sample(k, [i1[k], i2[k]])) }
        XCTAssertEqual(converter.reference, [1000, 2000], "the reference is sample 0 alone")
        return rows
    }

    func testGoldenVectorsAt760And850MatchMNEUpToAConstantPerChannel() throws {
        let rows = try convertGolden(wavelengths: [760, 850])
        XCTAssertEqual(rows.count, 5)
        let hbo = rows.map { $0.hbo[0] }, hbr = rows.map { $0.hbr[0] }
        assertClose(demeaned(hbo), demeaned(mne760850.hbo), "HbO")
        assertClose(demeaned(hbr), demeaned(mne760850.hbr), "HbR")
        // Sample 0 equals the whole-recording mean here (1000, 2000), so even the constant agrees.
        assertClose(hbo, mne760850.hbo, "HbO absolute")
        assertClose(hbr, mne760850.hbr, "HbR absolute")
    }

    func testGoldenVectorsAt690And830MatchMNEUpToAConstantPerChannel() throws {
        let rows = try convertGolden(wavelengths: [690, 830])
        XCTAssertEqual(rows.count, 5)
        let hbo = rows.map { $0.hbo[0] }, hbr = rows.map { $0.hbr[0] }
        assertClose(demeaned(hbo), demeaned(mne690830.hbo), "HbO")
        assertClose(demeaned(hbr), demeaned(mne690830.hbr), "HbR")
        assertClose(hbo, mne690830.hbo, "HbO absolute")
        assertClose(hbr, mne690830.hbr, "HbR absolute")
    }

    func testAReferenceOtherThanTheMeanShiftsEachChannelByAConstantOnly() throws {
        // Reference = sample 1 (990, 1990) instead of the mean: every row moves by the same amount.
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1"])
        var settings = NirsSettings()
        settings.referenceSeconds = 0.05
        var converter = try HemoConverter(layout: layout, settings: settings)
        let order = [1, 0, 2, 3, 4]
        var rows: [HemoSample] = []
        for (k, index) in order.enumerated() { rows += converter.convert(sample(k, [i1[index], i2[index]])) }
        let hbo = rows.map { $0.hbo[0] }, hbr = rows.map { $0.hbr[0] }
        let wantHbo = order.map { mne760850.hbo[$0] }, wantHbr = order.map { mne760850.hbr[$0] }
        assertClose(demeaned(hbo), demeaned(wantHbo), "HbO")
        assertClose(demeaned(hbr), demeaned(wantHbr), "HbR")
        XCTAssertNotEqual(hbo[1], 0, accuracy: 1e-3, "the constant really differs from MNE's here")
    }

    func testSamplesWaitForTheReferenceThenAllArriveInOrder() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2"])
        var settings = NirsSettings()
        settings.referenceSeconds = 1
        var converter = try HemoConverter(layout: layout, settings: settings)
        func values(_ k: Int) -> [Double] {
            let x = Double(k)
            return [1000 + x, 2000 - 2 * x, 3000 + 3 * x, 4000 - x]
        }
        XCTAssertTrue(converter.isWaitingForReference)
        var released: [[HemoSample]] = []
        for k in 0...9 {
            released.append(converter.convert(sample(k, values(k))))
            XCTAssertTrue(released.last!.isEmpty, "sample \(k) at \(time(k)) is inside the 1 s reference window")
            XCTAssertTrue(converter.isWaitingForReference)
            XCTAssertNil(converter.reference)
        }
        // t = 1.0 s completes the window [0, 1 s): it releases the ten that waited, then itself.
        let batch = converter.convert(sample(10, values(10)))
        XCTAssertFalse(converter.isWaitingForReference)
        XCTAssertEqual(batch.map(\.time), (0...10).map { time($0) })
        // The reference is the mean of the ten samples inside the window (not the eleventh).
        let want = (0..<4).map { i in (0...9).reduce(0.0) { $0 + values($1)[i] } / 10 }
        let reference = try XCTUnwrap(converter.reference)
        assertClose(reference, want, accuracy: 1e-9, "reference")
        // Each row is its own sample's conversion against that reference.
        let law = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03)
        for row in batch {
            let k = Int((row.time.nanoseconds / 100_000_000))
            let v = values(k)
            for c in 0..<2 {
                let want = law.concentrations(od1: OpticalDensity.od(intensity: v[2 * c], reference: want[2 * c]),
                                              od2: OpticalDensity.od(intensity: v[2 * c + 1], reference: want[2 * c + 1]))
                XCTAssertEqual(row.hbo[c], want.hbo, accuracy: 1e-12, "sample \(k) channel \(c)")
                XCTAssertEqual(row.hbr[c], want.hbr, accuracy: 1e-12, "sample \(k) channel \(c)")
            }
        }
        // From then on: exactly one row per sample, at the sample's own time.
        var all = batch
        for k in 11..<30 {
            let rows = converter.convert(sample(k, values(k)))
            XCTAssertEqual(rows.count, 1)
            XCTAssertEqual(rows.first?.time, time(k))
            all += rows
        }
        XCTAssertEqual(all.map(\.time), (0..<30).map { time($0) }, "every sample exactly once, in order")
    }

    func testTheFirstSampleAloneNeverCompletesTheReference() throws {
        // A zero-length window still needs one sample to divide by.
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1"])
        var settings = NirsSettings()
        settings.referenceSeconds = 0
        var converter = try HemoConverter(layout: layout, settings: settings)
        XCTAssertEqual(converter.convert(sample(0, [1000, 2000])), [])
        let rows = converter.convert(sample(1, [1000, 2000]))
        XCTAssertEqual(rows.map(\.time), [time(0), time(1)])
        XCTAssertEqual(rows[0].hbo, [0]); XCTAssertEqual(rows[0].hbr, [0])
    }

    func testOpticalDensityIsConvertedAtOnceWithMNEsMatrix() throws {
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1"])
        var converter = try HemoConverter(layout: layout, settings: NirsSettings())
        XCTAssertFalse(converter.isWaitingForReference)
        let rows = converter.convert(sample(0, [0.01, 0.02, -0.03, 0.005]))
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].time, time(0))
        XCTAssertNil(converter.reference)
        // SCIENCE.md §3: HbO = −13.52296405·OD760 + 30.29071962·OD850; HbR = 20.69561992·OD760 − 11.46279137·OD850.
        func mne(_ a: Double, _ b: Double) -> (Double, Double) {
            (-13.52296405 * a + 30.29071962 * b, 20.69561992 * a - 11.46279137 * b)
        }
        let c0 = mne(0.01, 0.02), c1 = mne(-0.03, 0.005)
        assertClose(rows[0].hbo, [c0.0, c1.0], accuracy: 1e-7, "HbO")
        assertClose(rows[0].hbr, [c0.1, c1.1], accuracy: 1e-7, "HbR")
        XCTAssertEqual(converter.convert(sample(1, [0, 0, 0, 0])).count, 1)
    }

    func testHemoglobinStreamsPassThrough() throws {
        let layout = NirsLayout(kind: .hb, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2"])
        var converter = try HemoConverter(layout: layout, settings: NirsSettings())
        XCTAssertFalse(converter.isWaitingForReference)
        let rows = converter.convert(sample(3, [1.5, -0.5, 2.25, -0.75]))
        XCTAssertEqual(rows, [HemoSample(time: time(3), hbo: [1.5, 2.25], hbr: [-0.5, -0.75])])
    }

    func testThreeWavelengthsAreRefused() {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [690, 760, 850], channels: ["S1-D1"])
        XCTAssertThrowsError(try HemoConverter(layout: layout, settings: NirsSettings())) { error in
            XCTAssertEqual(error as? HemoConverter.Failure, .wavelengthCount(3))
        }
        let od = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760], channels: ["S1-D1"])
        XCTAssertThrowsError(try HemoConverter(layout: od, settings: NirsSettings())) { error in
            XCTAssertEqual(error as? HemoConverter.Failure, .wavelengthCount(1))
        }
    }

    func testAWavelengthOutsideTheTableNamesTheChannel() {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 1100], channels: ["S1-D1"])
        XCTAssertThrowsError(try HemoConverter(layout: layout, settings: NirsSettings())) { error in
            XCTAssertEqual(error as? HemoConverter.Failure, .optics(channel: "S1-D1", .wavelengthOutOfTable(1100)))
        }
    }

    func testPerChannelDistancesOverrideTheSettingsDistance() throws {
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2", "S2-D2"],
                                distancesCentimetres: [nil, 1.5, 6])
        var settings = NirsSettings()
        settings.distanceCentimetres = 4
        var converter = try HemoConverter(layout: layout, settings: settings)
        assertClose(converter.distancesMetres, [0.04, 0.015, 0.06], accuracy: 1e-15, "distances")
        let od = (0.01, 0.02)
        let row = converter.convert(sample(0, [od.0, od.1, od.0, od.1, od.0, od.1]))[0]
        // HbO and HbR scale as 1/d: 3 cm gives MNE's matrix.
        let atThree = (-13.52296405 * od.0 + 30.29071962 * od.1, 20.69561992 * od.0 - 11.46279137 * od.1)
        assertClose(row.hbo, [atThree.0 * 3 / 4, atThree.0 * 3 / 1.5, atThree.0 * 3 / 6], accuracy: 1e-7, "HbO")
        assertClose(row.hbr, [atThree.1 * 3 / 4, atThree.1 * 3 / 1.5, atThree.1 * 3 / 6], accuracy: 1e-7, "HbR")
    }

    func testLayoutFromAHeaderCarriesItsDistanceToEveryChannel() throws {
        // A layout without distances uses the settings' distance for every channel.
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2"])
        var settings = NirsSettings()
        settings.distanceCentimetres = 2.5
        let converter = try HemoConverter(layout: layout, settings: settings)
        assertClose(converter.distancesMetres, [0.025, 0.025], accuracy: 1e-15)
    }

    func testAgeDependentPathlengthScalesEachWavelengthByItsFactor() throws {
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1"])
        var aged = NirsSettings()
        aged.pathlength = .dpfForAge(30)
        var byAge = try HemoConverter(layout: layout, settings: aged)
        var byPPF = try HemoConverter(layout: layout, settings: NirsSettings())
        // Scholkmann & Wolf 2013 at 30 years (computed independently).
        let dpf760 = 6.296600527808437, dpf850 = 5.234327827808556
        XCTAssertEqual(byAge.pathlengthFactors.0, dpf760, accuracy: 1e-12)
        XCTAssertEqual(byAge.pathlengthFactors.1, dpf850, accuracy: 1e-12)
        XCTAssertEqual(byPPF.pathlengthFactors.0, 6); XCTAssertEqual(byPPF.pathlengthFactors.1, 6)
        // c = (E·d)⁻¹ · diag(1/ppf) · OD: OD at one wavelength alone scales by 6 / factor(λ).
        for (od, factor) in [([0.01, 0.0], dpf760), ([0.0, 0.01], dpf850)] {
            let a = byAge.convert(sample(0, od))[0], b = byPPF.convert(sample(0, od))[0]
            XCTAssertEqual(a.hbo[0] / b.hbo[0], 6 / factor, accuracy: 1e-12, "\(od)")
            XCTAssertEqual(a.hbr[0] / b.hbr[0], 6 / factor, accuracy: 1e-12, "\(od)")
        }
    }

    func testOnePathlengthFactorForBothWavelengthsScalesTheResultInversely() throws {
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [690, 830], channels: ["S1-D1"])
        var settings = NirsSettings()
        settings.pathlength = .ppf(0.1, 0.1)  // MNE tutorials' trap: 60× larger values
        var tutorial = try HemoConverter(layout: layout, settings: settings)
        var standard = try HemoConverter(layout: layout, settings: NirsSettings())
        let a = tutorial.convert(sample(0, [0.01, 0.02]))[0], b = standard.convert(sample(0, [0.01, 0.02]))[0]
        XCTAssertEqual(a.hbo[0] / b.hbo[0], 60, accuracy: 1e-9)
        XCTAssertEqual(a.hbr[0] / b.hbr[0], 60, accuracy: 1e-9)
    }

    func testNegativeIntensitiesAreTakenAsAbsoluteValuesLikeMNE() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1"])
        var settings = NirsSettings()
        settings.referenceSeconds = 0.05
        var positive = try HemoConverter(layout: layout, settings: settings)
        var negative = positive
        var a: [HemoSample] = [], b: [HemoSample] = []
        for k in 0..<5 {
            a += positive.convert(sample(k, [i1[k], i2[k]]))
            b += negative.convert(sample(k, [-i1[k], -i2[k]]))
        }
        XCTAssertEqual(a, b)
    }
}
