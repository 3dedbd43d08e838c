import Foundation
import Stats

/// Toy jet images, preprocessed as in the jet-image studies (Landscape,
/// Kasieczka et al. 2019): each jet's constituents are pixelated in a
/// `size` × `size` window around the jet axis, the hardest prong centred, the
/// second rotated to point straight up, and the pixel values (transverse
/// momentum fractions) summing to one.
///
/// A QCD jet (background) is one hard prong with a softer emission above it,
/// likelier close than far (and half the time a third, softer still); a top jet (signal) has three
/// prongs (b and the W's two quarks) a few pixels apart, the third on either
/// side, sometimes merged. Both carry a spray of soft particles. Every deposit
/// is a Gaussian 0.7 pixels wide on a 16-pixel image (distances and widths
/// scale with `size`).
public enum ToyJetImages {
    /// `count` images drawn from the lecture's generator.
    public static func sample(_ count: Int, top: Bool, size: Int = 16) -> Matrix {
        var g = LectureRandom()
        return sample(count, top: top, size: size, using: &g)
    }

    /// `count` images as rows of a matrix (`size` × `size`, one channel).
    public static func sample(_ count: Int, top: Bool, size: Int = 16, using g: inout some RandomNumberGenerator) -> Matrix {
        require(count >= 0 && size >= 8, "toy jet images need count ≥ 0 and a size of at least 8 pixels, not \(count) and \(size)")
        var values = [Double](repeating: 0, count: count * size * size)
        // Distances and widths are given for a 16-pixel image and scale with the size.
        let centre = Double(size - 1) / 2, scale = Double(size) / 16, width = 0.7 * scale
        for n in 0..<count {
            var prongs: [(x: Double, y: Double, pt: Double)] = []
            let up = Double.pi / 2 + Double.random(in: -0.15...0.15, using: &g)
            if top {
                let first = Double.random(in: 0.35...0.8, using: &g)
                let second = min(first, (1 - first) * Double.random(in: 0.35...0.75, using: &g))
                let r2 = Double.random(in: 2...5.5, using: &g) * scale, r3 = Double.random(in: 1.2...5, using: &g) * scale
                let a3 = up + (Bool.random(using: &g) ? 1 : -1) * Double.random(in: 0.4...1.6, using: &g)
                prongs = [(0, 0, first), (r2 * cos(up), r2 * sin(up), second), (r3 * cos(a3), r3 * sin(a3), 1 - first - second)]
            } else {
                // Soft and collinear: emissions close to the core are likelier.
                let first = Double.random(in: 0.45...0.95, using: &g)
                let u = Double.random(in: 0...1, using: &g), r = (0.5 + 5 * u * u) * scale
                var second = 1 - first
                if Double.random(in: 0..<1, using: &g) < 0.5 {
                    // A third, softer emission half the time.
                    let share = second * Double.random(in: 0.2...0.6, using: &g)
                    let r3 = Double.random(in: 1...5, using: &g) * scale, a3 = Double.random(in: 0..<(2 * .pi), using: &g)
                    prongs.append((r3 * cos(a3), r3 * sin(a3), share))
                    second -= share
                }
                prongs += [(0, 0, first), (r * cos(up), r * sin(up), second)]
            }
            let hard = prongs.reduce(0) { $0 + $1.pt }
            for _ in 0..<10 {
                let r = Double.random(in: 0...7, using: &g) * scale, a = Double.random(in: 0..<(2 * .pi), using: &g)
                prongs.append((r * cos(a), r * sin(a), Double.random(in: 0.005...0.03, using: &g) * hard))
            }
            let total = prongs.reduce(0) { $0 + $1.pt }
            let base = n * size * size
            for p in prongs {
                let px = centre + p.x, py = centre - p.y  // row 0 is the top of the image
                let reach = 4 * width
                let lo = (x: max(0, Int(px - reach)), y: max(0, Int(py - reach))), hi = (x: min(size - 1, Int(px + reach)), y: min(size - 1, Int(py + reach)))
                guard lo.x <= hi.x, lo.y <= hi.y else { continue }
                for row in lo.y...hi.y {
                    for column in lo.x...hi.x {
                        let d2 = (Double(column) - px) * (Double(column) - px) + (Double(row) - py) * (Double(row) - py)
                        values[base + row * size + column] += p.pt / total * exp(-d2 / (2 * width * width)) / (2 * .pi * width * width)
                    }
                }
            }
        }
        return Matrix(rows: count, columns: size * size, values: values)
    }
}
