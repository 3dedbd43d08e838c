/// Figure numbers and `@fig-…` references of a lecture with its results:
/// which figure each label names, and the references no figure answers.
struct References {
    /// Figure number of each label.
    private(set) var numbers: [String: Int] = [:]
    /// The figure numbers of each cell's figures, in order.
    private(set) var cellFigures: [Int: [Int]] = [:]
    /// References to labels that no figure has.
    private(set) var errors: [LecternError] = []

    init(lecture: Lecture, result: LectureResult?) {
        var count = 0
        for cell in lecture.cells {
            for case .figure in result?.cells[cell.index].displays ?? [] {
                count += 1
                cellFigures[cell.index, default: []].append(count)
            }
            if let label = cell.options.label, let first = cellFigures[cell.index]?.first {
                numbers[label] = first
            }
        }
        // A lecture that failed has lost figures; its failure is the error to fix first.
        guard let result, !result.failed else { return }
        let known = numbers.keys.sorted()
        for (label, line) in lecture.references where numbers[label] == nil {
            errors.append(LecternError(file: lecture.path, line: line,
                "@\(label) refers to no figure; give the cell that shows it '//| label: \(label)'" + (known.isEmpty ? "" : " (figure labels here: \(known.joined(separator: ", ")))")))
        }
    }
}
