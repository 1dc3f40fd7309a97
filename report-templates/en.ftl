### reviewpack — user-facing text of the service review packs, English (en-GB and en-US).
### Fluent syntax 1.0, read with the Rust crate fluent-bundle (0.15/0.16).
###
### Ids: every snake_case id is a key of the former `LABELS` table (templates read them as
### `labels.<key>`); kebab-case ids are the other strings formerly in Rust.
###
### Variables:
###   Numbers (passed as Fluent numbers, used in plural selectors, shown as the bundle formats
###   them — no thousands separator): $count, $total, $met, $others, $limit, $top, $backlog in
###   backlog-grew, $previous_backlog.
###   Preformatted strings (already formatted for the locale by the Rust code, e.g. "1,234",
###   "93.4%", "≥ 95.0%", "5 h 05 min", "+2.1 pp"): every other variable — $name, $previous,
###   $value, $change, $target, $status, $backlog in overdue-open, $scope, $counted, $filter,
###   $condition, $statistic, $column, $query, $number, $year.
###   Note: $count in overdue-open was formatted with thousands separators before; a number shows
###   without them.
###
### The bundle must be used with set_use_isolating(false), or placeables are wrapped in
### U+2068/U+2069 and the text is no longer byte-for-byte the same as before.

## Cover
## Cover page, running headers and footers.

qbr_title = Quarterly Business Review
prepared_for = Prepared for
prepared_by = Prepared by
data_as_of = Data as of
contents = Contents
confidential = Confidential
page = Page
of = of
no_tickets = The export holds no ticket created or resolved in this period: there is nothing to judge.

## Summary
## Executive summary headings and fixed sentences.

executive_summary = Executive summary
overall_status = Overall status
what_improved = What improved
needs_attention = What needs attention
commentary = Service delivery manager's commentary

# The headline of the summary.
# Variables: $met, $total
csf_met_summary = { $total ->
    [one] { $met } of { $total } critical success factor met
   *[other] { $met } of { $total } critical success factors met
}
nothing_improved = No KPI improved notably on the previous period.
nothing_attention = Every KPI with a target is met.

## Scorecard
## CSF scorecard: columns, statuses and comparison sources.

scorecard = CSF scorecard
scorecard_intro = Each critical success factor (CSF) is judged by its KPIs against the contract's targets. Status is shown by colour and symbol: ✓ met, ▲ at risk, ✗ not met, – no data.
kpi = KPI
this_quarter = This quarter
previous_quarter = Previous quarter
change = Change
same_quarter_last_year = Same quarter last year
target = Target
status = Status
met = Met
at_risk = At risk
not_met = Not met
no_data = No data
no_target = No target
as_presented = as presented at the previous review
recomputed = recomputed from the current data (no published review)

# Footnote when no earlier review of the client was published.
comparison-note-none-published = † No earlier review of this client was published with reviewpack: comparison values are recomputed from the current data.

# Footnote when at least one earlier review was published.
comparison-note-some-published = † recomputed from the current data (no review of that period was published); values without † are as presented at the published review. * in the trends: value as presented.

## Trends
## Headline trend charts and the KPI trend table.

trends = Trends
trends_intro = The last periods, with the target as a dashed line.
trend_best = Best
trend_worst = Worst
chart_data = Chart data
quarter = Period
value = Value
hours = hours
score = score

## Monthly
## Monthly breakdown table.

monthly_breakdown = Monthly breakdown
month = Month
created = Created
resolved = Resolved
response_sla = Response SLA
resolution_sla = Resolution SLA
median_response = Median first response
median_resolution = Median resolution
backlog_end = Backlog at end
csat = CSAT

## Sla
## SLA attainment by priority.

sla_by_priority = SLA attainment by priority
priority = Priority
response_target = Response target
resolution_target = Resolution target

## Volume
## Tickets by category and priority mix.

volume = Volume
volume_by_category = Tickets by category
priority_mix = Priority mix
category = Category
tickets = Tickets
share = Share

# The grouped tail of the category list.
# Variables: $others
volume-others = { $others ->
    [one] { $others } other
   *[other] { $others } others
}

## Backlog
## Backlog chart and table.

backlog = Backlog
backlog_intro = Open tickets at each month's end, and those already past their resolution target.
open_tickets = Open tickets
overdue = Past resolution target

## Csat
## Customer satisfaction.

csat_title = Customer satisfaction
csat_mean = Mean score
csat_satisfied = Satisfied
responses = Responses

## Breaches
## SLA breach list.

