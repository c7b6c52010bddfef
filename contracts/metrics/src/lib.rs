//! # pool.metrics
//!
//! The block emitter's log, on chain. The emitter selects one proposed
//! block per 500 ms slot ("first delivered") and logs, per window of
//! slots, what every member did; registered emitter accounts push that
//! log here, one window per `report`. Final windows add into per-day
//! per-member aggregates, which the rewards contract reads (availability
//! for the scheduled share, and whether the emitter was up at all).
//!
//! - **Emitters**: governance registers (`regemitter`) and removes
//!   (`rmemitter`) emitter accounts, at most 16, and sets the quorum
//!   (`setconfig`, `setquorum`).
//! - **Reports**: `report(emitter, seq, start, end, entries)`: seq
//!   strictly increasing per emitter; windows exactly `window_sec` long,
//!   aligned, contiguous per emitter, ended (block time), not pruned;
//!   every member exists at the members contract, once per batch; per
//!   entry `slots <= window slots`, `proposed <= slots`,
//!   `selected <= proposed`, `late <= proposed`; `sum(selected) <=`
//!   window slots; at most `max_batch` entries. All-or-nothing. The rules
//!   are `pool_core::metrics`.
//! - **Quorum**: a window is final when `quorum` distinct registered
//!   emitters reported the same content hash (SHA-256 of the packed
//!   `(start, end, entries)`); other reports are kept as conflicting
//!   evidence, found by `(emitter, seq)` with the `byemitseq` index.
//! - **Aggregates**: table `days` (scope = day index) per member, table
//!   `daystats` per day; the views in [`views`] give availability in basis
//!   points and whether a day has an observed final window.
//! - **Pruning**: `prune(max_rows)` (anyone) removes raw reports and
//!   window rows older than the retention period, oldest first, bounded.
//!
//! ## Invariants
//! - For every day and member, the `days` row == the sum of the entries
//!   of that member in the day's final windows (each window added exactly
//!   once, when it becomes final); `daystats` counts those windows.
//! - A window is final only if `quorum` (at the time) distinct registered
//!   emitters reported its final hash; its hash never changes after.
//! - Per emitter, `last_seq` and `last_end` only grow while it is
//!   registered; `(emitter, seq)` names at most one report, ever.
//! - No report is accepted for a window that starts before
//!   `state.pruned_until`, so pruning never lets a window count twice.
//! - Every loop is bounded: entries by `max_batch` (<= 1000), a window's
//!   reports by 32, emitters by 16, pruning by 100 rows per call.
//! - Rows are paid by the emitter that reports (report, window,
//!   aggregate rows it creates), emitter rows by the admin until their
//!   first report, configuration and counters by the contract. An account
//!   that is not a registered emitter cannot make anyone pay.

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod tables;
pub mod views;

pub use tables::MetricEntry;

antelope_sdk::contract! {
    actions: [
        actions::setconfig,
        actions::setquorum,
        actions::regemitter,
        actions::rmemitter,
        actions::report,
        actions::prune,
    ],
    notifications: [],
    tables: [
        tables::Config,
        tables::State,
        tables::Emitter,
        tables::Retired,
        tables::Window,
        tables::ReportRow,
        tables::MemberDay,
        tables::DayStats,
    ],
    ricardian: include_str!("../ricardian.md"),
}
