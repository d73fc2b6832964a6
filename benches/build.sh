#!/usr/bin/env bash
# Full-build benchmark of clusterhub. See benches/README.md.
#
#   benches/build.sh                 synthetic hubs of 1k, 10k and 100k pages
#   SIZES="1000 10000" RUNS=5 benches/build.sh
#   benches/build.sh --versus        side-by-side with Hugo (and Zola if
#                                    installed) through ../shared/bench
#   OUT_ROOT=/dev/shm benches/build.sh --versus
#                                    the same with every output on a tmpfs
#                                    (see the README: this machine's ext4
#                                    makes file creation ever slower)
#
# Environment: SIZES (pages, default "1000 10000 100000"), RUNS (timed runs
# after one warm-up, default 3), WORK (scratch folder, default
# /tmp/clusterhub-bench), OUT_ROOT (where output folders go, e.g. /dev/shm;
# default WORK, and /tmp for the harness), BENCH_DIR (the shared harness, default
# ../shared/bench beside the repository), VERSUS_SIZES (default "1000 10000").
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/clusterhub-bench}
BENCH_DIR=${BENCH_DIR:-$REPO/../shared/bench}
VERSUS_SIZES=${VERSUS_SIZES:-"1000 10000"}
MODE=${1:-synth}

need() { # need COMMAND DEBIAN-PACKAGE: install it with apt-get if missing
    if ! command -v "$1" >/dev/null 2>&1; then
        if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
            echo "# installing $2" >&2
            apt-get install -y "$2" >/dev/null
        else
            echo "error: $1 is missing; install the $2 package" >&2
            exit 1
        fi
    fi
}

need /usr/bin/time time
need python3 python3
need cargo cargo

echo "# building clusterhub (release)" >&2
(cd "$REPO" && cargo build --release --quiet && cargo build --release --quiet --example synth)
BIN=$REPO/target/release/clusterhub
SYNTH=$REPO/target/release/examples/synth
VERSION=$("$BIN" --version)
mkdir -p "$WORK"

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

synth_table() {
    echo "$VERSION, $(nproc) cores; median of $RUNS full builds after one warm-up (output folder removed before each)"
    echo
    echo "| pages | files written | output MiB | wall s (min-max) | CPU s | peak RSS MiB | pages/s |"
    echo "|---:|---:|---:|---|---:|---:|---:|"
    for n in $SIZES; do
        local hub=$WORK/synth-$n out=${OUT_ROOT:-$WORK}/synth-$n-out
        local stamp="pages=$n seed=2030 gen=$(sha256sum "$REPO/examples/synth.rs" "$REPO/hub.yaml" | sha256sum | cut -c1-16)"
        if [ "$(cat "$hub/.bench-stamp" 2>/dev/null)" != "$stamp" ]; then
            echo "# generating $n pages into $hub" >&2
            "$SYNTH" --pages "$n" --out "$hub" >&2
            echo "$stamp" > "$hub/.bench-stamp"
        fi
        local walls=() cpus=() rss=() log=$WORK/synth-$n.log
        : > "$log"
        for i in $(seq 0 "$RUNS"); do
            rm -rf "$out"
            /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" \
                "$BIN" build --root "$hub" --output "$out" --timings 2>> "$log"
            read -r wall user sys maxkb < "$WORK/time.txt"
            local cpu
            cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
            echo "# $n pages, run $i$([ "$i" = 0 ] && echo ' (warm-up)'): ${wall}s wall, ${cpu}s CPU, $((maxkb / 1024)) MiB" >&2
            if [ "$i" -gt 0 ]; then
                walls+=("$wall"); cpus+=("$cpu"); rss+=("$((maxkb / 1024))")
            fi
        done
        local total files mib
        total=$(find "$hub/content" -name '*.md' ! -name '_index.md' | wc -l)
        files=$(find "$out" -type f | wc -l)
        mib=$(du -sm "$out" | cut -f1)
        local w c r lo hi
        w=$(printf '%s\n' "${walls[@]}" | median)
        lo=$(printf '%s\n' "${walls[@]}" | sort -g | head -1)
        hi=$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)
        c=$(printf '%s\n' "${cpus[@]}" | median)
        r=$(printf '%s\n' "${rss[@]}" | median)
        printf '| %s | %s | %s | %.2f (%.2f-%.2f) | %.2f | %s | %.0f |\n' \
            "$total" "$files" "$mib" "$w" "$lo" "$hi" "$c" "$r" "$(awk -v t="$total" -v w="$w" 'BEGIN { print t / w }')"
    done
    echo
    echo "(per-stage and per-template timings of every run: $WORK/synth-N.log)"
}

versus() {
    if [ ! -x "$BENCH_DIR/run.sh" ]; then
        echo "error: the shared harness is not at $BENCH_DIR (set BENCH_DIR)" >&2
        exit 1
    fi
    need hugo hugo
    for n in $VERSUS_SIZES; do
        # The harness writes every tool's output to /tmp/hubbench-out-N; with
        # OUT_ROOT set, that folder becomes a link to one in OUT_ROOT.
        local link=/tmp/hubbench-out-$n
        if [ -n "${OUT_ROOT:-}" ]; then
            mkdir -p "$OUT_ROOT/hubbench-out-$n"
            [ -L "$link" ] || rm -rf "$link"
            ln -sfn "$OUT_ROOT/hubbench-out-$n" "$link"
        elif [ -L "$link" ]; then
            rm "$link"
        fi
        # Let the harness generate the tree (or find it up to date) without
        # timing anything, then install, outside the timed command, what
        # the plain tree lacks: our hub.yaml and theme (the current
        # versions, even in a tree generated earlier). Its section
        # _index.md files carry a Zola-style `description:` that clusterhub
        # does not accept in intro pages, so that line is dropped.
        python3 "$BENCH_DIR/bench.py" "$n" --tools none >/dev/null 2>&1
        local plain=/tmp/hubbench-$n$([ "${LINKS:-native}" = native ] || echo "-$LINKS")/plain
        cp "$REPO/benches/plain-hub.yaml" "$plain/hub.yaml"
        rm -rf "$plain/themes/bench-plain" && mkdir -p "$plain/themes"
        cp -r "$REPO/benches/plain-theme" "$plain/themes/bench-plain"
        sed -i '/^description:/d' "$plain"/content/*/_index.md
        OURS_CMD="'$BIN' build --root {src} --output {out}" OURS_VERSION="$VERSION" \
            "$BENCH_DIR/run.sh" "$n" "$RUNS"
        echo
    done
}

case "$MODE" in
    synth) synth_table ;;
    --versus) versus ;;
    *) echo "usage: benches/build.sh [--versus]" >&2; exit 2 ;;
esac
