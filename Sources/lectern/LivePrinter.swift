import Foundation
import Lectern
import Synchronization

/// `lectern run`'s terminal output, read like a notebook: each cell's header
/// when its first output arrives (or when it is reported after the run), its
/// text as it is printed, tables as columns, inline values where they stand
/// in the lecture, and figures by number and caption with the file each is
/// written to (under `.lectern/run/`, a path a terminal can open).
final class LivePrinter: Sendable {
    private struct State {
        var headed = -1
        var figures = 0
        /// The cell whose stderr reached a crash report: the rest of it is not shown.
        var crashed: Int?
    }
    private let state = Mutex(State())
    private let course: Course

    init(course: Course) { self.course = course }

    private var figureFolder: URL { course.stateDirectory.appendingPathComponent("run") }

    /// One piece of cell `cell`'s output, as it arrives.
    func print(_ lecture: Lecture, _ cell: Int, _ output: CellOutput) {
        state.withLock { state in
            head(lecture, through: cell, &state)
            switch output {
            case .stdout(let text): write(text, to: .standardOutput)
            case .stderr(let text):
                // A crash report is summed up after the run as the cell's error.
                guard state.crashed != cell else { return }
                if let report = text.range(of: "*** Signal ") {
                    state.crashed = cell
                    write(String(text[..<report.lowerBound]), to: .standardError)
                } else {
                    write(text, to: .standardError)
                }
            case .truncated(let bytes): write("[output truncated: \(bytes) bytes not shown]\n", to: .standardOutput)
            case .display(.text(let text)): write(text + "\n", to: .standardOutput)
            case .display(.table(let table)):
                write(table.plainText + "\n", to: .standardOutput)
            case .display(.figure):
                state.figures += 1
                let caption = lecture.cells[cell].options.figCap.map { ": " + $0 } ?? ""
                write("[figure \(state.figures)\(caption)]\n  → \(figureFile(lecture, state.figures).path)\n", to: .standardOutput)
            case .inline(let index, let text):
                let inline = lecture.inlines[index]
                write("── inline · \(lecture.path):\(inline.line): \(inline.expression) = \(text)\n", to: .standardOutput)
            }
        }
    }

    /// After the run: the headers of cells that printed nothing, failures,
    /// and the figures' files (named as they arrived).
    func finish(_ outcome: LectureOutcome) {
        guard let lecture = outcome.lecture, let result = outcome.result else { return }
        state.withLock { state in
            for cell in lecture.cells {
                if cell.index > state.headed { head(lecture, through: cell.index, &state) }
                if !cell.settings.eval { write("(not run: eval: false)\n", to: .standardOutput) }
                if let failure = result.cells[cell.index].failure {
                    let location = failure.line(in: cell).map { "\(lecture.path):\($0)" + (failure.column.map { ":\($0)" } ?? "") } ?? lecture.path
                    let what = failure.expected ? "expected error" : (failure.kind == .notRun ? "not run" : "error")
                    write("[\(what), cell \(cell.index + 1)] \(location): \(failure.text(in: cell, path: lecture.path))\n", to: .standardOutput)
                }
            }
            var n = 0
            for cell in result.cells {
                for case .figure(let file) in cell.displays {
                    n += 1
                    guard let svg = outcome.figures[file], !svg.isEmpty else { continue }
                    let target = figureFile(lecture, n)
                    try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    if (try? Data(svg.utf8).write(to: target, options: .atomic)) == nil {
                        write("[figure \(n) could not be written to \(target.path)]\n", to: .standardError)
                    }
                }
            }
        }
    }

    /// Where figure `n` (from 1) of `lecture` is written.
    private func figureFile(_ lecture: Lecture, _ n: Int) -> URL {
        figureFolder.appendingPathComponent("\(lecture.pagePath.dropLast(".html".count))/fig-\(n).svg")
    }

    private func head(_ lecture: Lecture, through index: Int, _ state: inout State) {
        while state.headed < index, state.headed + 1 < lecture.cells.count {
            state.headed += 1
            let cell = lecture.cells[state.headed]
            let label = cell.options.label.map { " · \($0)" } ?? ""
            write("── cell \(cell.index + 1)\(label) · \(lecture.path):\(cell.firstLine) " + String(repeating: "─", count: 20) + "\n", to: .standardOutput)
        }
    }

    private func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
