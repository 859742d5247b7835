# altoplace: one command to set up and run, one to test. See README.md.
SWIFT ?= swift
APT_PACKAGES = libglpk-dev libopenblas-dev libsqlite3-dev zlib1g-dev python3-venv curl
# The API check's tools (PyPI), pinned: schemathesis fuzzes the server against its OpenAPI
# document; prometheus_client's parser reads /metrics.
CHECK_PIP = schemathesis==4.32.5 prometheus_client==0.21.1
CHECK_VENV = .venv-check

.PHONY: setup check-tools run test check-api bench bench-peers bench-server bench-placement bench-push bench-follow bench-deliver bench-batch clean

## setup: install the system libraries altoplace links (Debian; needs root or sudo).
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	fi

## check-tools: the venv of the API check (schemathesis, prometheus_client).
check-tools: setup
	@[ -x $(CHECK_VENV)/bin/st ] || { python3 -m venv $(CHECK_VENV) && $(CHECK_VENV)/bin/pip install -q $(CHECK_PIP); }

## run: set up, build (release) and start the ALTO server on http://127.0.0.1:8181
## (state in ./altoplace-data, the bundled metro topology; Ctrl-C stops it).
run: setup
	$(SWIFT) build -c release --product altoplace
	.build/release/altoplace serve $(SERVE_FLAGS)

## test: set up, build (release, so the SIMD kernels are the ones shipped), run every test,
## then check the running server against its OpenAPI document and Prometheus's parser,
## then a centre and three agents as processes, with kill -9 of each (scripts/e2e-agents),
## then delivery to three clusters' agents with real files and commands (scripts/e2e-delivery).
test: setup check-tools
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build --disable-xctest
	scripts/check-api 50
	scripts/e2e-agents
	scripts/e2e-delivery

## check-api: only the schemathesis and /metrics check (scripts/check-api).
check-api: check-tools
	scripts/check-api

## bench: the engine benchmarks at the sizes the issues name.
bench: setup
	$(SWIFT) build -c release --product altoplace-bench
	.build/release/altoplace-bench apsp --kind dense --nodes 2000 --methods floyd-warshall --threads 1,2
	.build/release/altoplace-bench apsp --kind geometric --nodes 5000 --degree 4 --methods dijkstra --threads 1,2
	.build/release/altoplace-bench scoring
	.build/release/altoplace-bench compile --network --functions 10000 --clusters 100
	.build/release/altoplace-bench compile --network --functions 40000 --clusters 400 --repeats 3
	.build/release/altoplace-bench solve --functions 60 --clusters 10 --time-limit 0.5
	.build/release/altoplace-bench solve --functions 300 --clusters 20 --time-limit 10
	.build/release/altoplace-bench solve --functions 400 --clusters 40 --time-limit 10
	.build/release/altoplace-bench solve --functions 400 --clusters 40 --time-limit 1 --no-glpk
	.build/release/altoplace-bench solve --functions 400 --clusters 40 --resources 3 --tightness 0.95 --time-limit 10
	.build/release/altoplace-bench solve --functions 400 --clusters 40 --resources 3 --tightness 0.95 --network --time-limit 10
	.build/release/altoplace-bench solve --functions 10000 --clusters 100 --resources 3 --tightness 0.85 --time-limit 5 --no-glpk
	.build/release/altoplace-bench solve --family d --functions 400 --clusters 40 --time-limit 10
	.build/release/altoplace-bench solve --functions 100000 --clusters 1000 --resources 3 --tightness 0.85 --network --homogeneous --costs-per-function 5 --time-limit 60 --no-glpk --seeds 1

## bench-batch: 100,000 functions x 1,000 clusters x 3 resources, gzip-posted to POST /placements (60 s limit).
bench-batch: setup
	$(SWIFT) build -c release --product altoplace --product altoplace-bench
	scripts/bench-batch 100000 1000 60

## bench-deliver: commit to last delivered outcome, 1,000 functions over 50 cluster agents (no-op apply).
bench-deliver: setup
	$(SWIFT) build -c release --product altoplace
	scripts/bench-deliver 3 1000 50

## bench-server: cost-map and endpoint-cost throughput and p99 beside a trivial route (wrk).
bench-server: setup
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y wrk; }
	scripts/bench-server

## bench-push: push throughput with 300 subscribers (reports/s, every event delivered).
bench-push: setup
	swift build -c release --product altoplace
	scripts/bench-push

## bench-follow: push latency agent -> centre (median, p99 over 200 reports) and the
## centre's CPU following 100 simulated agents.
bench-follow: setup
	swift build -c release --product altoplace
	scripts/bench-follow

## bench-placement: placement latency (p50, p99) at rising concurrency and what-if throughput (wrk).
bench-placement: setup
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y wrk; }
	scripts/bench-placement

## bench-peers: the same graphs timed in scipy and igraph (installs them into .venv-bench).
bench-peers: setup
	scripts/bench-apsp-peers

clean:
	rm -rf .build
