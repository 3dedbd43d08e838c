#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Stats

/// The fork contract. The runtime forks at every checkpoint, for every
/// preview worker and for every `error: true` cell; each forks after
/// `prepare()`, and every such child calls `child()` first:
///
/// - libdispatch's thread pool does not survive `fork`, so the engine's
///   parallel loops start plain threads (`Parallel.afterFork`) instead.
/// - Swift's `once` lock (lazy globals, `swift_once`) records its owner by a
///   thread id each thread caches (`ThreadIDCache`); a forked child's only
///   thread still holds its parent's id, so a contended `once` it took made
///   it and its waiters spin forever (the kernel refuses a priority-
///   inheriting futex whose owner id is no living thread). The child clears
///   that cache, so its thread reads its own id again.
/// - Threads a cell started are not carried by a fork: a checkpoint after
///   such a cell is not kept (`cellThreads`), and Lectern says why.
enum AfterFork {
    /// Puts this freshly forked process under the after-fork rules.
    static func child() {
        Parallel.afterFork = true
        ThreadIDCache.forget()
    }

    /// Called before forking: finds what `child` needs while the process
    /// can still take locks freely.
    static func prepare() {
        _ = ThreadIDCache.slot
    }

    /// How many threads of this process a cell started: all but the main
    /// thread, the runtime's own (named `lectern-…`) and libdispatch's
    /// pools (named for their quality of service).
    static func cellThreads() -> Int {
        let me = getpid()
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            guard let tid = Int32(task), tid != me else { return false }
            let name = ThreadIDCache.readAll("/proc/self/task/\(task)/comm").trimmingCharacters(in: .whitespacesAndNewlines)
            return !name.hasPrefix("lectern-") && !name.contains("qos") && !name.hasPrefix("com.apple")
        }.count
    }
}

/// The thread id Swift's runtime caches per thread for its `once` lock
/// (`swift::threading_impl::linux::ulock_get_tid`, a thread-local `tid` that
/// is read from `gettid()` while it is 0; the lock word holds the owner's
/// id, and waiters use `FUTEX_LOCK_PI`, which needs a living owner). After
/// `fork` the child's thread inherits its parent's value. The variable is
/// not exported, so it is found once, before the first fork: the library in
/// `/proc/self/maps`, the variable's offset in its thread-local block from
/// the library's symbol table, the
/// block's module id from `dlinfo`, and the thread's copy by `__tls_get_addr`.
/// If any step fails (another runtime), nothing is changed.
enum ThreadIDCache {
    static let symbol = "_ZZN5swift14threading_impl5linux13ulock_get_tidEvE3tid"

    /// The module id and offset of the variable, with `__tls_get_addr`.
    static let slot: (module: Int, offset: Int, getAddress: @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?)? = {
        // libswiftCore.so from this process's map, or this executable when the runtime is linked in.
        let maps = readAll("/proc/self/maps")
        let library = maps.split(separator: "\n").first { $0.hasSuffix("/libswiftCore.so") }.flatMap { line in
            line.firstIndex(of: "/").map { String(line[$0...]) }
        }
        let path = library ?? ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
        guard let offset = tlsOffset(of: symbol, in: path),
              let handle = library.map({ dlopen($0, RTLD_NOW | RTLD_NOLOAD) }) ?? dlopen(nil, RTLD_NOW),
              let dlinfo = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dlinfo"),
              let getAddress = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tls_get_addr") else { return nil }
        var module = 0
        let query = unsafeBitCast(dlinfo, to: (@convention(c) (UnsafeMutableRawPointer?, Int32, UnsafeMutableRawPointer?) -> Int32).self)
        guard query(handle, 9 /* RTLD_DI_TLS_MODID */, &module) == 0, module > 0 else { return nil }
        return (module, offset, unsafeBitCast(getAddress, to: (@convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?).self))
    }()

    /// A whole file read with `read(2)` (a /proc file says its size is 0).
    static func readAll(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// This thread's copy of the cached id, or nil when it was not found.
    static func address() -> UnsafeMutablePointer<Int32>? {
        guard let slot else { return nil }
        var index: (Int, Int) = (slot.module, slot.offset)
        return withUnsafeMutablePointer(to: &index) { slot.getAddress(UnsafeMutableRawPointer($0)) }?
            .assumingMemoryBound(to: Int32.self)
    }

    /// Clears this thread's cached id: the next lock reads `gettid()` again.
    static func forget() {
        address()?.pointee = 0
    }

    /// The value (offset in the thread-local block) of the thread-local
    /// symbol `name` in the ELF64 file at `path`, from its `.symtab`.
    static func tlsOffset(of name: String, in path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path), data.count > 64,
              data.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]), data[4] == 2 else { return nil }
        func u16(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func u64(_ at: Int) -> Int { u32(at) | u32(at + 4) << 32 }
        let sections = u64(0x28), size = u16(0x3A), count = u16(0x3C)
        guard sections > 0, size >= 64, sections + size * count <= data.count else { return nil }
        let wanted = Array(name.utf8)
        for i in 0..<count {
            let header = sections + i * size
            guard u32(header + 4) == 2 else { continue }  // SHT_SYMTAB
            let offset = u64(header + 0x18), length = u64(header + 0x20), entry = max(24, u64(header + 0x38))
            let strings = sections + u32(header + 0x28) * size
            let stringsAt = u64(strings + 0x18), stringsLength = u64(strings + 0x20)
            guard offset + length <= data.count, stringsAt + stringsLength <= data.count else { return nil }
            var at = offset
            while at + 24 <= offset + length {
                let nameAt = stringsAt + u32(at)
                if data[at + 4] & 0xF == 6, nameAt + wanted.count < stringsAt + stringsLength,  // STT_TLS
                   data[nameAt + wanted.count] == 0, data[nameAt..<nameAt + wanted.count].elementsEqual(wanted) {
                    return u64(at + 8)
                }
                at += entry
            }
        }
        return nil
    }
}
