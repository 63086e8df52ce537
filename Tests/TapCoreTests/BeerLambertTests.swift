import XCTest
@testable import TapCore

/// The conversion must equal MNE-Python's `optical_density` + `beer_lambert_law(ppf=6.0)`;
/// the golden vectors were computed with MNE (SCIENCE.md §3).
final class BeerLambertTests: XCTestCase {
    let i1 = [1000.0, 990, 1010, 1005, 995]
    let i2 = [2000.0, 1990, 2030, 2010, 1970]

    func converted(_ wavelengths: (Double, Double)) throws -> (hbo: [Double], hbr: [Double]) {
        let law = try BeerLambert(wavelengthsNanometres: wavelengths, distanceMetres: 0.03)
        let ref1 = i1.reduce(0, +) / Double(i1.count), ref2 = i2.reduce(0, +) / Double(i2.count)
        let values = zip(i1, i2).map { law.concentrations(od1: OpticalDensity.od(intensity: $0, reference: ref1),
                                                          od2: OpticalDensity.od(intensity: $1, reference: ref2)) }
        return (values.map(\.hbo), values.map(\.hbr))
    }

    func assertClose(_ got: [Double], _ want: [Double], tolerance: Double = 1e-8, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, file: file, line: line)
        for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: tolerance, file: file, line: line) }
    }

    func testTheGoldenVectorsAt760And850() throws {
        let result = try converted((760, 850))
        assertClose(result.hbo, [0, 0.015923169, -0.31642882, -0.083629877, 0.390018542])
        assertClose(result.hbr, [0, 0.15054021, -0.035263207, -0.046049116, -0.069506817])
    }

    func testTheGoldenVectorsAt690And830() throws {
        let result = try converted((690, 830))
        assertClose(result.hbo, [0, 0.044316654, -0.315730459, -0.090464151, 0.3675694])
        assertClose(result.hbr, [0, 0.112192297, -0.074509962, -0.046466295, 0.009488009])
    }

    func testTheMatrixAndItsForwardModel() throws {
        let law = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03)
        assertClose(law.micromolarPerOD, [-13.52296405, 30.29071962, 20.69561992, -11.46279137])
        assertClose(law.odPerMicromolar, [0.02429, 0.06419, 0.04386, 0.02866], tolerance: 5e-6)
        let od = law.opticalDensities(hbo: 0.7, hbr: -0.23)
        let back = law.concentrations(od1: od.od1, od2: od.od2)
        XCTAssertEqual(back.hbo, 0.7, accuracy: 1e-12)
        XCTAssertEqual(back.hbr, -0.23, accuracy: 1e-12)
    }

    func testTheTableMatchesMNEAtTheCommonWavelengthsAndInterpolatesLinearly() throws {
        for (nm, hbo, hbr) in [(690.0, 276.0, 2051.96), (760, 586, 1548.52), (830, 974, 693.04), (850, 1058, 691.32)] {
            let e = try XCTUnwrap(ExtinctionTable.coefficients(atNanometres: nm))
            XCTAssertEqual(e.hbo, hbo)
            XCTAssertEqual(e.hbr, hbr)
        }
        let odd = try XCTUnwrap(ExtinctionTable.coefficients(atNanometres: 761))  // between 760 and 762
        XCTAssertEqual(odd.hbo, (586 + 598) / 2, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(ExtinctionTable.coefficients(atNanometres: 760.4)).hbo, 586, "rounded first")
        XCTAssertEqual(ExtinctionTable.hbo.count, 376)
        XCTAssertNotNil(ExtinctionTable.coefficients(atNanometres: 1000))
        XCTAssertNil(ExtinctionTable.coefficients(atNanometres: 1001))
        XCTAssertNil(ExtinctionTable.coefficients(atNanometres: 248))
    }

    func testPPFScalesInverselyAndBadSetupsAreRefused() throws {
        let six = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03)
        let three = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03, ppf: (3, 3))
        XCTAssertEqual(three.micromolarPerOD[0], 2 * six.micromolarPerOD[0], accuracy: 1e-9)
        XCTAssertThrowsError(try BeerLambert(wavelengthsNanometres: (760, 1200), distanceMetres: 0.03))
        XCTAssertThrowsError(try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0))
        XCTAssertThrowsError(try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03, ppf: (6, -1)))
        XCTAssertThrowsError(try BeerLambert(wavelengthsNanometres: (760, 760), distanceMetres: 0.03)) { error in
            XCTAssertEqual(error as? BeerLambert.Failure, .singular(760, 760))
        }
    }
}
