//! Turns the YAML types into validated `Options`, collecting every mistake with its location.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::options::*;
use super::parse::{describe_yaml, parse_duration_minutes, parse_in_unit, parse_percent};
use super::types::*;
use super::validate_delivery::{
    check_mailbox, validate_delivery, validate_recipients, validate_schedules, validate_sender,
};
use super::validate_source::validate_source;
use super::{ConfigError, ConfigErrors, YamlFile, suggest};
use crate::calendar::holidays::{NATIONAL_SET_NAMES, NationalHolidays};
use crate::calendar::{Calendar, DayHours, parse_day_hours};
use crate::data::presets;
use crate::kpi::metrics::{Metric, metric_names};
use crate::tz::parse_time_zone;

/// Years for which national holiday sets are expanded.
const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2000..=2060;

/// Collects errors against the file currently being validated.
pub(super) struct Checker<'a> {
    pub(super) file: &'a YamlFile,
    pub(super) errors: &'a mut Vec<ConfigError>,
}

impl Checker<'_> {
    /// A `limits` value within `(least, most, default)`; out of range it is an error.
    pub(super) fn limit(
        &mut self,
        path: &str,
        value: Option<u64>,
        (least, most, default): (u64, u64, u64),
        range: &str,
    ) -> u64 {
        match value {
            None => default,
            Some(value) if (least..=most).contains(&value) => value,
            Some(value) => {
                self.error(path, format!("`{value}`: {range}"));
                default
            }
        }
    }

    pub(super) fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(self.file.error_at(path, message));
    }

    /// Records an error for `Err` and returns the value for `Ok`.
    pub(super) fn check<T>(&mut self, path: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.error(path, message);
                None
            }
        }
    }
}

/// Validates the whole workspace.
pub fn validate(
    root: &Path,
    main: &YamlFile,
    config: WorkspaceConfig,
    client_files: Vec<(YamlFile, ClientConfig)>,
) -> Result<WorkspaceOptions, ConfigErrors> {
    let mut errors = Vec::new();
    let mut main_checker = Checker {
        file: main,
        errors: &mut errors,
    };
    let msp = validate_msp(&mut main_checker, root, &config.msp);
    let calendars = validate_calendars(&mut main_checker, &config.calendars);
    let sources = validate_sources(&mut main_checker, root, &config.sources);
    let max_rejected_share = config
        .data_quality
        .max_rejected_share
        .as_ref()
        .map(|v| match v {
            serde_yaml::Value::Number(n) => parse_percent(&n.to_string()),
            serde_yaml::Value::String(s) => parse_percent(s),
            other => Err(format!(
                "expected a percentage, found {}",
                describe_yaml(other)
            )),
        })
        .and_then(|r| main_checker.check("data_quality.max_rejected_share", r))
        .unwrap_or(5.0)
        / 100.0;
    use crate::pack::watchdog::{DEFAULT_PACK_MEMORY_MB, DEFAULT_PACK_SECONDS};
    let pack_seconds = main_checker.limit(
        "limits.pack_seconds",
        config.limits.pack_seconds,
        (1, 86_400, DEFAULT_PACK_SECONDS),
        "a pack's time limit is 1 to 86400 seconds",
    );
    let pack_memory_mb = main_checker.limit(
        "limits.pack_memory_mb",
        config.limits.pack_memory_mb,
        (64, 1_048_576, DEFAULT_PACK_MEMORY_MB),
        "a pack's memory limit is 64 to 1048576 MB",
    );
    let plausible_dates = validate_plausible(
        &mut main_checker,
        config.data_quality.plausible_dates.as_ref(),
    );
    let defaults = validate_defaults(&mut main_checker, &config.defaults, &calendars);

    let levels = level_names(root);
    let context = ClientContext {
        levels: &levels,
        calendars: &calendars,
        sources: &sources,
        defaults: &config.defaults,
        default_values: &defaults,
    };
    let mut clients = Vec::new();
    for (i, client) in config.clients.iter().enumerate() {
        let mut checker = Checker {
            file: main,
            errors: &mut errors,
        };
        let prefix = format!("clients[{i}]");
        clients.push(validate_client(&mut checker, &context, client, &prefix));
    }
    for (file, client) in &client_files {
        let mut checker = Checker {
            file,
            errors: &mut errors,
        };
        clients.push(validate_client(&mut checker, &context, client, ""));
    }
    // A source whose rows all belong to one client must name a configured one (checked here,
    // at its line, rather than when the export is read).
    if clients.iter().all(Option::is_some) {
        let ids: Vec<&str> = clients.iter().flatten().map(|c| c.id.as_str()).collect();
        for source in &sources {
            if let Some(id) = &source.constant_client
                && !ids.contains(&id.as_str())
            {
                let hint = suggest(id, &ids)
                    .map(|s| format!(" — did you mean `{s}`?"))
                    .unwrap_or_default();
                errors.push(main.error_at(
                    &format!("sources.{}.constants.client", source.name),
                    format!(
                        "`{id}` is not a configured client{hint} (clients: {})",
                        ids.join(", ")
                    ),
                ));
            }
        }
    }
    let mut seen = BTreeMap::new();
    for client in clients.iter().flatten() {
        if let Some(first) = seen.insert(client.id.clone(), client.defined_in.clone()) {
            let file = std::iter::once(main)
                .chain(client_files.iter().map(|(f, _)| f))
                .find(|f| f.path == client.defined_in.0)
                .unwrap_or(main);
            errors.push(file.error_at(
                &join(&client.defined_in.1, "id"),
                format!(
                    "client id `{}` is defined twice (also in {})",
                    client.id,
                    first.0.display()
                ),
            ));
        }
    }
    let delivery = validate_delivery(
        &mut main_checker_again(main, &mut errors),
        root,
        config.delivery.as_ref(),
    );
    let valid_clients: Vec<ClientOptions> = clients.into_iter().flatten().collect();
    let schedules = validate_schedules(
        &mut main_checker_again(main, &mut errors),
        &config.schedules,
        &levels,
        &calendars,
        &valid_clients,
    );
    if !errors.is_empty() {
        // A mistake in `defaults` is found once per client that inherits it: say it once.
        let mut seen = std::collections::HashSet::new();
        errors.retain(|e| seen.insert(e.to_string()));
        return Err(ConfigErrors(errors));
    }
    let mut config_files = vec![main.path.clone()];
    config_files.extend(client_files.iter().map(|(f, _)| f.path.clone()));
    Ok(WorkspaceOptions {
        root: root.to_path_buf(),
        msp: msp.unwrap_or_else(unreachable_msp),
        sources,
        clients: valid_clients,
        max_rejected_share,
        plausible: (
            plausible_dates
                .0
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp_millis(),
            (plausible_dates.1 + chrono::Duration::days(1))
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp_millis(),
        ),
        plausible_dates,
        config_files,
        delivery,
        schedules,
        boundary: super::boundary::Boundary::new(root),
        pack_seconds,
        pack_memory_mb,
    })
}

