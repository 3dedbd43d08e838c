import Stats

extension Matrix {
    /// Visits the rows in chunks of at most `size`: copies each chunk into
    /// `buffer` in single precision, then calls `body(first row, row count)`.
    /// How the networks predict on more rows than one pass holds.
    func forEachChunk(of size: Int, into buffer: UnsafeMutablePointer<Float>, _ body: (Int, Int) -> Void) {
        var start = 0
        while start < rows {
            let n = Swift.min(size, rows - start)
            values.withUnsafeBufferPointer { v in
                for i in 0..<(n * columns) { buffer[i] = Float(v[start * columns + i]) }
            }
            body(start, n)
            start += n
        }
    }
}
