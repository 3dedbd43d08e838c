import Testing
@testable import Stats

/// The NumPy spellings against NumPy 2's own output (values printed by
/// `numpy.linspace`, `arange`, `cumsum`, `std` for the same arguments).
@Suite struct NumPySpellingsTests {
    @Test func linspaceAndArangeMatchNumPy() {
        let x = linspace(0, 1, 101)
        #expect(x.count == 101 && x[0] == 0 && x[1] == 0.01 && x[37] == 0.37 && x[100] == 1)
        #expect(linspace(-3.2, 7.1, 7) == [-3.2, -1.4833333333333334, 0.2333333333333334, 1.9500000000000002,
                                           3.666666666666667, 5.383333333333334, 7.1])
        #expect(linspace(2, 3, 1) == [2] && linspace(2, 3, 0).isEmpty && linspace(0, 1).count == 50)
        let t = arange(0, 10, 0.5)
        #expect(t.count == 20 && t.last == 9.5)
        let tenths = arange(1, 2, 0.1)
        #expect(tenths.count == 10 && tenths.last == 1.9000000000000008)
        #expect(arange(5, 0, -1.5) == [5, 3.5, 2, 0.5])
        #expect(arange(3) == [0, 1, 2] && arange(1, 0).isEmpty)
    }

    @Test func sumsAndSpreadsMatchNumPy() {
        let x: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(x.sum == 40 && cumsum(x) == [2, 6, 10, 14, 19, 24, 31, 40])
        #expect(x.std == 2)
        #expect(abs(x.std(ddof: 1) - 2.138089935299395) < 1e-15)
        #expect(x.std(ddof: 1) == x.standardDeviation || abs(x.std(ddof: 1) - x.standardDeviation) < 1e-15)
        #expect([Double]().sum == 0 && [1.0].std(ddof: 1).isNaN && cumsum([]).isEmpty)
    }
}
