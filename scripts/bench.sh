#!/usr/bin/env bash
# Benchmarks (release build), on generated exports kept in target/bench/:
#   1. KPIs: a 1,000,000-ticket export (200 clients, 24 months, CSV): `kpis` for one
#      client-quarter and for all 200 clients.
#   2. Packs: a 150,000-ticket export (50 clients): one client's QBR, monthly and sync packs
#      (PDF + HTML), and each level for all 50.
# Prints median wall time over the runs, peak memory, and where the time goes.
#
#   scripts/bench.sh            # 5 runs each
#   RUNS=10 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
cargo build --release --quiet
bin=target/release/reviewpack
data=target/bench/kpis-1m
if [ ! -f "$data/data/tickets.csv" ]; then
  echo "generating $data (1,000,000 tickets, 200 clients, 24 months)…" >&2
  rm -rf "$data"
  "$bin" sample --out "$data" --clients 200 --months 24 --tickets 1000000 --history-clients 0 --seed 11
fi
rows=$(($(wc -l < "$data/data/tickets.csv") - 1))
size=$(du -h "$data/data/tickets.csv" | cut -f1)
echo "machine: $(nproc) cores, $(uname -m); export: $rows tickets, $size CSV"

# Runs a command $runs times; prints the median wall time, the largest peak RSS and the
# --timings line of the median run.
measure() {
  local label=$1; shift
  local results=()
  for _ in $(seq "$runs"); do
    local line
    line=$( { /usr/bin/time -f "TIME %e %M" "$@" > /dev/null; } 2>&1 | tr '\n' ' ')
    results+=("$line")
  done
  printf '%s\n' "${results[@]}" | python3 -c '
import re, statistics, sys
label = sys.argv[1]
runs = []
for line in sys.stdin:
    wall, rss = re.search(r"TIME ([0-9.]+) ([0-9]+)", line).groups()
    timing = re.search(r"timings: (.*?total [0-9.]+ s)", line)
    runs.append((float(wall), int(rss), timing.group(1) if timing else ""))
runs.sort()
median = runs[len(runs) // 2]
print(f"{label}: median {median[0]:.2f} s wall (min {runs[0][0]:.2f}, max {runs[-1][0]:.2f}), peak memory {max(r[1] for r in runs) / 1024:.0f} MB")
print(f"    {median[2]}")
' "$label"
}

measure "kpis: one client, one quarter (load + all KPIs)" "$bin" kpis -w "$data" --client client-101 --period 2026-Q3 --format json --timings
measure "kpis: all 200 clients, one quarter" "$bin" kpis -w "$data" --all-clients --period 2026-Q3 --format json --timings

packs=target/bench/packs-150k
if [ ! -f "$packs/data/tickets.csv" ]; then
  echo "generating $packs (150,000 tickets, 50 clients, 24 months)…" >&2
  rm -rf "$packs"
  "$bin" sample --out "$packs" --clients 50 --months 24 --tickets 150000 --history-clients 0 --seed 13
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure "packs: one client's QBR (PDF + HTML, load included)" "$bin" build -w "$packs" --client client-021 --level qbr --period 2026-Q3 --as-of 2026-10-05 --out "$out" --timings
measure "packs: one client's monthly review" "$bin" build -w "$packs" --client client-021 --level monthly --period 2026-09 --as-of 2026-10-05 --out "$out" --timings
measure "packs: one client's sync (fortnight)" "$bin" build -w "$packs" --client client-021 --level sync --period 2026-W38..W39 --as-of 2026-10-05 --out "$out" --timings
measure "packs: all 50 clients' QBRs" "$bin" build -w "$packs" --all-clients --level qbr --period 2026-Q3 --as-of 2026-10-05 --out "$out" --timings
measure "packs: all 50 clients' monthly reviews" "$bin" build -w "$packs" --all-clients --level monthly --period 2026-09 --as-of 2026-10-05 --out "$out" --timings
measure "packs: all 50 clients' syncs" "$bin" build -w "$packs" --all-clients --level sync --period 2026-W38..W39 --as-of 2026-10-05 --out "$out" --timings
