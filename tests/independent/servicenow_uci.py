#!/usr/bin/env python3
"""Independent recomputation of KPIs from the UCI ServiceNow event log, written from the rules in
docs/kpis.md without any reviewpack code: standard library only.

Data: UCI Machine Learning Repository #498, "Incident management process enriched event log"
(Amaral, Fantinato, Reijers, Peres; DOI 10.24432/C57S4H), licence CC BY 4.0.

Usage: servicenow_uci.py EVENT_LOG.csv.gz [--pauses]   → JSON on stdout
"""
import csv
import datetime as dt
import gzip
import json
import sys

PAUSED = {"Awaiting User Info", "Awaiting Problem", "Awaiting Vendor", "Awaiting Evidence"}
KNOWN = PAUSED | {"New", "Active", "Resolved", "Closed"}


def ts(text):
    return None if text == "?" else dt.datetime.strptime(text, "%d/%m/%Y %H:%M")


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    rank = (len(values) - 1) * p
    lower = int(rank)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (rank - lower) * (values[upper] - values[lower])


def minutes(delta):
    return delta.total_seconds() / 60.0


def main():
    path = sys.argv[1]
    pauses_on = "--pauses" in sys.argv[2:]
    # --derive-resolution: ignore the resolved_at column, as an export without it would.
    derive = "--derive-resolution" in sys.argv[2:]
    events = {}
    with gzip.open(path, "rt", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            row["_row"] = row_number
            events.setdefault(row["number"], []).append(row)
    tickets = []
    for number, rows in events.items():
        rows.sort(key=lambda r: (ts(r["sys_updated_at"]), int(r["sys_mod_count"]), r["_row"]))
        last = rows[-1]
        created = ts(last["opened_at"])
        known = [r for r in rows if r["incident_state"] in KNOWN]
        # Resolution: the export's resolved_at; failing that (for a ticket that ends Resolved
        # or Closed) the time of its last Resolved event, or, closed without one, when it
        # entered its final run of Closed events; failing that, closed_at.
        resolved = None if derive else ts(last["resolved_at"])
        final = known[-1]["incident_state"] if known else None
        if resolved is None and final in ("Resolved", "Closed"):
            last_resolved = next((ts(r["sys_updated_at"]) for r in reversed(known) if r["incident_state"] == "Resolved"), None)
            run = None
            for r in reversed(known):
                if r["incident_state"] != "Closed":
                    break
                run = ts(r["sys_updated_at"])
            resolved = last_resolved or run or ts(last["closed_at"])
        first_response = next((ts(r["sys_updated_at"]) for r in known if r["incident_state"] != "New"), None)
        if first_response is not None and first_response < created:
            first_response = created
        paused = dt.timedelta(0)
        if pauses_on and resolved is not None:
            for k, r in enumerate(known):
                if r["incident_state"] in PAUSED:
                    start = ts(r["sys_updated_at"])
                    end = ts(known[k + 1]["sys_updated_at"]) if k + 1 < len(known) else resolved
                    start, end = max(start, created), min(end, resolved)
                    if end > start:
                        paused += end - start
        tickets.append({
            "created": created,
            "resolved": resolved,
            "first_response": first_response,
            "resolution_minutes": None if resolved is None else minutes(resolved - created - paused),
            "response_minutes": None if first_response is None else minutes(first_response - created),
            "made_sla": last["made_sla"] == "true",
            "reopened": int(last["reopen_count"]) >= 1,
            "escalated": int(last["reassignment_count"]) >= 1,
        })

    march = (dt.datetime(2016, 3, 1), dt.datetime(2016, 4, 1))
    april = (dt.datetime(2016, 4, 1), dt.datetime(2016, 5, 1))
    inside = lambda t, period: t is not None and period[0] <= t < period[1]
    opened_march = [t for t in tickets if inside(t["created"], march)]
    resolved_april = [t for t in tickets if inside(t["resolved"], april)]
    cutoff = april[1]
    backlog = [t for t in tickets if t["created"] < cutoff and (t["resolved"] is None or t["resolved"] > cutoff)]
    resolution = [t["resolution_minutes"] for t in resolved_april]
    resolved_march = [t["resolution_minutes"] for t in tickets if inside(t["resolved"], march)]
    response = [t["response_minutes"] for t in opened_march if t["response_minutes"] is not None]
    share = lambda items, key: 100.0 * sum(1 for t in items if t[key]) / len(items)
    print(json.dumps({
        "tickets": len(tickets),
        "opened_2016_03": len(opened_march),
        "resolved_2016_04": len(resolved_april),
        "made_sla_share_resolved_2016_04": share(resolved_april, "made_sla"),
        "resolution_minutes_2016_04": {
            "mean": sum(resolution) / len(resolution),
            "median": percentile(resolution, 0.5),
            "p90": percentile(resolution, 0.9),
        },
        "resolution_minutes_2016_03": {
            "count": len(resolved_march),
            "mean": sum(resolved_march) / len(resolved_march),
            "median": percentile(resolved_march, 0.5),
            "p90": percentile(resolved_march, 0.9),
        },
        "response_minutes_2016_03": {
            "median": percentile(response, 0.5),
            "p90": percentile(response, 0.9),
        },
        "reopen_rate_2016_04": share(resolved_april, "reopened"),
        "escalation_rate_2016_04": share(resolved_april, "escalated"),
        "backlog_2016_05_01": len(backlog),
    }, indent=2))


if __name__ == "__main__":
    main()
