### reviewpack — testi dei pacchetti di revisione del servizio, italiano (it-IT).
### Fluent syntax 1.0, read with the Rust crate fluent-bundle (0.15/0.16).
###
### Ids: every snake_case id is a key of the former `LABELS` table (templates read them as
### `labels.<key>`); kebab-case ids are the other strings formerly in Rust. Same ids as en.ftl.
###
### Variables:
###   Numbers (passed as Fluent numbers, used in plural selectors — Italian categories one/other —
###   shown as the bundle formats them, no thousands separator): $count, $total, $met, $others,
###   $limit, $top, $backlog in backlog-grew, $previous_backlog.
###   Preformatted strings (already formatted for the locale by the Rust code, e.g. "1.234",
###   "93,4%", "≥ 95,0%", "5 h 05 min", "+2,1 pp"): every other variable — $name, $previous,
###   $value, $change, $target, $status, $backlog in overdue-open, $scope, $counted, $filter,
###   $condition, $statistic, $column, $query, $number, $year.
###   Note: $count in overdue-open was formatted with thousands separators before; a number shows
###   without them.
###
### The bundle must be used with set_use_isolating(false), or placeables are wrapped in
### U+2068/U+2069 and the text is no longer byte-for-byte the same as before.

## Cover
## Cover page, running headers and footers.

qbr_title = Revisione trimestrale del servizio
prepared_for = Preparato per
prepared_by = Preparato da
data_as_of = Dati aggiornati al
contents = Indice
confidential = Riservato
page = Pagina
of = di
no_tickets = L'esportazione non contiene ticket aperti o risolti in questo periodo: non c'è nulla da valutare.

## Summary
## Executive summary headings and fixed sentences.

executive_summary = Sintesi
overall_status = Stato complessivo
what_improved = Cosa è migliorato
needs_attention = Cosa richiede attenzione
commentary = Commento del service delivery manager

# The headline of the summary.
# Variables: $met, $total
csf_met_summary = { $met ->
    [one] { $met } fattore critico di successo raggiunto su { $total }
   *[other] { $met } fattori critici di successo raggiunti su { $total }
}
nothing_improved = Nessun KPI è migliorato in modo rilevante rispetto al periodo precedente.
nothing_attention = Tutti i KPI con obiettivo sono raggiunti.

## Scorecard
## CSF scorecard: columns, statuses and comparison sources.

scorecard = Scorecard dei fattori critici di successo
scorecard_intro = Ogni fattore critico di successo (CSF) è valutato dai suoi KPI rispetto agli obiettivi contrattuali. Lo stato è indicato da colore e simbolo: ✓ raggiunto, ▲ a rischio, ✗ non raggiunto, – nessun dato.
kpi = KPI
this_quarter = Questo trimestre
previous_quarter = Periodo precedente
change = Variazione
same_quarter_last_year = Stesso trimestre anno precedente
target = Obiettivo
status = Stato
met = Raggiunto
at_risk = A rischio
not_met = Non raggiunto
no_data = Nessun dato
no_target = Nessun obiettivo
as_presented = come presentato alla revisione precedente
recomputed = ricalcolato dai dati attuali (nessuna revisione pubblicata)

# Footnote when no earlier review of the client was published.
comparison-note-none-published = † Nessuna revisione precedente è stata pubblicata con reviewpack: i valori di confronto sono ricalcolati dai dati attuali.

# Footnote when at least one earlier review was published.
comparison-note-some-published = † ricalcolato dai dati attuali (nessuna revisione pubblicata per quel periodo); i valori senza † sono quelli presentati alla revisione pubblicata. * negli andamenti: valore presentato.

## Trends
## Headline trend charts and the KPI trend table.

trends = Andamenti
trends_intro = Gli ultimi periodi, con l'obiettivo come linea tratteggiata.
trend_best = Migliore
trend_worst = Peggiore
chart_data = Dati del grafico
quarter = Periodo
value = Valore
hours = ore
score = punteggio

## Monthly
## Monthly breakdown table.

monthly_breakdown = Dettaglio mensile
month = Mese
created = Aperti
resolved = Risolti
response_sla = SLA di risposta
resolution_sla = SLA di risoluzione
median_response = Prima risposta (mediana)
median_resolution = Risoluzione (mediana)
backlog_end = Arretrato a fine periodo
csat = CSAT

