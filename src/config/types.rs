//! The workspace configuration as written in YAML (serde types; validated into `Options` by
//! `config::validate`). Every key is documented in `docs/configuration.md`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `reviewpack.yaml`: the MSP, shared calendars and sources, and the clients.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceConfig {
    /// The managed service provider issuing the packs.
    pub msp: MspConfig,
    /// Defaults applied to every client that does not set its own.
    #[serde(default)]
    pub defaults: DefaultsConfig,
    /// Named service calendars (`24x7` is built in).
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarConfig>,
    /// Named data sources (ticket exports, CSAT surveys, size figures).
    #[serde(default)]
    pub sources: BTreeMap<String, SourceConfig>,
    /// Clients defined inline (more may live in `clients/*.yaml`).
    #[serde(default)]
    pub clients: Vec<ClientConfig>,
    /// Limits on data quality.
    #[serde(default)]
    pub data_quality: DataQualityConfig,
    /// E-mail delivery of packs (the SMTP server; credentials come from the environment).
    #[serde(default)]
    pub delivery: Option<DeliveryConfig>,
    /// When each level's packs are due, for `reviewpack run` (keyed by level).
    #[serde(default)]
    pub schedules: BTreeMap<String, ScheduleConfig>,
    /// Limits of a run.
    #[serde(default)]
    pub limits: LimitsConfig,
}

/// Limits of a run.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Seconds one pack may take to build before the run is stopped (default 300).
    #[serde(default)]
    pub pack_seconds: Option<u64>,
    /// Megabytes the packs being built may add to the process's memory, each (default 768).
    #[serde(default)]
    pub pack_memory_mb: Option<u64>,
}

/// How packs are e-mailed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryConfig {
    /// The SMTP server.
    pub smtp: SmtpConfig,
    /// Files attached to each message: `pdf` (default) and/or `html`.
    #[serde(default)]
    pub attach: Option<Vec<String>>,
}

/// An SMTP server. User name and password are read from environment variables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Host name (also the name its TLS certificate must carry).
    pub host: String,
    /// Port (default 587 for `starttls`, 465 for `tls`, 25 for `none`).
    #[serde(default)]
    pub port: Option<u16>,
    /// `starttls` (default), `tls` (implicit TLS) or `none` (only to a loopback host).
    #[serde(default)]
    pub security: Option<String>,
    /// Whether to log in (default: yes, except with `security: none`).
    #[serde(default)]
    pub auth: Option<bool>,
    /// Environment variable holding the user name (default `REVIEWPACK_SMTP_USERNAME`).
    #[serde(default)]
    pub username_env: Option<String>,
    /// Environment variable holding the password (default `REVIEWPACK_SMTP_PASSWORD`).
    #[serde(default)]
    pub password_env: Option<String>,
    /// Refused: secrets never live in configuration files.
    #[serde(default)]
    pub username: Option<serde_yaml::Value>,
    /// Refused: secrets never live in configuration files.
    #[serde(default)]
    pub password: Option<serde_yaml::Value>,
    /// A PEM file of certificate authorities to trust besides the system's, relative to the
    /// workspace (a private CA).
    #[serde(default)]
    pub ca_file: Option<String>,
    /// Time allowed for each network step (default `30s`).
    #[serde(default)]
    pub timeout: Option<String>,
    /// Attempts after the first on a temporary failure (default 3).
    #[serde(default)]
    pub retries: Option<u32>,
    /// Wait before the first retry, doubled before each next one (default `5s`).
    #[serde(default)]
    pub retry_delay: Option<String>,
}

