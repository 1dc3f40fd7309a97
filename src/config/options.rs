//! Validated settings: what the rest of the program works from once the YAML has been checked.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono_tz::Tz;

use crate::calendar::Calendar;
use crate::kpi::metrics::Metric;

/// Priorities the SLA and filters accept.
pub const PRIORITIES: &[&str] = &["P1", "P2", "P3", "P4", "P5"];
/// Canonical statuses.
pub const STATUSES: &[&str] = &["new", "open", "paused", "resolved", "closed", "canceled"];

/// A whole validated workspace.
#[derive(Debug, Clone)]
pub struct WorkspaceOptions {
    /// Workspace folder.
    pub root: PathBuf,
    /// The MSP.
    pub msp: MspOptions,
    /// Data sources, in configuration order.
    pub sources: Vec<SourceOptions>,
    /// Clients, in configuration order.
    pub clients: Vec<ClientOptions>,
    /// Largest acceptable share of rejected rows, as a fraction.
    pub max_rejected_share: f64,
    /// Plausible timestamps (UTC ms, from the first day's start to the last day's end): rows
    /// with a date outside are rejected.
    pub plausible: (i64, i64),
    /// The same range as dates, for messages.
    pub plausible_dates: (chrono::NaiveDate, chrono::NaiveDate),
    /// Configuration files read (for checksums in manifests).
    pub config_files: Vec<PathBuf>,
    /// E-mail delivery, when configured.
    pub delivery: Option<DeliveryOptions>,
    /// What files may be read (the workspace, and what the configuration names absolutely).
    pub boundary: super::boundary::Boundary,
    /// Seconds one pack may take to build.
    pub pack_seconds: u64,
    /// Megabytes each pack being built may add to the process's memory (`limits.pack_memory_mb`).
    pub pack_memory_mb: u64,
    /// Schedules of `run`, one per level.
    pub schedules: Vec<ScheduleOptions>,
}

/// How packs are e-mailed.
#[derive(Debug, Clone)]
pub struct DeliveryOptions {
    /// The SMTP server.
    pub smtp: SmtpOptions,
    /// Default attachments.
    pub attach: Attach,
}

/// Files attached to a pack's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attach {
    /// `pack.pdf`.
    pub pdf: bool,
    /// `pack.html`.
    pub html: bool,
}

/// Transport security of an SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (required).
    StartTls,
    /// TLS from the first byte (SMTPS).
    Tls,
    /// No encryption (loopback hosts only).
    None,
}

/// An SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpOptions {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Transport security.
    pub security: Security,
    /// Environment variables holding user name and password, when logging in.
    pub auth: Option<(String, String)>,
    /// Extra trusted certificate authorities (PEM).
    pub ca_file: Option<PathBuf>,
    /// Time allowed for each network step.
    pub timeout: std::time::Duration,
    /// Attempts after the first on a temporary failure.
    pub retries: u32,
    /// Wait before the first retry (doubled each time).
    pub retry_delay: std::time::Duration,
}

/// When a pack is due, counted from the day after its period's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueRule {
    /// On the Nth calendar day after the period.
    Days(u32),
    /// On the Nth working day (open day of the calendar) after the period.
    WorkingDays(u32),
}

/// When a built pack is e-mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendMode {
    /// As soon as it is built.
    OnBuild,
    /// Once the pack has been published (`reviewpack publish`).
    AfterPublish,
    /// Never (built only).
    Never,
}

/// A level's schedule.
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// The level.
    pub level: String,
    /// Period kind (`None`: the level's first kind).
    pub period: Option<crate::period::PeriodKind>,
    /// When the pack is due after its period.
    pub due: DueRule,
    /// Local time of day it is due.
    pub at: chrono::NaiveTime,
    /// Calendar of working days (`None`: each client's calendar).
    pub calendar: Option<(String, Calendar)>,
    /// The clients (`None`: every client that gets the level).
    pub clients: Option<Vec<String>>,
    /// When packs are e-mailed.
    pub send: SendMode,
    /// Attachments (`None`: `delivery.attach`).
    pub attach: Option<Attach>,
    /// How many due periods a run still builds.
    pub catch_up: u32,
    /// Packs due before this local date are ignored.
    pub since: Option<chrono::NaiveDate>,
}

