/// A 4-ary min-heap (in the order `O`) over borrowed buffers, with decrease-key.
/// Popped nodes get slot -2.
struct IndexedHeap<O: HeapOrder> {
    let keys: UnsafeMutablePointer<Float>
    let nodes: UnsafeMutablePointer<Int32>
    let slot: UnsafeMutablePointer<Int32>
    var size = 0

    init(keys: UnsafeMutablePointer<Float>, nodes: UnsafeMutablePointer<Int32>, slot: UnsafeMutablePointer<Int32>) {
        self.keys = keys
        self.nodes = nodes
        self.slot = slot
    }

    @inline(__always)
    mutating func push(_ node: Int32, _ key: Float) {
        size += 1
        siftUp(from: size - 1, node, key)
    }

    @inline(__always)
    func decrease(at index: Int, to key: Float) {
        siftUp(from: index, nodes[index], key)
    }

    @inline(__always)
    func siftUp(from start: Int, _ node: Int32, _ key: Float) {
        var i = start
        while i > 0 {
            let parent = (i - 1) >> 2
            let pk = keys[parent]
            if !O.before(key, pk) { break }
            keys[i] = pk
            nodes[i] = nodes[parent]
            slot[Int(nodes[i])] = Int32(i)
            i = parent
        }
        keys[i] = key
        nodes[i] = node
        slot[Int(node)] = Int32(i)
    }

    @inline(__always)
    mutating func pop() -> (Int32, Float) {
        let top = nodes[0]
        let topKey = keys[0]
        slot[Int(top)] = -2
        size -= 1
        if size > 0 {
            let node = nodes[size]
            let key = keys[size]
            var i = 0
            while true {
                let c0 = 4 * i + 1
                if c0 >= size { break }
                var best = c0
                var bestKey = keys[c0]
                let end = min(c0 + 4, size)
                var c = c0 + 1
                while c < end {
                    let k = keys[c]
                    if O.before(k, bestKey) {
                        best = c
                        bestKey = k
                    }
                    c += 1
                }
                if !O.before(bestKey, key) { break }
                keys[i] = bestKey
                nodes[i] = nodes[best]
                slot[Int(nodes[i])] = Int32(i)
                i = best
            }
            keys[i] = key
            nodes[i] = node
            slot[Int(node)] = Int32(i)
        }
        return (top, topKey)
    }
}