## Sla
## SLA attainment by priority.

sla_by_priority = Rispetto degli SLA per priorità
priority = Priorità
response_target = Obiettivo di risposta
resolution_target = Obiettivo di risoluzione

## Volume
## Tickets by category and priority mix.

volume = Volumi
volume_by_category = Ticket per categoria
priority_mix = Ripartizione per priorità
category = Categoria
tickets = Ticket
share = Quota

# The grouped tail of the category list.
# Variables: $others
volume-others = { $others ->
    [one] { $others } altra
   *[other] { $others } altre
}

## Backlog
## Backlog chart and table.

backlog = Arretrato
backlog_intro = Ticket aperti a fine mese e quelli già oltre l'obiettivo di risoluzione.
open_tickets = Ticket aperti
overdue = Oltre l'obiettivo di risoluzione

## Csat
## Customer satisfaction.

csat_title = Soddisfazione degli utenti
csat_mean = Punteggio medio
csat_satisfied = Soddisfatti
responses = Risposte

## Breaches
## SLA breach list.

breaches = Violazioni degli SLA
breaches_intro = Ticket del periodo che hanno mancato un obiettivo, dal maggior sforamento.
no_breaches = Nessun ticket ha mancato un obiettivo in questo periodo.
ticket = Ticket
target_kind = Obiettivo
response = Risposta
resolution = Risoluzione
opened = Aperto
ended = Risposto / risolto
elapsed = Tempo sull'orologio
over_by = Sforamento
still_open = ancora aperto

# Mostrato quando un modello elenca meno righe di quante ce ne siano; il modello mette il suo
# numero al posto di {"{"}limit{"}"}.
# Variables: $total (number), $limit (placeholder text)
breaches-note = Mostrate le prime { $limit } di { $total } violazioni; l'elenco completo è in breaches.csv.

# Variables: $total (number), $limit (placeholder text)
breaches-top-note = Le { $limit } violazioni con lo sforamento maggiore su { $total }; l'elenco completo è nel pacchetto HTML e in breaches.csv.

## Methodology
## Methodology appendix, and the description of custom and SQL KPIs.

methodology = Metodologia
definitions = Definizioni dei KPI
counting_rules = Regole di conteggio
calendars = Calendari e obiettivi SLA
data_sources = Fonti dei dati
file = File
rows = Righe
checksum = SHA-256
data_quality = Righe scartate o corrette
reason = Motivo
count = Numero
example = Esempio
no_rejections = Nessuna riga è stata scartata.

# Which tickets a custom KPI counts, used inside $scope / $counted.
counted-created = aperti
counted-resolved = risolti

# Field names of a KPI filter, joined as "<field> <value> / <value>, …". Today they are English in both languages.
filter-field-type = tipo
filter-field-priority = priorità
filter-field-category = categoria
filter-field-assignment-group = gruppo di assegnazione
filter-field-status = stato

# Appended to the scope; the leading space is kept with {" "} (empty string when the KPI has no filter).
# Variables: $filter
filter-text = {" "}(filtro: { $filter })

# Variables: $scope
definition-custom-count = Numero di ticket { $scope } nel periodo.

# $condition is a complete filter-text (with its leading space) or the empty string.
# Variables: $scope, $condition
definition-custom-share = Quota dei ticket { $scope } nel periodo che soddisfano{ $condition }.

# Variables: $statistic, $column, $scope
definition-custom-column = { $statistic } di { $column } sui ticket { $scope } nel periodo.