/// The plausible dates of tickets: `data_quality.plausible_dates`, default 1990 to 2099.
fn validate_plausible(
    checker: &mut Checker,
    config: Option<&PlausibleDatesConfig>,
) -> (NaiveDate, NaiveDate) {
    let default = (
        NaiveDate::from_ymd_opt(1990, 1, 1).expect("valid date"),
        NaiveDate::from_ymd_opt(2099, 12, 31).expect("valid date"),
    );
    let Some(config) = config else {
        return default;
    };
    let mut date = |key: &str, text: &str| {
        checker.check(
            &format!("data_quality.plausible_dates.{key}"),
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| format!("`{text}` is not a date (expected YYYY-MM-DD)"))
                .and_then(|d| {
                    if (1900..=2200).contains(&d.year()) {
                        Ok(d)
                    } else {
                        Err(format!(
                            "`{text}`: plausible dates lie between 1900 and 2200"
                        ))
                    }
                }),
        )
    };
    let (Some(from), Some(to)) = (date("from", &config.from), date("to", &config.to)) else {
        return default;
    };
    if to < from {
        checker.error(
            "data_quality.plausible_dates.to",
            "the last plausible day is before the first",
        );
        return default;
    }
    (from, to)
}

/// Checks that a name fits on a cover and in a table.
pub(super) fn check_name_length(checker: &mut Checker, path: &str, name: &str) {
    let length = name.chars().count();
    if length > super::MAX_NAME_CHARS {
        checker.error(
            path,
            format!(
                "the name is {length} characters long; at most {} (it has to fit on a cover)",
                super::MAX_NAME_CHARS
            ),
        );
    }
}

/// Checks that a review level exists (`levels.yaml`), suggesting the nearest name.
pub(super) fn check_level(checker: &mut Checker, path: &str, level: &str, known: &[&str]) -> bool {
    if known.contains(&level) {
        return true;
    }
    let hint = suggest(level, known)
        .map(|s| format!(" — did you mean `{s}`?"))
        .unwrap_or_default();
    checker.error(
        path,
        format!(
            "unknown review level `{level}`{hint} (levels: {})",
            known.join(", ")
        ),
    );
    false
}

fn main_checker_again<'a>(main: &'a YamlFile, errors: &'a mut Vec<ConfigError>) -> Checker<'a> {
    Checker { file: main, errors }
}

fn unreachable_msp() -> MspOptions {
    // Only reached when errors were recorded, which returns early above.
    MspOptions {
        name: String::new(),
        logo: None,
        primary_color: String::new(),
        secondary_color: String::new(),
        accent_color: String::new(),
        website: None,
        sender: None,
    }
}

pub(super) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn validate_color(
    checker: &mut Checker,
    path: &str,
    value: &Option<String>,
    default: &str,
) -> String {
    let Some(color) = value else {
        return default.to_string();
    };
    let valid = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !valid {
        checker.error(
            path,
            format!("`{color}` is not a colour (expected `#rrggbb`)"),
        );
    }
    color.to_lowercase()
}

fn validate_msp(checker: &mut Checker, root: &Path, msp: &MspConfig) -> Option<MspOptions> {
    check_name_length(checker, "msp.name", &msp.name);
    if msp.name.trim().is_empty() {
        checker.error("msp.name", "the MSP needs a name");
    }
    let logo = msp.logo.as_ref().map(|l| root.join(l));
    if let (Some(path), Some(text)) = (&logo, &msp.logo)
        && let Err(message) = super::boundary::Boundary::new(root).check_named(text, path)
    {
        checker.error("msp.logo", message);
    }
    if let (Some(path), Some(text)) = (&logo, &msp.logo)
        && !path.is_file()
    {
        checker.error("msp.logo", format!("logo file `{text}` does not exist"));
    }
    Some(MspOptions {
        name: msp.name.trim().to_string(),
        logo,
        primary_color: validate_color(
            checker,
            "msp.colors.primary",
            &msp.colors.primary,
            "#1f4e79",
        ),
        secondary_color: validate_color(
            checker,
            "msp.colors.secondary",
            &msp.colors.secondary,
            "#4f81bd",
        ),
        accent_color: validate_color(checker, "msp.colors.accent", &msp.colors.accent, "#e07a1f"),
        website: msp.website.clone(),
        sender: validate_sender(checker, msp.sender.as_ref()),
    })
}

