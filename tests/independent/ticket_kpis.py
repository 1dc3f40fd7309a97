#!/usr/bin/env python3
"""Independent KPI calculator for one-row-per-ticket exports, written from docs/kpis.md with the
Python standard library only (zoneinfo for time zones, its own holiday and business-hours
arithmetic). The integration tests compare reviewpack's figures with this script's.

Usage: ticket_kpis.py SPEC.json → JSON on stdout. SPEC holds the export's dialect, its columns and
value maps, each client's zone and calendar, the SLA targets, the periods and the as-of date.
"""
import csv
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc


def easter(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def italian_holidays(year):
    fixed = [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)]
    days = {dt.date(year, m, d) for m, d in fixed}
    days.add(easter(year) + dt.timedelta(days=1))
    if year >= 2026:
        days.add(dt.date(year, 10, 4))
    return days


class Calendar:
    """Business hours per weekday (minutes after midnight) and closed dates, in a zone."""

    def __init__(self, zone, spec):
        self.zone = ZoneInfo(zone)
        self.always = spec == "24x7"
        if not self.always:
            self.hours = [tuple(spec["weekdays"])] * 5 + [None, None]
            self.closed = set()
            for year in range(2020, 2031):
                if spec.get("national") == "it":
                    self.closed |= italian_holidays(year)
            self.closed |= {dt.date.fromisoformat(d) for d in spec.get("dates", [])}

    def local_instant(self, day, minute):
        naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
        return naive.replace(tzinfo=self.zone).astimezone(UTC)

    def minutes(self, start, end):
        """Minutes the clock runs between two aware instants."""
        if end <= start:
            return 0.0
        if self.always:
            return (end - start).total_seconds() / 60.0
        total = 0.0
        day = start.astimezone(self.zone).date() - dt.timedelta(days=1)
        last = end.astimezone(self.zone).date() + dt.timedelta(days=1)
        while day <= last:
            window = self.hours[day.weekday()]
            if window and day not in self.closed:
                open_at = self.local_instant(day, window[0])
                close_at = self.local_instant(day, window[1])
                overlap = (min(close_at, end) - max(open_at, start)).total_seconds()
                total += max(overlap, 0.0) / 60.0
            day += dt.timedelta(days=1)
        return total


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    rank = (len(values) - 1) * p
    lower = int(rank)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (rank - lower) * (values[upper] - values[lower])


def share(hits, total):
    return None if total == 0 else 100.0 * hits / total