/// When a level's packs are due.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// Period kind each pack covers (default: the level's first kind in `levels.yaml`).
    #[serde(default)]
    pub period: Option<String>,
    /// How long after the period ends the pack is due: `N working days` or `N days`.
    pub due: String,
    /// Local time of day (client's zone) on the due day, `HH:MM` (default `07:00`).
    #[serde(default)]
    pub at: Option<String>,
    /// Calendar whose open days are working days (default: each client's calendar).
    #[serde(default)]
    pub calendar: Option<String>,
    /// The clients (default: every client that gets the level).
    #[serde(default)]
    pub clients: Option<Vec<String>>,
    /// `on_build` (default), `after_publish` (sent once the pack is published) or `never`.
    #[serde(default)]
    pub send: Option<String>,
    /// Attachments for this level, overriding `delivery.attach`.
    #[serde(default)]
    pub attach: Option<Vec<String>>,
    /// How many due periods, most recent first, a run still builds when earlier runs missed
    /// them (default 1: only the latest).
    #[serde(default)]
    pub catch_up: Option<u32>,
    /// First day the schedule acts on (`YYYY-MM-DD`): packs due before it are never built or
    /// sent by `run` (set it to the day scheduling starts).
    #[serde(default)]
    pub since: Option<String>,
}

/// The MSP: who issues the packs.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MspConfig {
    /// Display name.
    pub name: String,
    /// Path of a logo (SVG or PNG), relative to the workspace.
    #[serde(default)]
    pub logo: Option<String>,
    /// Brand colours as `#rrggbb`.
    #[serde(default)]
    pub colors: ColorsConfig,
    /// Web site shown on the cover.
    #[serde(default)]
    pub website: Option<String>,
    /// Sender of e-mailed packs.
    #[serde(default)]
    pub sender: Option<SenderConfig>,
}

/// Brand colours.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ColorsConfig {
    /// Main brand colour.
    #[serde(default)]
    pub primary: Option<String>,
    /// Second colour (charts, accents).
    #[serde(default)]
    pub secondary: Option<String>,
    /// Highlight colour.
    #[serde(default)]
    pub accent: Option<String>,
}

/// Who e-mailed packs come from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SenderConfig {
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// Defaults for clients.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DefaultsConfig {
    /// Locale such as `en-GB`, `en-US`, `it-IT`.
    #[serde(default)]
    pub locale: Option<String>,
    /// IANA time zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Name of the business calendar.
    #[serde(default)]
    pub calendar: Option<String>,
    /// Contract SLAs for clients that do not define their own.
    #[serde(default)]
    pub sla: Option<SlaConfig>,
    /// CSAT scale.
    #[serde(default)]
    pub csat: Option<CsatConfig>,
    /// Paper size of PDF packs: `a4` (default) or `letter`.
    #[serde(default)]
    pub paper: Option<String>,
    /// First month of the fiscal year, 1–12 (default 1: fiscal years are calendar years).
    #[serde(default)]
    pub fiscal_year_start: Option<u32>,
}

/// A service calendar: opening hours per weekday and holidays.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Opening hours by weekday; omitted days are closed.
    #[serde(default)]
    pub hours: HoursConfig,
    /// Holidays (closed days) and short days.
    #[serde(default)]
    pub holidays: HolidaysConfig,
}

/// Opening hours by weekday, each `HH:MM-HH:MM[, HH:MM-HH:MM]` or `closed`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct HoursConfig {
    /// Shorthand for Monday to Friday.
    #[serde(default)]
    pub weekdays: Option<String>,
    /// Monday.
    #[serde(default)]
    pub mon: Option<String>,
    /// Tuesday.
    #[serde(default)]
    pub tue: Option<String>,
    /// Wednesday.
    #[serde(default)]
    pub wed: Option<String>,
    /// Thursday.
    #[serde(default)]
    pub thu: Option<String>,
    /// Friday.
    #[serde(default)]
    pub fri: Option<String>,
    /// Saturday.
    #[serde(default)]
    pub sat: Option<String>,
    /// Sunday.
    #[serde(default)]
    pub sun: Option<String>,
}

/// Holidays of a calendar.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct HolidaysConfig {
    /// Built-in national sets: `it`, `uk`, `us`.
    #[serde(default)]
    pub national: Vec<String>,
    /// Dated closures or short days.
    #[serde(default)]
    pub dates: Vec<HolidayDateConfig>,
}

