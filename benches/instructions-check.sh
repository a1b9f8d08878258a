#!/usr/bin/env bash
# The instruction counts as a regression check: runs `benches/instructions.sh` and fails if
# typesock's count for a workload exceeds the recorded one (`benches/instructions.expected`)
# or std's count of the same run by more than the tolerance (TOLERANCE percent, 10 unless
# set). Callgrind counts repeat exactly from run to run on one build; the tolerance absorbs a
# compiler's or libc's drift. Skips, saying why, where valgrind is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
tolerance=${TOLERANCE:-10}
if ! command -v valgrind >/dev/null; then
    echo "instruction check skipped: valgrind is not installed (apt-get install valgrind)"
    exit 0
fi
table=$(bash benches/instructions.sh)
echo "$table"
status=0
while read -r workload recorded; do
    case "$workload" in '#'* | '') continue ;; esac
    line=$(awk -v w="$workload" '$1 == w' <<<"$table")
    [ -n "$line" ] || { echo "error: no count for $workload" >&2; status=1; continue; }
    read -r _ std _ typesock _ <<<"$line"
    limit=$(( recorded * (100 + tolerance) / 100 ))
    std_limit=$(( std * (100 + tolerance) / 100 ))
    if (( typesock > limit )); then
        echo "error: $workload: typesock $typesock instructions, recorded $recorded (limit $limit)" >&2
        status=1
    elif (( typesock > std_limit )); then
        echo "error: $workload: typesock $typesock instructions, std $std (limit $std_limit)" >&2
        status=1
    else
        echo "ok: $workload: typesock $typesock (recorded $recorded, std $std, tolerance $tolerance%)"
    fi
done < benches/instructions.expected
exit $status
