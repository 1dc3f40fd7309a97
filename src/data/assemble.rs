//! Assembling tickets from parsed rows: one row per ticket, or a status history per ticket from
//! which the final state, first response, resolution, reopenings and pauses are derived.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::quality::{Issue, Reason};
use super::rows::{RowValues, StatusLabels, at, text_at};
use crate::config::{CsatOptions, Field, FirstTouchFact, FirstTouchRule, SourceOptions};

/// A span of time a ticket sat in a pausing status (`end` is `i64::MAX` while still paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// Start (UTC ms).
    pub start: i64,
    /// End (UTC ms), exclusive.
    pub end: i64,
    /// Status label id.
    pub status: u32,
}

/// Tickets as columns, before they become a polars frame.
#[derive(Debug, Default)]
pub struct TicketRecords {
    /// Client index.
    pub client: Vec<u32>,
    /// Ticket id.
    pub id: Texts,
    /// Index of the file the ticket came from.
    pub file: Vec<u32>,
    /// Row of the ticket (its last event, for histories).
    pub row: Vec<u64>,
    /// Created (UTC ms).
    pub created: Vec<i64>,
    /// First response.
    pub first_response: Vec<Option<i64>>,
    /// Resolved (final resolution).
    pub resolved: Vec<Option<i64>>,
    /// Closed.
    pub closed: Vec<Option<i64>>,
    /// Priority.
    pub priority: Vec<Option<&'static str>>,
    /// Canonical status.
    pub status: Vec<&'static str>,
    /// Type (code into `labels`).
    pub ticket_type: Vec<Option<u32>>,
    /// Category (code into `labels`).
    pub category: Vec<Option<u32>>,
    /// Assignment group (code into `labels`).
    pub assignment_group: Vec<Option<u32>>,
    /// The distinct texts of the coded columns.
    pub labels: Labels,
    /// Title (cut to `MAX_TEXT_CHARS`).
    pub title: Texts,
    /// Tier.
    pub tier: Vec<Option<i64>>,
    /// Escalated (derived from flag, tier, reassignments).
    pub escalated: Vec<Option<bool>>,
    /// Reassignments.
    pub reassignments: Vec<Option<i64>>,
    /// Reopenings.
    pub reopens: Vec<Option<i64>>,
    /// Resolved at first touch.
    pub first_touch: Vec<Option<bool>>,
    /// CSAT score.
    pub csat: Vec<Option<f64>>,
    /// Exported paused minutes.
    pub paused_minutes: Vec<Option<f64>>,
    /// PSA response verdict.
    pub sla_response_met: Vec<Option<bool>>,
    /// PSA resolution verdict.
    pub sla_resolution_met: Vec<Option<bool>>,
    /// Pauses from the status history.
    pub pauses: Vec<Vec<Pause>>,
}

/// Optional texts stored end to end in one buffer: millions of ticket ids and titles without
/// an allocation each.
#[derive(Debug, Default)]
pub struct Texts {
    text: String,
    /// Where each text ends in `text`, with `ABSENT` set for a text that is missing.
    ends: Vec<u64>,
}

const ABSENT: u64 = 1 << 63;

impl Texts {
    /// Appends a text (or a missing one).
    pub fn push(&mut self, text: Option<&str>) {
        self.text.push_str(text.unwrap_or_default());
        let end = self.text.len() as u64;
        self.ends
            .push(if text.is_some() { end } else { end | ABSENT });
    }

    /// The text at `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = self.ends[i];
        if end & ABSENT != 0 {
            return None;
        }
        let start = i
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] & !ABSENT);
        Some(&self.text[start as usize..end as usize])
    }

    /// The text at `i`, empty when missing.
    pub fn text(&self, i: usize) -> &str {
        self.get(i).unwrap_or_default()
    }

    /// How many texts there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn reserve(&mut self, n: usize) {
        self.ends.reserve(n);
    }
}

impl TicketRecords {
    /// Number of tickets.
    pub fn len(&self) -> usize {
        self.client.len()
    }

    /// Whether there are no tickets.
    pub fn is_empty(&self) -> bool {
        self.client.is_empty()
    }

