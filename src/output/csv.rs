//! `kpis --format csv`: one row per KPI, then one per built-in figure, for spreadsheets. Every
//! CSV reviewpack writes for people (this, a pack's `breaches.csv`) goes through `Rows`: RFC 4180
//! quoting by the `csv` crate, and text cells a spreadsheet would run as formulas neutralised.

use std::borrow::Cow;
use std::io::Write;

use crate::kpi::report::KpiReport;

/// A built-in figure: metric, unit, value, previous value, sample size.
type FigureRow<'a> = (&'a str, &'a str, Option<f64>, Option<f64>, usize);

const HEADER: [&str; 13] = [
    "client",
    "period",
    "csf",
    "kpi",
    "name",
    "metric",
    "unit",
    "value",
    "previous",
    "target",
    "direction",
    "status",
    "sample_size",
];

/// Quotes a CSV field when needed (RFC 4180); for the sample exports, which are data.
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A text cell a spreadsheet never runs as a formula (OWASP, "CSV injection"): one that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, shown as text.
pub fn text_cell(field: &str) -> Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// A cell of a row.
pub enum Cell<'a> {
    /// Text from the data or configuration (neutralised).
    Text(&'a str),
    /// A number written by reviewpack (never neutralised: `-4.5` stays a number).
    Number(String),
}

/// A CSV writer for people's spreadsheets.
pub struct Rows<W: Write>(csv::Writer<W>);

impl<W: Write> Rows<W> {
    /// A writer with a header row.
    pub fn new(out: W, header: &[&str]) -> std::io::Result<Self> {
        let mut rows = Self(csv::WriterBuilder::new().from_writer(out));
        rows.row(header.iter().map(|h| Cell::Text(h)))?;
        Ok(rows)
    }

    /// Writes one row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> std::io::Result<()> {
        let record: Vec<Cow<str>> = cells
            .into_iter()
            .map(|cell| match cell {
                Cell::Text(text) => text_cell(text),
                Cell::Number(number) => Cow::Owned(number),
            })
            .collect();
        self.0
            .write_record(record.iter().map(|c| c.as_bytes()))
            .map_err(io_error)
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.0
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

fn io_error(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn number(value: Option<f64>) -> Cell<'static> {
    Cell::Number(value.map(|v| format!("{v}")).unwrap_or_default())
}

fn count(value: usize) -> Cell<'static> {
    Cell::Number(value.to_string())
}

/// A row of a built-in figure: client, period, metric and unit; no CSF, KPI or target.
fn figure_row<'a>(
    [client, period, metric, unit]: [&'a str; 4],
    value: Option<f64>,
    previous: Option<f64>,
    sample: usize,
) -> [Cell<'a>; 13] {
    [
        Cell::Text(client),
        Cell::Text(period),
        Cell::Text(""),
        Cell::Text(""),
        Cell::Text(""),
        Cell::Text(metric),
        Cell::Text(unit),
        number(value),
        number(previous),
        Cell::Text(""),
        Cell::Text(""),
        Cell::Text(""),
        count(sample),
    ]
}

