//! Validation of what `run` and `send` need: the sender, the SMTP server, recipients and the
//! schedules of each level.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::NaiveTime;
use lettre::message::Mailbox;

use super::options::*;
use super::suggest;
use super::types::*;
use super::validate::{Checker, check_level, join};
use crate::calendar::Calendar;
use crate::period::PeriodKind;

/// Default environment variables of SMTP credentials.
pub const USERNAME_ENV: &str = "REVIEWPACK_SMTP_USERNAME";
/// Default environment variable of the SMTP password.
pub const PASSWORD_ENV: &str = "REVIEWPACK_SMTP_PASSWORD";

/// Checks an e-mail address or `Name <address>`, returning it in canonical form.
pub(super) fn check_mailbox(checker: &mut Checker, path: &str, text: &str) -> Option<String> {
    match Mailbox::from_str(text.trim()) {
        Ok(mailbox) => header_text(checker, path, &mailbox),
        Err(e) => {
            checker.error(
                path,
                format!("`{text}` is not an e-mail address ({e}; expected `name@example.com` or `Name <name@example.com>`)"),
            );
            None
        }
    }
}

/// The sender of e-mailed packs.
pub(super) fn validate_sender(
    checker: &mut Checker,
    sender: Option<&SenderConfig>,
) -> Option<String> {
    let sender = sender?;
    let address = lettre::Address::from_str(sender.email.trim())
        .map_err(|e| {
            checker.error(
                "msp.sender.email",
                format!("`{}` is not an e-mail address ({e})", sender.email),
            )
        })
        .ok()?;
    let name = sender.name.trim();
    let mailbox = Mailbox::new((!name.is_empty()).then(|| name.to_string()), address);
    header_text(checker, "msp.sender.name", &mailbox)
}

/// A mailbox as an e-mail header writes it; a name that cannot be written there (control
/// characters) is an error, not a crash.
fn header_text(checker: &mut Checker, path: &str, mailbox: &Mailbox) -> Option<String> {
    use std::fmt::Write;
    let mut text = String::new();
    let name = mailbox.name.as_deref().unwrap_or_default();
    if name.chars().any(char::is_control) || write!(text, "{mailbox}").is_err() {
        checker.error(
            path,
            format!(
                "the name `{}` cannot be written in an e-mail header (control characters)",
                name.escape_debug()
            ),
        );
        return None;
    }
    Some(text)
}

fn attachments(checker: &mut Checker, path: &str, words: &[String]) -> Attach {
    let mut attach = Attach {
        pdf: false,
        html: false,
    };
    for (i, word) in words.iter().enumerate() {
        match word.trim() {
            "pdf" => attach.pdf = true,
            "html" => attach.html = true,
            other => checker.error(
                &format!("{path}[{i}]"),
                format!("unknown attachment `{other}` (expected pdf or html)"),
            ),
        }
    }
    if words.is_empty() {
        checker.error(path, "attach at least one of pdf, html");
    }
    attach
}

