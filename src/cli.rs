//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turns PSA/ITSM ticket exports into service review packs for MSP clients.
#[derive(Debug, Parser)]
#[command(name = "reviewpack", version, about, long_about = None)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a workspace: configuration, exports, and what was read, rejected and warned
    Check(CheckArgs),
    /// Compute the KPIs of a client (or all clients) for a period
    Kpis(KpisArgs),
    /// Generate a sample workspace with realistic, deterministic exports
    Sample(SampleArgs),
    /// Build review packs (PDF and HTML) for clients and a period
    Build(BuildArgs),
    /// Freeze the KPI results of a built pack as what was presented (for later comparisons)
    Publish(PublishArgs),
    /// Create a workspace skeleton, or write the built-in templates out for editing
    Init(InitArgs),
    /// The CSI register (continual service improvement actions)
    #[command(subcommand)]
    Csi(CsiCommand),
    /// Build and e-mail every pack that is due (the scheduled job; see docs/operations.md)
    Run(RunArgs),
    /// E-mail one pack to its recipients now (building it first if it is not built)
    Send(SendArgs),
    /// Help mapping an export: `mapping suggest FILE` proposes a source for it
    #[command(subcommand)]
    Mapping(MappingCommand),
}

/// `mapping` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum MappingCommand {
    /// Read an export's header and first records and print a proposed source (a preset when
    /// one matches, else columns and value maps), with what it can and cannot feed
    Suggest(MappingSuggestArgs),
    /// Print a built-in preset's full mapping (its YAML), or list the presets
    Show(MappingShowArgs),
}

/// `mapping show` arguments.
#[derive(Debug, clap::Args)]
pub struct MappingShowArgs {
    /// The preset (`connectwise`, `zendesk`, …); without it, the list
    #[arg(value_name = "PRESET")]
    pub preset: Option<String>,
}

/// `mapping suggest` arguments.
#[derive(Debug, clap::Args)]
pub struct MappingSuggestArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    /// The export (CSV, JSON or Parquet, optionally gzip): as given, or relative to the workspace
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `run` arguments.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    /// Decide what is due at this instant (YYYY-MM-DD: the end of that day; YYYY-MM-DDTHH:MM in
    /// each client's zone; default: now)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Folder packs, run state and delivery logs are kept under
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Only this client (repeatable; default: every scheduled client)
    #[arg(long = "client", value_name = "ID")]
    pub clients: Vec<String>,
    /// Work on shard I of N (1-based): N workers together cover every client exactly once
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Build what is due but write each message as an .eml file instead of sending it; records
    /// nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print what is due and what would happen, and do nothing
    #[arg(long)]
    pub plan: bool,
    /// Mail recipients again when their pack was rebuilt with different content
    #[arg(long)]
    pub resend: bool,
}

/// One pack of one client: the arguments of `publish` and `send`.
#[derive(Debug, clap::Args)]
pub struct OnePackArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    /// Client id
    #[arg(long = "client", value_name = "ID")]
    pub client: String,
    /// Review level (sync, monthly, qbr, semiannual, annual)
    #[arg(long, value_name = "LEVEL", default_value = "qbr")]
    pub level: String,
    /// Period of the pack (e.g. 2026-Q3, last-quarter)
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Resolve relative periods against this date (default: today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Folder the pack is built under
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
}

/// `send` arguments.
#[derive(Debug, clap::Args)]
pub struct SendArgs {
    #[command(flatten)]
    /// The pack (built first when it is missing from `--out`).
    pub pack: OnePackArgs,
    /// Write each message as an .eml file (under <out>/<client>/mail/) instead of sending it
    #[arg(long)]
    pub dry_run: bool,
    /// Mail recipients again when the pack changed since they received it
    #[arg(long)]
    pub resend: bool,
}

/// `csi` subcommands.
#[derive(Debug, Subcommand)]
pub enum CsiCommand {
    /// List a client's improvement actions and what changed since the last published review
    List(CsiListArgs),
}

/// `csi list` arguments.
#[derive(Debug, clap::Args)]
pub struct CsiListArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    /// Client id
    #[arg(long = "client", value_name = "ID")]
    pub client: String,
    /// Judge due dates as of this date (YYYY-MM-DD; default: today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Output files of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PackFormat {
    /// pack.pdf
    Pdf,
    /// pack.html
    Html,
}