/// One dated exception: a date (`2026-12-24`) or `{date, name, hours}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum HolidayDateConfig {
    /// A closed day.
    Date(String),
    /// A closed or short day with a name.
    Detailed(HolidayDetailConfig),
}

/// A named closed day or short day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayDetailConfig {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Name shown in the methodology appendix.
    #[serde(default)]
    pub name: Option<String>,
    /// Opening hours that day (default: closed).
    #[serde(default)]
    pub hours: Option<String>,
}

/// One client of the MSP.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// Short identifier: lower-case letters, digits, `-`, `_`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Locale (`en-GB`, `en-US`, `it-IT`).
    #[serde(default)]
    pub locale: Option<String>,
    /// IANA time zone of the client.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Business calendar name.
    #[serde(default)]
    pub calendar: Option<String>,
    /// Values of the export's client column that mean this client (default: id and name).
    #[serde(default)]
    pub match_values: Vec<String>,
    /// Names of the sources holding this client's data (default: all).
    #[serde(default)]
    pub sources: Option<Vec<String>>,
    /// Contract SLAs.
    #[serde(default)]
    pub sla: Option<SlaConfig>,
    /// Critical success factors and their KPIs.
    #[serde(default)]
    pub csfs: Vec<CsfConfig>,
    /// People who receive packs.
    #[serde(default)]
    pub stakeholders: Vec<StakeholderConfig>,
    /// Users and endpoints under contract.
    #[serde(default)]
    pub size: Option<SizeConfig>,
    /// CSAT scale.
    #[serde(default)]
    pub csat: Option<CsatConfig>,
    /// Paper size of PDF packs: `a4` or `letter`.
    #[serde(default)]
    pub paper: Option<String>,
    /// Which review levels the client gets and which sections its packs carry.
    #[serde(default)]
    pub packs: Option<PacksConfig>,
    /// First month of the client's fiscal year, 1–12 (default: `defaults.fiscal_year_start`).
    #[serde(default)]
    pub fiscal_year_start: Option<u32>,
    /// The service contract's term, for the renewal outlook of executive reviews.
    #[serde(default)]
    pub contract: Option<ContractConfig>,
    /// Per level, who receives e-mailed packs instead of the stakeholders of that level
    /// (`Name <address>` or an address).
    #[serde(default)]
    pub recipients: BTreeMap<String, Vec<String>>,
}

/// A contract's term.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ContractConfig {
    /// First day (`YYYY-MM-DD`).
    pub start: String,
    /// Last day (`YYYY-MM-DD`).
    pub end: String,
}

/// The packs a client gets.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PacksConfig {
    /// `low`, `medium` or `high` (default): how many sections each pack carries.
    #[serde(default)]
    pub touch: Option<String>,
    /// The levels the client gets (default: every level).
    #[serde(default)]
    pub levels: Option<Vec<String>>,
    /// Per level, the exact sections (overrides `touch`).
    #[serde(default)]
    pub sections: BTreeMap<String, Vec<String>>,
}

/// Contract SLAs of a client.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SlaConfig {
    /// Calendar for every target without its own (default: the client's calendar).
    #[serde(default)]
    pub calendar: Option<String>,
    /// `computed` (default) or `psa`: take the export's own SLA verdict where a ticket has one.
    #[serde(default)]
    pub verdict: Option<String>,
    /// Which statuses pause which targets (default: every status mapped to `paused` pauses
    /// the resolution target).
    #[serde(default)]
    pub pauses: Option<Vec<PauseRuleConfig>>,
    /// Which targets an exported paused-minutes column is subtracted from (default: resolution).
    #[serde(default)]
    pub exported_pause_applies_to: Option<Vec<String>>,
    /// Targets per priority (`P1` … `P5`).
    #[serde(default)]
    pub targets: BTreeMap<String, PriorityTargetConfig>,
}

/// A pause rule: these statuses stop the clock of these targets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PauseRuleConfig {
    /// Status labels as the export writes them, or `paused` for every status mapped to paused.
    pub statuses: Vec<String>,
    /// `response`, `resolution`.
    pub targets: Vec<String>,
}

