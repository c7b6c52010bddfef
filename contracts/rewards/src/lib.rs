//! # pool.reward
//!
//! The pool's income and its daily split among the members: FIO's block
//! producer rewards, with FIO's defects corrected. The rules are
//! `pool_core::rewards`; this contract does authorization, storage and
//! messaging around them.
//!
//! - **Income**: transfers of the configured token to this contract
//!   (notification from the configured token contract only, `to` = this
//!   contract, the configured symbol). The infrastructure share is set
//!   aside first (`infraclaim` by the infrastructure account); memo
//!   `annual` spreads the rest over 365 days in equal daily parts (the
//!   remainder on the first day), any other memo adds it to the open
//!   day's pool.
//! - **Days**: day `d` is `[d x day_sec, (d + 1) x day_sec)` from the
//!   epoch, as in the metrics contract. The first action after a day ends
//!   (or `rollover`) closes it, at most `max_days_per_rollover` per call:
//!   expired allocations return to its pool, then its **payout snapshot**
//!   is taken (top `paid` members in good standing by votes; among them
//!   the top `scheduled` who met `min_availability_bps` that day, a
//!   minimum waived and recorded on an emitter-outage day) and the pool is
//!   split: `vote_share_bps` of it by votes, the rest equally among the
//!   scheduled, every remainder carried into the next day's pool.
//! - **Claims** are pull: `claim(member)` pays the member's allocations
//!   still in their claim window by one inline transfer; allocations not
//!   claimed in time return to the open day's pool (at each rollover, by
//!   `sweep`, or when the member claims), and so do those the charter
//!   forfeits (`forfeit`, an arbitration ruling).
//! - `audit` (read-only) prints the books and asserts the invariant.
//!
//! ## Invariants
//! - The contract's balance of the configured token == `pool +
//!   annual_pending + unclaimed + infra` of the `state` table: every
//!   credited transfer is booked in full, every other transfer of the
//!   symbol from the token contract is refused, claims and withdrawals
//!   subtract before they send.
//! - `unclaimed` == the sum of the `allocs` rows; the `annual` schedule's
//!   slots sum to `annual_rate`, and what it will release is
//!   `annual_pending`.
//! - A split allocates exactly `pool - carried`: no unit is created or
//!   lost (property-tested in `pool_core::rewards`).
//! - An allocation is paid at most once (erased before the transfer is
//!   sent) and only to its member, within its claim window.
//! - Every loop is bounded: the snapshot by `paid` (<= 100; the ranking
//!   read by 2 x `paid`), the days of a rollover by
//!   `max_days_per_rollover` (<= 30), sweeps by `max_sweep` (<= 1000), a
//!   member's allocations per claim or forfeit by 256, the annual
//!   schedule by 365, `audit`'s row check by 5000.
//! - RAM: configuration, books, the fixed-size schedule, snapshots (kept
//!   7 days) and allocations (paid members only) are paid by the
//!   contract; no transfer, claim or other account's action creates a row
//!   the contract pays for, except the bounded rows of a rollover.
//!
//! ## Permissions
//! The contract sends inline actions only through `pool.reward@inline`
//! (child of `active`, holding only `pool.reward@eosio.code`), linked to
//! the token's `transfer` (claims and infrastructure withdrawals).

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod tables;
pub mod views;

antelope_sdk::contract! {
    actions: [
        actions::setconfig,
        actions::rollover,
        actions::claim,
        actions::sweep,
        actions::forfeit,
        actions::infraclaim,
        actions::audit,
    ],
    notifications: [actions::on_transfer],
    tables: [
        tables::Config,
        tables::State,
        tables::AnnualSchedule,
        tables::Snapshot,
        tables::Allocation,
    ],
    ricardian: include_str!("../ricardian.md"),
}