/// `build` arguments.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    #[command(flatten)]
    /// Which clients.
    pub clients: ClientsArgs,
    /// Review level: sync, monthly, qbr, semiannual, annual (levels.yaml)
    #[arg(long, value_name = "LEVEL", default_value = "qbr")]
    pub level: String,
    /// Period of the level: a day, week or fortnight (sync), month (monthly), quarter (qbr),
    /// half (semiannual), year or fiscal year FY2026 (annual); or last-week, last-month …
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Evaluate as of this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default: now)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Formats to write (comma-separated); kpis.json, breaches.csv, charts and manifest.json are always written
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [PackFormat::Pdf, PackFormat::Html])]
    pub format: Vec<PackFormat>,
    /// Folder packs are written under (<out>/<client>/<level>-<period>/)
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Print where the time went to stderr
    #[arg(long)]
    pub timings: bool,
}

/// `publish` arguments.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    #[command(flatten)]
    /// The built pack.
    pub pack: OnePackArgs,
    /// Replace a review already published for this period
    #[arg(long)]
    pub force: bool,
}

/// `init` arguments.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    /// Write the built-in templates into <workspace>/templates/ for editing
    #[arg(long)]
    pub eject_templates: bool,
    /// Overwrite existing template files
    #[arg(long)]
    pub force: bool,
}

/// The workspace folder.
#[derive(Debug, clap::Args)]
pub struct WorkspaceArgs {
    /// Workspace folder (holds reviewpack.yaml)
    #[arg(
        short = 'w',
        long = "workspace",
        default_value = ".",
        value_name = "DIR"
    )]
    pub workspace: PathBuf,
}

/// The clients a command runs for: some by id, or all.
#[derive(Debug, clap::Args)]
pub struct ClientsArgs {
    /// Client id (repeatable)
    #[arg(
        long = "client",
        value_name = "ID",
        required_unless_present = "all_clients"
    )]
    pub clients: Vec<String>,
    /// Every client of the workspace
    #[arg(long, conflicts_with = "clients")]
    pub all_clients: bool,
}

/// `check` arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    /// Check only these clients (repeatable; default: all)
    #[arg(long = "client", value_name = "ID")]
    pub clients: Vec<String>,
    /// Report format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Date the relative checks run against (YYYY-MM-DD; default: today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

/// `kpis` arguments.
#[derive(Debug, clap::Args)]
pub struct KpisArgs {
    #[command(flatten)]
    /// Workspace.
    pub workspace: WorkspaceArgs,
    #[command(flatten)]
    /// Which clients.
    pub clients: ClientsArgs,
    /// Period: 2026-W27, 2026-07, 2026-Q3, 2026-H2, 2026, last-week, last-month, last-quarter, last-half, last-year
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Evaluate as of this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM, client's time zone; default: now)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = KpisFormat::Table)]
    pub format: KpisFormat,
    /// Print where the time went (load, clock, aggregation) to stderr
    #[arg(long)]
    pub timings: bool,
}

/// Formats of `kpis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KpisFormat {
    /// A readable table.
    Table,
    /// JSON (schema reviewpack.kpis/1, see docs/kpis-json.md).
    Json,
    /// CSV, one row per KPI and metric.
    Csv,
}

/// `sample` arguments.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Folder to write the workspace into (created; must be empty unless --force)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Number of clients
    #[arg(long, default_value_t = 3)]
    pub clients: usize,
    /// Months of history
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Approximate number of tickets in all (default: about 80 per client per month)
    #[arg(long)]
    pub tickets: Option<usize>,
    /// Last month of data (YYYY-MM)
    #[arg(long, default_value = "2026-09")]
    pub end: String,
    /// Random seed (the same seed gives the same files)
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Format of the ticket export
    #[arg(long, value_enum, default_value_t = SampleFormat::Csv)]
    pub format: SampleFormat,
    /// How many clients (from the third on) export a ServiceNow event log instead of PSA rows
    #[arg(long, default_value_t = 1)]
    pub history_clients: usize,
    /// Overwrite files in a non-empty folder
    #[arg(long)]
    pub force: bool,
}

/// Export formats of `sample`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SampleFormat {
    /// CSV (the multi-client export; the history export is gzip-compressed CSV).
    Csv,
    /// Parquet.
    Parquet,
}
