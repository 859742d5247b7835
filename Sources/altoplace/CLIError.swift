import ArgumentParser

/// A user-facing failure: printed as `Error: <message>` with exit code 1, no stack.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
