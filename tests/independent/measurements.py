#!/usr/bin/env python3
"""Independent computation of measurement KPIs (docs/kpis.md#measurement-kpis) from the CSV
files of tests/measurements.rs: ratio, mean, sum, last, and availability from outage intervals
with a weekly maintenance window, in the client's zone. Prints JSON: KPI id -> value.

Usage: measurements.py VALUES_CSV OUTAGES_CSV CLIENT ZONE PERIOD_START PERIOD_END AS_OF
(dates YYYY-MM-DD, local to ZONE; the period is [start, end), cut at the end of the AS_OF day)."""
import csv, json, sys
from datetime import datetime, date, timedelta, timezone
from zoneinfo import ZoneInfo

values_csv, outages_csv, client, zone, start, end, as_of = sys.argv[1:]
tz = ZoneInfo(zone)
def local_midnight(d):
    return datetime.combine(date.fromisoformat(d), datetime.min.time(), tz)
p_start = local_midnight(start)
# `--as-of DATE` is the end of that day (docs/cli.md).
p_end = min(local_midnight(end),
            datetime.combine(date.fromisoformat(as_of) + timedelta(days=1), datetime.min.time(), tz))

rows = [r for r in csv.DictReader(open(values_csv)) if r["client"] == client]
def day_start(text):
    if len(text) == 7:
        text += "-01"
    return local_midnight(text)
def in_period(r):
    return p_start <= day_start(r["date"]) < p_end
def values(measure):
    return [r for r in rows if r["measure"] == measure and in_period(r) and r["value"] != ""]

out = {}
def ratio(rs):
    whole = sum(float(r["of"]) for r in rs)
    return 100 * sum(float(r["value"]) for r in rs) / whole if whole else None
b = values("backup_jobs")
out["backup-success"] = ratio(b)
out["backup-mean"] = sum(float(r["value"]) for r in b) / len(b) if b else None
p = values("patch_compliance")
out["patch-compliance"] = ratio(p)
out["patch-last"] = float(sorted(p, key=lambda r: day_start(r["date"]))[-1]["value"]) if p else None
h = values("hours_logged")
out["hours-logged"] = sum(float(r["value"]) for r in h) if h else None

# Availability: minute by minute (slow and obvious), Sunday 02:00-04:00 local is maintenance.
def parse(t):
    return datetime.fromisoformat(t.replace("Z", "+00:00"))
records = list(csv.DictReader(open(outages_csv)))
# An outage without an end lasts until the latest instant the file records.
file_end = max(parse(t) for r in records for t in (r["start"], r["end"]) if t)
outages = [(parse(r["start"]), parse(r["end"]) if r["end"] else file_end) for r in records
           if r["client"] == client and r["measure"] == "server_down"]
def maintenance(t):
    local = t.astimezone(tz)
    return local.weekday() == 6 and 2 <= local.hour < 4
period = down = 0
t = p_start.astimezone(timezone.utc)
step = timedelta(minutes=1)
while t < p_end:
    if not maintenance(t):
        period += 1
        if any(a <= t < b for a, b in outages):
            down += 1
    t += step
out["availability"] = 100 * (1 - down / period)
print(json.dumps(out))
