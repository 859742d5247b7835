/// Smallest cost first: (min, +).
enum MinHeapOrder: HeapOrder {
    static var identity: Float { 0 }
    static var unreachable: Float { .infinity }
    @inline(__always) static func before(_ a: Float, _ b: Float) -> Bool { a < b }
    @inline(__always) static func extend(_ path: Float, _ link: Float) -> Float { path + link }
}
