import Stats
import Testing
@testable import LectureRuntime

/// The digests the preview compares to keep a later cell's result: equal
/// contents digest alike however they were made; any difference a cell
/// could read digests differently; what the runtime cannot see whole has
/// no digest.
@Suite struct FingerprintTests {
    struct Point { var x: Double; var label: String }
    enum Shape { case circle(radius: Double), square }
    final class Node { var value = 1; var next: Node? }

    @Test func equalContentsDigestAlike() {
        #expect(Fingerprint.of([1.0, 2.0, 3.0]) == Fingerprint.of([1.0, 2.0, 3.0].map { $0 }))
        #expect(Fingerprint.of(Point(x: 1, label: "a")) == Fingerprint.of(Point(x: 0.5 * 2, label: "a")))
        #expect(Fingerprint.of(Shape.circle(radius: 2)) == Fingerprint.of(Shape.circle(radius: 2)))
        #expect(Fingerprint.of(Histogram([1, 2, 2, 3], bins: 3, range: 0...3)) == Fingerprint.of(Histogram([3, 2, 2, 1], bins: 3, range: 0...3)))
        #expect(Fingerprint.of((1, "b", [2.5])) == Fingerprint.of((1, "b", [2.5])))
        #expect(Fingerprint.of(Normal(0, 1)) != nil)
        #expect(Fingerprint.of(100.0...150.0) == Fingerprint.of(100.0...(300.0 / 2)))
    }

    @Test func anyDifferenceACellCouldReadDigestsDifferently() {
        let pairs: [(Any, Any)] = [
            ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0000000000000004]),
            ([1.0, 2.0], [1.0, 2.0, 0.0]),
            (0.0, -0.0),
            ([1.0] as [Double], [1.0] as [Float]),
            (Point(x: 1, label: "a"), Point(x: 1, label: "b")),
            (Shape.circle(radius: 2), Shape.circle(radius: 3)),
            (Shape.circle(radius: 2), Shape.square),
            (Optional(1), Optional<Int>.none),
            ("ab", "ba"),
            ([[1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0]]),
            (Int32(1), Int32(2)),
            (100.0...150.0, 100.0...151.0),
            (0..<3, 0..<4),
            (Normal(0, 1), Normal(0, 2)),
        ]
        for (a, b) in pairs {
            let x = Fingerprint.of(a), y = Fingerprint.of(b)
            #expect(x != nil && y != nil && x != y, "\(a) against \(b)")
        }
    }

    @Test func whatTheRuntimeCannotSeeWholeHasNoDigest() {
        let closure: (Double) -> Double = { $0 * 2 }
        #expect(Fingerprint.of(closure) == nil)
        #expect(Fingerprint.of(Point.self) == nil)
        let pointer = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        defer { pointer.deallocate() }
        #expect(Fingerprint.of(pointer) == nil)
        #expect(Fingerprint.of([closure]) == nil)
        #expect(Fingerprint.of(Array(repeating: Point(x: 0, label: ""), count: 100), budget: 100) == nil)
        #expect(Fingerprint.of(Array(repeating: Point(x: 0, label: ""), count: 100), budget: 1000) != nil)
    }

    @Test func classInstancesAreDigestedByContentsAndCyclesEnd() {
        let a = Node(), b = Node()
        #expect(Fingerprint.of(a) == Fingerprint.of(b))
        b.value = 2
        #expect(Fingerprint.of(a) != Fingerprint.of(b))
        a.next = a
        #expect(Fingerprint.of(a) != nil)
    }
}
