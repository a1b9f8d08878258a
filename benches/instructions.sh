#!/usr/bin/env bash
# User-space instructions per iteration of each workload, per library, counted by callgrind
# (deterministic, unlike time on a shared machine): each run is counted at N and 2N
# iterations, and the difference divided by N leaves out the set-up. The program is the
# `instructions` bench of the benchmarks' crate (benches/benches/instructions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
bin=$(cargo bench -p typesock-benches --bench instructions --no-run --message-format=json \
    2>/dev/null | sed -n 's/.*"executable":"\([^"]*instructions[^"]*\)".*/\1/p' | tail -n 1)
n=${N:-2000}
count() { # workload lib iterations -> total Ir
    local out
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$1" "$2" "$3" 2>/dev/null
    sed -n 's/^summary: //p' "$out"
    rm -f "$out"
}
printf '%-10s %12s %12s %12s %12s %13s\n' workload std socket2 typesock socket2/std typesock/std
for workload in connect stream udp; do
    declare -A per
    for lib in std socket2 typesock; do
        a=$(count "$workload" "$lib" "$n")
        b=$(count "$workload" "$lib" $((2 * n)))
        per[$lib]=$(( (b - a) / n ))
    done
    printf '%-10s %12d %12d %12d %12.3f %13.3f\n' "$workload" "${per[std]}" "${per[socket2]}" "${per[typesock]}" \
        "$(echo "${per[socket2]} / ${per[std]}" | bc -l)" "$(echo "${per[typesock]} / ${per[std]}" | bc -l)"
done
