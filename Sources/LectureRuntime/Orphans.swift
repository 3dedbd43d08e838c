#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The lecture program adopts the orphans of what its cells start: it is a
/// child subreaper, so a helper that leaves the run's group, session and
/// environment (Foundation's `Process` with its own `environment`, or
/// `setsid` + fork + exec) stays its descendant while it runs. When the
/// program ends they pass to Lectern, itself a subreaper, which ends every
/// child it did not start ("strays"). While the program runs, its helpers
/// are never taken for another lecture's strays.
enum Orphans {
    /// `prctl(PR_SET_CHILD_SUBREAPER, 1)`.
    static func adopt() {
        // prctl is variadic in C, so Swift's Glibc module does not offer it.
        // On Linux's x86-64 and AArch64 calling conventions a variadic
        // callee reads integer arguments from the registers a fixed-argument
        // call puts them in (x86-64's %al only bounds the vector registers
        // it saves), so calling it through a five-integer pointer is sound.
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(nil, "prctl") else { return }
        let subreaper: Int32 = 36  // PR_SET_CHILD_SUBREAPER, <linux/prctl.h>
        _ = unsafeBitCast(symbol, to: Prctl.self)(subreaper, 1, 0, 0, 0)
    }
}
