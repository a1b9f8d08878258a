#!/usr/bin/env python3
"""Prints the median time of each benchmark of `cargo bench -p typesock-benches --bench sockets`
and its ratio to std's, read from criterion's estimates under target/criterion (or the
directory given)."""

import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
print(f"{'benchmark':<22} {'std':>10} {'socket2':>10} {'typesock':>10} {'socket2/std':>12} {'typesock/std':>13}")
for group in sorted(p for p in root.iterdir() if (p / "std").is_dir()):
    median = {}
    for lib in ("std", "socket2", "typesock"):
        estimates = json.loads((group / lib / "new" / "estimates.json").read_text())
        median[lib] = estimates["median"]["point_estimate"] / 1000.0  # ns -> µs
    print(
        f"{group.name:<22} {median['std']:>8.2f}µs {median['socket2']:>8.2f}µs "
        f"{median['typesock']:>8.2f}µs {median['socket2'] / median['std']:>12.3f} "
        f"{median['typesock'] / median['std']:>13.3f}"
    )