/// Parses `30s`, `2m`, `500ms`, `1h` into a duration.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let expected = "expected a duration such as `30s`, `2m` or `500ms`";
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration ({expected})"))?;
    let factor = match unit.trim() {
        "ms" => 0.001,
        "s" | "" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => return Err(format!("`{text}`: unknown unit `{other}` ({expected})")),
    };
    let seconds = value * factor;
    if !(seconds.is_finite() && (0.0..=86_400.0).contains(&seconds)) {
        return Err(format!("`{text}` is out of range (0 to 24h)"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn check_env_name(
    checker: &mut Checker,
    path: &str,
    name: Option<&String>,
    default: &str,
) -> String {
    let name = name.map_or(default, |n| n.as_str()).trim().to_string();
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        checker.error(
            path,
            format!("`{name}` is not an environment variable name (letters, digits and `_`)"),
        );
    }
    name
}

/// The SMTP server and default attachments.
pub(super) fn validate_delivery(
    checker: &mut Checker,
    root: &Path,
    config: Option<&DeliveryConfig>,
) -> Option<DeliveryOptions> {
    let config = config?;
    let smtp = &config.smtp;
    for (key, value) in [("username", &smtp.username), ("password", &smtp.password)] {
        if value.is_some() {
            let default = if key == "username" {
                USERNAME_ENV
            } else {
                PASSWORD_ENV
            };
            checker.error(
                &format!("delivery.smtp.{key}"),
                format!("secrets are never read from configuration files: remove `{key}` and set the environment variable {default} (or name another with `{key}_env`)"),
            );
        }
    }
    let host = smtp.host.trim().to_string();
    if host.is_empty() || host.contains(char::is_whitespace) {
        checker.error("delivery.smtp.host", format!("`{host}` is not a host name"));
    }
    let security = match smtp.security.as_deref().map(str::trim) {
        None | Some("starttls") => Security::StartTls,
        Some("tls") => Security::Tls,
        Some("none") => Security::None,
        Some(other) => {
            checker.error(
                "delivery.smtp.security",
                format!("unknown security `{other}` (expected starttls, tls or none)"),
            );
            Security::StartTls
        }
    };
    let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]");
    if security == Security::None && !loopback {
        checker.error(
            "delivery.smtp.security",
            format!("`none` sends packs and passwords unencrypted: it is accepted only to a loopback host (localhost, 127.0.0.1), not `{host}`; use starttls or tls"),
        );
    }
    let port = smtp.port.unwrap_or(match security {
        Security::StartTls => 587,
        Security::Tls => 465,
        Security::None => 25,
    });
    if port == 0 {
        checker.error("delivery.smtp.port", "port 0 is not a port");
    }
    let wants_auth = smtp.auth.unwrap_or(security != Security::None);
    let username_env = check_env_name(
        checker,
        "delivery.smtp.username_env",
        smtp.username_env.as_ref(),
        USERNAME_ENV,
    );
    let password_env = check_env_name(
        checker,
        "delivery.smtp.password_env",
        smtp.password_env.as_ref(),
        PASSWORD_ENV,
    );
    let ca_file = smtp.ca_file.as_ref().and_then(|file| {
        let path = root.join(file);
        if path.is_file() {
            Some(path)
        } else {
            checker.error(
                "delivery.smtp.ca_file",
                format!("certificate file `{file}` does not exist"),
            );
            None
        }
    });
    let timeout = smtp
        .timeout
        .as_deref()
        .map(|t| checker.check("delivery.smtp.timeout", parse_seconds(t)))
        .unwrap_or(Some(Duration::from_secs(30)))
        .unwrap_or(Duration::from_secs(30));
    let retry_delay = smtp
        .retry_delay
        .as_deref()
        .map(|t| checker.check("delivery.smtp.retry_delay", parse_seconds(t)))
        .unwrap_or(Some(Duration::from_secs(5)))
        .unwrap_or(Duration::from_secs(5));
    let retries = smtp.retries.unwrap_or(3);
    if retries > 10 {
        checker.error(
            "delivery.smtp.retries",
            format!("{retries} retries is too many (at most 10)"),
        );
    }
    let attach = match &config.attach {
        Some(words) => attachments(checker, "delivery.attach", words),
        None => Attach {
            pdf: true,
            html: false,
        },
    };
    Some(DeliveryOptions {
        smtp: SmtpOptions {
            host,
            port,
            security,
            auth: wants_auth.then_some((username_env, password_env)),
            ca_file,
            timeout,
            retries,
            retry_delay,
        },
        attach,
    })
}

/// Per level, the recipients of a client's e-mailed packs.
pub(super) fn validate_recipients(
    checker: &mut Checker,
    config: &BTreeMap<String, Vec<String>>,
    path: &str,
    levels: &[String],
) -> BTreeMap<String, Vec<String>> {
    let known: Vec<&str> = levels.iter().map(String::as_str).collect();
    let mut out = BTreeMap::new();
    for (level, people) in config {
        let at = format!("{path}.{level}");
        check_level(checker, &at, level, &known);
        let list = people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| check_mailbox(checker, &format!("{at}[{i}]"), p))
            .collect();
        out.insert(level.clone(), list);
    }
    out
}

fn parse_due(text: &str) -> Result<DueRule, String> {
    let expected =
        "expected `N working days` or `N days` after the period ends, e.g. `3 working days`";
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let (number, rest) = match words.split_first() {
        Some((n, rest)) => (
            n.parse::<u32>()
                .map_err(|_| format!("`{text}`: {expected}"))?,
            rest,
        ),
        None => return Err(format!("empty due rule ({expected})")),
    };
    if number > 366 {
        return Err(format!("`{text}`: at most 366 days after the period"));
    }
    let rest: Vec<&str> = rest.iter().copied().filter(|w| *w != "after").collect();
    match rest.as_slice() {
        ["working", "day" | "days"] | ["business", "day" | "days"] if number >= 1 => {
            Ok(DueRule::WorkingDays(number))
        }
        ["working", ..] | ["business", ..] if number == 0 => Err(format!(
            "`{text}`: working days count from 1 (the first working day after the period)"
        )),
        ["day" | "days"] => Ok(DueRule::Days(number)),
        _ => Err(format!("`{text}`: {expected}")),
    }
}

