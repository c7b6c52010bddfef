//! Read-only views: who may vote, and how a proposal stands. `exec`
//! decides with them; tests and other contracts read with them. They never
//! write. Depend on `pool-governance` with `default-features = false` and
//! pass the account the contract is deployed to.

use crate::errors::{SCAN_LIMIT, TOO_MANY_VOTES};
use crate::tables::{config, proposals, votes, Config, Proposal};
use alloc::vec::Vec;
use antelope_sdk::Name;
use pool_core::governance::{tally, Tally, Vote};
use pool_core::membership::{effective_status, Status};

/// The members in good standing at `now_sec` at the members contract
/// `members_contract`, as raw account names in ascending order: the
/// accounts whose effective status is active and whose constitution
/// signature counts (what `pool_members::views::in_good_standing` says,
/// with the constitution's latest version and grace period read once
/// instead of once per member).
///
/// Reads at most `limit` rows of the members table (every row: pending,
/// expelled and resigned members stay in it) and fails with
/// [`SCAN_LIMIT`] when it has more, rather than count a part of it.
pub fn eligible_members(
    members_contract: Name,
    now_sec: u32,
    limit: u16,
) -> Result<Vec<u64>, &'static str> {
    let mut out = Vec::new();
    let Some(cfg) = pool_members::tables::config(members_contract).get() else {
        return Ok(out);
    };
    // No constitution: nobody is in good standing (and the latest
    // version must not be looked up in a table that was never written).
    if !pool_members::views::constitution_published(cfg.charter) {
        return Ok(out);
    }
    let Some(latest) = pool_shared::charter::latest_version(cfg.charter) else {
        return Ok(out);
    };
    let grace = pool_shared::charter::params(cfg.charter)
        .get()
        .map_or(0, |p| p.grace_period_sec);
    let signatures = pool_shared::charter::signatures(cfg.charter);
    for (scanned, m) in pool_members::tables::members(members_contract)
        .iter()
        .enumerate()
    {
        if scanned >= usize::from(limit) {
            return Err(SCAN_LIMIT);
        }
        if effective_status(m.stored_status(), m.suspended_until.secs(), now_sec) != Status::Active
        {
            continue;
        }
        let signed = signatures.find(m.account.raw()).map(|s| s.version);
        if pool_core::constitution::signature_counts(
            signed,
            latest.version,
            latest.published_at.secs(),
            grace,
            now_sec,
        ) {
            out.push(m.account.raw());
        }
    }
    Ok(out)
}

/// The number of rows of the members table, counting at most `limit + 1`.
pub fn member_rows(members_contract: Name, limit: u16) -> usize {
    pool_members::tables::members(members_contract)
        .iter()
        .take(usize::from(limit) + 1)
        .count()
}

/// The votes on `proposal` that count, given the `eligible` members
/// (sorted, from [`eligible_members`]): bound to its current content
/// hash, cast by an eligible member. Reads at most `limit` vote rows.
pub fn count_votes(
    code: Name,
    proposal: &Proposal,
    eligible: &[u64],
    limit: u16,
) -> Result<Tally, &'static str> {
    let mut cast = Vec::new();
    for (read, row) in votes(code, proposal.id).iter().enumerate() {
        if read >= usize::from(limit) {
            return Err(TOO_MANY_VOTES);
        }
        cast.push(Vote {
            voter: row.voter.raw(),
            ballot: row.vote,
            content_hash: row.content_hash.0,
        });
    }
    Ok(tally(eligible, &proposal.content_hash.0, &cast))
}

/// How proposal `id` of the governance contract at `code` stands at
/// `now_sec`: its row and the tally `exec` would compute now (`None`
/// without a configuration or without the proposal).
pub fn standing(
    code: Name,
    id: u64,
    now_sec: u32,
) -> Option<Result<(Proposal, Tally), &'static str>> {
    let cfg: Config = config(code).get()?;
    let proposal = proposals(code).find(id)?.into_inner();
    Some(
        eligible_members(cfg.members, now_sec, cfg.max_eligible_scan).and_then(|eligible| {
            count_votes(code, &proposal, &eligible, cfg.max_eligible_scan).map(|t| (proposal, t))
        }),
    )
}

/// Whether `account` is a member in good standing at the members contract
/// the governance contract at `code` is configured with.
pub fn may_vote(code: Name, account: Name, now_sec: u32) -> bool {
    config(code)
        .get()
        .is_some_and(|cfg| pool_members::views::in_good_standing(cfg.members, account, now_sec))
}
