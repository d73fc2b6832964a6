#!/usr/bin/env python3
"""Times `clusterhub check` and `build` on the shipped hub plus one hostile
page of each shape: deep nesting, thousands of identical headings, broken
links or refs by the thousand, deep YAML. A page of any shape should cost
about what an ordinary page of its size costs; this prints each shape's
time next to an ordinary 1 MB page, so a shape that grows faster than its
size stands out. Never run by CI (timings belong in benchmarks).

    cargo build --release
    benches/pathological.py                    # every shape at its default size
    benches/pathological.py --scale 0.25       # smaller pages
    benches/pathological.py --bin path/to/clusterhub --only headings,quote

Prints one row per shape: size of the page, exit code of check, and the
minimum over RUNS (default 3) of wall time and peak memory (RSS) of check and of
build, each a separate process. The hub alone is the first row. Each process
is limited to 4 GiB of address space and 120 s (--memory-limit-mb,
--timeout); a run stopped by either shows a negative exit code.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A methods page of the shipped model: the body (or front matter) is what varies.
FRONT = (
    "title: Pathological page\n"
    "summary: A page of an unusual shape.\n"
    "type: tool\n"
    "access: open-source\n"
)
WEB = "sources: [https://example.org/report]\n"
PROJECT = "projects: [up2030]\n"


def page(front_extra, body):
    return "---\n" + FRONT + front_extra + "---\n" + body


def body_page(body):
    return page(PROJECT + WEB, body)


def prose(size):
    words = "the city council adopted a framework for net zero neighbourhoods with residents".split()
    parts, total, i = [], 0, 0
    while total < size:
        line = " ".join(f"{words[(i + j) % len(words)]}{i % 97}" for j in range(60)) + ".\n\n"
        parts.append(line)
        total += len(line)
        i += 1
    return "".join(parts)


def sections(size):
    parts, total, i = [], 0, 0
    while total < size:
        part = f"## Section {i}\n\nSome text about section {i} and what it found.\n\n"
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


# name -> (default count, page text for count n)
SHAPES = {
    "prose-1mb": (1_000_000, lambda n: body_page(prose(n))),
    "sections-1mb": (1_000_000, lambda n: body_page(sections(n))),
    "same-headings": (20_000, lambda n: body_page("## Same\n\n" * n)),
    "nested-list": (200_000, lambda n: body_page("- " * n + "x\n")),
    "nested-quote": (1_000_000, lambda n: body_page(">" * n + " x\n")),
    "nested-html": (100_000, lambda n: body_page("<div>" * n + "x" + "</div>" * n + "\n")),
    "open-spans": (100_000, lambda n: body_page("<span>x" * n + "\n")),
    "scripts": (50_000, lambda n: body_page("<script>alert(1)</script>" * n + "\n")),
    "event-handlers": (50_000, lambda n: body_page("<img src=x onerror=alert(1)>" * n + "\n")),
    "script-links": (50_000, lambda n: body_page(" ".join(f"[x](javascript:alert({i}))" for i in range(n)) + "\n")),
    # Unclosed code spans of every length after a shortcode call: finding
    # where each closes once searched the rest of the page each time.
    "open-code-spans": (1400, lambda n: body_page(
        "{{ x }}\n\n" + " ".join("`" * k for k in range(1, n + 1)) + "\n")),
    "emphasis": (300_000, lambda n: body_page("*" * n + "x" + "*" * n + "\n")),
    "brackets": (300_000, lambda n: body_page("[" * n + "x" + "]" * n + "\n")),
    "link-refs": (60_000, lambda n: body_page(
        "".join(f"[l{i}]: /x{i}\n" for i in range(n)) + " ".join(f"[l{i}]" for i in range(n)) + "\n")),
    "footnotes": (30_000, lambda n: body_page(
        "".join(f"x[^{i}]\n\n" for i in range(n)) + "".join(f"[^{i}]: note {i}\n\n" for i in range(n)))),
    "broken-anchors": (100_000, lambda n: body_page(" ".join(f"[x](#a{i})" for i in range(n)) + "\n")),
    "broken-pages": (50_000, lambda n: body_page(" ".join(f"[x](@/methods/nope-{i}.md)" for i in range(n)) + "\n")),
    "anchors-to-many-headings": (20_000, lambda n: body_page(
        "".join(f"## H {i}\n\n" for i in range(n)) + " ".join(f"[x](#h-{i}) [y](#nope-{i})" for i in range(n)) + "\n")),
    "unknown-keys": (20_000, lambda n: page(PROJECT + WEB + "".join(f"k{i}: v\n" for i in range(n)), "Text.\n")),
    "broken-refs-inline": (20_000, lambda n: page(
        WEB + "projects: [" + ", ".join(f"p{i}" for i in range(n)) + "]\n", "Text.\n")),
    "broken-refs-block": (20_000, lambda n: page(
        WEB + "projects:\n" + "".join(f"  - p{i}\n" for i in range(n)), "Text.\n")),
    "bad-sources": (20_000, lambda n: page(
        PROJECT + "sources:\n" + "".join(f"  - notaurl{i}\n" for i in range(n)), "Text.\n")),
    "yaml-flow-depth": (100_000, lambda n: page(PROJECT + WEB + "x: " + "[" * n + "]" * n + "\n", "Text.\n")),
    "yaml-block-depth": (100_000, lambda n: page(PROJECT + WEB + "x: " + "- " * n + "y\n", "Text.\n")),
    "yaml-aliases": (8, lambda n: page(PROJECT + WEB + "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(n)), "Text.\n")),
}


MEMORY_LIMIT_MB = 4096
TIMEOUT = 120


def limit_memory():
    # Older builds used many GiB on some shapes: cap each process, so the
    # bench cannot starve the machine (a capped run shows as exit -6 or -9).
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def timed(cmd):
    """Wall seconds, peak RSS in MiB and exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limit_memory)
    deadline = time.monotonic() + TIMEOUT
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def best(cmd, runs):
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results), results[-1][2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target/release/clusterhub"))
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every shape's count")
    parser.add_argument("--only", default="", help="comma-separated shape names")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "3")))
    parser.add_argument("--memory-limit-mb", type=int, default=MEMORY_LIMIT_MB,
                        help="address-space limit of each clusterhub process (default 4096)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a run is stopped")
    args = parser.parse_args()
    globals()["MEMORY_LIMIT_MB"] = args.memory_limit_mb
    globals()["TIMEOUT"] = args.timeout
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} not found: run `cargo build --release` first")
    only = [s for s in args.only.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="clusterhub-patho-") as tmp:
        hub = os.path.join(tmp, "hub")
        os.makedirs(hub)
        shutil.copy(os.path.join(ROOT, "hub.yaml"), hub)
        for folder in ("content", "themes", "static"):
            if os.path.isdir(os.path.join(ROOT, folder)):
                shutil.copytree(os.path.join(ROOT, folder), os.path.join(hub, folder))
        out = os.path.join(tmp, "public")
        target = os.path.join(hub, "content", "methods", "pathological-page.md")
        check = [args.bin, "check", "--root", hub]
        build = [args.bin, "build", "--root", hub, "--output", out]
        print(f"{'shape':<26} {'count':>9} {'bytes':>10} {'exit':>4} {'check s':>8} {'MiB':>6} {'build s':>8} {'MiB':>6}")
        rows = [("hub alone", None)] + [(n, s) for n, s in SHAPES.items() if not only or n in only]
        for name, shape in rows:
            count, size = 0, 0
            if shape is not None:
                count = max(1, int(shape[0] * args.scale))
                text = shape[1](count)
                size = len(text.encode())
                with open(target, "w") as f:
                    f.write(text)
            c_time, c_mem, code = best(check, args.runs)
            b_time, b_mem, _ = best(build, args.runs)
            print(f"{name:<26} {count:>9} {size:>10} {code:>4} {c_time:>8.2f} {c_mem:>6.0f} {b_time:>8.2f} {b_mem:>6.0f}", flush=True)
            if os.path.exists(target):
                os.remove(target)


if __name__ == "__main__":
    main()
