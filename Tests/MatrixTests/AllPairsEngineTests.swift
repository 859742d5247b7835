import Dispatch
import Matrix
import Testing

/// A named random graph shape for the sweeps.
struct GraphCase: CustomTestStringConvertible, Sendable {
    let name: String
    let graph: Graph
    var testDescription: String { name }

    static func make(
        _ name: String, nodes n: Int, seed: UInt64, algebra: PathAlgebra = .shortest,
        build: (inout SplitMix64, Int) -> [Graph.Arc]
    ) -> GraphCase {
        var rng = SplitMix64(seed: seed)
        return GraphCase(name: name, graph: Graph(nodeCount: n, arcs: build(&rng, n), algebra: algebra))
    }

    static func randomArcs(_ rng: inout SplitMix64, _ n: Int, count: Int, weights: Range<Float>, undirected: Bool)
        -> [Graph.Arc]
    {
        var arcs: [Graph.Arc] = []
        for _ in 0..<count {
            let u = Int32(rng.next() % UInt64(n)), v = Int32(rng.next() % UInt64(n))
            let w = weights.lowerBound == weights.upperBound ? weights.lowerBound : rng.nextFloat(in: weights)
            arcs.append(.init(source: u, target: v, weight: w))
            if undirected { arcs.append(.init(source: v, target: u, weight: w)) }
        }
        return arcs
    }

    /// Shapes that have broken all-pairs codes before: sizes off the tile grid,
    /// disconnected parts, zero weights, self-loops, parallel arcs, one-way arcs.
    static func shapes(algebra: PathAlgebra) -> [GraphCase] {
        let weights: Range<Float> = algebra == .shortest ? 0.5..<50 : 10..<1000
        return [
            make("single node", nodes: 1, seed: 1, algebra: algebra) { _, _ in [] },
            make("two nodes one arc", nodes: 2, seed: 2, algebra: algebra) { _, _ in
                [.init(source: 0, target: 1, weight: 3)]
            },
            make("directed sparse n=37", nodes: 37, seed: 3, algebra: algebra) { rng, n in
                randomArcs(&rng, n, count: 90, weights: weights, undirected: false)
            },
            make("undirected n=150 with self-loops and parallel arcs", nodes: 150, seed: 4, algebra: algebra) {
                rng, n in
                var arcs = randomArcs(&rng, n, count: 400, weights: weights, undirected: true)
                for i in 0..<20 { arcs.append(.init(source: Int32(i), target: Int32(i), weight: 0.25)) }
                arcs += arcs.prefix(100).map { .init(source: $0.source, target: $0.target, weight: $0.weight * 0.5) }
                return arcs
            },
            make("disconnected halves n=130", nodes: 130, seed: 5, algebra: algebra) { rng, n in
                let left = randomArcs(&rng, 65, count: 200, weights: weights, undirected: true)
                let right = randomArcs(&rng, 65, count: 200, weights: weights, undirected: false).map {
                    Graph.Arc(source: $0.source + 65, target: $0.target + 65, weight: $0.weight)
                }
                return left + right
            },
            make("zero-weight links n=97", nodes: 97, seed: 6, algebra: algebra) { rng, n in
                var arcs = randomArcs(&rng, n, count: 250, weights: weights, undirected: true)
                if algebra == .shortest {
                    arcs += randomArcs(&rng, n, count: 60, weights: 0..<0, undirected: true)
                }
                return arcs
            },
            make("dense n=200", nodes: 200, seed: 7, algebra: algebra) { rng, n in
                randomArcs(&rng, n, count: 20_000, weights: weights, undirected: false)
            },
            GraphCase(
                name: "geometric n=300",
                graph: GraphGenerator.geometric(nodes: 300, degree: 4, seed: 8, algebra: algebra)),
        ]
    }
}

