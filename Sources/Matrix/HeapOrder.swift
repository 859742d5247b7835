/// The order a label-setting search settles nodes in.
protocol HeapOrder {
    static var identity: Float { get }
    static var unreachable: Float { get }
    static func before(_ a: Float, _ b: Float) -> Bool
    static func extend(_ path: Float, _ link: Float) -> Float
}