    /// Makes room for `n` more tickets.
    pub fn reserve(&mut self, n: usize) {
        macro_rules! reserve {
            ($($field:ident),*) => { $(self.$field.reserve(n);)* };
        }
        reserve!(
            client,
            id,
            file,
            row,
            created,
            first_response,
            resolved,
            closed,
            priority,
            status,
            ticket_type,
            category,
            assignment_group,
            title,
            tier,
            escalated,
            reassignments,
            reopens,
            first_touch,
            csat,
            paused_minutes,
            sla_response_met,
            sla_resolution_met,
            pauses
        );
    }
}

/// Distinct texts of low-cardinality columns, stored once.
#[derive(Debug, Default)]
pub struct Labels {
    texts: Vec<String>,
    index: polars::prelude::PlHashMap<String, u32>,
}

impl Labels {
    /// The code of a text, storing it on first sight.
    pub fn code(&mut self, text: &str) -> u32 {
        if let Some(code) = self.index.get(text) {
            return *code;
        }
        let code = self.texts.len() as u32;
        self.texts.push(text.to_string());
        self.index.insert(text.to_string(), code);
        code
    }

    /// The text of a code.
    pub fn text(&self, code: u32) -> &str {
        &self.texts[code as usize]
    }
}

/// One ticket's values before checks.
struct Candidate {
    client: u32,
    id: String,
    row: u64,
    index: usize,
    created: Option<i64>,
    first_response: Option<i64>,
    resolved: Option<i64>,
    closed: Option<i64>,
    status: Option<&'static str>,
    pauses: Vec<Pause>,
    reopens: Option<i64>,
}

/// Shared state of the assembly of one load.
pub struct Assembler<'a> {
    /// Tickets so far.
    pub records: TicketRecords,
    /// Tickets by a hash of (client, id), to find duplicate ids.
    seen: polars::prelude::PlHashMap<u64, u32>,
    /// Tickets whose (client, id) hash collided with another ticket's.
    seen_collisions: HashMap<(u32, String), u32>,
    /// File labels by index (for duplicate messages).
    pub file_labels: Vec<String>,
    /// Client ids by index.
    pub client_ids: &'a [String],
    /// CSAT scales by client index.
    pub csat_scales: &'a [CsatOptions],
    /// The source index of each file, by file index.
    pub file_sources: Vec<usize>,
    /// Facts derived from events sources, by (ticket source, client if known, ticket id).
    events: HashMap<(usize, Option<u32>, String), EventFacts>,
}

/// What a status history (from a separate events file) says about one ticket.
#[derive(Debug, Clone)]
struct EventFacts {
    first_response: Option<i64>,
    resolved: Option<i64>,
    status: Option<&'static str>,
    reopens: Option<i64>,
    pauses: Vec<Pause>,
    file: String,
    row: u64,
    events: u64,
}

/// The file being assembled.
pub struct FileContext<'a> {
    /// Source settings.
    pub source: &'a SourceOptions,
    /// Label for messages.
    pub label: &'a str,
    /// File index.
    pub file_index: u32,
    /// Client index of each row.
    pub clients: &'a [u32],
}

fn issue(
    file: &FileContext,
    assembler: &Assembler,
    reason: Reason,
    row: u64,
    client: u32,
    field: Option<&'static str>,
    detail: String,
) -> Issue {
    Issue {
        reason,
        file: file.label.to_string(),
        row,
        field,
        detail,
        client: Some(assembler.client_ids[client as usize].clone()),
        weight: 1,
    }
}