/// Every engine configuration this machine can run: Dijkstra, and blocked
/// Floyd–Warshall on every supported kernel level (so the AVX2 path is forced and
/// checked on an AVX-512 machine too), with one and two threads.
let engines: [AllPairsEngine] = {
    var list = [AllPairsEngine(method: .dijkstra, threads: 1), AllPairsEngine(method: .dijkstra, threads: 2)]
    for level in KernelLevel.available {
        list.append(AllPairsEngine(method: .floydWarshall, threads: 1, kernelLevel: level))
        list.append(AllPairsEngine(method: .floydWarshall, threads: 2, kernelLevel: level))
    }
    return list
}()

@Suite("All-pairs engine")
struct AllPairsEngineTests {
    @Test("shortest paths match a double-precision Dijkstra", arguments: GraphCase.shapes(algebra: .shortest))
    func shortestMatchesReference(_ c: GraphCase) {
        let expected = Reference.shortest(nodeCount: c.graph.nodeCount, arcs: Reference.arcs(c.graph))
        for engine in engines {
            let m = engine.costs(c.graph)
            #expect(m.count == c.graph.nodeCount)
            var mismatches = 0
            for i in 0..<m.count {
                for j in 0..<m.count where !Reference.close(m[i, j], expected[i][j]) {
                    if mismatches == 0 {
                        Issue.record(
                            "\(engine.method) \(engine.kernelLevel) t\(engine.threads): [\(i)][\(j)] = \(m[i, j]), expected \(expected[i][j])"
                        )
                    }
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "\(engine.method) \(engine.kernelLevel) t\(engine.threads)")
        }
    }

    @Test("widest paths match a double-precision reference", arguments: GraphCase.shapes(algebra: .widest))
    func widestMatchesReference(_ c: GraphCase) {
        let expected = Reference.widest(nodeCount: c.graph.nodeCount, arcs: Reference.arcs(c.graph))
        for engine in engines {
            let m = engine.costs(c.graph)
            var mismatches = 0
            for i in 0..<m.count {
                for j in 0..<m.count where !Reference.close(m[i, j], expected[i][j], relative: 0) {
                    if mismatches == 0 {
                        Issue.record(
                            "\(engine.method) \(engine.kernelLevel): [\(i)][\(j)] = \(m[i, j]), expected \(expected[i][j])"
                        )
                    }
                    mismatches += 1
                }
            }
            #expect(mismatches == 0)
        }
    }

    @Test("hop counts equal breadth-first search levels")
    func hopCounts() {
        let g = GraphGenerator.geometric(nodes: 120, degree: 3, seed: 11).unitWeights()
        let expected = Reference.shortest(nodeCount: g.nodeCount, arcs: Reference.arcs(g))
        for engine in engines {
            let m = engine.costs(g)
            for i in 0..<g.nodeCount {
                for j in 0..<g.nodeCount {
                    #expect(Reference.close(m[i, j], expected[i][j], relative: 0))
                }
            }
        }
    }

    @Test("unreachable pairs read back as nil, not as a large number")
    func unreachableIsExplicit() {
        let g = Graph(nodeCount: 3, arcs: [.init(source: 0, target: 1, weight: 2)], algebra: .shortest)
        for engine in engines {
            let m = engine.costs(g)
            #expect(m.value(0, 1) == 2)
            #expect(m.value(1, 0) == nil)
            #expect(m.value(0, 2) == nil)
            #expect(m.value(2, 2) == 0)
            #expect(!m.isReachable(2, 0))
        }
        let w = Graph(nodeCount: 2, arcs: [], algebra: .widest)
        #expect(AllPairsEngine().costs(w).value(0, 1) == nil)
    }

    @Test(
        "first hops walk a best path whose cost equals the matrix value",
        arguments: GraphCase.shapes(algebra: .shortest) + GraphCase.shapes(algebra: .widest))
    func nextHopsWalkBestPaths(_ c: GraphCase) {
        let g = c.graph
        var weight: [Int: Float] = [:]
        for u in 0..<g.nodeCount {
            for a in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                weight[u * g.nodeCount + Int(g.targets[a])] = g.weights[a]
            }
        }
        for engine in engines {
            let result = engine.paths(g)
            var failures = 0
            for i in 0..<g.nodeCount {
                for j in 0..<g.nodeCount {
                    let path = result.nextHops.path(from: i, to: j)
                    guard result.costs.isReachable(i, j) else {
                        if path != nil { failures += 1 }
                        continue
                    }
                    guard let path, path.first == i, path.last == j else {
                        failures += 1
                        continue
                    }
                    var value = g.algebra.identity
                    for (u, v) in zip(path, path.dropFirst()) {
                        guard let w = weight[u * g.nodeCount + v] else { failures += 1; break }
                        value = g.algebra.extend(value, w)
                    }
                    if !Reference.close(value, Double(result.costs[i, j]), relative: 1e-4) { failures += 1 }
                }
            }
            #expect(failures == 0, "\(result.method) \(engine.kernelLevel) t\(engine.threads)")
        }
    }

