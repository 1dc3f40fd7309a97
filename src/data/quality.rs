//! The data-quality report: every row that was rejected, warned about or left out, by reason,
//! with its file and row number. Nothing is dropped silently.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row (or ticket) cannot be used and is left out of every KPI.
    Rejected,
    /// The row is used, but part of it was unusable or read by a rule.
    Warning,
    /// The row is not for this review (another client, a canceled ticket).
    Ignored,
}

/// Why a row was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A timestamp does not match the configured format.
    UnparseableDate,
    /// No ticket id.
    MissingId,
    /// No creation time.
    MissingCreated,
    /// Resolution before creation.
    ResolvedBeforeCreated,
    /// A priority the mapping does not know.
    UnknownPriority,
    /// No priority.
    MissingPriority,
    /// No client value.
    MissingClient,
    /// The same ticket id again.
    DuplicateId,
    /// A local time that occurs twice (autumn change).
    AmbiguousLocalTime,
    /// A local time that does not exist (spring change).
    NonexistentLocalTime,
    /// A status the mapping does not know.
    UnknownStatus,
    /// A number that does not parse.
    UnparseableNumber,
    /// A yes/no value that does not parse.
    UnparseableBoolean,
    /// A tier that does not parse.
    UnknownTier,
    /// Exported paused minutes larger than the clock time (time floored at zero).
    PauseExceedsClock,
    /// Negative paused minutes (ignored).
    NegativePausedMinutes,
    /// First response before creation (taken as an immediate response).
    FirstResponseBeforeCreated,
    /// A CSAT score outside the scale (ignored).
    CsatOutOfScale,
    /// A resolution time on a ticket whose final status is open (ignored).
    ResolvedButOpen,
    /// A client value no configured client matches.
    ClientNotInWorkspace,
    /// A canceled ticket (left out of KPIs).
    Canceled,
    /// A CSAT response for a ticket that is not in the data.
    UnknownTicket,
    /// A CSV record that does not parse (wrong number of fields, invalid UTF-8).
    BadRecord,
    /// A reopening time that does not parse (whether the ticket was reopened is unknown).
    UnparseableReopenTime,
    /// Status-history events of a ticket that the ticket source does not hold.
    EventsForUnknownTicket,
    /// A date outside the plausible range (`data_quality.plausible_dates`).
    ImplausibleDate,
}

impl Reason {
    /// The severity of the reason.
    pub fn severity(self) -> Severity {
        use Reason::*;
        match self {
            UnparseableDate
            | ImplausibleDate
            | MissingId
            | MissingCreated
            | ResolvedBeforeCreated
            | UnknownPriority
            | MissingPriority
            | MissingClient
            | DuplicateId
            | BadRecord => Severity::Rejected,
            ClientNotInWorkspace | Canceled | UnknownTicket | EventsForUnknownTicket => {
                Severity::Ignored
            }
            _ => Severity::Warning,
        }
    }

    /// A short English description.
    pub fn describe(self) -> &'static str {
        use Reason::*;
        match self {
            UnparseableDate => "unparseable date",
            MissingId => "missing ticket id",
            MissingCreated => "missing creation time",
            ResolvedBeforeCreated => "resolved before created",
            UnknownPriority => "unknown priority",
            MissingPriority => "missing priority",
            MissingClient => "missing client",
            DuplicateId => "duplicate ticket id",
            AmbiguousLocalTime => "ambiguous local time (DST fold; first occurrence taken)",
            NonexistentLocalTime => {
                "nonexistent local time (DST gap; read with the offset before the change)"
            }
            UnknownStatus => "unknown status",
            UnparseableNumber => "unparseable number",
            UnparseableBoolean => "unparseable yes/no value",
            UnknownTier => "unknown tier",
            PauseExceedsClock => "paused minutes exceed the clock time (time taken as 0)",
            NegativePausedMinutes => "negative paused minutes (ignored)",
            FirstResponseBeforeCreated => "first response before creation (taken as immediate)",
            CsatOutOfScale => "CSAT score outside the scale (ignored)",
            ResolvedButOpen => "resolution time on a ticket whose final status is open (ignored)",
            ClientNotInWorkspace => "client not in the workspace",
            Canceled => "canceled ticket (left out)",
            UnknownTicket => "survey response for an unknown ticket",
            BadRecord => "row that does not parse as CSV (field count, quoting or encoding)",
            UnparseableReopenTime => {
                "unparseable reopening time (whether the ticket was reopened is unknown)"
            }
            EventsForUnknownTicket => "status-history events of a ticket not in the ticket source",
            ImplausibleDate => "date outside the plausible range (data_quality.plausible_dates)",
        }
    }
}

