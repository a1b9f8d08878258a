#!/usr/bin/env python3
"""Prints each round of `cargo bench -p typesock-benches --bench batch`: datagrams per second
of each variant (from criterion's median time per iteration of 64 datagrams) and its ratio
to std's loop, then the median ratio over the rounds. Reads target/criterion (or the
directory given)."""

import json
import pathlib
import re
import statistics
import sys

PER_ITER = 64
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
variants = [
    v
    for v in ["std", "typesock", "typesock_batch_32", "typesock_batch_64", "typesock_gso_gro"]
    if any((g / v).is_dir() for g in root.glob("datagrams_*B_r*"))
]
ratios = {}
print(f"{'round':<22}" + "".join(f"{v:>20}" for v in variants))
for group in sorted(root.glob("datagrams_*B_r*"), key=lambda p: (int(re.search(r"_(\d+)B", p.name).group(1)), p.name)):
    rate = {}
    for v in variants:
        est = json.loads((group / v / "new" / "estimates.json").read_text())
        rate[v] = PER_ITER / (est["median"]["point_estimate"] * 1e-9)
    size = re.search(r"datagrams_(\d+B)", group.name).group(1)
    cells = "".join(f"{rate[v] / 1e3:>9.0f}k/s {rate[v] / rate['std']:>6.2f}x" for v in variants)
    print(f"{group.name:<22}{cells}")
    for v in variants:
        ratios.setdefault((size, v), []).append(rate[v] / rate["std"])
print()
print("median ratio to std's loop over the rounds:")
for (size, v), rs in sorted(ratios.items()):
    print(f"  {size:>6} {v:<20} {statistics.median(rs):.2f}x  (rounds: {', '.join(f'{r:.2f}' for r in rs)})")
