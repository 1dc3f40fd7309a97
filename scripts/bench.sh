#!/usr/bin/env bash
# Benchmarks (release build), on generated exports kept in target/bench/:
#   1. KPIs: a 1,000,000-ticket export (200 clients, 24 months, CSV): `kpis` for one
#      client-quarter and for all 200 clients.
#   2. Packs: a 150,000-ticket export (50 clients): one client's QBR, monthly and sync packs
#      (PDF + HTML), and each level for all 50 — run in interleaved rounds (QBRs, monthly
#      reviews, syncs; at least 5), with each level's time against the QBRs' round by round.
#   3. Scheduled runs on the same 50 clients with the September monthly and the Q3 QBR due,
#      e-mailed through a local SMTP server (aiosmtpd on 127.0.0.1, STARTTLS + AUTH): `run` vs
#      `build` of the same packs, and a no-op re-run vs `check`.
#   4. Large exports: a 5,000,000-ticket export (500 clients, 24 months, CSV, about 1.1 GB):
#      what polars alone needs to read it and parse its four timestamp columns with an explicit
#      format (examples/polars_baseline.rs), beside `kpis` for every client with no cache entry
#      (exports read and the cache written), without the cache, and from the cache.
#   5. Instructions (not run unless asked: SECTIONS=instructions; needs valgrind): the 50 QBRs of
#      section 2 without the export cache, on one thread, counted by callgrind — a figure that
#      does not drift with the machine's speed. BASELINE=/path/to/another/reviewpack counts that
#      binary too and prints the ratio. Then the three levels of section 2 for all 50 (export
#      cache), and their ratios in instructions.
# Prints median wall time over the runs, peak memory, and where the time goes. Runs 1-3 read
# the export cache (.reviewpack-cache/) except where a line says otherwise.
#
#   scripts/bench.sh            # 5 runs each (3 for the large export)
#   RUNS=10 scripts/bench.sh
#   SECTIONS="packs run" scripts/bench.sh   # some of: kpis packs run large instructions
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
sections=" ${SECTIONS:-kpis packs run large} "
want() { [[ "$sections" == *" $1 "* ]]; }
cargo build --release --quiet
want large && cargo build --release --quiet --example polars_baseline
bin=target/release/reviewpack
echo "machine: $(nproc) cores, $(uname -m)"
data=target/bench/kpis-1m
if want kpis && [ ! -f "$data/data/tickets.csv" ]; then
  echo "generating $data (1,000,000 tickets, 200 clients, 24 months)…" >&2
  rm -rf "$data"
  "$bin" sample --out "$data" --clients 200 --months 24 --tickets 1000000 --history-clients 0 --seed 11
fi
if want kpis; then
  echo "export: $(($(wc -l < "$data/data/tickets.csv") - 1)) tickets, $(du -h "$data/data/tickets.csv" | cut -f1) CSV"
fi

# Runs a command $runs times; prints the median wall time, the largest peak RSS and the
# --timings line of the median run.
medians=$(mktemp)
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
with open(sys.argv[2], "a") as f:
    f.write(f"{label}\t{median[0]}\n")
' "$label" "$medians"
}

# The ratio of two measured medians.
ratio() {
  python3 -c '
import sys
medians = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[1]))
a, b = float(medians[sys.argv[2]]), float(medians[sys.argv[3]])
print(f"ratio: {sys.argv[2]} / {sys.argv[3]} = {a / b:.2f}")
' "$medians" "$1" "$2"
}

if want kpis; then
REVIEWPACK_CACHE=off measure "kpis: all 200 clients, one quarter, without the export cache" "$bin" kpis -w "$data" --all-clients --period 2026-Q3 --format json --timings
"$bin" check -w "$data" > /dev/null 2>&1 || true  # writes the cache entry the next lines read
measure "kpis: one client, one quarter (load + all KPIs)" "$bin" kpis -w "$data" --client client-101 --period 2026-Q3 --format json --timings
measure "kpis: all 200 clients, one quarter" "$bin" kpis -w "$data" --all-clients --period 2026-Q3 --format json --timings
fi

packs=target/bench/packs-150k
if [ ! -f "$packs/data/tickets.csv" ]; then
  echo "generating $packs (150,000 tickets, 50 clients, 24 months)…" >&2
  rm -rf "$packs"
  "$bin" sample --out "$packs" --clients 50 --months 24 --tickets 150000 --history-clients 0 --seed 13
