/// Widest first: (max, min).
enum MaxHeapOrder: HeapOrder {
    static var identity: Float { .infinity }
    static var unreachable: Float { 0 }
    @inline(__always) static func before(_ a: Float, _ b: Float) -> Bool { a > b }
    @inline(__always) static func extend(_ path: Float, _ link: Float) -> Float { link < path ? link : path }
}