breaches = SLA breaches
breaches_intro = Tickets of the period that missed a target, largest overrun first.
no_breaches = No ticket missed a target in this period.
ticket = Ticket
target_kind = Target
response = Response
resolution = Resolution
opened = Opened
ended = Answered / resolved
elapsed = Time on clock
over_by = Over by
still_open = still open

# Shown when a template lists fewer rows than there are; the template puts its number in
# place of {"{"}limit{"}"}.
# Variables: $total (number), $limit (placeholder text)
breaches-note = The first { $limit } of { $total } breaches are shown; the full list is in breaches.csv.

# Variables: $total (number), $limit (placeholder text)
breaches-top-note = The { $limit } largest overruns of { $total } breaches; the full list is in the HTML pack and in breaches.csv.

## Methodology
## Methodology appendix, and the description of custom and SQL KPIs.

methodology = Methodology
definitions = KPI definitions
counting_rules = Counting rules
calendars = Calendars and SLA targets
data_sources = Data sources
file = File
rows = Rows
checksum = SHA-256
data_quality = Rows rejected or corrected
reason = Reason
count = Count
example = Example
no_rejections = No row was rejected.

# Which tickets a custom KPI counts, used inside $scope / $counted.
counted-created = created
counted-resolved = resolved

# Field names of a KPI filter, joined as "<field> <value> / <value>, …". Today they are English in both languages.
filter-field-type = type
filter-field-priority = priority
filter-field-category = category
filter-field-assignment-group = assignment group
filter-field-status = status

# Appended to the scope; the leading space is kept with {" "} (empty string when the KPI has no filter).
# Variables: $filter
filter-text = {" "}(filter: { $filter })

# Variables: $scope
definition-custom-count = Number of tickets { $scope } in the period.

# $condition is a complete filter-text (with its leading space) or the empty string.
# Variables: $scope, $condition
definition-custom-share = Share of the tickets { $scope } in the period that match{ $condition }.

# Variables: $statistic, $column, $scope
definition-custom-column = { $statistic } of { $column } over the tickets { $scope } in the period.

# Variables: $counted, $filter, $query
definition-custom-sql = Custom KPI computed by SQL over the tickets { $counted } in the period{ $filter }: { $query }
definition-measurement-mean = Mean of the `{ $measure }` values measured by another system on the days or months of the period (a `kind: measurements` source).
definition-measurement-sum = Sum of the `{ $measure }` values measured by another system on the days or months of the period.
definition-measurement-min = Smallest `{ $measure }` value measured by another system on the days or months of the period.
definition-measurement-max = Largest `{ $measure }` value measured by another system on the days or months of the period.
definition-measurement-last = The latest `{ $measure }` value measured by another system in the period.
definition-measurement-ratio = Sum of the `{ $measure }` values over the sum of their wholes (e.g. jobs succeeded over jobs run), for the days or months of the period, as a percentage.
definition-measurement-availability = 100 % less the share of the period covered by `{ $measure }` outages (overlapping outages counted once; an outage still open at the export counts until the latest time the export records).
definition-measurement-availability-maintenance = 100 % less the share of the period covered by `{ $measure }` outages, with the maintenance windows of the calendar `{ $maintenance }` left out of both the period and the outages (overlapping outages counted once).

## Metrics
## Built-in metrics: statistic names, display titles and definitions (one per metric key).