impl WorkspaceOptions {
    /// The client with this id.
    pub fn client(&self, id: &str) -> Option<&ClientOptions> {
        self.clients.iter().find(|c| c.id == id)
    }
}

/// The MSP.
#[derive(Debug, Clone)]
pub struct MspOptions {
    /// Display name.
    pub name: String,
    /// Logo path (absolute).
    pub logo: Option<PathBuf>,
    /// Brand colours as `#rrggbb`.
    pub primary_color: String,
    /// Second colour.
    pub secondary_color: String,
    /// Highlight colour.
    pub accent_color: String,
    /// Web site.
    pub website: Option<String>,
    /// Sender of e-mailed packs (`Name <address>`).
    pub sender: Option<String>,
}

/// A supported locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// English, British conventions (`30 September 2026`, `1,234.5`).
    EnGb,
    /// English, US conventions (`September 30, 2026`).
    EnUs,
    /// Italian (`30 settembre 2026`, `1.234,5`).
    ItIt,
}

impl Locale {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Self::EnGb => "en-GB",
            Self::EnUs => "en-US",
            Self::ItIt => "it-IT",
        }
    }

    /// The ISO 639 language (its message file is `<language>.ftl`).
    pub fn language(self) -> &'static str {
        match self {
            Self::ItIt => "it",
            _ => "en",
        }
    }
}

/// One validated client.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Locale.
    pub locale: Locale,
    /// Time zone.
    pub tz: Tz,
    /// Values of an export's client column that mean this client (normalised).
    pub match_values: Vec<String>,
    /// Indexes into `WorkspaceOptions::sources`.
    pub sources: Vec<usize>,
    /// Contract SLAs.
    pub sla: SlaOptions,
    /// CSFs and KPIs.
    pub csfs: Vec<CsfOptions>,
    /// Stakeholders.
    pub stakeholders: Vec<Stakeholder>,
    /// Constant size figures.
    pub users: Option<f64>,
    /// Constant endpoint count.
    pub endpoints: Option<f64>,
    /// CSAT scale.
    pub csat: CsatOptions,
    /// Paper size of PDF packs (`a4` or `us-letter`, typst's names).
    pub paper: &'static str,
    /// The file the client was defined in, and its path prefix there.
    pub defined_in: (PathBuf, String),
    /// What the client's sources provide (a KPI whose input is missing is "no data").
    pub provided: super::inputs::Provided,
    /// The packs the client gets.
    pub packs: PackOptions,
    /// First month of the fiscal year (1: calendar years).
    pub fiscal_year_start: u32,
    /// The contract's first and last day, when configured.
    pub contract: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// The client's business calendar (working days of schedules).
    pub calendar: Calendar,
    /// Per level, recipients replacing that level's stakeholders (`Name <address>`).
    pub recipients: BTreeMap<String, Vec<String>>,
}

/// The review levels a client gets and the sections of its packs.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// How many sections each pack carries.
    pub touch: crate::pack::levels::Touch,
    /// The levels it gets (`None`: every level).
    pub levels: Option<Vec<String>>,
    /// Exact sections per level, overriding `touch`.
    pub sections: BTreeMap<String, Vec<String>>,
}

impl PackOptions {
    /// Whether the client gets packs of a level.
    pub fn gets(&self, level: &str) -> bool {
        self.levels
            .as_ref()
            .is_none_or(|levels| levels.iter().any(|l| l == level))
    }
}

/// A stakeholder.
#[derive(Debug, Clone)]
pub struct Stakeholder {
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Role.
    pub role: Option<String>,
    /// Levels received.
    pub levels: Vec<String>,
}

