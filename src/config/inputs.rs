//! What a client's sources can feed: the inputs KPIs are computed from, and which of them the
//! configured sources provide — so a KPI whose input no source provides is "no data", never 0.

use std::collections::BTreeSet;

use serde::Serialize;

use super::options::{Field, Shape, SourceKind, SourceOptions, Verdict};

/// A fact about tickets (or beside them) that some KPI needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// First-response times.
    FirstResponse,
    /// Resolution times (or closure times).
    Resolution,
    /// Whether a ticket was resolved at first touch.
    FirstTouch,
    /// Whether a ticket was escalated (tier, flag, or reassignment when so configured).
    Escalation,
    /// Whether a ticket was reopened.
    Reopens,
    /// CSAT scores.
    Csat,
    /// User counts.
    Users,
    /// Endpoint counts.
    Endpoints,
    /// Ticket type.
    Type,
    /// Category.
    Category,
    /// Assignment group.
    AssignmentGroup,
    /// Title.
    Title,
    /// Support tier.
    Tier,
    /// Reassignment counts.
    Reassignments,
    /// Paused minutes exported by the PSA.
    PausedMinutes,
    /// The PSA's own response verdict.
    #[serde(rename = "sla_response_met")]
    PsaResponseVerdict,
    /// The PSA's own resolution verdict.
    #[serde(rename = "sla_resolution_met")]
    PsaResolutionVerdict,
    /// Measurements from other systems.
    Measurements,
}

impl Input {
    /// The name used in `kpis.json` and messages.
    pub fn key(self) -> &'static str {
        match self {
            Self::FirstResponse => "first_response",
            Self::Resolution => "resolution",
            Self::FirstTouch => "first_touch",
            Self::Escalation => "escalation",
            Self::Reopens => "reopens",
            Self::Csat => "csat",
            Self::Users => "users",
            Self::Endpoints => "endpoints",
            Self::Type => "type",
            Self::Category => "category",
            Self::AssignmentGroup => "assignment_group",
            Self::Title => "title",
            Self::Tier => "tier",
            Self::Reassignments => "reassignments",
            Self::PausedMinutes => "paused_minutes",
            Self::PsaResponseVerdict => "sla_response_met",
            Self::PsaResolutionVerdict => "sla_resolution_met",
            Self::Measurements => "measurements",
        }
    }

    /// How a user provides the input.
    pub fn how(self) -> &'static str {
        match self {
            Self::FirstResponse => {
                "first-response times: map `columns.first_response`, read a status history (`shape: history` or a `kind: events` source)"
            }
            Self::Resolution => {
                "resolution times: map `columns.resolved` or `columns.closed`, or read a status history"
            }
            Self::FirstTouch => {
                "a first-touch source: map `columns.first_touch`, or reassignment counts to derive it from (`first_touch:` in the source)"
            }
            Self::Escalation => {
                "tiers or escalation flags (or reassignment counts with `escalation.reassignment_counts: true`)"
            }
            Self::Reopens => {
                "reopenings: map `columns.reopens`, `columns.reopened` or `columns.reopened_at`, or read a status history"
            }
            Self::Csat => {
                "CSAT scores: map `columns.csat` (scores on tickets count when the ticket is resolved, so resolution times are needed too), or add a source with `kind: csat`"
            }
            Self::Users => "user counts: set `size.users`, or add a source with `kind: sizes`",
            Self::Endpoints => {
                "endpoint counts: set `size.endpoints`, or add a source with `kind: sizes`"
            }
            Self::Type => "ticket types: map `columns.type` or set `constants.type`",
            Self::Category => "categories: map `columns.category`",
            Self::AssignmentGroup => "assignment groups: map `columns.assignment_group`",
            Self::Title => "titles: map `columns.title`",
            Self::Tier => "tiers: map `columns.tier`",
            Self::Reassignments => "reassignment counts: map `columns.reassignments`",
            Self::PausedMinutes => "paused time: map `columns.paused_minutes`",
            Self::PsaResponseVerdict => {
                "the PSA's response verdict: map `columns.sla_response_met`"
            }
            Self::Measurements => {
                "measurements of other systems: add a source with `kind: measurements`"
            }
            Self::PsaResolutionVerdict => {
                "the PSA's resolution verdict: map `columns.sla_resolution_met`"
            }
        }
    }
}

/// A fact first-touch resolution can be derived from: a ticket is resolved at first touch when
/// every named fact is known and says "no" (not reassigned, not escalated, not reopened).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstTouchFact {
    /// Never reassigned.
    Reassignments,
    /// Never escalated.
    Escalation,
    /// Never reopened.
    Reopens,
}

impl FirstTouchFact {
    /// Every fact, in the order messages list them.
    pub const ALL: [Self; 3] = [Self::Reassignments, Self::Escalation, Self::Reopens];

    /// Configuration word.
    pub fn key(self) -> &'static str {
        match self {
            Self::Reassignments => "reassignments",
            Self::Escalation => "escalation",
            Self::Reopens => "reopens",
        }
    }

    fn input(self) -> Input {
        match self {
            Self::Reassignments => Input::Reassignments,
            Self::Escalation => Input::Escalation,
            Self::Reopens => Input::Reopens,
        }
    }
}

/// How a source knows whether a ticket was resolved at first touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", content = "from", rename_all = "snake_case")]
pub enum FirstTouchRule {
    /// The export's own flag (`columns.first_touch`).
    Column,
    /// Derived: resolved with none of these facts true (each must be known for the ticket).
    Derived(Vec<FirstTouchFact>),
    /// Not measured.
    Off,
}

