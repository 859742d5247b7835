/// Power drawn estimated from load when no energy counter is readable: linear between the
/// host's idle and full-load draw, `idle + (max - idle) × load / 100` W, the usual model
/// of server power in proportion to CPU utilisation (SPECpower-style measurements show
/// servers close to linear between those two points). Reports made with it say
/// `"powerestimated": true`.
public struct PowerModel: Sendable, Hashable {
    /// Watts drawn idle.
    public var idleWatts: Double
    /// Watts drawn at 100% CPU.
    public var maxWatts: Double

    public init(idleWatts: Double = 100, maxWatts: Double = 250) {
        self.idleWatts = idleWatts
        self.maxWatts = max(idleWatts, maxWatts)
    }

    /// The estimate at `load` percent (clamped to 0-100).
    public func watts(atLoad load: Double) -> Double {
        idleWatts + (maxWatts - idleWatts) * min(100, max(0, load)) / 100
    }
}
