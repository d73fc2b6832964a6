#!/usr/bin/env bash
# Image pipeline benchmark (issue 14): the shipped hub with N photo-sized
# JPEGs (4000×3000) on one page, built cold (empty image cache) and warm
# (every image cached), and the shipped hub alone, warm.
#
#   benches/images.sh            100 photos, 3 warm runs
#   N=20 RUNS=5 benches/images.sh
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/clusterhub-images-bench}
BIN=$REPO/target/release/clusterhub

cd "$REPO"
cargo build --release --quiet
cargo build --release --quiet --example bench_photos

ms() { # ms COMMAND...: wall time of the command in milliseconds
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

rm -rf "$WORK"
mkdir -p "$WORK"
hub=$WORK/hub
mkdir -p "$hub"
cp -r hub.yaml content "$hub/"
[ -d static ] && cp -r static "$hub/"

echo "shipped hub: cold $(ms "$BIN" build --root "$hub" --output "$WORK/out") ms (its figures processed)"
for i in $(seq "$RUNS"); do
    echo "shipped hub: warm $(ms "$BIN" build --root "$hub" --output "$WORK/out") ms"
done

bundle=$hub/content/case-studies/photos
mkdir -p "$bundle"
"$REPO/target/release/examples/bench_photos" "$bundle" "$N"
{
    printf -- '---\ntitle: "Photos"\nsummary: "Benchmark photos."\ndate: 2025-01\ncity: belfast\nprojects: [up2030]\nstatus: ongoing\nsources:\n  - https://example.org/\n---\n'
    for f in "$bundle"/*.jpg; do
        printf '![Photo %s of the benchmark](%s)\n\n' "$(basename "$f" .jpg)" "$(basename "$f")"
    done
} >"$bundle/index.md"
du -sh "$bundle" | sed 's/^/photos: /'
echo "$N photos: cold $(ms "$BIN" build --root "$hub" --output "$WORK/out") ms"
for i in $(seq "$RUNS"); do
    echo "$N photos: warm $(ms "$BIN" build --root "$hub" --output "$WORK/out") ms"
done
"$BIN" build --root "$hub" --output "$WORK/out" --timings 2>&1 | grep -E "images:|load|parse|render|write"
