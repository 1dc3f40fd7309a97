#!/usr/bin/env python3
"""Rewrites a reviewpack sample PSA export (tickets.csv: ISO times with offsets, commas) as a
different PSA would write it: Italian headers and labels, semicolons, a UTF-8 BOM, CRLF,
day-first local wall-clock times without offset (in each client's zone), decimal commas.

Usage: foreign_export.py SAMPLE_TICKETS.csv OUT.csv ZONES_JSON
ZONES_JSON maps company names to IANA zones, e.g. '{"Acme Manufacturing S.p.A.": "Europe/Rome"}'.
"""
import csv
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

HEADER = ["Numero", "Cliente", "Aperto il", "Prima risposta", "Risolto il", "Chiuso il", "Priorità",
          "Stato", "Tipo", "Categoria", "Oggetto", "Gruppo", "Livello", "Riassegnazioni",
          "Riaperture", "Soddisfazione", "Minuti di attesa"]
PRIORITY = {"P1 - Critical": "1 - Critica", "P2 - High": "2 - Alta", "P3 - Medium": "3 - Media", "P4 - Low": "4 - Bassa"}
STATUS = {"New": "Nuovo", "In Progress": "In lavorazione", "Waiting on Customer": "In attesa cliente",
          "Resolved": "Risolto", "Closed": "Chiuso"}
TYPE = {"Incident": "Incidente", "Service Request": "Richiesta"}


def local(text, zone):
    if not text:
        return ""
    moment = dt.datetime.fromisoformat(text).astimezone(ZoneInfo(zone))
    return moment.strftime("%d/%m/%Y %H:%M")


def decimal_comma(text):
    return text.replace(".", ",")


def main():
    source, target, zones = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(target, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for row in rows:
            zone = zones[row["Company"]]
            waiting = row["Waiting Minutes"]
            # Half-minute precision, to exercise decimal commas.
            waiting = decimal_comma(f"{float(waiting) + 0.5:.1f}") if waiting else ""
            writer.writerow([
                row["Ticket ID"], row["Company"], local(row["Created"], zone), local(row["First Response"], zone),
                local(row["Resolved"], zone), local(row["Closed"], zone), PRIORITY[row["Priority"]],
                STATUS[row["Status"]], TYPE[row["Type"]], row["Category"], row["Summary"], row["Board"],
                row["Tier"], row["Reassignments"], row["Reopened"], row["CSAT"], waiting,
            ])


if __name__ == "__main__":
    main()