/// CSAT scale.
#[derive(Debug, Clone, Copy)]
pub struct CsatOptions {
    /// Highest score.
    pub scale_max: f64,
    /// Lowest satisfied score.
    pub satisfied_at: f64,
}

/// SLA targets whose clocks a rule pauses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TargetSet {
    /// The response target.
    pub response: bool,
    /// The resolution target.
    pub resolution: bool,
}

/// Statuses that pause some targets.
#[derive(Debug, Clone, PartialEq)]
pub struct PauseRule {
    /// Normalised status labels; `paused` matches every status mapped to paused.
    pub statuses: Vec<String>,
    /// Targets paused.
    pub targets: TargetSet,
}

/// Whose SLA verdict counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Computed by reviewpack from the clock.
    Computed,
    /// The export's own verdict where the ticket has one.
    Psa,
}

/// Targets of one priority.
#[derive(Debug, Clone)]
pub struct PriorityTargets {
    /// Response target, minutes on the clock.
    pub response_minutes: Option<f64>,
    /// Resolution target, minutes on the clock.
    pub resolution_minutes: Option<f64>,
    /// Calendar of the clock.
    pub calendar: Calendar,
    /// Pause rules.
    pub pauses: Vec<PauseRule>,
}

/// A client's contract SLAs.
#[derive(Debug, Clone)]
pub struct SlaOptions {
    /// Targets per priority (`P1` …).
    pub targets: BTreeMap<String, PriorityTargets>,
    /// Clock and pauses for priorities without targets.
    pub fallback: PriorityTargets,
    /// Whose verdict counts.
    pub verdict: Verdict,
    /// Targets an exported paused-minutes column is subtracted from.
    pub exported_pause_applies_to: TargetSet,
}

impl SlaOptions {
    /// The targets, clock and pauses that apply to a priority.
    pub fn for_priority(&self, priority: Option<&str>) -> &PriorityTargets {
        priority
            .and_then(|p| self.targets.get(p))
            .unwrap_or(&self.fallback)
    }
}

/// A CSF.
#[derive(Debug, Clone)]
pub struct CsfOptions {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// KPIs.
    pub kpis: Vec<KpiOptions>,
}

/// Better direction of a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Lower values are better.
    Lower,
    /// Higher values are better.
    Higher,
}

/// Unit of a KPI value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A number of tickets.
    Count,
    /// Percent (0–100).
    Percent,
    /// Minutes on an SLA clock.
    Minutes,
    /// A CSAT score.
    Score,
    /// A ratio (tickets per user per month).
    Ratio,
}

impl Unit {
    /// Parses a unit name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "count" => Some(Self::Count),
            "percent" => Some(Self::Percent),
            "minutes" => Some(Self::Minutes),
            "score" => Some(Self::Score),
            "ratio" => Some(Self::Ratio),
            _ => None,
        }
    }
}

/// Which tickets a period selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CountsIn {
    /// Tickets created in the period.
    Created,
    /// Tickets resolved in the period.
    Resolved,
}

/// A ticket filter (values normalised; empty lists match everything).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TicketFilter {
    /// Types.
    #[serde(rename = "type", skip_serializing_if = "Vec::is_empty")]
    pub ticket_type: Vec<String>,
    /// Priorities.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub priority: Vec<String>,
    /// Categories.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<String>,
    /// Assignment groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assignment_group: Vec<String>,
    /// Canonical statuses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
}

impl TicketFilter {
    /// Whether the filter selects every ticket.
    pub fn is_empty(&self) -> bool {
        self.ticket_type.is_empty()
            && self.priority.is_empty()
            && self.category.is_empty()
            && self.assignment_group.is_empty()
            && self.status.is_empty()
    }
}

