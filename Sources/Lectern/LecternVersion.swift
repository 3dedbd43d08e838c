/// Lectern's version, as `lectern --version` prints it.
public enum LecternVersion {
    public static let number = "0.5.0"
    public static var text: String { "lectern \(number) (cache format \(Cache.version))" }
}