/// Targets of one priority.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PriorityTargetConfig {
    /// Response target (`15m`, `1h`, `1h30m`).
    #[serde(default)]
    pub response_target: Option<String>,
    /// Resolution target.
    #[serde(default)]
    pub resolution_target: Option<String>,
    /// Calendar of both targets of this priority.
    #[serde(default)]
    pub calendar: Option<String>,
    /// Pause rules of this priority (replace the SLA-level ones).
    #[serde(default)]
    pub pauses: Option<Vec<PauseRuleConfig>>,
}

/// A critical success factor and its KPIs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsfConfig {
    /// Identifier (default: derived from the name).
    #[serde(default)]
    pub id: Option<String>,
    /// What must go right.
    pub name: String,
    /// Longer explanation.
    #[serde(default)]
    pub description: Option<String>,
    /// The KPIs that judge it.
    pub kpis: Vec<KpiConfig>,
}

/// A KPI: a built-in metric or a custom one, with a target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiConfig {
    /// Identifier (default: derived from the name or metric).
    #[serde(default)]
    pub id: Option<String>,
    /// Display name (default: the metric's name).
    #[serde(default)]
    pub name: Option<String>,
    /// A built-in metric such as `resolution_time.median` or `response_sla`.
    #[serde(default)]
    pub metric: Option<String>,
    /// A custom metric: filter + aggregate.
    #[serde(default)]
    pub custom: Option<CustomMetricConfig>,
    /// A custom metric: SQL over the `tickets` table, returning one number.
    #[serde(default)]
    pub sql: Option<String>,
    /// A KPI from measurements of other systems (`kind: measurements` sources).
    #[serde(default)]
    pub measurement: Option<MeasurementKpiConfig>,
    /// Which tickets the period selects for custom metrics: `created` (default) or `resolved`.
    #[serde(default)]
    pub counts_in: Option<String>,
    /// Unit of a custom metric: `count`, `percent`, `minutes`, `score`, `ratio`.
    #[serde(default)]
    pub unit: Option<String>,
    /// Restricts the tickets measured (`type`, `priority`, `category`, `assignment_group`).
    #[serde(default)]
    pub filter: Option<FilterConfig>,
    /// Target value (`4h`, `95%`, `4.5`, `120`).
    #[serde(default)]
    pub target: Option<serde_yaml::Value>,
    /// `lower` or `higher` is better.
    #[serde(default)]
    pub direction: Option<String>,
    /// Margin beyond the target still judged "at risk" (same form as the target; default 10% of it).
    #[serde(default)]
    pub at_risk: Option<serde_yaml::Value>,
}

/// A KPI computed from measurements.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurementKpiConfig {
    /// The measure's name, as the `measure` column writes it.
    pub name: String,
    /// `mean`, `sum`, `min`, `max`, `last`, `ratio` (Σ value ÷ Σ of, percent) or
    /// `availability` (outage intervals, percent of the period).
    pub aggregate: String,
    /// For `availability`: a calendar whose hours are maintenance windows, left out of both
    /// the period and the outages.
    #[serde(default)]
    pub maintenance: Option<String>,
}

/// A custom metric's filter and aggregate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomMetricConfig {
    /// `count`, `share`, `mean`, `median`, `p90`, `sum`, `min`, `max`.
    pub aggregate: String,
    /// The column aggregated by `mean`, `median`, `p90`, `sum`, `min`, `max`.
    #[serde(default)]
    pub column: Option<String>,
    /// For `share`: the condition counted in the numerator.
    #[serde(default, rename = "where")]
    pub condition: Option<FilterConfig>,
}

/// Ticket filter; each key takes one value or a list.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FilterConfig {
    /// Ticket type (`incident`, `request`, …).
    #[serde(default, rename = "type")]
    pub ticket_type: Option<OneOrMany>,
    /// Priority (`P1` … `P5`).
    #[serde(default)]
    pub priority: Option<OneOrMany>,
    /// Category.
    #[serde(default)]
    pub category: Option<OneOrMany>,
    /// Assignment group.
    #[serde(default)]
    pub assignment_group: Option<OneOrMany>,
    /// Canonical status (`new`, `open`, `paused`, `resolved`, `closed`).
    #[serde(default)]
    pub status: Option<OneOrMany>,
}