/// The inputs a client's sources provide.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Provided {
    /// Inputs available.
    pub inputs: BTreeSet<Input>,
    /// How first-touch resolution is known (one entry per ticket source).
    pub first_touch: Vec<FirstTouchRule>,
    /// Inputs known only through the PSA's verdicts (`verdict: psa`), without times.
    pub verdict_only: BTreeSet<Input>,
}

impl Provided {
    /// What the sources `sources` (and the client's constant sizes) provide.
    pub fn of<'a>(
        sources: impl Iterator<Item = &'a SourceOptions>,
        constant_users: bool,
        constant_endpoints: bool,
        verdict: Verdict,
    ) -> Self {
        let mut out = Self::default();
        let mut ticket_sources = Vec::new();
        for source in sources {
            match source.kind {
                SourceKind::Tickets => ticket_sources.push(source),
                SourceKind::Events => {
                    out.inputs
                        .extend([Input::FirstResponse, Input::Resolution, Input::Reopens])
                }
                SourceKind::Csat => {
                    out.inputs.insert(Input::Csat);
                }
                SourceKind::Measurements => {
                    out.inputs.insert(Input::Measurements);
                }
                SourceKind::Sizes => {
                    if source.columns.contains_key(&Field::Users) {
                        out.inputs.insert(Input::Users);
                    }
                    if source.columns.contains_key(&Field::Endpoints) {
                        out.inputs.insert(Input::Endpoints);
                    }
                }
            }
        }
        for source in &ticket_sources {
            out.inputs.extend(source_inputs(source));
        }
        // The PSA's response verdict stands in for response times when the client uses
        // `verdict: psa` (tickets count where they were created). A resolution verdict cannot:
        // resolved tickets are placed in a period by their resolution time.
        if verdict == Verdict::Psa
            && out.inputs.contains(&Input::PsaResponseVerdict)
            && out.inputs.insert(Input::FirstResponse)
        {
            out.verdict_only.insert(Input::FirstResponse);
        }
        if constant_users {
            out.inputs.insert(Input::Users);
        }
        if constant_endpoints {
            out.inputs.insert(Input::Endpoints);
        }
        for source in &ticket_sources {
            let rule = source.first_touch.clone();
            let usable = match &rule {
                FirstTouchRule::Column => out.inputs.contains(&Input::FirstTouch),
                FirstTouchRule::Derived(facts) => {
                    !facts.is_empty() && facts.iter().all(|f| out.inputs.contains(&f.input()))
                }
                FirstTouchRule::Off => false,
            };
            if usable {
                out.inputs.insert(Input::FirstTouch);
            }
            if !out.first_touch.contains(&rule) {
                out.first_touch.push(rule);
            }
        }
        if !out
            .first_touch
            .iter()
            .any(|r| !matches!(r, FirstTouchRule::Off))
        {
            out.inputs.remove(&Input::FirstTouch);
        }
        out
    }

    /// Whether an input is provided.
    pub fn has(&self, input: Input) -> bool {
        self.inputs.contains(&input)
    }

    /// Whether the times behind an input are known (not only the PSA's verdict).
    pub fn has_times(&self, input: Input) -> bool {
        self.has(input) && !self.verdict_only.contains(&input)
    }

    /// The first of `needs` that is not provided.
    pub fn missing(&self, needs: &[Input]) -> Option<Input> {
        needs.iter().copied().find(|i| !self.has(*i))
    }
}

/// The inputs one ticket source provides by its columns and shape.
pub fn source_inputs(source: &SourceOptions) -> BTreeSet<Input> {
    let has = |f: Field| source.columns.contains_key(&f);
    let history = source.shape == Shape::History;
    let mut out = BTreeSet::new();
    let mut add = |condition: bool, input: Input| {
        if condition {
            out.insert(input);
        }
    };
    add(
        has(Field::FirstResponse) || has(Field::FirstResponseMinutes) || history,
        Input::FirstResponse,
    );
    add(
        has(Field::Resolved) || has(Field::Closed) || history,
        Input::Resolution,
    );
    add(has(Field::FirstTouch), Input::FirstTouch);
    add(
        has(Field::Escalated)
            || has(Field::Tier)
            || (has(Field::Reassignments) && source.reassignment_is_escalation),
        Input::Escalation,
    );
    add(
        has(Field::Reopens) || has(Field::Reopened) || has(Field::ReopenedAt) || history,
        Input::Reopens,
    );
    // Scores on tickets count in the period the ticket was resolved.
    add(
        has(Field::Csat) && (has(Field::Resolved) || has(Field::Closed) || history),
        Input::Csat,
    );
    add(
        has(Field::Type) || source.constant_type.is_some(),
        Input::Type,
    );
    add(has(Field::Category), Input::Category);
    add(has(Field::AssignmentGroup), Input::AssignmentGroup);
    add(has(Field::Title), Input::Title);
    add(has(Field::Tier), Input::Tier);
    add(has(Field::Reassignments), Input::Reassignments);
    add(has(Field::PausedMinutes), Input::PausedMinutes);
    add(has(Field::SlaResponseMet), Input::PsaResponseVerdict);
    add(has(Field::SlaResolutionMet), Input::PsaResolutionVerdict);
    out
}

/// The default first-touch rule of a ticket source: its flag when mapped; else derived from the
/// facts it provides, provided it has reassignment counts (the main sign of a second touch);
/// else off.
pub fn default_first_touch(source: &SourceOptions) -> FirstTouchRule {
    if source.columns.contains_key(&Field::FirstTouch) {
        return FirstTouchRule::Column;
    }
    let inputs = source_inputs(source);
    if !inputs.contains(&Input::Reassignments) {
        return FirstTouchRule::Off;
    }
    FirstTouchRule::Derived(
        FirstTouchFact::ALL
            .into_iter()
            .filter(|f| inputs.contains(&f.input()))
            .collect(),
    )
}