stat-mean = mean
stat-median = median
stat-p90 = 90th percentile
metric-volume = Tickets created
metric-response-time-mean = First response time (mean)
metric-response-time-median = First response time (median)
metric-response-time-p90 = First response time (90th percentile)
metric-resolution-time-mean = Resolution time (mean)
metric-resolution-time-median = Resolution time (median)
metric-resolution-time-p90 = Resolution time (90th percentile)
metric-response-sla = Response SLA attainment
metric-resolution-sla = Resolution SLA attainment
metric-first-touch-resolution = First-touch resolution rate
metric-escalation-rate = Escalation rate
metric-reopen-rate = Reopen rate
metric-backlog = Backlog at period end
metric-overdue-open = Open tickets past resolution target
metric-csat-mean = CSAT (mean score)
metric-csat-satisfied = CSAT (% satisfied)
metric-tickets-per-user = Tickets per user per month
metric-tickets-per-endpoint = Tickets per endpoint per month
metric-psa-response-sla = Response SLA attainment (PSA's verdict)
metric-psa-resolution-sla = Resolution SLA attainment (PSA's verdict)
definition-volume = Tickets created in the period (counted in the period of their creation).
definition-response-time-mean = Time from creation to first response on the response clock of the ticket's priority (its calendar, minus pauses that apply to the response target); tickets created in the period that have a response.
definition-response-time-median = Time from creation to first response on the response clock of the ticket's priority (its calendar, minus pauses that apply to the response target); tickets created in the period that have a response.
definition-response-time-p90 = Time from creation to first response on the response clock of the ticket's priority (its calendar, minus pauses that apply to the response target); tickets created in the period that have a response.
definition-resolution-time-mean = Time from creation to resolution on the resolution clock of the ticket's priority (its calendar, minus pauses that apply to the resolution target); tickets resolved in the period.
definition-resolution-time-median = Time from creation to resolution on the resolution clock of the ticket's priority (its calendar, minus pauses that apply to the resolution target); tickets resolved in the period.
definition-resolution-time-p90 = Time from creation to resolution on the resolution clock of the ticket's priority (its calendar, minus pauses that apply to the resolution target); tickets resolved in the period.
definition-response-sla = Among tickets created in the period whose priority has a response target: the share answered within it (time ≤ target). A ticket with no response that is already past its target at the cut-off (the period's end, or the as-of date if earlier) counts as breached; one not yet due is left out.
definition-resolution-sla = Among tickets resolved in the period whose priority has a resolution target: the share resolved within it (time ≤ target).
definition-first-touch-resolution = Among tickets resolved in the period: the share resolved at first touch, known from the export's flag or derived from named facts (resolved with none of them: not reassigned, not escalated, not reopened). A ticket whose flag or any named fact is unknown is left out.
definition-escalation-rate = Among tickets resolved in the period: the share that reached tier 2 or above, or were flagged escalated (or reassigned, when so configured). Tickets with none of these fields are left out.
definition-reopen-rate = Among tickets resolved in the period: the share reopened at least once (a reopen count, a reopened flag, a reopening time, or moves back from resolved in a status history). Tickets for which it is unknown are left out.
definition-backlog = Tickets created before the cut-off and not resolved at that instant (a ticket resolved exactly at the cut-off is not in the backlog).
definition-overdue-open = Backlog tickets whose resolution clock at the cut-off is already past their resolution target.
definition-csat-mean = Mean CSAT score of responses counted in the period (the period the ticket was resolved, or the response date for a separate survey file).
definition-csat-satisfied = Share of CSAT responses at or above the satisfied threshold.
definition-tickets-per-user = Mean over the period's months of tickets created that month divided by the users that month (months without a figure are left out).
definition-tickets-per-endpoint = Mean over the period's months of tickets created that month divided by the endpoints that month (months without a figure are left out).
definition-psa-response-sla = Among tickets created in the period that the export gives a response verdict for: the share the PSA itself judged answered within target (its own SLA set-up and clock, not reviewpack's).
definition-psa-resolution-sla = Among tickets resolved in the period that the export gives a resolution verdict for: the share the PSA itself judged resolved within target (its own SLA set-up and clock, not reviewpack's).

## Rules
## Counting rules of the methodology appendix, in order.

rule-1 = Periods are half-open, [start, end), from local midnight in the client's time zone; a ticket resolved exactly at the end belongs to the next period.
rule-2 = Volume and response KPIs count a ticket in the period it was created; resolution KPIs (resolution time and SLA, first-touch, escalation, reopen rates, CSAT on tickets) in the period it was resolved.
rule-3 = SLA clocks run on the calendar of the ticket's priority (24×7, or business hours with holidays) in the client's time zone, across daylight-saving changes, and stop while the ticket waits in a status that pauses that target.
rule-4 = Met means time ≤ target; breached means time > target. A ticket with no response that is already past its target at the cut-off (period end, or the as-of date if earlier) counts as breached; one not yet due is left out.
rule-5 = Backlog: tickets created before the cut-off and not resolved at that instant. Overdue: backlog tickets already past their resolution target.
rule-6 = Medians and 90th percentiles interpolate linearly between closest ranks. A KPI without data is shown as "no data", never as 0.
rule-7 = Comparison columns show the values presented at the published review of that period where one exists, and otherwise values recomputed from the current data.

## Months
## Month names and short period names.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

# Variables: $number, $year
period-week = W{ $number } { $year }

# Variables: $number, $year
period-quarter = Q{ $number } { $year }

# Variables: $number (unused), $year
period-fiscal-year = FY{ $year }

# Variables: $number, $year
period-half = H{ $number } { $year }

## Sentences
## Sentences of the executive summary built from the numbers.

# Variables: $name, $previous, $value, $change
summary-improved = { $name } improved from { $previous } to { $value } ({ $change }).

# Variables: $name, $value, $target, $status
summary-attention = { $name } is { $value } against a target of { $target } ({ $status }).

# Variables: $count, $backlog
overdue-open = { $count ->
    [one] { $count } open ticket is already past its resolution target (of { $backlog } in the backlog).
   *[other] { $count } open tickets are already past their resolution target (of { $backlog } in the backlog).
}

# Variables: $previous_backlog, $backlog
backlog-grew = { $backlog ->
    [one] The backlog grew from { $previous_backlog } to { $backlog } open ticket.
   *[other] The backlog grew from { $previous_backlog } to { $backlog } open tickets.
}

## First touch
## How first-touch resolution is known, stated after its definition in the methodology.

first-touch-column = Here: the export's own first-touch flag.
# Variables: $facts (preformatted list: "reassignments, escalation and reopenings")
first-touch-derived = Here: derived — resolved at first touch when the ticket had no { $facts }.
first-touch-off = Here: not measured (no first-touch flag and no facts to derive it from).
fact-reassignments = reassignment
fact-escalation = escalation
fact-reopens = reopening
list-and = and

## Levels
## The names of the review levels (levels.yaml names each level's title).

level_sync = Service Sync
level_monthly = Monthly Service Review
level_qbr = Quarterly Business Review

## Sync
## The sections of the informal sync.

volume_change = Volume against the previous period
response_times = First response times
answered = Answered
median = Median
p90 = 90th percentile
previous_median = Median, previous period
all_priorities = All priorities
no_response_times = The export has no first-response times: no data.
major_incidents = P1 and P2 incidents
no_major_incidents = No P1 or P2 incident was opened in this period.
first_response = First response
resolution_time = Resolution time
more_in_html = The full list is in the HTML pack.
oldest_open = Oldest open tickets
oldest_open_intro = The backlog at the cut-off, oldest first, with the time on the resolution clock.
no_open_tickets = No ticket is open at the cut-off.
no_resolution_times = The export has no resolution times: no data.
past_target = ✗ Past target
within_target = Within target
low_csat = Dissatisfied responses
# Variables: $threshold, $responses
low_csat_intro = Responses below the satisfied threshold (score ≥ { $threshold }) among the { $responses } of the period, with the respondent's comment where the survey has one.
no_low_csat = No response of the period is below the satisfied threshold.
csat_score = Score
responded = Answered on
comment = Comment

## Causes
## Where the breaches of the period come from.

breach_causes = Where the breaches come from
breach_causes_intro = The breaches of the period by category, assignment group, priority, and the weekday and hour the ticket was opened (client's time zone).
breaches_by = Breaches by
assignment_group = Assignment group
weekday = Weekday
hour_opened = Hour opened
breaches_count = Breaches
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

## Plan
## The operational plan (monthly) and recommendations (QBR): findings with evidence, actions.

plan_title = Operational plan
operational_plan = Operational plan
recommendations = Recommendations
plan_intro = For every critical success factor at risk or not met: what the data shows, with the tickets behind it, the action proposed, and the actions of the CSI register that serve it. Proposed actions enter the register only when someone writes them there.
no_plan_needed = Every critical success factor is met or has no data: no plan is needed.
no_findings = No concentration in the data explains it (no slice holds a marked share of the tickets concerned).
no_findings_measured = Its KPIs at risk come from another system's measurements; findings are drawn from tickets only.
finding = Finding
evidence = Tickets
proposed_action = Proposed action
register_actions = Actions in the CSI register
due = due
# Variables: $share, $subject, $value, $count, $of, $base (all preformatted)
finding-window = { $share } of { $subject } were opened on { $value } ({ $count } of { $of }; { $base } of all the tickets measured were).
finding-category = { $share } of { $subject } were in category { $value } ({ $count } of { $of }; { $base } of all the tickets measured were).
finding-assignment-group = { $share } of { $subject } were assigned to { $value } ({ $count } of { $of }; { $base } of all the tickets measured were).
finding-priority = { $share } of { $subject } were { $value } ({ $count } of { $of }; { $base } of all the tickets measured were).
finding-type = { $share } of { $subject } were of type { $value } ({ $count } of { $of }; { $base } of all the tickets measured were).
# Variables: $count (preformatted)
finding-proposal = review these { $count } tickets with the team, find the common cause, and record a corrective action with an owner and a due date in the CSI register.
subject-response-breaches = the response breaches
subject-resolution-breaches = the resolution breaches
subject-overdue-open = the open tickets past their resolution target
subject-reopened = the reopened tickets
subject-not-first-touch = the tickets not resolved at first touch
subject-escalated = the escalated tickets
subject-unsatisfied = the dissatisfied responses
# Variables: $priority, $subject
subject-of-priority = { $subject } ({ $priority })

## CSI
## The CSI register.

csi_title = Improvement actions (CSI register)
# Variables: $review
csi-since = Changes since the last published review, { $review }.
csi-since-none = No review has been published yet: every action is shown as it stands.
no_actions = The CSI register holds no action.
action_id = Id
action = Action
csf = CSF
due_date = Due
owner = Owner
action-open = Open
action-in-progress = In progress
action-done = Done
action-dropped = Dropped
change-opened = New
change-completed = Completed
change-dropped = Dropped
change-overdue = Overdue
change-ongoing = Ongoing
change-closed = Closed earlier

## Proposals
## KPIs the data supports that no CSF tracks yet.

proposals = Proposed KPIs
proposals_intro = Measures the data supports that no critical success factor tracks yet, with their value this period and the previous one — candidates for new KPIs.
no_proposals = Every measure the data supports is already tracked.

## Executive
## The semi-annual and annual executive reviews.

level_semiannual = Semi-annual Executive Review
level_annual = Annual Executive Review
next_period_plan = Plan for the next period
value_delivered = Value delivered
actions_completed = Improvement actions completed
# Variables: $resolved (number), $resolved_text, $sla, $met (number), $total (number)
value-sentence = { $resolved ->
    [one] One ticket was resolved
   *[other] { $resolved_text } tickets were resolved
}, { $sla } of them within the contract's resolution target; { $met } of { $total } critical success factors are met.
improvements_made = Improvements made
yoy = Year over year
csf_evolution = How the critical success factors evolved
evolution_note = † recomputed from the current data (no QBR of that quarter was published); the others are as presented at the quarter's QBR.
sla_adequacy = SLA adequacy
sla_adequacy_intro = For each priority and target: the attainment at the contract's target and what it would have been at tighter and looser targets, from the real times on the same clock.
contract_target = Contract target
recommendation = Recommendation
adequacy_rule = Rule: with fewer than 20 tickets judged, no recommendation. Tighten when the attainment at the target and at 0.75× the target both reach the goal and every month with tickets reaches it. Renegotiate when every month with tickets misses the goal while 1.5× the target would have reached it. Otherwise keep. The goal is the target of the client's KPI on that SLA, or 95%.
recommend-tighten = Tighten
recommend-keep = Keep
recommend-renegotiate = Renegotiate
recommend-too-few = Too few tickets
# Variables: $priority, $kind, $target, $attainment, $goal, $recommendation
adequacy-sentence = { $priority } { $kind } within { $target }: { $attainment } against a goal of { $goal } — { $recommendation }.
# Variables: $kind
distribution-title = Real { $kind } times against the target (share of tickets by multiple of the target)
growth = Growth
users = Users
endpoints = Endpoints
tickets_per_user = Tickets per user per month
growth-scaled = Users grew while each asked for less: the service scaled with the business.
growth-strain = Users grew and each asked for more: demand is rising faster than headcount — plan capacity and look at the causes.
growth-steady = Users grew and tickets per user held steady: demand grows with the business.
growth-more-per-user = Each user asks for more than at the start: look at what drives it.
growth-shrinking = Fewer users than at the start of the period: review the scope of the contract with the client.
growth-stable = The size of the service and the demand per user are stable.
growth-no-data = No user or endpoint figures for the period: set `size.users` or add a sizes source.
renewal = Renewal outlook
renewal-no-contract = No contract term is configured for this client (`contract.start`, `contract.end`).
contract_term = Contract term
# Variables: $months (number)
months-left = { $months ->
    [0] The contract ends this month or has ended.
    [one] One month left.
   *[other] { $months } months left.
}
service_trend = Trend of the service
trend-improving = Improving: more critical success factors met at the end of the period than at its start.
trend-degrading = Degrading: fewer critical success factors met at the end of the period than at its start.
trend-stable = Stable: as many critical success factors met at the end of the period as at its start.
open_risks = Open risks
no_risks = No open risk: every critical success factor is met and no action is overdue.
# Variables: $csf, $status
risk-csf = { $csf } is { $status }.
# Variables: $id, $title
risk-action = Improvement action { $id } ({ $title }) is overdue.
# E-mail of a pack. Variables: $level (the level's name), $period, $client, $msp, $name
mail-subject = { $level } – { $period } – { $client }
mail-greeting = Dear { $name },
mail_greeting_anonymous = Hello,
mail-body = please find attached the { $level } of { $client } for { $period }, prepared by { $msp }.
mail_attachments = Attached
mail_closing = Kind regards,
mail-footer = This message was sent by { $msp } with reviewpack. Reply to it to reach your service delivery team.
