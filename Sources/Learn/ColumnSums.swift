/// Column sums of a `rows` × `width` block of Floats laid out row by row:
/// out[j] = Σᵣ x[r · width + j], a layer's bias gradient ∂L/∂b from ∂L/∂z.
///
/// Each column is added top to bottom from zero, the order the bits depend
/// on, but in registers: eight columns per SIMD accumulator, one column in a
/// scalar one. A loop that adds into `out` in memory instead waits for every
/// store to come back, about five cycles per number.
func columnSums(_ x: UnsafePointer<Float>, rows: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
    let raw = UnsafeRawPointer(x)
    var j = 0
    while j + 8 <= width {
        var sum = SIMD8<Float>(repeating: 0)
        for r in 0..<rows { sum += raw.loadUnaligned(fromByteOffset: (r * width + j) * 4, as: SIMD8<Float>.self) }
        for lane in 0..<8 { out[j + lane] = sum[lane] }
        j += 8
    }
    while j < width {
        var sum: Float = 0
        for r in 0..<rows { sum += x[r * width + j] }
        out[j] = sum
        j += 1
    }
}
