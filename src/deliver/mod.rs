//! Delivery of built packs: the message (`mail`), the SMTP connection with its retries
//! (`smtp`), the per-client state and delivery log that make runs resumable and sending
//! at-most-once (`ledger`), and the locks that keep runs from overlapping (`lock`).

pub mod ledger;
pub mod lock;
pub mod mail;
pub mod smtp;
