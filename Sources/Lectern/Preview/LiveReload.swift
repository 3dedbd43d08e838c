#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Synchronization

/// The pages open in browsers and the site's version: every render the
/// preview writes is a new version, sent as "version N" to every open page,
/// and to each page as soon as it connects. A page served at another version
/// reloads, so one that connected after a render cannot miss it.
final class LiveReload: Sendable {
    private let version = Atomic<Int>(0)
    /// Written a byte at every new version: the server's loop polls the read end.
    let wake: (read: Int32, write: Int32)

    init() {
        wake = (try? Descriptors.pipe()) ?? (-1, -1)
        Descriptors.nonblocking(wake.read)
        Descriptors.nonblocking(wake.write)
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// The version of the site as it is on disk now.
    var current: Int { version.load(ordering: .acquiring) }

    /// The site changed: a new version, told to every open page.
    func reload() {
        version.add(1, ordering: .acquiringAndReleasing)
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// The script served pages get (never `lectern render`'s files): it
    /// reloads when the site's version is not the page's, and keeps the
    /// scroll position across.
    static let script = """
    (() => {
      const key = "lectern-scroll:" + location.pathname;
      const y = sessionStorage.getItem(key);
      if (y !== null) { sessionStorage.removeItem(key); addEventListener("load", () => scrollTo(0, +y)); scrollTo(0, +y); }
      function connect() {
        const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__lectern/live");
        socket.onmessage = (event) => {
          const m = /^version ([0-9]+)$/.exec(event.data);
          if (m && +m[1] !== window.lecternVersion) { sessionStorage.setItem(key, String(scrollY)); location.reload(); }
        };
        socket.onclose = () => setTimeout(connect, 500);
      }
      connect();
    })();
    """
}
