import LecternProtocol

/// Stops the lecture with `message` when `condition` is false: what was wrong,
/// the value, and what to do. The engine checks its arguments with this rather
/// than `precondition`, whose message optimised builds drop (a cell would show
/// only "trap, signal 4"); `fatalError` keeps it, and the runner shows it on
/// the cell, on the console and in `lectern run`.
@inlinable package func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                                file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// Stops the cell because `name` is none of `known`: "the posterior has no
/// 'beta'; it has 'α', 'β', 'σ' — did you mean 'β'?" (`what` is "the posterior has").
package func stopForUnknown(_ name: String, _ what: String, known: [String],
                            file: StaticString = #fileID, line: UInt = #line) -> Never {
    let list = known.map { "'\($0)'" }.joined(separator: ", ")
    let hint = Spelling.closest(to: name, among: known).map { " — did you mean '\($0)'?" } ?? ""
    fatalError("\(what) no '\(name)'; it has \(list)\(hint)", file: file, line: line)
}

/// Stops the cell with `message` (what was wrong and what to do), in every
/// build: for a check with no condition left to test.
package func stop(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}