fi
out=$(mktemp -d)
trap 'rm -rf "$out" "$medians"' EXIT
if want packs; then
REVIEWPACK_CACHE=off measure "packs: one client's QBR, without the export cache" "$bin" build -w "$packs" --client client-021 --level qbr --period 2026-Q3 --as-of 2026-10-05 --out "$out" --timings
"$bin" check -w "$packs" > /dev/null 2>&1 || true
measure "packs: one client's QBR (PDF + HTML, load included)" "$bin" build -w "$packs" --client client-021 --level qbr --period 2026-Q3 --as-of 2026-10-05 --out "$out" --timings
measure "packs: one client's monthly review" "$bin" build -w "$packs" --client client-021 --level monthly --period 2026-09 --as-of 2026-10-05 --out "$out" --timings
measure "packs: one client's sync (fortnight)" "$bin" build -w "$packs" --client client-021 --level sync --period 2026-W38..W39 --as-of 2026-10-05 --out "$out" --timings
# The three levels for all 50 clients, interleaved: each round runs the QBRs, the monthly
# reviews and the syncs one after the other (the order turning round by round), so that the
# machine's drift falls on every level alike; the ratios are taken round by round. Each run
# writes to a folder of its own, all removed at the end, as a scheduled job writes new period
# folders: on ext4, files created within a minute of deleting thousands make the kernel scan
# past every recently deleted inode (10% of a run's CPU when each run deleted the last one's
# packs first), a cost of the deletion, not of the packs.
levels() {
  local rounds=$((runs < 5 ? 5 : runs)) results=()
  local names=(qbr monthly sync) periods=(2026-Q3 2026-09 2026-W38..W39)
  for round in $(seq "$rounds"); do
    for k in 0 1 2; do
      local i=$(((k + round) % 3))
      local line
      line=$( { /usr/bin/time -f "TIME %e %U %S %M" "$bin" build -w "$packs" --all-clients \
        --level "${names[$i]}" --period "${periods[$i]}" --as-of 2026-10-05 \
        --out "$out/levels-$round-$i" > /dev/null; } 2>&1 | tr '\n' ' ')
      results+=("$round ${names[$i]} $line")
    done
  done
  rm -rf "$out"/levels-*
  printf '%s\n' "${results[@]}" | python3 -c '
import re, statistics, sys
runs = {}
for line in sys.stdin:
    round_, level = line.split()[:2]
    wall, user, system, rss = re.search(r"TIME ([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)", line).groups()
    runs.setdefault(level, {})[round_] = (float(wall), float(user) + float(system), int(rss))
names = {"qbr": "QBRs", "monthly": "monthly reviews", "sync": "syncs"}
for level in ("qbr", "monthly", "sync"):
    r = runs[level].values()
    print(f"packs: all 50 clients\x27 {names[level]}: median {statistics.median(x[0] for x in r):.2f} s wall, "
          f"{statistics.median(x[1] for x in r):.2f} s CPU, peak memory {max(x[2] for x in r) / 1024:.0f} MB")
rounds = sorted(runs["qbr"], key=int)
def ratio(label, parts):
    for k, what in ((0, "wall"), (1, "CPU")):
        values = sorted(sum(runs[p][n][k] for p in parts) / runs["qbr"][n][k] for n in rounds)
        print(f"ratio: {label} / QBRs, {what}: median {statistics.median(values):.2f} "
              f"(min {values[0]:.2f}, max {values[-1]:.2f}, {len(values)} rounds)")
ratio("monthly reviews", ["monthly"])
ratio("syncs", ["sync"])
ratio("syncs + monthly reviews + QBRs", ["sync", "monthly", "qbr"])
'
}
levels
fi

# 5. Instructions (callgrind, one thread): 50 QBRs without the export cache, each level with it.
if want instructions; then
  # count BINARY LEVEL PERIOD: instructions of one build of every client, on one thread, with
  # the export cache as the environment says.
  count() {
    local dir file
    dir=$(mktemp -d); file=$(mktemp)
    RAYON_NUM_THREADS=1 POLARS_MAX_THREADS=1 valgrind --tool=callgrind \
      --callgrind-out-file="$file" "$1" build -w "$packs" --all-clients --level "$2" \
      --period "$3" --as-of 2026-10-05 --out "$dir" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'
    rm -rf "$dir" "$file"
  }
  ours=$(REVIEWPACK_CACHE=off count "$bin" qbr 2026-Q3)
  echo "instructions: all 50 clients' QBRs: $ours"
  if [ -n "${BASELINE:-}" ]; then
    theirs=$(REVIEWPACK_CACHE=off count "$BASELINE" qbr 2026-Q3)
    echo "instructions: the same with $BASELINE: $theirs (ours/theirs $(python3 -c "print(f'{$ours/$theirs:.3f}')"))"
  fi
  # The three levels of section 2 against each other in instructions (with the export cache, as
  # there): ratios that do not move with the machine's speed. They read lower than the ratios
  # in time, which also count what instructions do not show (waiting on memory, a SQL KPI's
  # thread hand-offs).
  "$bin" check -w "$packs" > /dev/null 2>&1 || true
  q=$(count "$bin" qbr 2026-Q3)
  m=$(count "$bin" monthly 2026-09)
  s=$(count "$bin" sync 2026-W38..W39)
  echo "instructions: all 50 clients' QBRs (export cache): $q, monthly reviews: $m, syncs: $s"
  python3 -c "q, m, s = $q, $m, $s; print(f'instructions: monthly reviews / QBRs {m / q:.3f}, syncs / QBRs {s / q:.3f}, syncs + monthly reviews + QBRs / QBRs {(q + m + s) / q:.3f}')"
fi