fn validate_calendars(
    checker: &mut Checker,
    calendars: &BTreeMap<String, CalendarConfig>,
) -> BTreeMap<String, Calendar> {
    let mut out = BTreeMap::new();
    out.insert("24x7".to_string(), Calendar::always_open());
    for (name, config) in calendars {
        let path = format!("calendars.{name}");
        if name == "24x7" {
            checker.error(&path, "`24x7` is built in and cannot be redefined");
            continue;
        }
        let calendar = validate_calendar(checker, &path, name, config);
        out.insert(name.clone(), calendar);
    }
    out
}

fn validate_calendar(
    checker: &mut Checker,
    path: &str,
    name: &str,
    config: &CalendarConfig,
) -> Calendar {
    let hours = &config.hours;
    let errors_before = checker.errors.len();
    let weekdays = hours
        .weekdays
        .as_ref()
        .and_then(|t| checker.check(&format!("{path}.hours.weekdays"), parse_day_hours(t)));
    let days = [
        &hours.mon, &hours.tue, &hours.wed, &hours.thu, &hours.fri, &hours.sat, &hours.sun,
    ];
    let keys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut weekly: [DayHours; 7] = Default::default();
    for (i, day) in days.iter().enumerate() {
        weekly[i] = match day {
            Some(text) => checker
                .check(&format!("{path}.hours.{}", keys[i]), parse_day_hours(text))
                .unwrap_or_default(),
            None if i < 5 => weekdays.clone().unwrap_or_default(),
            None => Vec::new(),
        };
    }
    if weekly.iter().all(|d| d.is_empty()) && checker.errors.len() == errors_before {
        checker.error(
            &format!("{path}.hours"),
            "a business calendar needs opening hours on at least one day (e.g. `weekdays: 09:00-18:00`); use the built-in `24x7` for an always-open clock",
        );
    }
    let mut exceptions = BTreeMap::new();
    for (i, set) in config.holidays.national.iter().enumerate() {
        let Some(national) = NationalHolidays::parse(set) else {
            let hint = suggest(set, NATIONAL_SET_NAMES)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            checker.error(
                &format!("{path}.holidays.national[{i}]"),
                format!(
                    "unknown national holiday set `{set}`{hint} (built in: {})",
                    NATIONAL_SET_NAMES.join(", ")
                ),
            );
            continue;
        };
        for year in HOLIDAY_YEARS {
            for (date, holiday) in national.for_year(year) {
                exceptions.insert(date, (Vec::new(), holiday.to_string()));
            }
        }
    }
    for (i, entry) in config.holidays.dates.iter().enumerate() {
        let entry_path = format!("{path}.holidays.dates[{i}]");
        let (date_text, holiday_name, hours_text) = match entry {
            HolidayDateConfig::Date(d) => (d.as_str(), None, None),
            HolidayDateConfig::Detailed(d) => (d.date.as_str(), d.name.clone(), d.hours.as_deref()),
        };
        let Some(date) = checker.check(&entry_path, parse_date(date_text)) else {
            continue;
        };
        let hours = match hours_text {
            Some(text) => checker
                .check(&format!("{entry_path}.hours"), parse_day_hours(text))
                .unwrap_or_default(),
            None => Vec::new(),
        };
        exceptions.insert(
            date,
            (hours, holiday_name.unwrap_or_else(|| "Closed".to_string())),
        );
    }
    Calendar {
        name: name.to_string(),
        weekly: Some(weekly),
        exceptions: exceptions.into(),
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date (expected `YYYY-MM-DD`)"))
}

struct DefaultValues {
    locale: Locale,
    tz: Option<chrono_tz::Tz>,
}

fn validate_defaults(
    checker: &mut Checker,
    defaults: &DefaultsConfig,
    calendars: &BTreeMap<String, Calendar>,
) -> DefaultValues {
    let locale = defaults
        .locale
        .as_ref()
        .and_then(|l| checker.check("defaults.locale", parse_locale(l)))
        .unwrap_or(Locale::EnGb);
    let tz = defaults
        .timezone
        .as_ref()
        .and_then(|t| checker.check("defaults.timezone", parse_time_zone(t)));
    if let Some(name) = &defaults.calendar {
        check_calendar_name(checker, "defaults.calendar", name, calendars);
    }
    DefaultValues { locale, tz }
}

fn parse_locale(text: &str) -> Result<Locale, String> {
    match text.replace('_', "-").to_lowercase().as_str() {
        "en" | "en-gb" => Ok(Locale::EnGb),
        "en-us" => Ok(Locale::EnUs),
        "it" | "it-it" => Ok(Locale::ItIt),
        _ => Err(format!(
            "unsupported locale `{text}` (supported: en-GB, en-US, it-IT)"
        )),
    }
}

fn check_calendar_name(
    checker: &mut Checker,
    path: &str,
    name: &str,
    calendars: &BTreeMap<String, Calendar>,
) -> Option<Calendar> {
    if let Some(calendar) = calendars.get(name) {
        return Some(calendar.clone());
    }
    let names: Vec<&str> = calendars.keys().map(String::as_str).collect();
    let hint = suggest(name, &names)
        .map(|s| format!(" — did you mean `{s}`?"))
        .unwrap_or_default();
    checker.error(
        path,
        format!(
            "unknown calendar `{name}`{hint} (defined: {})",
            names.join(", ")
        ),
    );
    None
}

struct ClientContext<'a> {
    /// The review levels of the workspace (`levels.yaml`, built in or in `templates/`).
    levels: &'a [String],
    calendars: &'a BTreeMap<String, Calendar>,
    sources: &'a [SourceOptions],
    defaults: &'a DefaultsConfig,
    default_values: &'a DefaultValues,
}