/// Aggregate of a custom metric.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomAggregate {
    /// Number of tickets.
    Count,
    /// Percent of tickets matching a condition.
    Share(TicketFilter),
    /// A statistic of a numeric column.
    Column {
        /// `mean`, `median`, `p90`, `sum`, `min`, `max`.
        statistic: String,
        /// The column.
        column: String,
    },
}

/// How a KPI is computed.
#[derive(Debug, Clone, PartialEq)]
pub enum KpiDefinition {
    /// A built-in metric.
    Builtin(Metric),
    /// Filter + aggregate.
    Custom(CustomAggregate),
    /// SQL over the `tickets` table returning one number.
    Sql(String),
    /// Measurements of other systems.
    Measurement(MeasurementKpi),
}

/// A KPI from measurements.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementKpi {
    /// The measure's name.
    pub name: String,
    /// How the period's measurements become one value.
    pub aggregate: MeasureAggregate,
    /// Maintenance windows (for `availability`): the calendar's name and its hours.
    pub maintenance: Option<(String, crate::calendar::Calendar)>,
}

/// How a period's measurements become one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureAggregate {
    /// Mean of the values.
    Mean,
    /// Sum of the values.
    Sum,
    /// Smallest value.
    Min,
    /// Largest value.
    Max,
    /// The value of the latest measurement.
    Last,
    /// Σ value ÷ Σ of, percent.
    Ratio,
    /// 100 × (1 − outage time ÷ period time), maintenance windows left out of both.
    Availability,
}

impl MeasureAggregate {
    /// Parses an aggregate's name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "mean" => Self::Mean,
            "sum" => Self::Sum,
            "min" => Self::Min,
            "max" => Self::Max,
            "last" => Self::Last,
            "ratio" => Self::Ratio,
            "availability" => Self::Availability,
            _ => return None,
        })
    }

    /// The aggregate's name.
    pub fn key(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::Sum => "sum",
            Self::Min => "min",
            Self::Max => "max",
            Self::Last => "last",
            Self::Ratio => "ratio",
            Self::Availability => "availability",
        }
    }
}

/// A validated KPI.
#[derive(Debug, Clone)]
pub struct KpiOptions {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Definition.
    pub definition: KpiDefinition,
    /// Which tickets custom metrics select.
    pub counts_in: CountsIn,
    /// Unit of the value.
    pub unit: Unit,
    /// Filter on tickets.
    pub filter: TicketFilter,
    /// Target in the unit.
    pub target: Option<f64>,
    /// Better direction.
    pub direction: Direction,
    /// At-risk margin in the unit.
    pub at_risk: Option<f64>,
}

/// What a source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Tickets.
    Tickets,
    /// CSAT survey responses.
    Csat,
    /// Users and endpoints per month.
    Sizes,
    /// A status history (audit log) of the tickets of another source, joined by ticket id.
    Events,
    /// Time series from other systems: a value per client, measure and day or month, or
    /// intervals (outages).
    Measurements,
}

/// File format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Delimited text (optionally gzip-compressed).
    Csv,
    /// Apache Parquet.
    Parquet,
    /// JSON: one object per line (JSON lines), or an array of objects (alone, or in an object
    /// under `json.records`), as PSA APIs return them.
    Json,
}

/// One row per ticket, or one row per status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One row per ticket.
    Tickets,
    /// One row per status change.
    History,
}

/// Zone of timestamps written without offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NaiveZone {
    /// The client's time zone.
    Client,
    /// A fixed zone.
    Fixed(Tz),
}

