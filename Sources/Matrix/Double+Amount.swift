extension Double {
    /// Whether this is an amount every route accepts: finite, and not negative, `-0`
    /// included (a minus sign on a capacity, rate or measurement is a sign error, and one
    /// rule for every route keeps the API predictable). NaN is not an amount.
    public var isNonNegativeAmount: Bool { isFinite && sign == .plus }
}
