#!/bin/sh
# Live-rebuild benchmark (issue 4): median time of 20 body-only and 20
# summary edits of case studies on a 10,000-page synthetic hub, first
# through the engine alone, then through `clusterhub serve` (file watching
# included: from the write to the server's `rebuilt ...` line).
#   benches/serve.sh [HUB_DIR] [PAGES]
set -eu
HUB=${1:-/tmp/clusterhub-bench-10k}
PAGES=${2:-10000}
cargo build --release --bin clusterhub --example synth --example serve_bench
target/release/examples/synth --pages "$PAGES" --out "$HUB"
target/release/examples/serve_bench "$HUB"
target/release/examples/serve_bench "$HUB" --server target/release/clusterhub