    /// The choice depends on this machine's measured rates, so the test asserts no
    /// particular method: only that where one forced method is at least twice as fast
    /// as the other, `automatic` resolves to it.
    @Test("automatic resolves to the faster method wherever the two differ by 2x or more")
    func automaticMethod() {
        func seconds(_ engine: AllPairsEngine, _ graph: Graph) -> Double {
            _ = engine.costs(graph)
            var best = Double.infinity
            for _ in 0..<2 {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = engine.costs(graph)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
            }
            return best
        }
        let graphs = [
            GraphGenerator.dense(nodes: 400, seed: 1),
            // A chain-like sparse graph: every node linked to its nearest neighbour only.
            GraphGenerator.geometric(nodes: 3000, degree: 1.2, seed: 1),
        ]
        var decided = 0
        for graph in graphs {
            let engine = AllPairsEngine(threads: 2)
            let floyd = seconds(AllPairsEngine(method: .floydWarshall, threads: 2), graph)
            let dijkstra = seconds(AllPairsEngine(method: .dijkstra, threads: 2), graph)
            guard max(floyd, dijkstra) >= 2 * min(floyd, dijkstra) else { continue }
            decided += 1
            let faster: AllPairsEngine.Method = floyd < dijkstra ? .floydWarshall : .dijkstra
            #expect(
                engine.resolvedMethod(for: graph) == faster,
                "n=\(graph.nodeCount) m=\(graph.arcCount): Floyd–Warshall \(floyd) s, Dijkstra \(dijkstra) s")
        }
        #expect(decided >= 1, "no shape separated the methods by 2x; the test checked nothing")
        #expect(
            AllPairsEngine(method: .floydWarshall).resolvedMethod(
                for: GraphGenerator.geometric(nodes: 300, degree: 4, seed: 1)) == .floydWarshall)
        #expect(MachineProfile.current.calibrationSeconds < 1)
    }

    @Test("every supported level's tile kernel has a finite in-cache rate, which the benchmark's ratio rests on")
    func inCacheRate() {
        for level in KernelLevel.available {
            let rate = level.inCacheRate(seconds: 0.005)
            #expect(rate.isFinite && rate > 1e6, "\(level): \(rate) updates/s")
        }
    }

    @Test("every kernel level the CPU supports gives bit-identical Floyd–Warshall results")
    func kernelLevelsAgree() {
        let g = GraphGenerator.dense(nodes: 260, seed: 21)
        let reference = AllPairsEngine(method: .floydWarshall, threads: 1, kernelLevel: .generic).costs(g)
        for level in KernelLevel.available {
            let m = AllPairsEngine(method: .floydWarshall, threads: 2, kernelLevel: level).costs(g)
            #expect(m.dense() == reference.dense(), "\(level)")
        }
        #expect(KernelLevel.available.contains(.generic))
        #expect(KernelLevel.best.isSupported)
        #expect(KernelLevel.highestSupported.isSupported)
    }
}
