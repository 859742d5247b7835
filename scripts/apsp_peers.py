#!/usr/bin/env python3
"""Time all-pairs shortest paths in altoplace and its peers on the very same graphs.

For each graph: `altoplace-bench generate` writes it as an edge list, `altoplace-bench
apsp --input` times altoplace on that file, and this script times scipy's
`floyd_warshall` and `shortest_path(method='D')` and igraph's `distances` on the
same file in the same run, checks that all agree, and prints the ratios.

Usage: scripts/bench-apsp-peers [--quick]   (installs its own virtualenv)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
import scipy.sparse
import scipy.sparse.csgraph as csgraph
import igraph


def median_time(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def load_edges(path):
    data = np.fromfile(path, sep=" ")
    n, m = int(data[0]), int(data[1])
    e = data[2:].reshape(m, 3)
    return n, e[:, 0].astype(np.int64), e[:, 1].astype(np.int64), e[:, 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", required=True, help="path to the altoplace-bench binary (release build)")
    parser.add_argument("--quick", action="store_true", help="smaller graphs, fewer repeats")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()

    if args.quick:
        cases = [("dense", 500, 0, 3), ("geometric", 2000, 4, 3)]
    else:
        cases = [("dense", 2000, 0, 3), ("geometric", 5000, 4, 3)]
    results = []
    workdir = tempfile.mkdtemp(prefix="altoplace-peers-")
    for kind, n, degree, repeats in cases:
        path = os.path.join(workdir, f"{kind}-{n}.edges")
        gen = [args.bench, "generate", "--kind", kind, "--nodes", str(n), "--seed", "1", "-o", path]
        if kind == "geometric":
            gen += ["--degree", str(degree)]
        subprocess.run(gen, check=True)
        nodes, src, dst, w = load_edges(path)
        row = {"graph": f"{kind} n={n}" + (f" degree={degree}" if degree else ""), "arcs": len(w)}

        ours = subprocess.run(
            [args.bench, "apsp", "--input", path, "--methods", "automatic", "--threads", f"1,{args.threads}",
             "--repeats", str(repeats), "--json"],
            check=True, capture_output=True, text=True).stdout.splitlines()
        ours = [json.loads(line) for line in ours if line.strip()]
        row["altoplace_method"] = ours[-1]["method"]
        row["altoplace_1t"] = ours[0]["seconds"]
        row["altoplace"] = ours[-1]["seconds"]
        checksum = ours[-1]["checksum"]

        graph = scipy.sparse.csr_matrix((w, (src, dst)), shape=(nodes, nodes))
        # Parallel arcs: keep the lightest, as altoplace does (the generator emits none).
        if kind == "dense":
            t, d = median_time(lambda: csgraph.floyd_warshall(graph, directed=True), 1 if not args.quick else repeats)
            row["scipy_floyd_warshall"] = t
        t, d = median_time(lambda: csgraph.shortest_path(graph, method="D", directed=True), repeats)
        row["scipy_dijkstra"] = t
        finite = np.isfinite(d)
        peer_sum = float(d[finite].sum())
        row["agree"] = abs(peer_sum - checksum) <= 1e-5 * max(1.0, abs(peer_sum))

        g = igraph.Graph(n=nodes, edges=list(zip(src.tolist(), dst.tolist())), directed=True)
        g.es["weight"] = w.tolist()
        t, _ = median_time(lambda: g.distances(weights="weight", mode="out"), 1 if kind == "dense" else repeats)
        row["igraph_distances"] = t
        results.append(row)

    print(f"numpy {np.__version__}, scipy {scipy.__version__}, igraph {igraph.__version__}; "
          f"altoplace threads={args.threads}; medians in seconds")
    header = ["graph", "arcs", "altoplace method", "altoplace 1t", f"altoplace {args.threads}t",
              "scipy FW", "scipy Dijkstra", "igraph", "best peer / altoplace", "results agree"]
    print(" | ".join(header))
    for r in results:
        peers = [r[k] for k in ("scipy_floyd_warshall", "scipy_dijkstra", "igraph_distances") if k in r]
        fmt = lambda k: f"{r[k]:.4f}" if k in r else "-"
        print(" | ".join([r["graph"], str(r["arcs"]), r["altoplace_method"], fmt("altoplace_1t"), fmt("altoplace"),
                          fmt("scipy_floyd_warshall"), fmt("scipy_dijkstra"), fmt("igraph_distances"),
                          f"{min(peers) / r['altoplace']:.1f}x", str(r["agree"])]))
        if "scipy_floyd_warshall" in r:
            print(f"  scipy floyd_warshall / altoplace: {r['scipy_floyd_warshall'] / r['altoplace']:.1f}x")
    print(json.dumps(results))
    if not all(r["agree"] for r in results):
        sys.exit("results disagree between altoplace and scipy")


if __name__ == "__main__":
    main()