# Variables: $counted, $filter, $query
definition-custom-sql = KPI personalizzato calcolato in SQL sui ticket { $counted } del periodo{ $filter }: { $query }
definition-measurement-mean = Media dei valori `{ $measure }` misurati da un altro sistema nei giorni o mesi del periodo (una sorgente `kind: measurements`).
definition-measurement-sum = Somma dei valori `{ $measure }` misurati da un altro sistema nei giorni o mesi del periodo.
definition-measurement-min = Il valore `{ $measure }` più basso misurato da un altro sistema nei giorni o mesi del periodo.
definition-measurement-max = Il valore `{ $measure }` più alto misurato da un altro sistema nei giorni o mesi del periodo.
definition-measurement-last = L'ultimo valore `{ $measure }` misurato da un altro sistema nel periodo.
definition-measurement-ratio = Somma dei valori `{ $measure }` sulla somma dei loro totali (es. job riusciti su job eseguiti), nei giorni o mesi del periodo, in percentuale.
definition-measurement-availability = 100 % meno la quota del periodo coperta da interruzioni `{ $measure }` (interruzioni sovrapposte contate una volta; un'interruzione ancora aperta all'export conta fino all'ultimo istante registrato nell'export).
definition-measurement-availability-maintenance = 100 % meno la quota del periodo coperta da interruzioni `{ $measure }`, escluse dal periodo e dalle interruzioni le finestre di manutenzione del calendario `{ $maintenance }` (interruzioni sovrapposte contate una volta).

## Metrics
## Built-in metrics: statistic names, display titles and definitions (one per metric key).

