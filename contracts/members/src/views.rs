//! Read-only views for other contracts (rewards, fees, governance,
//! charter): they read this contract's tables and never write. Depend on
//! `pool-members` with `default-features = false` and pass the account
//! the members contract is deployed to.

use crate::tables::{config, members, Config, Member, BY_VOTES};
use alloc::vec::Vec;
use antelope_sdk::Name;
use pool_core::membership::{effective_status, Status};

/// The member row of `account` at the members contract `members`.
pub fn member(members_contract: Name, account: Name) -> Option<Member> {
    members(members_contract)
        .find(account.raw())
        .map(|row| row.into_inner())
}

/// Whether `account` is a member in good standing at `now_sec`: its
/// effective status is active (a suspension that has ended counts as
/// active) and its constitution signature counts (the latest version, or
/// an older one within the grace period). What voting for, being paid
/// and voting on proposals need.
pub fn in_good_standing(members_contract: Name, account: Name, now_sec: u32) -> bool {
    let Some(cfg) = config(members_contract).get() else {
        return false;
    };
    match member(members_contract, account) {
        Some(m) => member_in_good_standing(&cfg, &m, now_sec),
        None => false,
    }
}

/// [`in_good_standing`] for a row already read.
pub fn member_in_good_standing(cfg: &Config, m: &Member, now_sec: u32) -> bool {
    effective_status(m.stored_status(), m.suspended_until.secs(), now_sec) == Status::Active
        && constitution_published(cfg.charter)
        && pool_shared::charter::signature_counts(cfg.charter, m.account, now_sec)
}

/// Whether the charter published any constitution version. Asked before
/// `pool_shared::charter`'s reads of the latest version: they walk the
/// `versions` table backwards, and the SDK's reverse iteration of a table
/// that was never written aborts with `invalid iterator` (as nodeos'
/// `db_previous_i64(-1)` does) instead of yielding nothing.
pub fn constitution_published(charter: Name) -> bool {
    !pool_shared::charter::versions(charter).is_empty()
}

/// At most `limit` members by total votes, highest first (equal totals:
/// higher account name first, the index's reverse order): the members
/// whose stored status is active and who have at least one vote. Reads
/// the `byvotes` index in reverse and stops at the first member that does
/// not count, so the work is bounded by `limit`.
///
/// A member whose suspension ended but whose row still says suspended is
/// left out until someone pushes `endsuspend` for it. Constitution
/// signatures are not looked at: callers that pay or elect filter with
/// [`in_good_standing`].
pub fn ranking(members_contract: Name, limit: usize) -> Vec<(Name, u64)> {
    let mut out = Vec::new();
    let table = members(members_contract);
    // Reverse iteration of an index that was never written aborts (see
    // `constitution_published`); with a member row, its index entry exists.
    if limit == 0 || table.is_empty() {
        return out;
    }
    for row in table.index(BY_VOTES).rev_iter() {
        let key = row.ranking_key();
        if key == 0 {
            break;
        }
        out.push((row.account, key));
        if out.len() >= limit {
            break;
        }
    }
    out
}
