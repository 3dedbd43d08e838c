#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
internal import CPLplot

/// The one owner of PLplot. PLplot keeps global state (the current stream, its
/// colours, its viewport), so every figure is drawn inside `PLplotStream.svg`,
/// which holds a process-wide lock from `plinit` to `plend1`: cells, threads
/// and parallel renders never interleave. This is the only file that calls C.
final class PLplotStream {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var driverChecked: Result<Void, FigureError>?

    /// Page size in points (1/72 inch), as PLplot's SVG device counts.
    let widthPoints: Double
    let heightPoints: Double
    /// Millimetres per point: PLplot sizes characters and ticks in millimetres.
    static let millimetresPerPoint = 25.4 / 72

    private init(widthPoints: Double, heightPoints: Double) {
        self.widthPoints = widthPoints
        self.heightPoints = heightPoints
    }

    /// Draws one page with PLplot's `svg` device and returns the SVG it wrote.
    /// Throws, without touching PLplot, if the `svg` driver is not installed
    /// (PLplot would otherwise prompt on stdin and call `exit`).
    static func svg(widthPoints: Double, heightPoints: Double, draw: (PLplotStream) throws -> Void) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        try checkDriver().get()

        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        guard let file = open_memstream(&buffer, &length) else {
            throw FigureError.rendering("cannot open a memory stream for PLplot's SVG output")
        }
        let stream = PLplotStream(widthPoints: widthPoints, heightPoints: heightPoints)
        plsabort { message in
            let text = message.map { String(cString: $0) } ?? "unknown"
            FileHandle.standardError.write(Data("PLplot: \(text)\n".utf8))
        }
        c_plsdev("svg")
        plsfile(file)
        c_plspage(0, 0, Int32(widthPoints.rounded()), Int32(heightPoints.rounded()), 0, 0)
        c_plspause(0)
        c_plscmap0n(16)
        c_plscolbg(255, 255, 255)
        c_plinit()
        c_pladv(0)
        var thrown: Error?
        do { try draw(stream) } catch { thrown = error }
        c_plend1()  // closes `file`; keeps the driver loaded for the next figure
        defer { free(buffer) }
        if let thrown { throw thrown }
        guard let buffer else { throw FigureError.rendering("PLplot wrote no SVG") }
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
    }

    private static func checkDriver() -> Result<Void, FigureError> {
        if let driverChecked { return driverChecked }
        let directory = plGetDrvDir().map { String(cString: $0) } ?? ""
        let result: Result<Void, FigureError> = driverProblem(in: directory).map { .failure(.rendering($0)) } ?? .success(())
        driverChecked = result
        return result
    }

    /// Why PLplot's svg driver cannot be loaded from `directory`, or nil if it can.
    static func driverProblem(in directory: String) -> String? {
        let info = URL(fileURLWithPath: directory).appendingPathComponent("svg.driver_info").path
        let library = URL(fileURLWithPath: directory).appendingPathComponent("svg.so").path
        if FileManager.default.fileExists(atPath: info) && FileManager.default.fileExists(atPath: library) { return nil }
        return "PLplot's svg driver is not installed (no \(info)); install Debian's libplplot17 package, or point PLPLOT_DRV_DIR at the folder that holds svg.driver_info and svg.so"
    }

    // MARK: Coordinates

    /// Sets the viewport in normalised page coordinates (0…1, origin bottom left).
    func viewport(x: ClosedRange<Double>, y: ClosedRange<Double>) {
        c_plvpor(x.lowerBound, x.upperBound, y.lowerBound, y.upperBound)
    }

    /// Sets the world coordinates of the current viewport.
    func window(x: ClosedRange<Double>, y: ClosedRange<Double>) {
        c_plwind(x.lowerBound, x.upperBound, y.lowerBound, y.upperBound)
    }

    // MARK: Pen

    /// Sets the colour of everything drawn next (PLplot's colour index 15 is ours to change).
    func color(_ color: Color) {
        c_plscol0a(15, Int32(color.red), Int32(color.green), Int32(color.blue), color.alpha)
        c_plcol0(15)
    }

    /// Sets the line width in points.
    func lineWidth(_ points: Double) { c_plwidth(points) }

    /// Sets a dash pattern: alternating mark and space lengths in points; empty for solid lines.
    func dashes(_ pattern: [Double]) {
        if pattern.isEmpty {
            c_pllsty(1)
            return
        }
        // PLplot counts dash lengths in micrometres.
        var marks = stride(from: 0, to: pattern.count, by: 2).map { Int32(pattern[$0] * Self.millimetresPerPoint * 1000) }
        var spaces = stride(from: 1, to: pattern.count, by: 2).map { Int32(pattern[$0] * Self.millimetresPerPoint * 1000) }
        if spaces.count < marks.count { spaces.append(marks.last ?? 1000) }
        c_plstyl(Int32(marks.count), &marks, &spaces)
    }

    /// Sets the font size in points for text drawn next. (PLplot's svg device
    /// turns character heights into font sizes at 90 dots per inch, rounded to
    /// whole numbers, while it lays out the page at 72.)
    func fontSize(_ points: Double) { c_plschr(points.rounded() * 25.4 / 90, 1) }

    /// How far above its baseline PLplot's svg device puts the reference point
    /// of text `points` high (measured: 4.3 points at 10, 4.7 at 11).
    static func referenceRise(_ points: Double) -> Double { 0.4 * points.rounded() + 0.3 }

    /// Sets major and minor tick lengths in points.
    func tickLength(major: Double, minor: Double) {
        c_plsmaj(major * Self.millimetresPerPoint, 1)
        c_plsmin(minor * Self.millimetresPerPoint, 1)
    }

    // MARK: Drawing in world coordinates

    /// A polyline through the points (PLplot clips it to the viewport).
    func line(_ x: [Double], _ y: [Double]) {
        precondition(x.count == y.count)
        guard x.count > 1 else { return }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in c_plline(Int32(x.count), xp.baseAddress, yp.baseAddress) }
        }
    }

    /// A filled polygon (PLplot clips it to the viewport).
    func fill(_ x: [Double], _ y: [Double]) {
        precondition(x.count == y.count)
        guard x.count > 2 else { return }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in c_plfill(Int32(x.count), xp.baseAddress, yp.baseAddress) }
        }
    }

    /// Text at a world position; `angle` in degrees, `justification` 0 (left) … 1 (right).
    /// `text` is in PLplot's escape syntax (see `PlotText`).
    func text(_ text: String, x: Double, y: Double, angle: Double = 0, justification: Double = 0) {
        let radians = angle * .pi / 180
        c_plptex(x, y, cos(radians), sin(radians), justification, text)
    }

    /// Axes, ticks and grid lines around the viewport, as PLplot's `plbox`
    /// (Lectern draws the tick labels itself, measured).
    func box(x options: String, xStep: Double, xMinor: Int, y yOptions: String, yStep: Double, yMinor: Int) {
        c_plbox(options, xStep, Int32(xMinor), yOptions, yStep, Int32(yMinor))
    }

    /// Contour lines of `z` (row-major, `y.count` rows of `x.count`) at `levels`, on the grid x × y.
    func contour(x: [Double], y: [Double], z: [Double], levels: [Double]) {
        let nx = x.count, ny = y.count
        precondition(z.count == nx * ny && nx > 1 && ny > 1)
        // PLplot wants f[ix][iy] as an array of row pointers.
        var columns: [UnsafeMutablePointer<Double>] = (0..<nx).map { ix in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: ny)
            for iy in 0..<ny { p[iy] = z[iy * nx + ix] }
            return p
        }
        defer { columns.forEach { $0.deallocate() } }
        var xs = x, ys = y, levels = levels
        xs.withUnsafeMutableBufferPointer { xp in
            ys.withUnsafeMutableBufferPointer { yp in
                var grid = PLcGrid(xg: xp.baseAddress, yg: yp.baseAddress, zg: nil, nx: Int32(nx), ny: Int32(ny), nz: 0)
                columns.withUnsafeMutableBufferPointer { cp in
                    cp.withMemoryRebound(to: UnsafePointer<Double>?.self) { rows in
                        withUnsafeMutablePointer(to: &grid) { gp in
                            c_plcont(rows.baseAddress, Int32(nx), Int32(ny), 1, Int32(nx), 1, Int32(ny),
                                     &levels, Int32(levels.count), pltr1, UnsafeMutableRawPointer(gp))
                        }
                    }
                }
            }
        }
    }
}
