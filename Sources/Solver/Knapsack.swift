/// An exact 0-1 knapsack solver with real-valued weights: maximise Σ p·x subject to
/// Σ w·x ≤ capacity, by depth-first branch and bound on items sorted by profit per
/// weight, pruned with the Dantzig (fractional) bound (Horowitz and Sahni 1974;
/// Martello and Toth, *Knapsack Problems*, 1990, §2.5).
///
/// The search stops after `nodeLimit` nodes; the answer is then the Dantzig bound of
/// the whole instance (an upper bound on the optimum, so callers that need an upper
/// bound stay valid) and ``isExact`` is false.
///
/// Reuses its buffers between calls; not thread-safe (one per solving thread).
/// - Complexity: O(n log n) plus O(log n) per search node.
struct Knapsack {
    /// The positive-weight items of the last solve, by profit per weight.
    private var sorted: [(index: Int, profit: Double, weight: Double)] = []
    /// The same, split: original index, profit, weight.
    private var order: [Int] = []
    private var profit: [Double] = []
    private var weight: [Double] = []
    /// Prefix sums of sorted weights and profits (count + 1 entries).
    private var prefixWeight: [Double] = []
    private var prefixProfit: [Double] = []
    private var current: [Bool] = []
    /// Whether each sorted item is in the best solution found.
    private var best: [Bool] = []
    /// Whether the last solve proved its answer optimal.
    private(set) var isExact = true
    /// The capacity of the last solve.
    private var capacity = 0.0

    private let nodeLimit = 20_000

    /// Solves over `items` (index, profit > 0, weight ≥ 0). Returns the optimum (or,
    /// when the node limit stops the search, an upper bound on it).
    mutating func solve(_ items: [(index: Int, profit: Double, weight: Double)], capacity: Double) -> Double {
        self.capacity = capacity
        var always = 0.0
        defer { alwaysProfit = always }
        sorted.removeAll(keepingCapacity: true)
        alwaysTaken.removeAll(keepingCapacity: true)
        for item in items where item.profit > 0 {
            if item.weight <= 1e-12 * max(capacity, 1) {
                always += item.profit
                alwaysTaken.append(item.index)
            } else if item.weight <= capacity + 1e-9 {
                sorted.append(item)
            }
        }
        sorted.sort { $0.profit * $1.weight > $1.profit * $0.weight }
        let n = sorted.count
        order.removeAll(keepingCapacity: true)
        profit.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true)
        prefixWeight.removeAll(keepingCapacity: true)
        prefixProfit.removeAll(keepingCapacity: true)
        prefixWeight.append(0)
        prefixProfit.append(0)
        for item in sorted {
            order.append(item.index)
            profit.append(item.profit)
            weight.append(item.weight)
            prefixWeight.append(prefixWeight[prefixWeight.count - 1] + item.weight)
            prefixProfit.append(prefixProfit[prefixProfit.count - 1] + item.profit)
        }
        current.removeAll(keepingCapacity: true)
        current.append(contentsOf: repeatElement(false, count: n))
        best.removeAll(keepingCapacity: true)
        best.append(contentsOf: repeatElement(false, count: n))
        // Greedy start.
        var bestValue = 0.0
        var room = capacity
        for i in 0..<n where weight[i] <= room + 1e-9 {
            best[i] = true
            room -= weight[i]
            bestValue += profit[i]
        }
        let root = dantzig(from: 0, room: capacity)
        isExact = true
        if root > bestValue + 1e-12 * max(1, abs(root)) {
            var nodes = 0
            search(0, room: capacity, value: 0, best: &bestValue, nodes: &nodes)
            if nodes > nodeLimit {
                isExact = false
                return always + root
            }
        }
        return always + bestValue
    }

    /// Items whose weight is (near) zero, always in the solution, and their profit.
    private(set) var alwaysTaken: [Int] = []
    private var alwaysProfit = 0.0

    /// Calls `body` with the original index of every item in the best solution found.
    func forEachTaken(_ body: (Int) -> Void) {
        for i in alwaysTaken { body(i) }
        for i in 0..<order.count where best[i] { body(order[i]) }
    }

    /// An upper bound on the best value of the items sorted from `from` with `room` left:
    /// the greedy prefix plus a fraction of the first item that does not fit.
    @inline(__always)
    private func dantzig(from start: Int, room: Double) -> Double {
        let n = weight.count
        guard start < n, room > 0 else { return 0 }
        let target = prefixWeight[start] + room
        // Largest k with prefixWeight[k] <= target.
        var lo = start, hi = n
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if prefixWeight[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        var value = prefixProfit[lo] - prefixProfit[start]
        if lo < n {
            let left = target - prefixWeight[lo]
            value += profit[lo] * left / weight[lo]
        }
        return value
    }

    /// An upper bound on the knapsack's optimum when the item with original index
    /// `item` (profit `p`, weight `w`, which may be ≤ 0 profit) is forced in; −∞ when
    /// it cannot fit. Valid after an exact or inexact solve.
    func boundForcingIn(_ item: Int, profit p: Double, weight w: Double) -> Double {
        if w > capacity + 1e-9 { return -.infinity }
        let zeroWeight = w <= 1e-12 * max(capacity, 1)
        let others = alwaysProfit - (zeroWeight && p > 0 ? p : 0)
        return p + others + boundWithout(item, room: capacity - w)
    }

    /// An upper bound on the knapsack's optimum when the item with original index
    /// `item` (profit `p`, weight `w`) is left out.
    func boundLeavingOut(_ item: Int, profit p: Double, weight w: Double) -> Double {
        let zeroWeight = w <= 1e-12 * max(capacity, 1)
        return alwaysProfit - (zeroWeight && p > 0 ? p : 0) + boundWithout(item, room: capacity)
    }

    /// The Dantzig bound of the sorted items except `skip` (an original index) with
    /// `room` capacity.
    private func boundWithout(_ skip: Int, room: Double) -> Double {
        guard room > 0 else { return 0 }
        var left = room
        var value = 0.0
        for i in 0..<order.count where order[i] != skip {
            if weight[i] <= left {
                left -= weight[i]
                value += profit[i]
            } else {
                value += profit[i] * left / weight[i]
                break
            }
        }
        return value
    }

    private mutating func search(_ i: Int, room: Double, value: Double, best bestValue: inout Double, nodes: inout Int)
    {
        nodes += 1
        if nodes > nodeLimit { return }
        let n = weight.count
        if i == n {
            if value > bestValue {
                bestValue = value
                best = current
            }
            return
        }
        if value + dantzig(from: i, room: room) <= bestValue * (1 + 1e-12) + 1e-12 { return }
        if weight[i] <= room + 1e-9 {
            current[i] = true
            search(i + 1, room: room - weight[i], value: value + profit[i], best: &bestValue, nodes: &nodes)
            current[i] = false
            if nodes > nodeLimit { return }
        }
        search(i + 1, room: room, value: value, best: &bestValue, nodes: &nodes)
    }
}