def period_bounds(label, zone):
    if "-Q" in label:
        year, quarter = label.split("-Q")
        start = dt.date(int(year), 3 * int(quarter) - 2, 1)
        months = 3
    else:
        year, month = label.split("-")
        start = dt.date(int(year), int(month), 1)
        months = 1
    index = start.year * 12 + start.month - 1 + months
    end = dt.date(index // 12, index % 12 + 1, 1)
    as_instant = lambda d: dt.datetime.combine(d, dt.time()).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return as_instant(start), as_instant(end)


def read(spec):
    columns = spec["columns"]
    number = lambda text: float(text.replace(".", "").replace(",", ".")) if spec["decimal_comma"] else float(text)
    tickets = {}
    with open(spec["csv"], newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=spec["delimiter"]):
            client = spec["clients"][row[columns["client"]]]
            zone = ZoneInfo(client["zone"])

            def when(field):
                text = row[columns[field]].strip()
                if not text:
                    return None
                naive = dt.datetime.strptime(text, spec["datetime_format"])
                return naive.replace(tzinfo=zone).astimezone(UTC)

            status = spec["status_map"][row[columns["status"]]]
            created = when("created")
            resolved = when("resolved") or when("closed")
            if status in ("new", "open", "paused"):
                resolved = None
            response = when("first_response")
            if response is not None and response < created:
                response = created
            tier = int(row[columns["tier"]])
            reassignments = int(row[columns["reassignments"]])
            reopens = int(row[columns["reopens"]])
            paused = row[columns["paused_minutes"]].strip()
            csat = row[columns["csat"]].strip()
            tickets.setdefault(client["id"], []).append({
                "priority": spec["priority_map"][row[columns["priority"]]],
                "created": created,
                "response": response,
                "resolved": resolved,
                "paused": number(paused) if paused else None,
                "escalated": tier >= 2,
                "first_touch": tier < 2 and reassignments == 0 and reopens == 0,
                "reopened": reopens >= 1,
                "csat": number(csat) if csat else None,
                "type": spec["type_map"][row[columns["type"]]],
            })
    return tickets


def measure(ticket, calendars, target_spec, target, until):
    calendar = calendars[target_spec["calendar"]]
    minutes = calendar.minutes(ticket["created"], until)
    if target == "resolution" and ticket["paused"] is not None:
        minutes = max(minutes - ticket["paused"], 0.0)
    return minutes


def kpis(tickets, spec, client, period, as_of):
    zone = client["zone"]
    calendars = {"24x7": Calendar(zone, "24x7"), "business": Calendar(zone, client["calendar"])}
    start, end = period_bounds(period, zone)
    cutoff = min(end, as_of)
    inside = lambda t: t is not None and start <= t < end
    created = [t for t in tickets if inside(t["created"])]
    resolved = [t for t in tickets if inside(t["resolved"])]
    targets = spec["targets"]
    response_times, resolution_times = [], []
    response = {"met": 0, "breached": 0, "not_yet_due": 0}
    resolution = {"met": 0, "breached": 0}
    for t in created:
        target = targets[t["priority"]]
        if t["response"] is not None:
            minutes = measure(t, calendars, target, "response", t["response"])
            response_times.append(minutes)
            response["met" if minutes <= target["response"] else "breached"] += 1
        elif measure(t, calendars, target, "response", cutoff) > target["response"]:
            response["breached"] += 1
        else:
            response["not_yet_due"] += 1
    for t in resolved:
        target = targets[t["priority"]]
        minutes = measure(t, calendars, target, "resolution", t["resolved"])
        resolution_times.append(minutes)
        resolution["met" if minutes <= target["resolution"] else "breached"] += 1
    backlog = [t for t in tickets if t["created"] < cutoff and (t["resolved"] is None or t["resolved"] > cutoff)]
    overdue = [t for t in backlog
               if measure(t, calendars, targets[t["priority"]], "resolution", cutoff) > targets[t["priority"]]["resolution"]]
    incidents = [measure(t, calendars, targets[t["priority"]], "resolution", t["resolved"])
                 for t in resolved if t["type"] == "incident"]
    scores = [t["csat"] for t in resolved if t["csat"] is not None]
    return {
        "created": len(created),
        "resolved": len(resolved),
        "response_time": {"mean": sum(response_times) / len(response_times) if response_times else None,
                          "median": percentile(response_times, 0.5), "p90": percentile(response_times, 0.9)},
        "resolution_time": {"mean": sum(resolution_times) / len(resolution_times) if resolution_times else None,
                            "median": percentile(resolution_times, 0.5), "p90": percentile(resolution_times, 0.9)},
        "incident_resolution_median": percentile(incidents, 0.5),
        "response_sla": {**response, "percent": share(response["met"], response["met"] + response["breached"])},
        "resolution_sla": {**resolution, "percent": share(resolution["met"], resolution["met"] + resolution["breached"])},
        "first_touch_resolution": share(sum(t["first_touch"] for t in resolved), len(resolved)),
        "escalation_rate": share(sum(t["escalated"] for t in resolved), len(resolved)),
        "reopen_rate": share(sum(t["reopened"] for t in resolved), len(resolved)),
        "backlog": len(backlog),
        "overdue_open": len(overdue),
        "csat_mean": sum(scores) / len(scores) if scores else None,
        "csat_satisfied": share(sum(1 for s in scores if s >= 4), len(scores)),
    }


def main():
    spec = json.load(open(sys.argv[1]))
    tickets = read(spec)
    out = {}
    for name, client in spec["clients"].items():
        as_of = dt.datetime.fromisoformat(spec["as_of"]).replace(tzinfo=ZoneInfo(client["zone"])).astimezone(UTC)
        out[client["id"]] = {period: kpis(tickets.get(client["id"], []), spec, client, period, as_of)
                             for period in spec["periods"]}
    json.dump(out, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