/// A value from the data as quoted in a message: at most 80 characters, so a huge cell (or a
/// whole file read as one) is never echoed.
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    const LIMIT: usize = 80;
    match text.char_indices().nth(LIMIT) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters)",
            &text[..cut],
            text.chars().count()
        )),
    }
}

/// One reported row.
#[derive(Debug, Clone)]
pub struct Issue {
    /// Why.
    pub reason: Reason,
    /// The export file (as configured).
    pub file: String,
    /// Row number as a spreadsheet shows it (the header is row 1).
    pub row: u64,
    /// The canonical field concerned.
    pub field: Option<&'static str>,
    /// The specific problem, quoting the value.
    pub detail: String,
    /// The client the row belongs to, when known.
    pub client: Option<String>,
    /// How many rows this issue stands for (one, or all rows sharing an ignored value).
    pub weight: u64,
}

impl Issue {
    /// `tickets.csv row 1042: detail`.
    pub fn message(&self) -> String {
        format!("{} row {}: {}", self.file, self.row, self.detail)
    }
}

/// Counts and examples of one reason.
#[derive(Debug, Clone, Serialize)]
pub struct ReasonSummary {
    /// The reason key.
    pub reason: Reason,
    /// What it means.
    pub description: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Rows affected.
    pub count: u64,
    /// The first rows (`file row N`), up to ten.
    pub rows: Vec<String>,
    /// The first message in full.
    pub example: String,
    /// For unknown priorities and statuses: every distinct unknown value with its row count,
    /// most frequent first, so all of them can be mapped at once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, u64)>,
}

/// The export value an "unknown priority/status" message is about.
fn unknown_value(detail: &str) -> Option<&str> {
    let end = detail.find("` is not a known")?;
    let start = detail[..end].rfind('`')?;
    Some(&detail[start + 1..end])
}

/// What was read from one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRead {
    /// Source name.
    pub source: String,
    /// Path as configured (relative to the workspace).
    pub file: String,
    /// Data rows read.
    pub rows: usize,
    /// sha256 of the file as stored.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// The data-quality report of a load.
#[derive(Debug, Clone, Default)]
pub struct QualityReport {
    /// Files read.
    pub files: Vec<FileRead>,
    /// Every issue.
    pub issues: Vec<Issue>,
    /// Tickets accepted per client.
    pub accepted: BTreeMap<String, usize>,
}

impl QualityReport {
    /// Records an issue.
    pub fn push(&mut self, issue: Issue) {
        self.issues.push(issue);
    }