/// The schedules of `run`, one per level.
pub(super) fn validate_schedules(
    checker: &mut Checker,
    config: &BTreeMap<String, ScheduleConfig>,
    levels: &[String],
    calendars: &BTreeMap<String, Calendar>,
    clients: &[ClientOptions],
) -> Vec<ScheduleOptions> {
    let known: Vec<&str> = levels.iter().map(String::as_str).collect();
    let client_ids: Vec<&str> = clients.iter().map(|c| c.id.as_str()).collect();
    let mut out = Vec::new();
    for (level, schedule) in config {
        let path = format!("schedules.{level}");
        if !check_level(checker, &path, level, &known) {
            continue;
        }
        let period = schedule.period.as_deref().and_then(|p| {
            let kind = PeriodKind::parse(p.trim());
            if kind.is_none() {
                checker.error(
                    &join(&path, "period"),
                    format!("unknown period kind `{p}` (expected day, week, fortnight, month, quarter, half or year)"),
                );
            }
            kind
        });
        let due = checker.check(&join(&path, "due"), parse_due(&schedule.due));
        let at = match schedule.at.as_deref() {
            None => Some(NaiveTime::from_hms_opt(7, 0, 0).expect("valid time")),
            Some(text) => checker.check(
                &join(&path, "at"),
                NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| {
                    format!("`{text}` is not a time of day (expected HH:MM, e.g. 07:00)")
                }),
            ),
        };
        let calendar = schedule
            .calendar
            .as_ref()
            .and_then(|name| match calendars.get(name) {
                Some(calendar) => Some((name.clone(), calendar.clone())),
                None => {
                    let names: Vec<&str> = calendars.keys().map(String::as_str).collect();
                    let hint = suggest(name, &names)
                        .map(|s| format!(" — did you mean `{s}`?"))
                        .unwrap_or_default();
                    checker.error(
                        &join(&path, "calendar"),
                        format!(
                            "unknown calendar `{name}`{hint} (defined: {})",
                            names.join(", ")
                        ),
                    );
                    None
                }
            });
        if let Some(list) = &schedule.clients {
            for (i, id) in list.iter().enumerate() {
                let at = format!("{path}.clients[{i}]");
                match clients.iter().find(|c| &c.id == id) {
                    None => {
                        let hint = suggest(id, &client_ids)
                            .map(|s| format!(" — did you mean `{s}`?"))
                            .unwrap_or_default();
                        checker.error(&at, format!("unknown client `{id}`{hint}"));
                    }
                    Some(client) if !client.packs.gets(level) => checker.error(
                        &at,
                        format!("client `{id}` does not get {level} packs (its `packs.levels`)"),
                    ),
                    Some(_) => {}
                }
            }
        }
        let send = match schedule.send.as_deref().map(str::trim) {
            None | Some("on_build") => SendMode::OnBuild,
            Some("after_publish") => SendMode::AfterPublish,
            Some("never") => SendMode::Never,
            Some(other) => {
                checker.error(
                    &join(&path, "send"),
                    format!(
                        "unknown send mode `{other}` (expected on_build, after_publish or never)"
                    ),
                );
                SendMode::OnBuild
            }
        };
        let attach = schedule
            .attach
            .as_ref()
            .map(|words| attachments(checker, &join(&path, "attach"), words));
        let catch_up = schedule.catch_up.unwrap_or(1);
        if !(1..=24).contains(&catch_up) {
            checker.error(
                &join(&path, "catch_up"),
                format!("`{catch_up}`: catch_up is 1 to 24 periods"),
            );
        }
        let since = schedule.since.as_deref().and_then(|text| {
            checker.check(
                &join(&path, "since"),
                chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .map_err(|_| format!("`{text}` is not a date (expected YYYY-MM-DD)")),
            )
        });
        if let (Some(due), Some(at)) = (due, at) {
            out.push(ScheduleOptions {
                level: level.clone(),
                period,
                due,
                at,
                calendar,
                clients: schedule.clients.clone(),
                send,
                attach,
                catch_up: catch_up.clamp(1, 24),
                since,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_rules() {
        assert_eq!(parse_due("3 working days"), Ok(DueRule::WorkingDays(3)));
        assert_eq!(
            parse_due("1 business day after"),
            Ok(DueRule::WorkingDays(1))
        );
        assert_eq!(parse_due("0 days"), Ok(DueRule::Days(0)));
        assert_eq!(parse_due("5 Days"), Ok(DueRule::Days(5)));
        assert!(parse_due("0 working days").is_err());
        assert!(parse_due("three days").is_err());
        assert!(parse_due("3 weeks").is_err());
        assert!(parse_due("").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_seconds("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_seconds("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_seconds("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_seconds("2 weeks").is_err());
        assert!(parse_seconds("-1s").is_err());
    }
}