/// A canonical field a source column can map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Ticket id.
    Id,
    /// Client.
    Client,
    /// Created.
    Created,
    /// First response.
    FirstResponse,
    /// Resolved.
    Resolved,
    /// Closed.
    Closed,
    /// Priority.
    Priority,
    /// Status.
    Status,
    /// Type.
    Type,
    /// Category.
    Category,
    /// Title.
    Title,
    /// Assignment group.
    AssignmentGroup,
    /// Tier.
    Tier,
    /// Escalated flag.
    Escalated,
    /// Reassignment count.
    Reassignments,
    /// Reopen count.
    Reopens,
    /// Reopened flag.
    Reopened,
    /// Time of the (last) reopening: a value means reopened once.
    ReopenedAt,
    /// First-touch flag.
    FirstTouch,
    /// CSAT score.
    Csat,
    /// Paused minutes.
    PausedMinutes,
    /// PSA response verdict.
    SlaResponseMet,
    /// PSA resolution verdict.
    SlaResolutionMet,
    /// History event time.
    EventTime,
    /// History sequence.
    Sequence,
    /// Survey response time.
    Responded,
    /// Survey comment.
    Comment,
    /// Size month.
    Month,
    /// Users.
    Users,
    /// Endpoints.
    Endpoints,
    /// Minutes from creation to first response.
    FirstResponseMinutes,
    /// Measurement name.
    Measure,
    /// Measurement value.
    Value,
    /// Measurement whole.
    Of,
    /// Measurement day or month.
    Date,
    /// Interval start.
    Start,
    /// Interval end.
    End,
}

impl Field {
    /// The configuration key of the field.
    pub fn key(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Client => "client",
            Self::Created => "created",
            Self::FirstResponse => "first_response",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
            Self::Priority => "priority",
            Self::Status => "status",
            Self::Type => "type",
            Self::Category => "category",
            Self::Title => "title",
            Self::AssignmentGroup => "assignment_group",
            Self::Tier => "tier",
            Self::Escalated => "escalated",
            Self::Reassignments => "reassignments",
            Self::Reopens => "reopens",
            Self::Reopened => "reopened",
            Self::ReopenedAt => "reopened_at",
            Self::FirstTouch => "first_touch",
            Self::Csat => "csat",
            Self::PausedMinutes => "paused_minutes",
            Self::SlaResponseMet => "sla_response_met",
            Self::SlaResolutionMet => "sla_resolution_met",
            Self::EventTime => "event_time",
            Self::Sequence => "sequence",
            Self::Responded => "responded",
            Self::Comment => "comment",
            Self::Month => "month",
            Self::Users => "users",
            Self::Endpoints => "endpoints",
            Self::FirstResponseMinutes => "first_response_minutes",
            Self::Measure => "measure",
            Self::Value => "value",
            Self::Of => "of",
            Self::Date => "date",
            Self::Start => "start",
            Self::End => "end",
        }
    }

    /// Whether the field holds a timestamp.
    pub fn is_timestamp(self) -> bool {
        matches!(
            self,
            Self::Created
                | Self::FirstResponse
                | Self::Resolved
                | Self::Closed
                | Self::EventTime
                | Self::Responded
                | Self::ReopenedAt
                | Self::Start
                | Self::End
        )
    }
}