/// One string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a list.
    pub fn values(&self) -> Vec<String> {
        match self {
            Self::One(v) => vec![v.clone()],
            Self::Many(vs) => vs.clone(),
        }
    }
}

/// A person who receives packs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakeholderConfig {
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Job title.
    #[serde(default)]
    pub role: Option<String>,
    /// Review levels they receive (`sync`, `monthly`, `qbr`, `semiannual`, `annual`).
    #[serde(default)]
    pub levels: Vec<String>,
}

/// Users and endpoints under contract: constant figures, or a size source for monthly ones.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeConfig {
    /// Users (constant over time).
    #[serde(default)]
    pub users: Option<f64>,
    /// Endpoints (constant over time).
    #[serde(default)]
    pub endpoints: Option<f64>,
}

/// CSAT scale.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CsatConfig {
    /// Highest score (default 5).
    #[serde(default)]
    pub scale_max: Option<f64>,
    /// Lowest score counted as satisfied (default 4).
    #[serde(default)]
    pub satisfied_at: Option<f64>,
}

/// Data quality limits.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DataQualityConfig {
    /// Largest share of rejected rows (percent) `check` accepts (default 5%).
    #[serde(default)]
    pub max_rejected_share: Option<serde_yaml::Value>,
    /// Dates outside `[from, to]` (`YYYY-MM-DD`) reject their row (default 1990-01-01 to
    /// 2099-12-31).
    #[serde(default)]
    pub plausible_dates: Option<PlausibleDatesConfig>,
}

/// The range of dates a ticket can carry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlausibleDatesConfig {
    /// First plausible day.
    pub from: String,
    /// Last plausible day.
    pub to: String,
}

/// A data source: one export file (or one per client) and how to read it.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// File path relative to the workspace; `{client}` stands for the client id.
    #[serde(default)]
    pub path: String,
    /// `tickets` (default), `csat` or `sizes`.
    #[serde(default)]
    pub kind: Option<String>,
    /// `csv` or `parquet` (default: from the file name; `.gz` is decompressed).
    #[serde(default)]
    pub format: Option<String>,
    /// A built-in mapping to start from (`servicenow`, …).
    #[serde(default)]
    pub preset: Option<String>,
    /// `tickets` (one row per ticket) or `history` (one row per status change).
    #[serde(default)]
    pub shape: Option<String>,
    /// CSV dialect.
    #[serde(default)]
    pub csv: CsvConfig,
    /// Where a JSON export keeps its records.
    #[serde(default)]
    pub json: JsonConfig,
    /// Fields read from several columns joined (`client: {columns: [company, site]}`).
    #[serde(default)]
    pub combine: std::collections::BTreeMap<String, CombineConfig>,
    /// What the SLA verdict columns hold: `verdict` (yes/no, the default) or `remaining` (the
    /// time left to the target, `h:mm`, negative once breached — Jira Service Management).
    #[serde(default)]
    pub sla_cells: Option<String>,
    /// How timestamps are written.
    #[serde(default)]
    pub timestamps: TimestampsConfig,
    /// Cell values that mean "missing" (default: empty).
    #[serde(default)]
    pub missing: Option<Vec<String>>,
    /// Which export column holds each field.
    #[serde(default)]
    pub columns: ColumnsConfig,
    /// Value mappings for coded fields.
    #[serde(default)]
    pub values: ValuesConfig,
    /// Constant values for fields the export does not have (e.g. `type: incident`).
    #[serde(default)]
    pub constants: ConstantsConfig,
    /// How escalation is read.
    #[serde(default)]
    pub escalation: EscalationConfig,
    /// How first-touch resolution is known: `column`, `off`, or the facts to derive it from
    /// (`[reassignments, escalation, reopens]`).
    #[serde(default)]
    pub first_touch: Option<FirstTouchConfig>,
    /// Units of duration columns (`paused_minutes: hours`).
    #[serde(default)]
    pub units: UnitsConfig,
    /// For `kind: events`: the ticket source whose tickets these events belong to.
    #[serde(default)]
    pub tickets: Option<String>,
}