fn show(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

impl<'a> Assembler<'a> {
    /// A new assembler.
    pub fn new(client_ids: &'a [String], csat_scales: &'a [CsatOptions]) -> Self {
        Self {
            records: TicketRecords::default(),
            seen: Default::default(),
            seen_collisions: HashMap::new(),
            file_labels: Vec::new(),
            client_ids,
            csat_scales,
            file_sources: Vec::new(),
            events: HashMap::new(),
        }
    }

    /// One ticket per row.
    pub fn add_ticket_rows(
        &mut self,
        file: &FileContext,
        values: &RowValues,
        labels: &StatusLabels,
        issues: &mut Vec<Issue>,
    ) {
        self.records.reserve(values.rows.len());
        for i in 0..values.rows.len() {
            if values.rejected[i] {
                continue;
            }
            let client = file.clients[i];
            let row = values.rows[i];
            let Some(id) = text_at(&values.id, i) else {
                issues.push(issue(
                    file,
                    self,
                    Reason::MissingId,
                    row,
                    client,
                    Some("id"),
                    "no ticket id".into(),
                ));
                continue;
            };
            let candidate = Candidate {
                client,
                id: id.to_string(),
                row,
                index: i,
                created: at(&values.created, i),
                first_response: at(&values.first_response, i),
                resolved: at(&values.resolved, i),
                closed: at(&values.closed, i),
                status: at(&values.status, i).map(|s| labels.canonical(s)),
                pauses: Vec::new(),
                reopens: at(&values.reopens, i),
            };
            self.finish(file, values, candidate, issues);
        }
    }

    /// Checks a candidate and appends it.
    fn finish(
        &mut self,
        file: &FileContext,
        values: &RowValues,
        mut ticket: Candidate,
        issues: &mut Vec<Issue>,
    ) {
        let (client, row) = (ticket.client, ticket.row);
        let Some(created) = ticket.created else {
            issues.push(issue(
                file,
                self,
                Reason::MissingCreated,
                row,
                client,
                Some("created"),
                format!("ticket `{}` has no creation time", ticket.id),
            ));
            return;
        };
        let mut resolved = ticket.resolved.or(ticket.closed);
        let status = ticket.status.unwrap_or(if resolved.is_some() {
            "resolved"
        } else {
            "open"
        });
        if status == "canceled" {
            issues.push(issue(
                file,
                self,
                Reason::Canceled,
                row,
                client,
                Some("status"),
                format!("ticket `{}` was canceled", ticket.id),
            ));
            return;
        }
        if matches!(status, "new" | "open" | "paused") && resolved.is_some() {
            issues.push(issue(
                file,
                self,
                Reason::ResolvedButOpen,
                row,
                client,
                Some("resolved"),
                format!(
                    "ticket `{}` has a resolution time but its final status is {status}",
                    ticket.id
                ),
            ));
            resolved = None;
        }
        if let Some(r) = resolved
            && r < created
        {
            issues.push(issue(
                file,
                self,
                Reason::ResolvedBeforeCreated,
                row,
                client,
                Some("resolved"),
                format!(
                    "ticket `{}`: resolved {} is before created {}",
                    ticket.id,
                    show(r),
                    show(created)
                ),
            ));
            return;
        }
        if let Some(f) = ticket.first_response
            && f < created
        {
            issues.push(issue(
                file,
                self,
                Reason::FirstResponseBeforeCreated,
                row,
                client,
                Some("first_response"),
                format!(
                    "ticket `{}`: first response {} is before created {}",
                    ticket.id,
                    show(f),
                    show(created)
                ),
            ));
            ticket.first_response = Some(created);
        }
        if let Some(first) = self.first_seen(client, &ticket.id) {
            let first_file = self
                .file_labels
                .get(self.records.file[first as usize] as usize)
                .cloned()
                .unwrap_or_default();
            let first_row = self.records.row[first as usize];
            issues.push(issue(
                file,
                self,
                Reason::DuplicateId,
                row,
                client,
                Some("id"),
                format!(
                    "ticket `{}` was already read at {first_file} row {first_row}",
                    ticket.id
                ),
            ));
            return;
        }
        self.push(file, values, ticket, created, resolved, status, issues);
    }

    /// The ticket already read with this client and id, if any; records this one otherwise.
    fn first_seen(&mut self, client: u32, id: &str) -> Option<u32> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (client, id).hash(&mut hasher);
        let hash = hasher.finish();
        let next = self.records.len() as u32;
        match self.seen.get(&hash) {
            None => {
                self.seen.insert(hash, next);
                None
            }
            Some(&earlier)
                if self.records.client[earlier as usize] == client
                    && self.records.id.text(earlier as usize) == id =>
            {
                Some(earlier)
            }
            Some(_) => match self.seen_collisions.get(&(client, id.to_string())) {
                Some(&earlier) => Some(earlier),
                None => {
                    self.seen_collisions.insert((client, id.to_string()), next);
                    None
                }
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        file: &FileContext,
        values: &RowValues,
        ticket: Candidate,
        created: i64,
        resolved: Option<i64>,
        status: &'static str,
        issues: &mut Vec<Issue>,
    ) {
        let (client, row, i) = (ticket.client, ticket.row, ticket.index);
        let scale = self.csat_scales[client as usize];
        let csat = match at(&values.csat, i) {
            Some(score) if !(0.0..=scale.scale_max).contains(&score) => {
                issues.push(issue(
                    file,
                    self,
                    Reason::CsatOutOfScale,
                    row,
                    client,
                    Some("csat"),
                    format!("score {score} is outside 0–{}", scale.scale_max),
                ));
                None
            }
            other => other,
        };
        let paused_minutes = match at(&values.paused_minutes, i) {
            Some(m) if m < 0.0 => {
                issues.push(issue(
                    file,
                    self,
                    Reason::NegativePausedMinutes,
                    row,
                    client,
                    Some("paused_minutes"),
                    format!("paused minutes {m} is negative"),
                ));
                None
            }
            other => other,
        };
        let tier = at(&values.tier, i);
        let reassignments = at(&values.reassignments, i);
        let flag = at(&values.escalated, i);
        let source = file.source;
        let signals = [
            flag,
            tier.map(|t| t >= source.escalation_min_tier),
            reassignments
                .filter(|_| source.reassignment_is_escalation)
                .map(|r| r >= 1),
        ];
        let escalated = if signals.iter().any(Option::is_some) {
            Some(signals.contains(&Some(true)))
        } else {
            None
        };
        let reopens = ticket
            .reopens
            .or_else(|| at(&values.reopened, i).map(i64::from))
            .or_else(|| {
                values
                    .reopened_at
                    .as_ref()
                    .filter(|_| !values.reopened_unknown[i])
                    .map(|times| i64::from(times[i].is_some()))
            });
        // The export's own flag; derived rules are applied once events are merged.
        let first_touch = at(&values.first_touch, i);
        let records = &mut self.records;
        records.client.push(client);
        records.id.push(Some(&ticket.id));
        records.file.push(file.file_index);
        records.row.push(row);
        records.created.push(created);
        records.first_response.push(ticket.first_response);
        records.resolved.push(resolved);
        records.closed.push(ticket.closed);
        records.priority.push(
            at(&values.priority, i).or(source
                .constant_priority
                .as_deref()
                .and_then(static_priority)),
        );
        records.status.push(status);
        let ticket_type = values
            .ticket_type
            .as_ref()
            .and_then(|t| t[i].as_deref())
            .or(source.constant_type.as_deref());
        records
            .ticket_type
            .push(ticket_type.map(|t| records.labels.code(t)));
        records
            .category
            .push(text_at(&values.category, i).map(|t| records.labels.code(t)));
        records
            .assignment_group
            .push(text_at(&values.assignment_group, i).map(|t| records.labels.code(t)));
        records
            .title
            .push(text_at(&values.title, i).map(super::shown_text).as_deref());
        records.tier.push(tier);
        records.escalated.push(escalated);
        records.reassignments.push(reassignments);
        records.reopens.push(reopens);
        records.first_touch.push(first_touch);
        records.csat.push(csat);
        records.paused_minutes.push(paused_minutes);
        records
            .sla_response_met
            .push(at(&values.sla_response_met, i));
        records
            .sla_resolution_met
            .push(at(&values.sla_resolution_met, i));
        records.pauses.push(ticket.pauses);
    }

    /// Tickets from a status history: rows grouped by (client, id), ordered by event time.
    pub fn add_history_rows(
        &mut self,
        file: &FileContext,
        values: &RowValues,
        labels: &StatusLabels,
        issues: &mut Vec<Issue>,
    ) {
        for events in self.event_groups(file, values, issues) {
            let candidate = derive_from_history(file, values, labels, &events);
            self.finish(file, values, candidate, issues);
        }
    }

    /// Events of another source's tickets (an audit log beside a ticket file): the facts they
    /// give are merged into those tickets by `merge_events`. `by_ticket`: the rows carry no
    /// client, so tickets are matched by id alone.
    pub fn add_event_rows(
        &mut self,
        file: &FileContext,
        values: &RowValues,
        labels: &StatusLabels,
        by_ticket: bool,
        issues: &mut Vec<Issue>,
    ) {
        let Some(tickets) = file.source.events_of else {
            return;
        };
        for events in self.event_groups(file, values, issues) {
            let candidate = derive_from_history(file, values, labels, &events);
            let client = (!by_ticket).then_some(candidate.client);
            let facts = EventFacts {
                first_response: candidate.first_response,
                resolved: candidate.resolved,
                status: candidate.status,
                reopens: candidate.reopens,
                pauses: candidate.pauses,
                file: file.label.to_string(),
                row: candidate.row,
                events: events.len() as u64,
            };
            self.events.insert((tickets, client, candidate.id), facts);
        }
    }

    /// Merges the facts of events sources into their tickets (the ticket file's own values win
    /// where both exist), then derives first-touch resolution by each source's rule.
    pub fn merge_events(&mut self, sources: &[SourceOptions], issues: &mut Vec<Issue>) {
        let records = &mut self.records;
        for i in 0..records.len() {
            let source = self.file_sources[records.file[i] as usize];
            let client = records.client[i];
            if self.events.is_empty() {
                break;
            }
            let id = records.id.text(i).to_string();
            let facts = self
                .events
                .remove(&(source, Some(client), id.clone()))
                .or_else(|| self.events.remove(&(source, None, id)));
            let Some(facts) = facts else {
                continue;
            };
            let has_status = sources[source].columns.contains_key(&Field::Status);
            if !has_status && let Some(status) = facts.status {
                records.status[i] = status;
            }
            records.first_response[i] = records.first_response[i]
                .or(facts.first_response.filter(|t| *t >= records.created[i]));
            let done = matches!(records.status[i], "resolved" | "closed");
            if records.resolved[i].is_none() && done {
                records.resolved[i] = facts.resolved.filter(|t| *t >= records.created[i]);
            }
            records.reopens[i] = records.reopens[i].or(facts.reopens);
            if records.pauses[i].is_empty() {
                records.pauses[i] = facts.pauses;
            }
        }
        let mut left: Vec<_> = self.events.drain().collect();
        left.sort_by(|a, b| (&a.1.file, a.1.row).cmp(&(&b.1.file, b.1.row)));
        for ((_, client, id), facts) in left {
            issues.push(Issue {
                reason: Reason::EventsForUnknownTicket,
                file: facts.file,
                row: facts.row,
                field: Some("id"),
                detail: format!(
                    "{} events of ticket `{id}`, which the ticket source does not hold",
                    facts.events
                ),
                client: client.map(|c| self.client_ids[c as usize].clone()),
                weight: facts.events,
            });
        }
        for i in 0..records.len() {
            let source = &sources[self.file_sources[records.file[i] as usize]];
            records.first_touch[i] = first_touch(&source.first_touch, records, i);
        }
    }

    /// Event rows grouped by (client, id), each group ordered by time, sequence and row.
    fn event_groups(
        &mut self,
        file: &FileContext,
        values: &RowValues,
        issues: &mut Vec<Issue>,
    ) -> Vec<Vec<usize>> {
        let mut groups: HashMap<(u32, &str), usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for i in 0..values.rows.len() {
            if values.rejected[i] {
                continue;
            }
            let client = file.clients[i];
            let Some(id) = text_at(&values.id, i) else {
                issues.push(issue(
                    file,
                    self,
                    Reason::MissingId,
                    values.rows[i],
                    client,
                    Some("id"),
                    "no ticket id".into(),
                ));
                continue;
            };
            if at(&values.event_time, i).is_none() {
                issues.push(issue(
                    file,
                    self,
                    Reason::MissingCreated,
                    values.rows[i],
                    client,
                    Some("event_time"),
                    format!("event of ticket `{id}` has no time"),
                ));
                continue;
            }
            let group = *groups.entry((client, id)).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[group].push(i);
        }
        for events in &mut members {
            events.sort_by(|&a, &b| {
                let key = |i: usize| {
                    (
                        at(&values.event_time, i),
                        at(&values.sequence, i).map(|s| (s * 1000.0) as i64),
                        values.rows[i],
                    )
                };
                key(a).cmp(&key(b))
            });
        }
        members
    }
}

/// First-touch resolution of ticket `i` by its source's rule: the export's flag, or "resolved
/// with none of the facts true" when every fact is known for the ticket, else unknown.
fn first_touch(rule: &FirstTouchRule, records: &TicketRecords, i: usize) -> Option<bool> {
    match rule {
        FirstTouchRule::Column => records.first_touch[i],
        FirstTouchRule::Off => None,
        FirstTouchRule::Derived(facts) => {
            let mut touched_again = false;
            for fact in facts {
                let value = match fact {
                    FirstTouchFact::Reassignments => records.reassignments[i].map(|r| r >= 1),
                    FirstTouchFact::Escalation => records.escalated[i],
                    FirstTouchFact::Reopens => records.reopens[i].map(|r| r >= 1),
                };
                touched_again |= value?;
            }
            Some(!touched_again)
        }
    }
}

fn static_priority(p: &str) -> Option<&'static str> {
    crate::config::PRIORITIES.iter().copied().find(|c| *c == p)
}

/// Derives one ticket from its ordered events.
fn derive_from_history(
    file: &FileContext,
    values: &RowValues,
    labels: &StatusLabels,
    events: &[usize],
) -> Candidate {
    let last = *events.last().expect("a group has at least one event");
    let time = |i: usize| at(&values.event_time, i).unwrap_or(i64::MIN);
    let known: Vec<(usize, u32)> = events
        .iter()
        .filter_map(|&i| at(&values.status, i).map(|s| (i, s)))
        .collect();
    let canonical = |label: u32| labels.canonical(label);
    let final_status = known.last().map(|&(_, s)| canonical(s));
    let created = at(&values.created, last)
        .or_else(|| events.iter().find_map(|&i| at(&values.created, i)))
        .or(Some(time(events[0])));
    let first_response = at(&values.first_response, last).or_else(|| {
        known
            .iter()
            .find(|&&(_, s)| canonical(s) != "new")
            .map(|&(i, _)| time(i))
    });
    // The last event in a `resolved` status (as ServiceNow's own `resolved_at`: a later update
    // while resolved moves it); a ticket closed without passing `resolved` is resolved when it
    // entered its final run of `closed` events. Only a ticket that ends resolved or closed has a
    // resolution.
    let derived_resolution = || {
        if !matches!(final_status, Some("resolved" | "closed")) {
            return None;
        }
        let last_resolved = known
            .iter()
            .rev()
            .find(|&&(_, s)| canonical(s) == "resolved")
            .map(|&(i, _)| time(i));
        last_resolved.or_else(|| {
            known
                .iter()
                .rev()
                .take_while(|&&(_, s)| canonical(s) == "closed")
                .last()
                .map(|&(i, _)| time(i))
        })
    };
    let resolved = at(&values.resolved, last).or_else(derived_resolution);
    let mut reopens_derived = 0;
    let mut pauses: Vec<Pause> = Vec::new();
    for (k, &(i, label)) in known.iter().enumerate() {
        let state = canonical(label);
        if k > 0
            && matches!(canonical(known[k - 1].1), "resolved" | "closed")
            && matches!(state, "new" | "open" | "paused")
        {
            reopens_derived += 1;
        }
        if state == "paused" {
            let end = known.get(k + 1).map(|&(j, _)| time(j)).unwrap_or(i64::MAX);
            let start = time(i);
            match pauses.last_mut() {
                Some(previous) if previous.status == label && previous.end == start => {
                    previous.end = end
                }
                _ if end > start => pauses.push(Pause {
                    start,
                    end,
                    status: label,
                }),
                _ => {}
            }
        }
    }
    Candidate {
        client: file.clients[last],
        id: text_at(&values.id, last).unwrap_or_default().to_string(),
        row: values.rows[last],
        index: last,
        created,
        first_response,
        resolved,
        closed: at(&values.closed, last),
        status: final_status,
        pauses,
        reopens: at(&values.reopens, last).or(Some(reopens_derived)),
    }
}
