#!/usr/bin/env python3
"""How much does creating a site's folders and files cost on this machine,
with no static site generator involved?

Creates N folders with a 12 KB index.html each (the shape of a built site),
removes them, and does it again, ROUNDS times, in the same parent folder,
as the shared harness does between builds. Prints the wall and kernel time
of each round. On a healthy filesystem every round costs about the same; on
this machine's ext4 (mounted without a journal) each round after a removal
costs more than the one before, whatever program creates the files.

Usage: benches/fs_churn.py [DIR] [N] [ROUNDS]   (default /tmp/fs-churn 10000 4)
"""
import os
import resource
import shutil
import sys
import time

root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fs-churn"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 4
site = os.path.join(root, "site")
page = b"x" * 12000
os.makedirs(root, exist_ok=True)
for r in range(rounds):
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(site)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    for i in range(n):
        folder = os.path.join(site, f"page-{i}")
        os.mkdir(folder)
        with open(os.path.join(folder, "index.html"), "wb") as f:
            f.write(page)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(f"round {r}: {n} folders and files in {wall:.2f} s wall, "
          f"{after.ru_stime - before.ru_stime:.2f} s kernel")
shutil.rmtree(root, ignore_errors=True)
