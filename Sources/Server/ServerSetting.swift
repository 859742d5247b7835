/// One setting of `altoplace serve`, declared once: its config-file key, the flag and the
/// environment variable derived from the key, the help line, the default as shown, and how
/// a value is read (from a flag, a variable or the config file alike, as text).
public struct ServerSetting: Sendable {
    /// The config-file key (`maxBodyBytes`).
    public let key: String
    public let help: String
    /// What a value looks like in the help (`bytes`, `duration`).
    public let valueName: String
    /// The default, as the help shows it.
    public let defaultText: String
    let apply: @Sendable (inout ServerConfiguration, String) throws -> Void

    init(
        _ key: String, _ valueName: String, default defaultText: String, _ help: String,
        apply: @escaping @Sendable (inout ServerConfiguration, String) throws -> Void
    ) {
        self.key = key
        self.valueName = valueName
        self.defaultText = defaultText
        self.help = help
        self.apply = apply
    }

    /// The command-line flag: the key in kebab case (`--max-body-bytes`).
    public var flag: String {
        "--" + key.reduce(into: "") { out, c in out += c.isUppercase ? "-" + c.lowercased() : String(c) }
    }

    /// The environment variable: `ALTOPLACE_` and the key in upper snake case.
    public var environmentVariable: String {
        "ALTOPLACE_" + key.reduce(into: "") { out, c in out += c.isUppercase ? "_" + String(c) : c.uppercased() }
    }
}
