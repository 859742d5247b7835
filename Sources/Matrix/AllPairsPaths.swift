/// All-pairs values with first hops, and the method that produced them.
public struct AllPairsPaths: Sendable, Hashable {
    public var costs: CostMatrix
    public var nextHops: NextHopMatrix
    public var method: AllPairsEngine.Method
}
