//! Text renderings of KPI results for the terminal and for spreadsheets.

pub mod csv;
pub mod format;
pub mod table;
