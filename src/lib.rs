//! reviewpack turns the ticket exports of an MSP's PSA/ITSM system into service review packs:
//! correct KPIs per client and period (SLA clocks with business hours, holidays, time zones and
//! pauses), rendered as PDF and HTML.
//!
//! The pipeline, one module per stage: `config` → `data` → `kpi` (over `calendar`, `period`,
//! `tz`) → `output` and `pack` → `deliver` (when `schedule` says a pack is due); `cmd` holds the command-line commands and `sample` the data generator.

pub mod calendar;
pub mod charts;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod csi;
pub mod data;
pub mod deliver;
pub mod i18n;
pub mod kpi;
pub mod memory;
pub mod output;
pub mod pack;
pub mod period;
pub mod render;
pub mod sample;
pub mod schedule;
pub mod tz;