fn validate_client(
    checker: &mut Checker,
    context: &ClientContext,
    client: &ClientConfig,
    prefix: &str,
) -> Option<ClientOptions> {
    let at = |key: &str| join(prefix, key);
    check_name_length(checker, &at("name"), &client.name);
    let valid_id = !client.id.is_empty()
        && client
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid_id {
        checker.error(
            &at("id"),
            format!(
                "client id `{}` must be lower-case letters, digits, `-` or `_`",
                client.id
            ),
        );
    }
    let locale = match &client.locale {
        Some(l) => checker.check(&at("locale"), parse_locale(l)),
        None => Some(context.default_values.locale),
    };
    let tz = match &client.timezone {
        Some(t) => checker.check(&at("timezone"), parse_time_zone(t)),
        None => context.default_values.tz.or_else(|| {
            checker.error(
                &at("id"),
                "the client needs a `timezone` (or set `defaults.timezone`)",
            );
            None
        }),
    };
    let calendar_name = client
        .calendar
        .clone()
        .or_else(|| context.defaults.calendar.clone())
        .unwrap_or_else(|| "24x7".to_string());
    let calendar = check_calendar_name(checker, &at("calendar"), &calendar_name, context.calendars);
    let sources = validate_client_sources(checker, context, client, &at("sources"));
    let sla_config = client.sla.as_ref().or(context.defaults.sla.as_ref());
    let sla_prefix = if client.sla.is_some() {
        at("sla")
    } else {
        "defaults.sla".to_string()
    };
    let sla = calendar.as_ref().and_then(|calendar| {
        validate_sla(
            checker,
            context.calendars,
            sla_config,
            calendar,
            &sla_prefix,
        )
    });
    let mut csfs = Vec::new();
    let mut csf_ids = BTreeSet::new();
    for (i, csf) in client.csfs.iter().enumerate() {
        let path = at(&format!("csfs[{i}]"));
        if let Some(csf) = validate_csf(
            checker,
            csf,
            &path,
            locale.unwrap_or(Locale::EnGb),
            context.calendars,
        ) {
            if !csf_ids.insert(csf.id.clone()) {
                checker.error(
                    &format!("{path}.id"),
                    format!("CSF id `{}` is used twice", csf.id),
                );
            }
            csfs.push(csf);
        }
    }
    let stakeholders = validate_stakeholders(checker, &client.stakeholders, prefix, context.levels);
    let csat_config = client.csat.as_ref().or(context.defaults.csat.as_ref());
    let csat = CsatOptions {
        scale_max: csat_config.and_then(|c| c.scale_max).unwrap_or(5.0),
        satisfied_at: csat_config.and_then(|c| c.satisfied_at).unwrap_or(4.0),
    };
    if csat.satisfied_at > csat.scale_max {
        checker.error(
            &at("csat.satisfied_at"),
            "the satisfied threshold is above the top of the scale",
        );
    }
    let paper = match client
        .paper
        .as_deref()
        .or(context.defaults.paper.as_deref())
    {
        None | Some("a4") | Some("A4") => "a4",
        Some("letter") | Some("us-letter") | Some("Letter") => "us-letter",
        Some(other) => {
            let path = if client.paper.is_some() {
                at("paper")
            } else {
                "defaults.paper".to_string()
            };
            checker.error(
                &path,
                format!("unknown paper size `{other}` (expected `a4` or `letter`)"),
            );
            "a4"
        }
    };
    let mut match_values: Vec<String> = if client.match_values.is_empty() {
        vec![client.id.clone(), client.name.clone()]
    } else {
        client.match_values.clone()
    };
    match_values = match_values.iter().map(|v| normalize_label(v)).collect();
    let packs = validate_packs(checker, client.packs.as_ref(), &at("packs"), context.levels);
    let recipients = validate_recipients(
        checker,
        &client.recipients,
        &at("recipients"),
        context.levels,
    );
    let fiscal_year_start = match client
        .fiscal_year_start
        .or(context.defaults.fiscal_year_start)
    {
        None => 1,
        Some(month) if (1..=12).contains(&month) => month,
        Some(month) => {
            let path = if client.fiscal_year_start.is_some() {
                at("fiscal_year_start")
            } else {
                "defaults.fiscal_year_start".to_string()
            };
            checker.error(
                &path,
                format!("`{month}` is not a month (expected 1 to 12)"),
            );
            1
        }
    };
    let contract = client.contract.as_ref().and_then(|c| {
        let date = |checker: &mut Checker, key: &str, text: &str| {
            chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| {
                    checker.error(
                        &at(key),
                        format!("`{text}` is not a date (expected YYYY-MM-DD)"),
                    )
                })
                .ok()
        };
        let start = date(checker, "contract.start", &c.start)?;
        let end = date(checker, "contract.end", &c.end)?;
        if end < start {
            checker.error(&at("contract.end"), "the contract ends before it starts");
            return None;
        }
        Some((start, end))
    });
    let sla = sla?;
    let users = client.size.as_ref().and_then(|s| s.users);
    let endpoints = client.size.as_ref().and_then(|s| s.endpoints);
    let provided = super::inputs::Provided::of(
        sources.iter().map(|&i| &context.sources[i]),
        users.is_some(),
        endpoints.is_some(),
        sla.verdict,
    );
    Some(ClientOptions {
        id: client.id.clone(),
        name: client.name.clone(),
        locale: locale?,
        tz: tz?,
        match_values,
        sources,
        sla,
        csfs,
        stakeholders,
        users,
        endpoints,
        csat,
        paper,
        defined_in: (checker.file.path.clone(), prefix.to_string()),
        provided,
        packs,
        fiscal_year_start,
        contract,
        calendar: calendar?,
        recipients,
    })
}