fn word<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Writes the rows of several reports under one header.
pub fn write_reports(out: &mut impl Write, reports: &[KpiReport]) -> std::io::Result<()> {
    let mut rows = Rows::new(out, &HEADER)?;
    for report in reports {
        let client = report.client.id.as_str();
        let period = report.period.label.as_str();
        for csf in &report.csfs {
            for kpi in &csf.kpis {
                let (unit, direction, status) =
                    (word(kpi.unit), word(kpi.direction), word(kpi.status));
                rows.row([
                    Cell::Text(client),
                    Cell::Text(period),
                    Cell::Text(&csf.id),
                    Cell::Text(&kpi.id),
                    Cell::Text(&kpi.name),
                    Cell::Text(&kpi.metric),
                    Cell::Text(&unit),
                    number(kpi.value),
                    number(kpi.previous),
                    number(kpi.target),
                    Cell::Text(&direction),
                    Cell::Text(&status),
                    count(kpi.sample_size),
                ])?;
            }
        }
        let m = &report.metrics;
        let p = &report.previous_metrics;
        let figures: Vec<FigureRow> = vec![
            (
                "volume",
                "count",
                Some(m.created as f64),
                Some(p.created as f64),
                m.created,
            ),
            (
                "resolved",
                "count",
                m.resolved.map(|v| v as f64),
                p.resolved.map(|v| v as f64),
                m.resolved.unwrap_or(0),
            ),
            (
                "response_time.mean",
                "minutes",
                m.response_time.mean,
                p.response_time.mean,
                m.response_time.count,
            ),
            (
                "response_time.median",
                "minutes",
                m.response_time.median,
                p.response_time.median,
                m.response_time.count,
            ),
            (
                "response_time.p90",
                "minutes",
                m.response_time.p90,
                p.response_time.p90,
                m.response_time.count,
            ),
            (
                "resolution_time.mean",
                "minutes",
                m.resolution_time.mean,
                p.resolution_time.mean,
                m.resolution_time.count,
            ),
            (
                "resolution_time.median",
                "minutes",
                m.resolution_time.median,
                p.resolution_time.median,
                m.resolution_time.count,
            ),
            (
                "resolution_time.p90",
                "minutes",
                m.resolution_time.p90,
                p.resolution_time.p90,
                m.resolution_time.count,
            ),
            (
                "response_sla",
                "percent",
                m.response_sla.percent,
                p.response_sla.percent,
                m.response_sla.total,
            ),
            (
                "resolution_sla",
                "percent",
                m.resolution_sla.percent,
                p.resolution_sla.percent,
                m.resolution_sla.total,
            ),
            (
                "first_touch_resolution",
                "percent",
                m.first_touch_resolution.percent,
                p.first_touch_resolution.percent,
                m.first_touch_resolution.denominator,
            ),
            (
                "escalation_rate",
                "percent",
                m.escalation_rate.percent,
                p.escalation_rate.percent,
                m.escalation_rate.denominator,
            ),
            (
                "reopen_rate",
                "percent",
                m.reopen_rate.percent,
                p.reopen_rate.percent,
                m.reopen_rate.denominator,
            ),
            (
                "backlog",
                "count",
                m.backlog.map(|v| v as f64),
                p.backlog.map(|v| v as f64),
                m.backlog.unwrap_or(0),
            ),
            (
                "overdue_open",
                "count",
                m.overdue_open.map(|v| v as f64),
                p.overdue_open.map(|v| v as f64),
                m.backlog.unwrap_or(0),
            ),
            (
                "csat.mean",
                "score",
                m.csat.mean,
                p.csat.mean,
                m.csat.responses,
            ),
            (
                "csat.satisfied",
                "percent",
                m.csat.satisfied_percent,
                p.csat.satisfied_percent,
                m.csat.responses,
            ),
            (
                "tickets_per_user",
                "ratio",
                m.tickets_per_user,
                p.tickets_per_user,
                m.created,
            ),
            (
                "tickets_per_endpoint",
                "ratio",
                m.tickets_per_endpoint,
                p.tickets_per_endpoint,
                m.created,
            ),
        ];
        for (metric, unit, value, previous, sample) in figures {
            rows.row(figure_row(
                [client, period, metric, unit],
                value,
                previous,
                sample,
            ))?;
        }
        for priority in &m.by_priority {
            let name = &priority.priority;
            let per = [
                (
                    "volume",
                    "count",
                    Some(priority.created as f64),
                    priority.created,
                ),
                (
                    "response_time.median",
                    "minutes",
                    priority.response_time.median,
                    priority.response_time.count,
                ),
                (
                    "resolution_time.median",
                    "minutes",
                    priority.resolution_time.median,
                    priority.resolution_time.count,
                ),
                (
                    "response_sla",
                    "percent",
                    priority.response_sla.percent,
                    priority.response_sla.total,
                ),
                (
                    "resolution_sla",
                    "percent",
                    priority.resolution_sla.percent,
                    priority.resolution_sla.total,
                ),
            ];
            for (metric, unit, value, sample) in per {
                let metric = format!("{metric}[{name}]");
                rows.row(figure_row(
                    [client, period, &metric, unit],
                    value,
                    None,
                    sample,
                ))?;
            }
        }
    }
    rows.finish().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        let mut rows = Rows::new(Vec::new(), &["a", "b", "c"]).unwrap();
        rows.row([
            Cell::Text("=HYPERLINK(\"http://x\",\"y\")"),
            Cell::Text("@SUM(1,2)"),
            Cell::Number("-4.5".into()),
        ])
        .unwrap();
        rows.row([
            Cell::Text("+1"),
            Cell::Text("\tx"),
            Cell::Text("plain, text"),
        ])
        .unwrap();
        let text = String::from_utf8(rows.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "a,b,c\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'@SUM(1,2)\",-4.5\n'+1,'\tx,\"plain, text\"\n"
        );
    }
}
