/// Stops the lecture with `message` when `condition` is false: what was wrong,
/// the value, and what to do. The engine checks its arguments with this rather
/// than `precondition`, whose message optimised builds drop (a cell would show
/// only "trap, signal 4"); `fatalError` keeps it, and the runner shows it on
/// the cell, on the console and in `lectern run`.
@inlinable package func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                                file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
