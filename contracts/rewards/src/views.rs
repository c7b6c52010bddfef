//! Read-only views for other contracts and tools: they read this
//! contract's tables and never write. Depend on `pool-rewards` with
//! `default-features = false` and pass the account the rewards contract
//! is deployed to.

use crate::errors::MAX_MEMBER_ROWS;
use crate::tables::{allocs, config, snapshots, state, Config, Snapshot, State, BY_MEMBER};
use alloc::vec::Vec;
use antelope_sdk::{Name, SecondaryValue};

/// The configuration of the rewards contract at `rewards`.
pub fn settings(rewards: Name) -> Option<Config> {
    config(rewards).get()
}

/// The books (open day, pools, annual remainder, unclaimed,
/// infrastructure balance).
pub fn books(rewards: Name) -> Option<State> {
    state(rewards).get()
}

/// The payout snapshot of day `day`, if it was taken and is still kept.
pub fn snapshot(rewards: Name, day: u64) -> Option<Snapshot> {
    snapshots(rewards).find(day).map(|row| row.into_inner())
}

/// `member`'s allocations (day, amount, claim deadline in seconds),
/// oldest first, at most 256 (what one claim pays). Expired ones are
/// included until a claim, sweep or rollover returns them.
pub fn allocations_of(rewards: Name, member: Name) -> Vec<(u64, u64, u32)> {
    allocs(rewards)
        .index(BY_MEMBER)
        .lower_bound(SecondaryValue::U64(member.raw()))
        .take_while(|row| row.member == member)
        .take(MAX_MEMBER_ROWS)
        .map(|row| (row.day, row.amount, row.claim_until.secs()))
        .collect()
}

/// What `member` could claim at `now_sec` (the sum of its allocations
/// still in their claim window, among the first 256).
pub fn claimable(rewards: Name, member: Name, now_sec: u32) -> u64 {
    allocations_of(rewards, member)
        .into_iter()
        .filter(|(_, _, until)| now_sec < *until)
        .fold(0u64, |sum, (_, amount, _)| sum.saturating_add(amount))
}
