#!/usr/bin/env python3
"""Makes a large hub for benchmarks by copying the shipped content pages
with varied slugs: make-hub.py SRC_ROOT OUT_DIR PAGES. Copies hub.yaml,
themes/ and content/ as they are, then adds copies of the case studies,
methods and dissemination pages (slug suffix -cN) until the hub has PAGES
pages. Refs and body links keep pointing at the shipped cities and
projects, so every copy resolves."""
import os, re, shutil, sys

src, out, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
if os.path.exists(out):
    shutil.rmtree(out)
os.makedirs(out)
shutil.copy(os.path.join(src, "hub.yaml"), out)
shutil.copytree(os.path.join(src, "themes"), os.path.join(out, "themes"))
shutil.copytree(os.path.join(src, "content"), os.path.join(out, "content"))
originals = []
for coll in ("case-studies", "methods", "dissemination"):
    d = os.path.join(src, "content", coll)
    for name in sorted(os.listdir(d)):
        if name.endswith(".md") and not name.startswith("_"):
            originals.append((coll, name))
count = sum(1 for _, _, fs in os.walk(os.path.join(out, "content")) for f in fs if f.endswith(".md") and not f.startswith("_"))
n = 0
while count < total:
    coll, name = originals[n % len(originals)]
    copy = n // len(originals)
    with open(os.path.join(src, "content", coll, name), encoding="utf-8") as f:
        text = f.read()
    # Vary the title so listings and summaries differ between copies.
    text = re.sub(r'\ntitle: (["\']?)', lambda m: f"\ntitle: {m.group(1)}Copy {copy} of ", text, count=1)
    slug = name[:-3] + f"-c{copy}.md"
    with open(os.path.join(out, "content", coll, slug), "w", encoding="utf-8") as f:
        f.write(text)
    n += 1
    count += 1
print(f"{count} pages in {out}")
