#!/usr/bin/env bash
# Search index benchmark (issue 17): full builds of synthetic hubs with the
# shipped theme, before (main's binary) and after (this checkout), with the
# Pagefind command-line indexer (1.6.0, from npm) on the same rendered pages
# side by side. Prints one Markdown table. See benches/README.md.
#
#   benches/search.sh                    1k, 10k and 100k pages
#   SIZES="1000 10000" benches/search.sh
#
# Environment: SIZES (default "1000 10000 100000"); WORK (scratch folder,
# default /dev/shm/clusterhub-search-bench: a tmpfs, as in the issue);
# BEFORE_BIN (the "before" binary; default: main's, built from `git archive
# main` into WORK); BEFORE_MAX and CLI_MAX (largest size to run them on,
# default 10000: at 100k pages they need about 29 GB and 34 GB, more than
# this machine has); KEEP=1 keeps the hubs and outputs; LANGUAGES=all keeps
# the synthetic hub's four languages (default: its default language only,
# as in issue 17, whose goals predate languages).
#
# Each hub is built once untimed first, so that every timed build finds the
# social cards cached, as a maintainer's rebuild does.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"1000 10000 100000"}
WORK=${WORK:-/dev/shm/clusterhub-search-bench}
BEFORE_MAX=${BEFORE_MAX:-10000}
CLI_MAX=${CLI_MAX:-10000}
mkdir -p "$WORK"

for tool in /usr/bin/time npx cargo git; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing" >&2; exit 1; }
done

echo "# building this checkout (release) and the synthetic hub generator" >&2
(cd "$REPO" && cargo build --release --quiet && cargo build --release --quiet --example synth)
AFTER=$REPO/target/release/clusterhub
SYNTH=$REPO/target/release/examples/synth

if [ -z "${BEFORE_BIN:-}" ]; then
    echo "# building main's binary (release) in $WORK/before" >&2
    rm -rf "$WORK/before" && mkdir -p "$WORK/before"
    git -C "$REPO" archive main | tar -x -C "$WORK/before"
    (cd "$WORK/before" && CARGO_TARGET_DIR=$WORK/before-target cargo build --release --quiet)
    BEFORE_BIN=$WORK/before-target/release/clusterhub
fi

echo "# installing the Pagefind CLI 1.6.0 from npm" >&2
npx --yes pagefind@1.6.0 --version >&2

# run NAME CMD...: runs CMD under /usr/bin/time; sets SECS and MIB.
run() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.log" 2>&1 || {
        echo "error: $name failed, see $WORK/$name.log" >&2; exit 1; }
    read -r SECS KB <"$WORK/$name.time"
    MIB=$((KB / 1024))
}

# one_language FILE: cuts the `languages:` block of a hub.yaml to its first
# entry (the synthetic hub's default language).
one_language() {
    awk '
        /^languages:/ { print; inblock = 1; kept = 0; next }
        inblock && /^  [^ ]/ { if (kept) { skip = 1 } else { kept = 1; skip = 0 } }
        inblock && /^[^ ]/ { inblock = 0; skip = 0 }
        !(inblock && skip) { print }
    ' "$1" >"$1.one" && mv "$1.one" "$1"
}

# The "search" stage of a --timings build, in seconds.
search_secs() { awk '$1 == "search" { printf "%.1f", $2 / 1000 }' "$1"; }

echo "$("$AFTER" --version), $(nproc) cores, output on $WORK, languages: ${LANGUAGES:-one}; wall seconds and peak RSS (MiB) of one run each, caches warm"
echo
echo "| pages | before: build s | before: search s | before MiB | after: build s | after: search s | after MiB | Pagefind CLI s | CLI MiB | after / CLI time |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    hub=$WORK/synth-$n
    if [ ! -f "$hub/hub.yaml" ]; then
        "$SYNTH" --pages "$n" --out "$hub" >&2
        [ "${LANGUAGES:-one}" = all ] || one_language "$hub/hub.yaml"
        echo "# warming the caches of $hub" >&2
        run "warm-$n" "$AFTER" build --root "$hub" --output "$WORK/out-warm-$n"
        rm -rf "$WORK/out-warm-$n"
    fi

    before="skipped | | "
    if [ "$n" -le "$BEFORE_MAX" ]; then
        rm -rf "$WORK/out-before-$n"
        run "before-$n" "$BEFORE_BIN" build --root "$hub" --output "$WORK/out-before-$n" --timings
        before="$SECS | $(search_secs "$WORK/before-$n.log") | $MIB"
        rm -rf "$WORK/out-before-$n"
    fi

    rm -rf "$WORK/out-after-$n"
    run "after-$n" "$AFTER" build --root "$hub" --output "$WORK/out-after-$n" --timings
    after_secs=$SECS
    pages=$(grep -o 'built [0-9]* pages' "$WORK/after-$n.log" | awk '{ print $2 }')
    after="$SECS | $(search_secs "$WORK/after-$n.log") | $MIB"

    cli="skipped | "
    ratio=""
    if [ "$n" -le "$CLI_MAX" ]; then
        rm -rf "$WORK/cli-$n"
        run "cli-$n" npx --yes pagefind@1.6.0 --site "$WORK/out-after-$n" --output-path "$WORK/cli-$n"
        cli="$SECS | $MIB"
        ratio=$(awk -v a="$after_secs" -v c="$SECS" 'BEGIN { printf "%.2f×", a / c }')
        rm -rf "$WORK/cli-$n"
    fi
    echo "| $pages | $before | $after | $cli | $ratio |"
    [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK/out-after-$n"
done