/// A validated data source.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Name in the configuration.
    pub name: String,
    /// Path template (absolute; may contain `{client}`).
    pub path: PathBuf,
    /// What it holds.
    pub kind: SourceKind,
    /// File format (`None`: from each file's name).
    pub format: Option<FileFormat>,
    /// Row shape.
    pub shape: Shape,
    /// CSV delimiter byte.
    pub delimiter: u8,
    /// CSV quote byte.
    pub quote: u8,
    /// Numbers use a decimal comma.
    pub decimal_comma: bool,
    /// For JSON: the dotted path of the array of records inside the top-level object.
    pub json_records: Option<String>,
    /// For JSON: another array joined to the records.
    pub json_join: Option<crate::config::types::JsonJoinConfig>,
    /// The SLA verdict columns hold the time remaining to the target (`h:mm`, negative once
    /// breached) rather than yes/no.
    pub sla_remaining: bool,
    /// Language of month names in dates (`None`: English).
    pub month_names: Option<&'static crate::data::months::Months>,
    /// Timestamp format (`None`: ISO 8601, detected).
    pub timestamp_format: Option<String>,
    /// Zone of naive timestamps.
    pub naive_zone: NaiveZone,
    /// Missing-value markers.
    pub missing: Vec<String>,
    /// Export column of each mapped field (for a combined field, the name of the joined
    /// column, `a + b`).
    pub columns: BTreeMap<Field, String>,
    /// Fields read from several columns joined: the joined column's name, its parts and the
    /// separator.
    pub combined: Vec<(String, Vec<String>, String)>,
    /// Priority value map (normalised key → `P1`…).
    pub priority_values: BTreeMap<String, String>,
    /// Status value map (normalised key → canonical status).
    pub status_values: BTreeMap<String, String>,
    /// Type value map.
    pub type_values: BTreeMap<String, String>,
    /// Tier value map.
    pub tier_values: BTreeMap<String, i64>,
    /// Boolean value map.
    pub boolean_values: BTreeMap<String, bool>,
    /// Constant type.
    pub constant_type: Option<String>,
    /// Constant priority.
    pub constant_priority: Option<String>,
    /// Constant client id.
    pub constant_client: Option<String>,
    /// Constant measure name (measurements).
    pub constant_measure: Option<String>,
    /// Count reassignments as escalation.
    pub reassignment_is_escalation: bool,
    /// Lowest escalated tier.
    pub escalation_min_tier: i64,
    /// Which preset it started from.
    pub preset: Option<String>,
    /// How first-touch resolution is known.
    pub first_touch: super::inputs::FirstTouchRule,
    /// Unit of the paused-time column.
    pub paused_unit: DurationUnit,
    /// For `kind: events`: the index of the ticket source whose tickets the events belong to.
    pub events_of: Option<usize>,
}

/// The unit of a duration column in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DurationUnit {
    /// Minutes (the default).
    #[default]
    Minutes,
    /// Hours (decimal).
    Hours,
    /// Seconds.
    Seconds,
    /// `h:mm` or `h:mm:ss` (hours may exceed 24).
    HoursMinutes,
}

impl DurationUnit {
    /// Parses the configuration word.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "minutes" | "min" | "m" => Some(Self::Minutes),
            "hours" | "h" => Some(Self::Hours),
            "seconds" | "s" | "sec" => Some(Self::Seconds),
            "h:mm" | "hh:mm" | "h:mm:ss" | "hh:mm:ss" => Some(Self::HoursMinutes),
            _ => None,
        }
    }

    /// Minutes of a cell written in this unit.
    pub fn minutes(self, raw: &str, decimal_comma: bool) -> Option<f64> {
        let raw = raw.trim();
        let number = |text: &str| -> Option<f64> {
            let text = if decimal_comma {
                text.replace('.', "").replace(',', ".")
            } else {
                text.replace(',', "")
            };
            text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
        };
        match self {
            Self::Minutes => number(raw),
            Self::Hours => number(raw).map(|h| h * 60.0),
            Self::Seconds => number(raw).map(|s| s / 60.0),
            Self::HoursMinutes => {
                let (sign, body) = match raw.strip_prefix('-') {
                    Some(rest) => (-1.0, rest),
                    None => (1.0, raw),
                };
                let parts: Vec<&str> = body.split(':').collect();
                if !(2..=3).contains(&parts.len())
                    || parts
                        .iter()
                        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
                {
                    return None;
                }
                let hours: f64 = parts[0].parse().ok()?;
                let minutes: f64 = parts[1].parse().ok()?;
                let seconds: f64 = parts.get(2).map_or(Some(0.0), |s| s.parse().ok())?;
                if minutes >= 60.0 || seconds >= 60.0 {
                    return None;
                }
                Some(sign * (hours * 60.0 + minutes + seconds / 60.0))
            }
        }
    }
}

impl SourceOptions {
    /// Whether the path names one file per client.
    pub fn per_client(&self) -> bool {
        self.path.to_string_lossy().contains("{client}")
    }
}

/// Normalises a label for matching: trimmed, lower-case, inner whitespace folded.
pub fn normalize_label(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