/// `first_touch:` of a source: a word (`column`, `off`) or a list of facts.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FirstTouchConfig {
    /// `column` or `off`.
    Word(String),
    /// Facts that must all be "no": `reassignments`, `escalation`, `reopens`.
    Facts(Vec<String>),
}

/// Units of duration columns.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct UnitsConfig {
    /// Unit of `columns.paused_minutes`: `minutes` (default), `hours`, `seconds` or `h:mm`.
    #[serde(default)]
    pub paused_minutes: Option<String>,
}

/// CSV dialect.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CsvConfig {
    /// Field delimiter (default `,`); `\t` for tab.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// Quote character (default `"`).
    #[serde(default)]
    pub quote: Option<String>,
    /// Numbers use a decimal comma (`4,5`).
    #[serde(default)]
    pub decimal_comma: Option<bool>,
}

/// A field read from several columns, joined.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombineConfig {
    /// The columns, in order.
    pub columns: Vec<String>,
    /// Put between the values (default ` / `).
    #[serde(default)]
    pub separator: Option<String>,
}

/// Where a JSON export keeps its records.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct JsonConfig {
    /// Dotted path of the array of records in the top-level object (`tickets`, `items`,
    /// `data.rows`); default: the top level is the array, or one record per line.
    #[serde(default)]
    pub records: Option<String>,
    /// Another array of the same file whose objects are joined to the records (Zendesk's
    /// sideloaded `metric_sets`).
    #[serde(default)]
    pub join: Option<JsonJoinConfig>,
}

/// Objects of another array joined to each record by a key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonJoinConfig {
    /// Dotted path of the array in each top-level object (`metric_sets`).
    pub records: String,
    /// The key in the joined objects (`ticket_id`).
    pub key: String,
    /// The key in the records it matches (`id`).
    pub on: String,
    /// The name the joined object takes in the record (`metrics`: `metrics.solved_at`).
    #[serde(rename = "as")]
    pub name: String,
}

/// How timestamps are written.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct TimestampsConfig {
    /// strftime format, e.g. `%d/%m/%Y %H:%M` (default: ISO 8601, detected).
    #[serde(default)]
    pub format: Option<String>,
    /// Zone of times without an offset: `client` (default: the client's zone), `UTC`, or an IANA name.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Language of month names in the dates (`it`: `09/ott/23`), read with `%b` or `%B`.
    #[serde(default)]
    pub months: Option<String>,
}