/// The names of the review levels: the keys of the workspace's `templates/levels.yaml` when it
/// has one, else of the built-in file (a new level is data: its entry and its templates).
fn level_names(root: &Path) -> Vec<String> {
    let builtin = include_str!("../../report-templates/levels.yaml");
    let custom = std::fs::read_to_string(root.join("templates/levels.yaml")).ok();
    let text = custom.as_deref().unwrap_or(builtin);
    let names = |text: &str| -> Vec<String> {
        serde_yaml::from_str::<serde_yaml::Mapping>(text)
            .map(|m| {
                m.keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let found = names(text);
    // A broken levels.yaml is reported where the levels are read; names come from the built-in.
    if found.is_empty() {
        names(builtin)
    } else {
        found
    }
}

fn validate_packs(
    checker: &mut Checker,
    config: Option<&PacksConfig>,
    path: &str,
    levels: &[String],
) -> PackOptions {
    let known: Vec<&str> = levels.iter().map(String::as_str).collect();
    let Some(config) = config else {
        return PackOptions::default();
    };
    let touch = match config.touch.as_deref() {
        None => crate::pack::levels::Touch::High,
        Some(word) => crate::pack::levels::Touch::parse(word).unwrap_or_else(|| {
            checker.error(
                &format!("{path}.touch"),
                format!("unknown touch `{word}` (expected low, medium or high)"),
            );
            crate::pack::levels::Touch::High
        }),
    };
    let check_level = |checker: &mut Checker, key: &str, level: &str| {
        check_level(checker, key, level, &known);
    };
    if let Some(chosen) = &config.levels {
        for (i, level) in chosen.iter().enumerate() {
            check_level(checker, &format!("{path}.levels[{i}]"), level);
        }
    }
    for level in config.sections.keys() {
        check_level(checker, &format!("{path}.sections.{level}"), level);
    }
    PackOptions {
        touch,
        levels: config.levels.clone(),
        sections: config.sections.clone(),
    }
}

fn validate_client_sources(
    checker: &mut Checker,
    context: &ClientContext,
    client: &ClientConfig,
    path: &str,
) -> Vec<usize> {
    let Some(names) = &client.sources else {
        return (0..context.sources.len()).collect();
    };
    let known: Vec<&str> = context.sources.iter().map(|s| s.name.as_str()).collect();
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match known.iter().position(|k| k == name) {
            Some(index) => out.push(index),
            None => {
                let hint = suggest(name, &known)
                    .map(|s| format!(" — did you mean `{s}`?"))
                    .unwrap_or_default();
                checker.error(
                    &format!("{path}[{i}]"),
                    format!(
                        "unknown source `{name}`{hint} (defined: {})",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    out
}

fn parse_target_set(checker: &mut Checker, path: &str, names: &[String]) -> TargetSet {
    let mut set = TargetSet::default();
    for (i, name) in names.iter().enumerate() {
        match name.as_str() {
            "response" => set.response = true,
            "resolution" => set.resolution = true,
            other => checker.error(
                &format!("{path}[{i}]"),
                format!("unknown SLA target `{other}` (expected `response` or `resolution`)"),
            ),
        }
    }
    set
}

fn validate_pauses(checker: &mut Checker, path: &str, rules: &[PauseRuleConfig]) -> Vec<PauseRule> {
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let rule_path = format!("{path}[{i}]");
            if rule.statuses.is_empty() {
                checker.error(&format!("{rule_path}.statuses"), "list at least one status");
            }
            PauseRule {
                statuses: rule.statuses.iter().map(|s| normalize_label(s)).collect(),
                targets: parse_target_set(checker, &format!("{rule_path}.targets"), &rule.targets),
            }
        })
        .collect()
}

fn default_pauses() -> Vec<PauseRule> {
    vec![PauseRule {
        statuses: vec!["paused".to_string()],
        targets: TargetSet {
            response: false,
            resolution: true,
        },
    }]
}

fn validate_sla(
    checker: &mut Checker,
    calendars: &BTreeMap<String, Calendar>,
    config: Option<&SlaConfig>,
    client_calendar: &Calendar,
    prefix: &str,
) -> Option<SlaOptions> {
    let empty = SlaConfig::default();
    let config = config.unwrap_or(&empty);
    let calendar = match &config.calendar {
        Some(name) => check_calendar_name(checker, &join(prefix, "calendar"), name, calendars)?,
        None => client_calendar.clone(),
    };
    let verdict = match config.verdict.as_deref() {
        None | Some("computed") => Verdict::Computed,
        Some("psa") => Verdict::Psa,
        Some(other) => {
            checker.error(
                &join(prefix, "verdict"),
                format!("unknown verdict `{other}` (expected `computed` or `psa`)"),
            );
            Verdict::Computed
        }
    };
    let pauses = match &config.pauses {
        Some(rules) => validate_pauses(checker, &join(prefix, "pauses"), rules),
        None => default_pauses(),
    };
    let exported_pause_applies_to = match &config.exported_pause_applies_to {
        Some(names) => parse_target_set(checker, &join(prefix, "exported_pause_applies_to"), names),
        None => TargetSet {
            response: false,
            resolution: true,
        },
    };
    let mut targets = BTreeMap::new();
    for (priority, target) in &config.targets {
        let path = join(prefix, &format!("targets.{priority}"));
        if !PRIORITIES.contains(&priority.as_str()) {
            let hint = suggest(priority, PRIORITIES)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            checker.error(
                &path,
                format!("unknown priority `{priority}`{hint} (expected P1 to P5)"),
            );
            continue;
        }
        let response_minutes = target.response_target.as_ref().and_then(|t| {
            checker.check(
                &format!("{path}.response_target"),
                parse_duration_minutes(t),
            )
        });
        let resolution_minutes = target.resolution_target.as_ref().and_then(|t| {
            checker.check(
                &format!("{path}.resolution_target"),
                parse_duration_minutes(t),
            )
        });
        if let (Some(response), Some(resolution)) = (response_minutes, resolution_minutes)
            && response > resolution
        {
            checker.error(
                &path,
                "the response target is longer than the resolution target",
            );
        }
        let target_calendar = match &target.calendar {
            Some(name) => {
                check_calendar_name(checker, &format!("{path}.calendar"), name, calendars)
                    .unwrap_or_else(|| calendar.clone())
            }
            None => calendar.clone(),
        };
        let target_pauses = match &target.pauses {
            Some(rules) => validate_pauses(checker, &format!("{path}.pauses"), rules),
            None => pauses.clone(),
        };
        targets.insert(
            priority.clone(),
            PriorityTargets {
                response_minutes,
                resolution_minutes,
                calendar: target_calendar,
                pauses: target_pauses,
            },
        );
    }
    Some(SlaOptions {
        targets,
        fallback: PriorityTargets {
            response_minutes: None,
            resolution_minutes: None,
            calendar,
            pauses,
        },
        verdict,
        exported_pause_applies_to,
    })
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn validate_csf(
    checker: &mut Checker,
    csf: &CsfConfig,
    path: &str,
    locale: Locale,
    calendars: &BTreeMap<String, Calendar>,
) -> Option<CsfOptions> {
    check_name_length(checker, &format!("{path}.name"), &csf.name);
    for (i, kpi) in csf.kpis.iter().enumerate() {
        if let Some(name) = &kpi.name {
            check_name_length(checker, &format!("{path}.kpis[{i}].name"), name);
        }
    }
    if csf.kpis.is_empty() {
        checker.error(&format!("{path}.kpis"), "a CSF needs at least one KPI");
    }
    let mut kpis = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, kpi) in csf.kpis.iter().enumerate() {
        let kpi_path = format!("{path}.kpis[{i}]");
        if let Some(kpi) = validate_kpi(checker, kpi, &kpi_path, locale, calendars) {
            if !ids.insert(kpi.id.clone()) {
                checker.error(
                    &kpi_path,
                    format!(
                        "KPI id `{}` is used twice in this CSF; give one an `id`",
                        kpi.id
                    ),
                );
            }
            kpis.push(kpi);
        }
    }
    Some(CsfOptions {
        id: csf.id.clone().unwrap_or_else(|| slug(&csf.name)),
        name: csf.name.clone(),
        description: csf.description.clone(),
        kpis,
    })
}

fn validate_filter(
    checker: &mut Checker,
    path: &str,
    filter: Option<&FilterConfig>,
) -> TicketFilter {
    let Some(filter) = filter else {
        return TicketFilter::default();
    };
    let list = |v: &Option<OneOrMany>| v.as_ref().map(|v| v.values()).unwrap_or_default();
    let priority: Vec<String> = list(&filter.priority)
        .iter()
        .map(|p| p.to_uppercase())
        .collect();
    for p in &priority {
        if !PRIORITIES.contains(&p.as_str()) {
            checker.error(
                &format!("{path}.priority"),
                format!("unknown priority `{p}` (expected P1 to P5)"),
            );
        }
    }
    let status: Vec<String> = list(&filter.status)
        .iter()
        .map(|s| normalize_label(s))
        .collect();
    for s in &status {
        if !STATUSES.contains(&s.as_str()) {
            checker.error(
                &format!("{path}.status"),
                format!(
                    "unknown status `{s}` (expected one of {})",
                    STATUSES.join(", ")
                ),
            );
        }
    }
    TicketFilter {
        ticket_type: list(&filter.ticket_type)
            .iter()
            .map(|v| normalize_label(v))
            .collect(),
        priority,
        category: list(&filter.category)
            .iter()
            .map(|v| normalize_label(v))
            .collect(),
        assignment_group: list(&filter.assignment_group)
            .iter()
            .map(|v| normalize_label(v))
            .collect(),
        status,
    }
}

/// Columns a custom aggregate can use.
pub const CUSTOM_COLUMNS: &[&str] = &[
    "response_minutes",
    "resolution_minutes",
    "csat",
    "reassignments",
    "reopens",
    "tier",
];

fn validate_definition(
    checker: &mut Checker,
    kpi: &KpiConfig,
    path: &str,
    calendars: &BTreeMap<String, Calendar>,
) -> Option<KpiDefinition> {
    let given = [
        kpi.metric.is_some(),
        kpi.custom.is_some(),
        kpi.sql.is_some(),
        kpi.measurement.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        checker.error(
            path,
            "a KPI needs exactly one of `metric`, `custom`, `sql` or `measurement`",
        );
        return None;
    }
    if let Some(measurement) = &kpi.measurement {
        let at = format!("{path}.measurement");
        if measurement.name.trim().is_empty() {
            checker.error(
                &format!("{at}.name"),
                "name the measure, as the `measure` column of a `kind: measurements` source writes it",
            );
            return None;
        }
        let Some(aggregate) = MeasureAggregate::parse(measurement.aggregate.trim()) else {
            let options = ["mean", "sum", "min", "max", "last", "ratio", "availability"];
            let hint = suggest(&measurement.aggregate, &options)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            checker.error(
                &format!("{at}.aggregate"),
                format!(
                    "unknown aggregate `{}`{hint} (expected one of {})",
                    measurement.aggregate,
                    options.join(", ")
                ),
            );
            return None;
        };
        let maintenance = match &measurement.maintenance {
            None => None,
            Some(_) if aggregate != MeasureAggregate::Availability => {
                checker.error(
                    &format!("{at}.maintenance"),
                    "maintenance windows apply to `aggregate: availability` only",
                );
                return None;
            }
            Some(name) => Some((
                name.clone(),
                check_calendar_name(checker, &format!("{at}.maintenance"), name, calendars)?,
            )),
        };
        return Some(KpiDefinition::Measurement(MeasurementKpi {
            name: measurement.name.trim().to_string(),
            aggregate,
            maintenance,
        }));
    }
    if let Some(name) = &kpi.metric {
        let Some(metric) = Metric::parse(name) else {
            let names = metric_names();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = suggest(name, &refs)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            checker.error(
                &format!("{path}.metric"),
                format!(
                    "unknown metric `{name}`{hint} (built in: {})",
                    names.join(", ")
                ),
            );
            return None;
        };
        return Some(KpiDefinition::Builtin(metric));
    }
    if let Some(sql) = &kpi.sql {
        let words: Vec<String> = sql
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map(str::to_ascii_lowercase)
            .collect();
        if words.iter().any(|w| w == "join") {
            checker.error(&format!("{path}.sql"), crate::kpi::custom::JOIN_REFUSED);
        }
        if sql.trim().is_empty() {
            checker.error(&format!("{path}.sql"), "empty SQL query");
            return None;
        }
        return Some(KpiDefinition::Sql(sql.clone()));
    }
    let custom = kpi.custom.as_ref()?;
    let custom_path = format!("{path}.custom");
    let aggregate = match custom.aggregate.as_str() {
        "count" => CustomAggregate::Count,
        "share" => {
            let Some(condition) = &custom.condition else {
                checker.error(&custom_path, "`aggregate: share` needs a `where` filter (the tickets counted in the numerator)");
                return None;
            };
            CustomAggregate::Share(validate_filter(
                checker,
                &format!("{custom_path}.where"),
                Some(condition),
            ))
        }
        statistic @ ("mean" | "median" | "p90" | "sum" | "min" | "max") => {
            let Some(column) = &custom.column else {
                checker.error(
                    &custom_path,
                    format!(
                        "`aggregate: {statistic}` needs a `column` ({})",
                        CUSTOM_COLUMNS.join(", ")
                    ),
                );
                return None;
            };
            if !CUSTOM_COLUMNS.contains(&column.as_str()) {
                let hint = suggest(column, CUSTOM_COLUMNS)
                    .map(|s| format!(" — did you mean `{s}`?"))
                    .unwrap_or_default();
                checker.error(
                    &format!("{custom_path}.column"),
                    format!(
                        "unknown column `{column}`{hint} (expected one of {})",
                        CUSTOM_COLUMNS.join(", ")
                    ),
                );
                return None;
            }
            CustomAggregate::Column {
                statistic: statistic.to_string(),
                column: column.clone(),
            }
        }
        other => {
            let options = [
                "count", "share", "mean", "median", "p90", "sum", "min", "max",
            ];
            let hint = suggest(other, &options)
                .map(|s| format!(" — did you mean `{s}`?"))
                .unwrap_or_default();
            checker.error(
                &format!("{custom_path}.aggregate"),
                format!(
                    "unknown aggregate `{other}`{hint} (expected one of {})",
                    options.join(", ")
                ),
            );
            return None;
        }
    };
    Some(KpiDefinition::Custom(aggregate))
}

fn default_unit(definition: &KpiDefinition) -> Unit {
    match definition {
        KpiDefinition::Measurement(m) => match m.aggregate {
            MeasureAggregate::Ratio | MeasureAggregate::Availability => Unit::Percent,
            _ => Unit::Count,
        },
        KpiDefinition::Builtin(metric) => metric.unit(),
        KpiDefinition::Custom(CustomAggregate::Count) | KpiDefinition::Sql(_) => Unit::Count,
        KpiDefinition::Custom(CustomAggregate::Share(_)) => Unit::Percent,
        KpiDefinition::Custom(CustomAggregate::Column { column, statistic }) => {
            if column.ends_with("_minutes") {
                Unit::Minutes
            } else if column == "csat" && statistic != "sum" {
                Unit::Score
            } else {
                Unit::Count
            }
        }
    }
}

fn validate_kpi(
    checker: &mut Checker,
    kpi: &KpiConfig,
    path: &str,
    locale: Locale,
    calendars: &BTreeMap<String, Calendar>,
) -> Option<KpiOptions> {
    let definition = validate_definition(checker, kpi, path, calendars)?;
    if matches!(definition, KpiDefinition::Measurement(_)) {
        for (key, given) in [
            ("filter", kpi.filter.is_some()),
            ("counts_in", kpi.counts_in.is_some()),
        ] {
            if given {
                checker.error(
                    &format!("{path}.{key}"),
                    format!("a measurement KPI reads no tickets; remove `{key}`"),
                );
            }
        }
    }
    let unit = match (&kpi.unit, &definition) {
        (Some(_), KpiDefinition::Builtin(_)) => {
            checker.error(
                &format!("{path}.unit"),
                "a built-in metric has its own unit; remove `unit`",
            );
            default_unit(&definition)
        }
        (Some(text), _) => checker
            .check(
                &format!("{path}.unit"),
                Unit::parse(text).ok_or_else(|| {
                    format!(
                        "unknown unit `{text}` (expected count, percent, minutes, score or ratio)"
                    )
                }),
            )
            .unwrap_or(Unit::Count),
        (None, _) => default_unit(&definition),
    };
    let counts_in = match (kpi.counts_in.as_deref(), &definition) {
        (Some(_), KpiDefinition::Builtin(_)) => {
            checker.error(
                &format!("{path}.counts_in"),
                "a built-in metric has its own counting rule; remove `counts_in`",
            );
            CountsIn::Created
        }
        (None, KpiDefinition::Builtin(metric)) => metric.counts_in(),
        (None | Some("created"), _) => CountsIn::Created,
        (Some("resolved"), _) => CountsIn::Resolved,
        (Some(other), _) => {
            checker.error(
                &format!("{path}.counts_in"),
                format!("unknown value `{other}` (expected `created` or `resolved`)"),
            );
            CountsIn::Created
        }
    };
    let direction = match kpi.direction.as_deref() {
        Some("lower") => Some(Direction::Lower),
        Some("higher") => Some(Direction::Higher),
        Some(other) => {
            checker.error(
                &format!("{path}.direction"),
                format!("unknown direction `{other}` (expected `lower` or `higher`)"),
            );
            None
        }
        None => match &definition {
            KpiDefinition::Builtin(metric) => metric.default_direction(),
            KpiDefinition::Measurement(m) if m.aggregate == MeasureAggregate::Availability => {
                Some(Direction::Higher)
            }
            _ => None,
        },
    };
    let target = kpi
        .target
        .as_ref()
        .and_then(|t| checker.check(&format!("{path}.target"), parse_in_unit(t, unit)));
    if target.is_some() && direction.is_none() && kpi.direction.is_none() {
        checker.error(
            path,
            "this KPI has a target but no `direction` (`lower` or `higher` is better)",
        );
    }
    let at_risk = kpi
        .at_risk
        .as_ref()
        .and_then(|t| checker.check(&format!("{path}.at_risk"), parse_in_unit(t, unit)));
    let filter = validate_filter(checker, &format!("{path}.filter"), kpi.filter.as_ref());
    let (id, name) = kpi_names(kpi, &definition, locale);
    Some(KpiOptions {
        id,
        name,
        definition,
        counts_in,
        unit,
        filter,
        target,
        direction: direction.unwrap_or(Direction::Lower),
        at_risk,
    })
}

fn kpi_names(kpi: &KpiConfig, definition: &KpiDefinition, locale: Locale) -> (String, String) {
    let metric_name = match definition {
        KpiDefinition::Builtin(metric) => Some((
            metric.key(),
            crate::i18n::language(locale.language())
                .format(&crate::i18n::metric_id("metric", &metric.key()), &[]),
        )),
        _ => None,
    };
    let name = kpi
        .name
        .clone()
        .or_else(|| metric_name.as_ref().map(|m| m.1.clone()))
        .unwrap_or_else(|| "Custom KPI".to_string());
    let id = kpi
        .id
        .clone()
        .or_else(|| kpi.name.as_ref().map(|n| slug(n)))
        .or_else(|| metric_name.map(|m| m.0))
        .unwrap_or_else(|| "custom".to_string());
    (id, name)
}

fn validate_stakeholders(
    checker: &mut Checker,
    people: &[StakeholderConfig],
    prefix: &str,
    levels: &[String],
) -> Vec<Stakeholder> {
    people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let path = join(prefix, &format!("stakeholders[{i}]"));
            check_mailbox(checker, &format!("{path}.email"), &person.email);
            let known: Vec<&str> = levels.iter().map(String::as_str).collect();
            for (j, level) in person.levels.iter().enumerate() {
                check_level(checker, &format!("{path}.levels[{j}]"), level, &known);
            }
            Stakeholder {
                name: person.name.clone(),
                email: person.email.clone(),
                role: person.role.clone(),
                levels: person.levels.clone(),
            }
        })
        .collect()
}

pub(super) fn validate_sources(
    checker: &mut Checker,
    root: &Path,
    sources: &BTreeMap<String, SourceConfig>,
) -> Vec<SourceOptions> {
    let mut out = Vec::new();
    for (name, config) in sources {
        let path = format!("sources.{name}");
        let preset = match &config.preset {
            Some(preset_name) => match presets::preset(preset_name) {
                Some(preset) => Some(preset),
                None => {
                    let names = &presets::preset_names();
                    let hint = suggest(preset_name, names)
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    checker.error(
                        &format!("{path}.preset"),
                        format!(
                            "unknown preset `{preset_name}`{hint} (built in: {})",
                            names.join(", ")
                        ),
                    );
                    continue;
                }
            },
            None => None,
        };
        let merged = match preset {
            Some(preset) => presets::merge(preset, config),
            None => config.clone(),
        };
        if let Some(source) = validate_source(checker, root, name, &path, &merged) {
            out.push(source);
        }
    }
    link_events(checker, sources, &mut out);
    out
}

/// Resolves the `tickets:` source of every `kind: events` source.
fn link_events(
    checker: &mut Checker,
    configs: &BTreeMap<String, SourceConfig>,
    sources: &mut [SourceOptions],
) {
    let names: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    let ticket_sources: Vec<&str> = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Tickets)
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>();
    let mut links = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let wanted = configs.get(&source.name).and_then(|c| c.tickets.clone());
        let path = format!("sources.{}.tickets", source.name);
        match (source.kind, wanted) {
            (SourceKind::Events, None) => checker.error(
                &path,
                format!(
                    "an events source needs `tickets:` naming the ticket source its events belong to (one of: {})",
                    ticket_sources.join(", ")
                ),
            ),
            (SourceKind::Events, Some(name)) => {
                match names.iter().position(|n| *n == name) {
                    Some(j) if sources[j].kind == SourceKind::Tickets => links.push((i, j)),
                    _ => {
                        let hint = suggest(&name, &ticket_sources)
                            .map(|s| format!(" — did you mean `{s}`?"))
                            .unwrap_or_default();
                        checker.error(
                            &path,
                            format!(
                                "`{name}` is not a ticket source{hint} (ticket sources: {})",
                                ticket_sources.join(", ")
                            ),
                        );
                    }
                }
            }
            (_, Some(_)) => checker.error(
                &path,
                "`tickets:` is only for sources with `kind: events`",
            ),
            (_, None) => {}
        }
    }
    for (i, j) in links {
        sources[i].events_of = Some(j);
    }
}
