"""Independent check of a finding's evidence: from a ticket export on a 24x7 clock, the response
breaches of a period and where they concentrate by weekday and two-hour window of opening.

Usage: findings.py TICKETS.csv PERIOD_START PERIOD_END TARGETS_JSON
  TARGETS_JSON maps priority -> response target in minutes, e.g. '{"P3": 60}'.
Prints JSON: the breaches, the tickets measured, and for each window its count and share of
the breaches and its share of the tickets measured.
"""
import csv
import datetime as dt
import json
import sys


def main():
    path, start, end, targets = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    start = dt.datetime.fromisoformat(start)
    end = dt.datetime.fromisoformat(end)
    measured = []
    breached = []
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            created = dt.datetime.strptime(row["created"], "%Y-%m-%d %H:%M")
            if not (start <= created < end) or row["priority"] not in targets:
                continue
            measured.append(row)
            limit = dt.timedelta(minutes=targets[row["priority"]])
            if row["first_response"]:
                answered = dt.datetime.strptime(row["first_response"], "%Y-%m-%d %H:%M")
                late = answered - created > limit
            else:
                late = end - created > limit
            if late:
                breached.append(row)

    def window(row):
        created = dt.datetime.strptime(row["created"], "%Y-%m-%d %H:%M")
        return f"{created.weekday()}:{created.hour // 2 * 2:02d}"

    windows = {}
    for row in measured:
        entry = windows.setdefault(window(row), {"count": 0, "base_count": 0, "tickets": []})
        entry["base_count"] += 1
    for row in breached:
        entry = windows[window(row)]
        entry["count"] += 1
        entry["tickets"].append(row["id"])
    for entry in windows.values():
        entry["share"] = 100.0 * entry["count"] / len(breached) if breached else None
        entry["base_share"] = 100.0 * entry["base_count"] / len(measured)
        entry["tickets"].sort()
    print(json.dumps({"breaches": len(breached), "measured": len(measured), "windows": windows}, indent=2))


if __name__ == "__main__":
    main()
