import Foundation
import Synchronization

/// The pages open in browsers, each listening for "reload": every change
/// the preview renders is sent to all of them.
final class LiveReload: Sendable {
    private let listeners = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])

    /// A new listener's messages; it is forgotten when its stream ends.
    func listen() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream()
        continuation.onTermination = { [weak self] _ in _ = self?.listeners.withLock { $0.removeValue(forKey: id) } }
        listeners.withLock { $0[id] = continuation }
        return stream
    }

    /// Tells every open page to reload.
    func reload() {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.yield("reload") }
    }

    var count: Int { listeners.withLock { $0.count } }

    /// The script served pages get (never `lectern render`'s files): it
    /// reloads on the server's word and keeps the scroll position across.
    static let script = """
    (() => {
      const key = "lectern-scroll:" + location.pathname;
      const y = sessionStorage.getItem(key);
      if (y !== null) { sessionStorage.removeItem(key); addEventListener("load", () => scrollTo(0, +y)); scrollTo(0, +y); }
      function connect() {
        const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__lectern/live");
        socket.onmessage = (event) => {
          if (event.data === "reload") { sessionStorage.setItem(key, String(scrollY)); location.reload(); }
        };
        socket.onclose = () => setTimeout(connect, 500);
      }
      connect();
    })();
    """
}
