#!/bin/sh
# Live-rebuild benchmark (issue 4): median time of 20 body-only and 20
# summary edits of case studies on a 10,000-page synthetic hub, measured
# three ways: through the engine alone; through `clusterhub serve` (file
# watching included: from the write to the server's `rebuilt ...` line);
# and in headless Chromium (from the write to the page receiving the reload
# message, and to the edited page shown), if Chromium is installed.
#   benches/serve.sh [HUB_DIR] [PAGES]
set -eu
HUB=${1:-/tmp/clusterhub-bench-10k}
PAGES=${2:-10000}
cargo build --release --bin clusterhub --example synth --example serve_bench
target/release/examples/synth --pages "$PAGES" --out "$HUB"
target/release/examples/serve_bench "$HUB"
target/release/examples/serve_bench "$HUB" --server target/release/clusterhub
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    cargo build --release -p clusterhub-browser-tests --example reload_bench
    target/release/examples/reload_bench "$HUB"
else
    echo "# no Chromium: the browser measurement is skipped (apt-get install chromium)" >&2
fi