/// Export columns for each canonical field.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ColumnsConfig {
    /// Ticket identifier (required).
    #[serde(default)]
    pub id: Option<String>,
    /// Client (company) of the ticket, when one export holds many clients.
    #[serde(default)]
    pub client: Option<String>,
    /// Creation time (required for tickets).
    #[serde(default)]
    pub created: Option<String>,
    /// First response time.
    #[serde(default)]
    pub first_response: Option<String>,
    /// Resolution time.
    #[serde(default)]
    pub resolved: Option<String>,
    /// Closure time (used as resolution when no resolution time is given).
    #[serde(default)]
    pub closed: Option<String>,
    /// Priority.
    #[serde(default)]
    pub priority: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<String>,
    /// Ticket type.
    #[serde(default, rename = "type")]
    pub ticket_type: Option<String>,
    /// Category.
    #[serde(default)]
    pub category: Option<String>,
    /// Title / short description.
    #[serde(default)]
    pub title: Option<String>,
    /// Assignment group / board / queue.
    #[serde(default)]
    pub assignment_group: Option<String>,
    /// Highest support tier reached (1, 2, 3).
    #[serde(default)]
    pub tier: Option<String>,
    /// Escalated flag.
    #[serde(default)]
    pub escalated: Option<String>,
    /// Number of reassignments.
    #[serde(default)]
    pub reassignments: Option<String>,
    /// Number of reopenings.
    #[serde(default)]
    pub reopens: Option<String>,
    /// Reopened flag (yes/no).
    #[serde(default)]
    pub reopened: Option<String>,
    /// Time of the reopening: a value means reopened (once).
    #[serde(default)]
    pub reopened_at: Option<String>,
    /// Resolved at first touch flag.
    #[serde(default)]
    pub first_touch: Option<String>,
    /// CSAT score.
    #[serde(default)]
    pub csat: Option<String>,
    /// Minutes the export says the SLA clock was paused.
    #[serde(default)]
    pub paused_minutes: Option<String>,
    /// The PSA's response SLA verdict (true = met).
    #[serde(default)]
    pub sla_response_met: Option<String>,
    /// The PSA's resolution SLA verdict (true = met).
    #[serde(default)]
    pub sla_resolution_met: Option<String>,
    /// History shape: time of the status change.
    #[serde(default)]
    pub event_time: Option<String>,
    /// History shape: order of events with equal times (e.g. `sys_mod_count`).
    #[serde(default)]
    pub sequence: Option<String>,
    /// CSAT surveys: time of the response; size figures: the month.
    #[serde(default)]
    pub responded: Option<String>,
    /// CSAT surveys: the respondent's comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// Size figures: month (`2026-07`).
    #[serde(default)]
    pub month: Option<String>,
    /// Size figures: users.
    #[serde(default)]
    pub users: Option<String>,
    /// Size figures: endpoints.
    #[serde(default)]
    pub endpoints: Option<String>,
    /// Minutes from creation to the first response (calendar time), for exports that give
    /// the response time rather than its instant (Zendesk's `reply_time_in_minutes`).
    #[serde(default)]
    pub first_response_minutes: Option<String>,
    /// Measurements: the name of what is measured (`backup_jobs`, `availability`).
    #[serde(default)]
    pub measure: Option<String>,
    /// Measurements: the value.
    #[serde(default)]
    pub value: Option<String>,
    /// Measurements: the whole the value is a part of (jobs run, devices managed).
    #[serde(default)]
    pub of: Option<String>,
    /// Measurements: the day or month measured (`2026-07-14`, `2026-07`, or a date-time).
    #[serde(default)]
    pub date: Option<String>,
    /// Measurements as intervals (outages): start.
    #[serde(default)]
    pub start: Option<String>,
    /// Measurements as intervals (outages): end.
    #[serde(default)]
    pub end: Option<String>,
}

/// Value mappings, export value → canonical value (matched ignoring case and extra spaces).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ValuesConfig {
    /// → `P1` … `P5`.
    #[serde(default)]
    pub priority: BTreeMap<String, String>,
    /// → `new`, `open`, `paused`, `resolved`, `closed`, `canceled`.
    #[serde(default)]
    pub status: BTreeMap<String, String>,
    /// → `incident`, `request`, `change`, `problem`, … (free words).
    #[serde(default, rename = "type")]
    pub ticket_type: BTreeMap<String, String>,
    /// → `1`, `2`, `3`.
    #[serde(default)]
    pub tier: BTreeMap<String, String>,
    /// → `true` / `false` for every yes/no field.
    #[serde(default)]
    pub boolean: BTreeMap<String, bool>,
}

/// Constant values for fields the export lacks.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConstantsConfig {
    /// Ticket type of every row.
    #[serde(default, rename = "type")]
    pub ticket_type: Option<String>,
    /// Priority of every row.
    #[serde(default)]
    pub priority: Option<String>,
    /// Client id of every row (for a single-client export).
    #[serde(default)]
    pub client: Option<String>,
    /// Measure of every row (a measurements file about one thing, without a measure column).
    #[serde(default)]
    pub measure: Option<String>,
}

/// How escalation is read from the export.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EscalationConfig {
    /// Count a ticket reassigned at least once as escalated (default false).
    #[serde(default)]
    pub reassignment_counts: Option<bool>,
    /// Lowest tier that counts as escalated (default 2).
    #[serde(default)]
    pub min_tier: Option<i64>,
}
