#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's open-file limit (`RLIMIT_NOFILE`), which bounds how many connections the
/// server can hold: each is a descriptor, and so is every file the store opens.
enum FileDescriptorLimit {
    /// Raises the soft limit to the hard limit (as servers commonly do: the soft default
    /// of 1024 is a historical accident) and returns the soft limit then in force.
    static func raise() -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return 1024 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        return Int(clamping: limits.rlim_cur)
    }

    /// Descriptors kept back from connections for the store, logs and the listener.
    static let reserve = 128

    /// The connection limit: `configured`, or 4096, but never more than the open-file
    /// limit less ``reserve``, so accepting a connection can never run the process out of
    /// descriptors.
    static func connectionLimit(configured: Int?) -> Int {
        max(1, min(configured ?? 4096, raise() - reserve))
    }
}