# 4. A large export.
if want large; then
large=target/bench/large-5m
if [ ! -f "$large/data/tickets.csv" ]; then
  echo "generating $large (5,000,000 tickets, 500 clients, 24 months)…" >&2
  rm -rf "$large"
  "$bin" sample --out "$large" --clients 500 --months 24 --tickets 5000000 --history-clients 0 --seed 17 > /dev/null
fi
echo "export: $(($(wc -l < "$large/data/tickets.csv") - 1)) tickets, $(du -h "$large/data/tickets.csv" | cut -f1) CSV"
runs_before=$runs
runs=${RUNS_LARGE:-3}
measure "large: polars alone, read the CSV and parse 4 timestamp columns" \
  target/release/examples/polars_baseline "$large/data/tickets.csv" '%Y-%m-%dT%H:%M:%S%:z' Created 'First Response' Resolved Closed
measure "large: kpis, every client, one quarter, no cache entry (exports read, cache written)" \
  sh -c "rm -rf '$large/.reviewpack-cache'; '$bin' kpis -w '$large' --all-clients --period 2026-Q3 --format json --timings"
REVIEWPACK_CACHE=off measure "large: kpis, every client, one quarter, without the cache" \
  "$bin" kpis -w "$large" --all-clients --period 2026-Q3 --format json --timings
measure "large: kpis, every client, one quarter, from the cache" \
  "$bin" kpis -w "$large" --all-clients --period 2026-Q3 --format json --timings
measure "large: kpis, one client, one quarter, from the cache" \
  "$bin" kpis -w "$large" --client client-101 --period 2026-Q3 --format json --timings
ratio "large: kpis, every client, one quarter, without the cache" "large: polars alone, read the CSV and parse 4 timestamp columns"
ratio "large: kpis, every client, one quarter, from the cache" "large: kpis, every client, one quarter, no cache entry (exports read, cache written)"
ratio "large: kpis, every client, one quarter, from the cache" "large: kpis, every client, one quarter, without the cache"
runs=$runs_before
fi

# 3. Scheduled runs.
want run || exit 0
runws=target/bench/run-150k
rm -rf "$runws"
mkdir -p "$runws"
cp -r "$packs/clients" "$runws/"
ln -s "$(cd "$packs" && pwd)/data" "$runws/data"
certs=target/bench/certs
if [ ! -f "$certs/cert.pem" ]; then
  mkdir -p "$certs"
  (cd "$certs"
   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 3650 \
     -subj "/CN=reviewpack bench CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2> /dev/null
   openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem -out server.csr -subj "/CN=127.0.0.1" 2> /dev/null
   printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext.cnf
   openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 3650 -extfile ext.cnf 2> /dev/null)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Only the monthly review and the QBR are scheduled, both e-mailed on build.
python3 - "$packs/reviewpack.yaml" "$runws/reviewpack.yaml" "$port" "$(cd "$certs" && pwd)/ca.pem" <<'PY'
import sys
text = open(sys.argv[1]).read()
text = text[: text.index("schedules:")]
text += f"""schedules:
  monthly: {{due: 3 working days, at: "07:00"}}
  qbr: {{due: 5 working days, at: "07:00"}}
delivery:
  smtp: {{host: 127.0.0.1, port: {sys.argv[3]}, security: starttls, ca_file: {sys.argv[4]}}}
"""
open(sys.argv[2], "w").write(text)
PY
mail=$(mktemp -d)
PYTHONPATH=tests/tools/py python3 tests/smtp/server.py --dir "$mail" --port "$port" --mode starttls \
  --cert "$certs/cert.pem" --key "$certs/key.pem" --user bench --password bench-password &
server=$!
trap 'rm -rf "$out" "$medians" "$mail"; kill $server 2> /dev/null' EXIT
for _ in $(seq 100); do [ -f "$mail/ready" ] && break; sleep 0.1; done
export REVIEWPACK_SMTP_USERNAME=bench REVIEWPACK_SMTP_PASSWORD=bench-password
runout="$out/run"
measure "run: build what is due (50 monthly + 50 QBR) and e-mail it (150 messages)" \
  sh -c "rm -rf '$runout' '$mail'/0*; '$bin' run -w '$runws' --as-of 2026-10-08 --out '$runout'"
measure "build: the same 100 packs (two builds)" \
  sh -c "rm -rf '$runout'; '$bin' build -w '$runws' --all-clients --level monthly --period 2026-09 --as-of 2026-10-05T07:00 --out '$runout' && '$bin' build -w '$runws' --all-clients --level qbr --period 2026-Q3 --as-of 2026-10-07T07:00 --out '$runout'"
ratio "run: build what is due (50 monthly + 50 QBR) and e-mail it (150 messages)" "build: the same 100 packs (two builds)"
rm -rf "$runout" "$mail"/0*
"$bin" run -w "$runws" --as-of 2026-10-08 --out "$runout" > /dev/null 2>&1
echo "messages received by the server: $(ls "$mail" | grep -c '\.eml$')"
measure "run again: nothing due is left (no-op)" "$bin" run -w "$runws" --as-of 2026-10-08 --out "$runout"
measure "check: the same workspace" "$bin" check -w "$runws"
ratio "run again: nothing due is left (no-op)" "check: the same workspace"
