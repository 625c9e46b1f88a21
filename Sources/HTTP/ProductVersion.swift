/// The connector's version: what `ml-connector --version` prints and the HTTP clients send in
/// their User-Agent. The one place it is written.
public enum ProductVersion {
    public static let current = "0.1.0"

    /// `ml-connector/<version>`.
    public static var userAgent: String { "ml-connector/\(current)" }
}