stat-mean = media
stat-median = mediana
stat-p90 = 90° percentile
metric-volume = Ticket aperti
metric-response-time-mean = Tempo di prima risposta (media)
metric-response-time-median = Tempo di prima risposta (mediana)
metric-response-time-p90 = Tempo di prima risposta (90° percentile)
metric-resolution-time-mean = Tempo di risoluzione (media)
metric-resolution-time-median = Tempo di risoluzione (mediana)
metric-resolution-time-p90 = Tempo di risoluzione (90° percentile)
metric-response-sla = Rispetto SLA di risposta
metric-resolution-sla = Rispetto SLA di risoluzione
metric-first-touch-resolution = Risoluzione al primo contatto
metric-escalation-rate = Tasso di escalation
metric-reopen-rate = Tasso di riapertura
metric-backlog = Arretrato a fine periodo
metric-overdue-open = Ticket aperti oltre l'obiettivo di risoluzione
metric-csat-mean = CSAT (punteggio medio)
metric-csat-satisfied = CSAT (% soddisfatti)
metric-tickets-per-user = Ticket per utente al mese
metric-tickets-per-endpoint = Ticket per dispositivo al mese
metric-psa-response-sla = Rispetto SLA di risposta (verdetto del PSA)
metric-psa-resolution-sla = Rispetto SLA di risoluzione (verdetto del PSA)
definition-volume = Ticket aperti nel periodo (contati nel periodo di apertura).
definition-response-time-mean = Tempo dall'apertura alla prima risposta sull'orologio di risposta della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risposta); ticket aperti nel periodo che hanno una risposta.
definition-response-time-median = Tempo dall'apertura alla prima risposta sull'orologio di risposta della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risposta); ticket aperti nel periodo che hanno una risposta.
definition-response-time-p90 = Tempo dall'apertura alla prima risposta sull'orologio di risposta della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risposta); ticket aperti nel periodo che hanno una risposta.
definition-resolution-time-mean = Tempo dall'apertura alla risoluzione sull'orologio di risoluzione della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risoluzione); ticket risolti nel periodo.
definition-resolution-time-median = Tempo dall'apertura alla risoluzione sull'orologio di risoluzione della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risoluzione); ticket risolti nel periodo.
definition-resolution-time-p90 = Tempo dall'apertura alla risoluzione sull'orologio di risoluzione della priorità del ticket (il suo calendario, meno le sospensioni che valgono per l'obiettivo di risoluzione); ticket risolti nel periodo.
definition-response-sla = Tra i ticket aperti nel periodo la cui priorità ha un obiettivo di risposta: la quota con risposta entro l'obiettivo (tempo ≤ obiettivo). Un ticket senza risposta già oltre l'obiettivo al termine di riferimento (fine del periodo, o data di aggiornamento se precedente) conta come violato; uno non ancora scaduto è escluso.
definition-resolution-sla = Tra i ticket risolti nel periodo la cui priorità ha un obiettivo di risoluzione: la quota risolta entro l'obiettivo (tempo ≤ obiettivo).
definition-first-touch-resolution = Tra i ticket risolti nel periodo: la quota risolta al primo contatto, nota dall'indicatore esportato o derivata da fatti indicati (risolto senza nessuno di essi: nessuna riassegnazione, escalation o riapertura). Un ticket il cui indicatore o uno dei fatti indicati è ignoto è escluso.
definition-escalation-rate = Tra i ticket risolti nel periodo: la quota giunta al secondo livello o oltre, o segnalata come escalation (o riassegnata, se così configurato). I ticket privi di questi campi sono esclusi.
definition-reopen-rate = Tra i ticket risolti nel periodo: la quota riaperta almeno una volta (un conteggio delle riaperture, un indicatore, un orario di riapertura, o ritorni da risolto in una cronologia degli stati). I ticket per cui è ignoto sono esclusi.
definition-backlog = Ticket aperti prima del termine di riferimento e non risolti in quell'istante (un ticket risolto esattamente al termine non è in arretrato).
definition-overdue-open = Ticket in arretrato il cui orologio di risoluzione al termine di riferimento ha già superato l'obiettivo.
definition-csat-mean = Punteggio CSAT medio delle risposte contate nel periodo (il periodo di risoluzione del ticket, o la data della risposta per un file di sondaggi separato).
definition-csat-satisfied = Quota di risposte CSAT pari o superiori alla soglia di soddisfazione.
definition-tickets-per-user = Media sui mesi del periodo dei ticket aperti nel mese divisi per gli utenti del mese (i mesi senza dato sono esclusi).
definition-tickets-per-endpoint = Media sui mesi del periodo dei ticket aperti nel mese divisi per i dispositivi del mese (i mesi senza dato sono esclusi).
definition-psa-response-sla = Tra i ticket aperti nel periodo per cui l'export riporta un verdetto di risposta: la quota che il PSA stesso giudica con risposta entro l'obiettivo (secondo la sua configurazione SLA e il suo orologio, non quelli di reviewpack).
definition-psa-resolution-sla = Tra i ticket risolti nel periodo per cui l'export riporta un verdetto di risoluzione: la quota che il PSA stesso giudica risolta entro l'obiettivo (secondo la sua configurazione SLA e il suo orologio, non quelli di reviewpack).

## Rules
## Counting rules of the methodology appendix, in order.

rule-1 = I periodi sono semiaperti, [inizio, fine), dalla mezzanotte locale nel fuso orario del cliente; un ticket risolto esattamente alla fine appartiene al periodo successivo.
rule-2 = I KPI di volume e di risposta contano un ticket nel periodo di apertura; quelli di risoluzione (tempo e SLA di risoluzione, risoluzione al primo contatto, escalation, riaperture, CSAT sui ticket) nel periodo di risoluzione.
rule-3 = Gli orologi SLA seguono il calendario della priorità del ticket (24×7, o orario lavorativo con festività) nel fuso orario del cliente, attraverso i cambi dell'ora legale, e si fermano negli stati che sospendono quell'obiettivo.
rule-4 = Raggiunto significa tempo ≤ obiettivo; violato significa tempo > obiettivo. Un ticket senza risposta già oltre l'obiettivo al termine di riferimento (fine periodo, o data di aggiornamento se precedente) conta come violato; uno non ancora scaduto è escluso.
rule-5 = Arretrato: ticket aperti prima del termine di riferimento e non risolti in quell'istante. Scaduti: ticket in arretrato già oltre l'obiettivo di risoluzione.
rule-6 = Mediane e 90° percentili interpolano linearmente tra i ranghi più vicini. Un KPI senza dati è indicato come "nessun dato", mai come 0.
rule-7 = Le colonne di confronto riportano i valori presentati alla revisione pubblicata di quel periodo, ove esista, altrimenti valori ricalcolati dai dati attuali.

## Months
## Month names and short period names.

month-1 = gennaio
month-2 = febbraio
month-3 = marzo
month-4 = aprile
month-5 = maggio
month-6 = giugno
month-7 = luglio
month-8 = agosto
month-9 = settembre
month-10 = ottobre
month-11 = novembre
month-12 = dicembre

# Variables: $number, $year
period-week = S{ $number } { $year }

# Variables: $number, $year
period-quarter = T{ $number } { $year }

# Variables: $number (unused), $year
period-fiscal-year = esercizio { $year }

# Variables: $number, $year
period-half = S{ $number } { $year }

## Sentences
## Sentences of the executive summary built from the numbers.

# Variables: $name, $previous, $value, $change
summary-improved = { $name }: da { $previous } a { $value } ({ $change }).

# Variables: $name, $value, $target, $status
summary-attention = { $name }: { $value } rispetto all'obiettivo { $target } ({ $status }).

# Variables: $count, $backlog
overdue-open = { $count ->
    [one] { $count } ticket aperto ha già superato l'obiettivo di risoluzione (su { $backlog } in arretrato).
   *[other] { $count } ticket aperti hanno già superato l'obiettivo di risoluzione (su { $backlog } in arretrato).
}

# Variables: $previous_backlog, $backlog
backlog-grew = { $backlog ->
    [one] L'arretrato è cresciuto da { $previous_backlog } a { $backlog } ticket aperto.
   *[other] L'arretrato è cresciuto da { $previous_backlog } a { $backlog } ticket aperti.
}

## First touch
## Come è nota la risoluzione al primo contatto, dichiarato dopo la definizione nella metodologia.

first-touch-column = Qui: l'indicatore di primo contatto dell'esportazione.
# Variables: $facts (elenco preformattato: "riassegnazione, escalation e riapertura")
first-touch-derived = Qui: derivata — risolto al primo contatto quando il ticket non ha avuto { $facts }.
first-touch-off = Qui: non misurata (nessun indicatore e nessun fatto da cui derivarla).
fact-reassignments = riassegnazione
fact-escalation = escalation
fact-reopens = riapertura
list-and = e

## Levels
## I nomi dei livelli di revisione (levels.yaml indica il titolo di ogni livello).

level_sync = Sincronizzazione del servizio
level_monthly = Revisione mensile del servizio
level_qbr = Revisione trimestrale del servizio

## Sync
## Le sezioni della sincronizzazione informale.

volume_change = Volumi rispetto al periodo precedente
response_times = Tempi di prima risposta
answered = Con risposta
median = Mediana
p90 = 90° percentile
previous_median = Mediana, periodo precedente
all_priorities = Tutte le priorità
no_response_times = L'esportazione non ha tempi di prima risposta: nessun dato.
major_incidents = Incidenti P1 e P2
no_major_incidents = Nessun incidente P1 o P2 è stato aperto in questo periodo.
first_response = Prima risposta
resolution_time = Tempo di risoluzione
more_in_html = L'elenco completo è nel pacchetto HTML.
oldest_open = Ticket aperti più vecchi
oldest_open_intro = L'arretrato al termine di riferimento, dal più vecchio, con il tempo sull'orologio di risoluzione.
no_open_tickets = Nessun ticket è aperto al termine di riferimento.
no_resolution_times = L'esportazione non ha tempi di risoluzione: nessun dato.
past_target = ✗ Oltre l'obiettivo
within_target = Entro l'obiettivo
low_csat = Risposte insoddisfatte
# Variables: $threshold, $responses
low_csat_intro = Le risposte sotto la soglia di soddisfazione (punteggio ≥ { $threshold }) tra le { $responses } del periodo, con il commento dove il sondaggio lo riporta.
no_low_csat = Nessuna risposta del periodo è sotto la soglia di soddisfazione.
csat_score = Punteggio
responded = Risposta del
comment = Commento

## Causes
## Da dove vengono le violazioni del periodo.

breach_causes = Da dove vengono le violazioni
breach_causes_intro = Le violazioni del periodo per categoria, gruppo di assegnazione, priorità, e giorno e ora di apertura del ticket (fuso orario del cliente).
breaches_by = Violazioni per
assignment_group = Gruppo di assegnazione
weekday = Giorno
hour_opened = Ora di apertura
breaches_count = Violazioni
weekday-1 = lunedì
weekday-2 = martedì
weekday-3 = mercoledì
weekday-4 = giovedì
weekday-5 = venerdì
weekday-6 = sabato
weekday-7 = domenica

## Plan
## Il piano operativo (mensile) e le raccomandazioni (trimestrale): evidenze e azioni.

plan_title = Piano operativo
operational_plan = Piano operativo
recommendations = Raccomandazioni
plan_intro = Per ogni fattore critico di successo a rischio o non raggiunto: cosa mostrano i dati, con i ticket che lo provano, l'azione proposta, e le azioni del registro CSI che lo servono. Le azioni proposte entrano nel registro solo quando qualcuno le scrive.
no_plan_needed = Ogni fattore critico di successo è raggiunto o senza dati: non serve un piano.
no_findings = Nessuna concentrazione nei dati lo spiega (nessun gruppo contiene una quota marcata dei ticket interessati).
no_findings_measured = I suoi KPI a rischio provengono dalle misure di un altro sistema; i rilievi si ricavano solo dai ticket.
finding = Evidenza
evidence = Ticket
proposed_action = Azione proposta
register_actions = Azioni nel registro CSI
due = scadenza
# Variables: $share, $subject, $value, $count, $of, $base (all preformatted)
finding-window = il { $share } de{ $subject } è stato aperto di { $value } ({ $count } su { $of }; lo era il { $base } di tutti i ticket misurati).
finding-category = il { $share } de{ $subject } era nella categoria { $value } ({ $count } su { $of }; lo era il { $base } di tutti i ticket misurati).
finding-assignment-group = il { $share } de{ $subject } era assegnato a { $value } ({ $count } su { $of }; lo era il { $base } di tutti i ticket misurati).
finding-priority = il { $share } de{ $subject } era { $value } ({ $count } su { $of }; lo era il { $base } di tutti i ticket misurati).
finding-type = il { $share } de{ $subject } era di tipo { $value } ({ $count } su { $of }; lo era il { $base } di tutti i ticket misurati).
# Variables: $count (preformatted)
finding-proposal = esaminare questi { $count } ticket con il team, trovare la causa comune e registrare un'azione correttiva con responsabile e scadenza nel registro CSI.
subject-response-breaches = lle violazioni di risposta
subject-resolution-breaches = lle violazioni di risoluzione
subject-overdue-open = i ticket aperti oltre l'obiettivo di risoluzione
subject-reopened = i ticket riaperti
subject-not-first-touch = i ticket non risolti al primo contatto
subject-escalated = i ticket in escalation
subject-unsatisfied = lle risposte insoddisfatte
# Variables: $priority, $subject
subject-of-priority = { $subject } ({ $priority })

## CSI
## Il registro CSI.

csi_title = Azioni di miglioramento (registro CSI)
# Variables: $review
csi-since = Modifiche dall'ultima revisione pubblicata, { $review }.
csi-since-none = Nessuna revisione è ancora stata pubblicata: ogni azione è mostrata com'è.
no_actions = Il registro CSI non contiene azioni.
action_id = Id
action = Azione
csf = CSF
due_date = Scadenza
owner = Responsabile
action-open = Aperta
action-in-progress = In corso
action-done = Completata
action-dropped = Abbandonata
change-opened = Nuova
change-completed = Completata
change-dropped = Abbandonata
change-overdue = Scaduta
change-ongoing = In corso
change-closed = Chiusa in precedenza

## Proposals
## KPI che i dati permettono e che nessun CSF segue ancora.

proposals = KPI proposti
proposals_intro = Misure che i dati permettono e che nessun fattore critico di successo segue ancora, con il valore di questo periodo e del precedente: candidati a nuovi KPI.
no_proposals = Ogni misura che i dati permettono è già seguita.

## Executive
## Le revisioni direzionali semestrali e annuali.

level_semiannual = Revisione direzionale semestrale
level_annual = Revisione direzionale annuale
next_period_plan = Piano per il prossimo periodo
value_delivered = Valore erogato
actions_completed = Azioni di miglioramento completate
# Variables: $resolved (number), $resolved_text, $sla, $met (number), $total (number)
value-sentence = { $resolved ->
    [one] È stato risolto un ticket
   *[other] Sono stati risolti { $resolved_text } ticket
}, il { $sla } entro l'obiettivo di risoluzione del contratto; { $met ->
    [one] { $met } fattore critico di successo raggiunto
   *[other] { $met } fattori critici di successo raggiunti
} su { $total }.
improvements_made = Miglioramenti realizzati
yoy = Confronto con l'anno precedente
csf_evolution = Come sono evoluti i fattori critici di successo
evolution_note = † ricalcolato dai dati attuali (nessuna revisione trimestrale pubblicata per quel trimestre); gli altri sono come presentati alla revisione trimestrale.
sla_adequacy = Adeguatezza degli SLA
sla_adequacy_intro = Per ogni priorità e obiettivo: il rispetto all'obiettivo del contratto e quale sarebbe stato con obiettivi più stretti o più larghi, dai tempi reali sullo stesso orologio.
contract_target = Obiettivo del contratto
recommendation = Raccomandazione
adequacy_rule = Regola: con meno di 20 ticket valutati, nessuna raccomandazione. Restringere quando il rispetto all'obiettivo e a 0,75× l'obiettivo raggiungono entrambi la soglia e ogni mese con ticket la raggiunge. Rinegoziare quando ogni mese con ticket manca la soglia mentre 1,5× l'obiettivo l'avrebbe raggiunta. Altrimenti mantenere. La soglia è l'obiettivo del KPI del cliente su quello SLA, o il 95%.
recommend-tighten = Restringere
recommend-keep = Mantenere
recommend-renegotiate = Rinegoziare
recommend-too-few = Ticket insufficienti
# Variables: $priority, $kind, $target, $attainment, $goal, $recommendation
adequacy-sentence = { $priority } { $kind } entro { $target }: { $attainment } rispetto a una soglia del { $goal } — { $recommendation }.
# Variables: $kind
distribution-title = Tempi reali di { $kind } rispetto all'obiettivo (quota di ticket per multiplo dell'obiettivo)
growth = Crescita
users = Utenti
endpoints = Dispositivi
tickets_per_user = Ticket per utente al mese
growth-scaled = Gli utenti sono cresciuti e ognuno ha chiesto meno: il servizio è cresciuto con l'azienda.
growth-strain = Gli utenti sono cresciuti e ognuno ha chiesto di più: la domanda cresce più dell'organico — pianificare la capacità ed esaminare le cause.
growth-steady = Gli utenti sono cresciuti e i ticket per utente sono stabili: la domanda cresce con l'azienda.
growth-more-per-user = Ogni utente chiede più che all'inizio del periodo: esaminare cosa lo determina.
growth-shrinking = Meno utenti che all'inizio del periodo: rivedere con il cliente il perimetro del contratto.
growth-stable = Le dimensioni del servizio e la domanda per utente sono stabili.
growth-no-data = Nessun dato su utenti o dispositivi per il periodo: impostare `size.users` o aggiungere una fonte di dimensioni.
renewal = Prospettive di rinnovo
renewal-no-contract = Per questo cliente non è configurata la durata del contratto (`contract.start`, `contract.end`).
contract_term = Durata del contratto
# Variables: $months (number)
months-left = { $months ->
    [0] Il contratto scade questo mese o è scaduto.
    [one] Manca un mese.
   *[other] Mancano { $months } mesi.
}
service_trend = Andamento del servizio
trend-improving = In miglioramento: più fattori critici di successo raggiunti alla fine del periodo che all'inizio.
trend-degrading = In peggioramento: meno fattori critici di successo raggiunti alla fine del periodo che all'inizio.
trend-stable = Stabile: tanti fattori critici di successo raggiunti alla fine del periodo quanti all'inizio.
open_risks = Rischi aperti
no_risks = Nessun rischio aperto: ogni fattore critico di successo è raggiunto e nessuna azione è scaduta.
# Variables: $csf, $status
risk-csf = { $csf } è { $status }.
# Variables: $id, $title
risk-action = L'azione di miglioramento { $id } ({ $title }) è scaduta.
# E-mail di un pack. Variabili: $level (nome del livello), $period, $client, $msp, $name
mail-subject = { $level } – { $period } – { $client }
mail-greeting = Gentile { $name },
mail_greeting_anonymous = Buongiorno,
mail-body = in allegato il documento «{ $level }» di { $client } relativo a { $period }, preparato da { $msp }.
mail_attachments = Allegati
mail_closing = Cordiali saluti,
mail-footer = Messaggio inviato da { $msp } con reviewpack. Risponda a questa e-mail per contattare il team di erogazione del servizio.
