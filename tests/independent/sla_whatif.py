"""Independent check of the SLA what-if: from a ticket export on a 24x7 clock, the share of a
priority's tickets answered within multiples of its response target.

Usage: sla_whatif.py TICKETS.csv PERIOD_START PERIOD_END PRIORITY TARGET_MINUTES
Prints JSON: factor -> percent (tickets created in the period, answered; none unanswered here).
"""
import csv
import datetime as dt
import json
import sys

FACTORS = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0]


def main():
    path, start, end, priority, target = sys.argv[1:6]
    start, end, target = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end), float(target)
    minutes = []
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            created = dt.datetime.strptime(row["created"], "%Y-%m-%d %H:%M")
            if start <= created < end and row["priority"] == priority and row["first_response"]:
                answered = dt.datetime.strptime(row["first_response"], "%Y-%m-%d %H:%M")
                minutes.append((answered - created).total_seconds() / 60)
    out = {}
    for factor in FACTORS:
        met = sum(1 for m in minutes if m <= target * factor)
        out[str(factor)] = 100.0 * met / len(minutes)
    print(json.dumps({"tickets": len(minutes), "percent": out}))


if __name__ == "__main__":
    main()
