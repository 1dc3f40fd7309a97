#!/usr/bin/env bash
# Rebuilds the published reviews of the sample workspace (sample-data/history/): the earlier
# reviews as they were presented, each with the CSI register as it stood then, so the packs of
# September 2026 and Q3 2026 compare with real published values and show what changed in the
# register since the last review.
#
#   scripts/publish-sample.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin=target/debug/reviewpack
ws=sample-data
out=$(mktemp -d)
trap 'rm -rf "$out"; [ -f "$out.register" ] && mv "$out.register" "$ws/csi/acme.yaml"' EXIT
rm -rf "$ws/history"
cp "$ws/csi/acme.yaml" "$out.register"

# Acme's register as it stood in the summer: nothing done yet, CSI-005 not yet opened.
cat > "$ws/csi/acme.yaml" <<'YAML'
actions:
  - id: CSI-001
    title: Self-service password reset for every user
    csf: effective-resolution
    owner: Marco Rinaldi
    opened: monthly-2026-06
    due: 2026-08-31
    status: in_progress
  - id: CSI-002
    title: Morning rota — two technicians on the queue 08:00–10:00
    csf: responsive-service-desk
    owner: Marco Bianchi
    opened: monthly-2026-07
    due: 2026-10-15
    status: open
  - id: CSI-003
    title: Knowledge base articles for the ten most frequent incidents
    csf: effective-resolution
    owner: Marco Rinaldi
    opened: qbr-2026-Q2
    due: 2026-09-15
    status: open
  - id: CSI-004
    title: Quarterly phishing simulation
    csf: stable-environment
    owner: Marco Bianchi
    opened: qbr-2026-Q2
    due: 2026-12-31
    status: open
YAML

publish() { # client level period as-of
  "$bin" build -w "$ws" --client "$1" --level "$2" --period "$3" --as-of "$4" --out "$out" > /dev/null
  "$bin" publish -w "$ws" --client "$1" --level "$2" --period "$3" --as-of "$4" --out "$out"
}
for client in acme northwind; do
  publish "$client" qbr 2025-Q3 2025-10-06
  publish "$client" qbr 2026-Q1 2026-04-06
  publish "$client" qbr 2026-Q2 2026-07-06
  publish "$client" monthly 2026-07 2026-08-05
  publish "$client" monthly 2026-08 2026-09-04
done
mv "$out.register" "$ws/csi/acme.yaml"