    /// Summaries by reason, for all clients (`None`) or one.
    pub fn summarize(&self, client: Option<&str>) -> Vec<ReasonSummary> {
        let mut by_reason: BTreeMap<Reason, ReasonSummary> = BTreeMap::new();
        // A row with several bad fields for the same reason is one row of that reason.
        let mut seen: std::collections::HashSet<(Reason, &str, u64)> = Default::default();
        for issue in &self.issues {
            if let Some(client) = client
                && issue.client.as_deref() != Some(client)
            {
                continue;
            }
            if issue.weight == 1 && !seen.insert((issue.reason, issue.file.as_str(), issue.row)) {
                continue;
            }
            let entry = by_reason
                .entry(issue.reason)
                .or_insert_with(|| ReasonSummary {
                    reason: issue.reason,
                    description: issue.reason.describe(),
                    severity: issue.reason.severity(),
                    count: 0,
                    rows: Vec::new(),
                    example: issue.message(),
                    values: Vec::new(),
                });
            entry.count += issue.weight;
            if matches!(
                issue.reason,
                Reason::UnknownPriority | Reason::UnknownStatus
            ) && let Some(value) = unknown_value(&issue.detail)
            {
                match entry.values.iter_mut().find(|(v, _)| v == value) {
                    Some((_, n)) => *n += issue.weight,
                    None => entry.values.push((value.to_string(), issue.weight)),
                }
            }
            if entry.rows.len() < 10 {
                entry.rows.push(format!("{} row {}", issue.file, issue.row));
            }
        }
        let mut out: Vec<ReasonSummary> = by_reason.into_values().collect();
        for summary in &mut out {
            summary
                .values
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        out.sort_by_key(|s| (s.severity, s.reason));
        out
    }

    /// Rows rejected (for all clients or one).
    pub fn rejected_count(&self, client: Option<&str>) -> u64 {
        // A row with several unusable fields is one rejected row.
        let mut rows: std::collections::HashSet<(&str, u64)> = std::collections::HashSet::new();
        let mut grouped = 0;
        for issue in self
            .issues
            .iter()
            .filter(|i| i.reason.severity() == Severity::Rejected)
            .filter(|i| client.is_none() || i.client.as_deref() == client)
        {
            if issue.weight == 1 {
                rows.insert((issue.file.as_str(), issue.row));
            } else {
                grouped += issue.weight;
            }
        }
        rows.len() as u64 + grouped
    }

    /// Rows warned about.
    pub fn warning_count(&self, client: Option<&str>) -> u64 {
        self.count(client, Severity::Warning)
    }

    fn count(&self, client: Option<&str>, severity: Severity) -> u64 {
        self.issues
            .iter()
            .filter(|i| i.reason.severity() == severity)
            .filter(|i| client.is_none() || i.client.as_deref() == client)
            .map(|i| i.weight)
            .sum()
    }

    /// The report of one client's own files (`files`, see `data::client_quality`): what a load of that
    /// client alone reports, whichever other clients the run loaded. A pack states its client's
    /// files, never another client's.
    pub fn of_client(&self, client: &str, files: &std::collections::HashSet<String>) -> Self {
        Self {
            files: self
                .files
                .iter()
                .filter(|f| files.contains(&f.file))
                .cloned()
                .collect(),
            issues: self
                .issues
                .iter()
                .filter(|i| {
                    files.contains(&i.file) && i.client.as_deref().is_none_or(|c| c == client)
                })
                .cloned()
                .collect(),
            accepted: self
                .accepted
                .iter()
                .filter(|(id, _)| id.as_str() == client)
                .map(|(id, n)| (id.clone(), *n))
                .collect(),
        }
    }

    /// Total data rows read.
    pub fn rows_read(&self) -> usize {
        self.files.iter().map(|f| f.rows).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(file: &str, row: u64, client: Option<&str>) -> Issue {
        Issue {
            reason: Reason::MissingId,
            file: file.into(),
            row,
            field: None,
            detail: String::new(),
            client: client.map(str::to_string),
            weight: 1,
        }
    }

    fn read(file: &str, rows: usize) -> FileRead {
        FileRead {
            source: "psa".into(),
            file: file.into(),
            rows,
            sha256: String::new(),
            bytes: 0,
        }
    }

    /// A client's report keeps its files, the issues of its rows and the unattributed rows of its
    /// files: never another client's file, rows or count.
    #[test]
    fn a_clients_report_holds_its_own_files_and_rows() {
        let report = QualityReport {
            files: vec![
                read("shared.csv", 100),
                read("history/a.csv", 10),
                read("history/b.csv", 20),
            ],
            issues: vec![
                issue("shared.csv", 2, Some("a")),
                issue("shared.csv", 3, Some("b")),
                issue("shared.csv", 4, None),
                issue("history/b.csv", 5, None),
            ],
            accepted: [("a".to_string(), 90), ("b".to_string(), 9)].into(),
        };
        let files: std::collections::HashSet<String> =
            ["shared.csv".to_string(), "history/a.csv".to_string()].into();
        let a = report.of_client("a", &files);
        let names: Vec<&str> = a.files.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(names, ["shared.csv", "history/a.csv"]);
        assert_eq!(a.rows_read(), 110);
        let rows: Vec<u64> = a.issues.iter().map(|i| i.row).collect();
        assert_eq!(rows, [2, 4]);
        assert_eq!(a.accepted.keys().collect::<Vec<_>>(), ["a"]);
    }
}
