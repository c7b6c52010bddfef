//! The actions. Each reads: authorization, then one check per
//! precondition (messages in [`crate::errors`]), then the writes, then any
//! inline action (state is written before anything is sent: re-entry
//! rule).
//!
//! RAM: a proposal and its citation rows are paid by the proposer, a vote
//! by the voter; each signs the action that creates them. The contract
//! pays only for its configuration and counters (fixed size, created by
//! `setconfig`). `exec` and `cancel` only change fixed-size fields and
//! erase, and `cleanup` only erases, so neither bills anyone.

use crate::errors::*;
use crate::tables::{
    citations, config, proposals, state, votes, Citation, Config, Proposal, State, VoteRow,
    BY_CLOSE,
};
use crate::views::{count_votes, eligible_members, member_rows};
use alloc::string::String;
use alloc::vec::Vec;
use antelope_sdk::{
    action, check, check_failed, check_some, current_time_point, is_account, name, require_auth,
    sha256, Action, Checksum256, Context, Name, Pack, PermissionLevel, TimePointSec, SAME_PAYER,
};
use pool_core::governance::{
    cite_changes, cleanable, require_open, validate_cites, validate_expiry, validate_limits,
    Ballot, Rules, Status, MAX_CLEANUP,
};
use pool_shared::admin::require_admin;

// --- configuration -----------------------------------------------------------

/// Sets the configuration. The admin is the contract account itself:
/// while it has keys (bootstrap), they sign; once governance runs, only a
/// passed proposal carrying `setconfig` authorized by
/// `<this contract>@active` changes it. Refuses rules under which a
/// unanimous vote could fail, limits beyond their caps, and a scan bound
/// below the current size of the members table: no configuration can
/// leave governance unable to pass the next proposal.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn setconfig(
    ctx: &Context,
    members: Name,
    fees: Name,
    threshold_num: u32,
    threshold_den: u32,
    threshold_plus: u32,
    quorum_num: u32,
    quorum_den: u32,
    max_actions: u16,
    max_cites: u16,
    max_lifetime_sec: u32,
    max_eligible_scan: u16,
) {
    require_admin(Name::EMPTY, ctx.receiver);
    check(is_account(members), MEMBERS_MISSING);
    check(
        pool_members::tables::config(members).exists(),
        MEMBERS_NOT_CONFIGURED,
    );
    check(fees == Name::EMPTY || is_account(fees), FEES_MISSING);
    let rules = Rules {
        threshold_num,
        threshold_den,
        threshold_plus,
        quorum_num,
        quorum_den,
    };
    ok_or_fail(rules.validate());
    ok_or_fail(validate_limits(
        max_actions,
        max_cites,
        max_lifetime_sec,
        max_eligible_scan,
    ));
    check(
        member_rows(members, max_eligible_scan) <= usize::from(max_eligible_scan),
        SCAN_BELOW_MEMBERS,
    );
    config(ctx.receiver).set(
        ctx.receiver,
        Config {
            members,
            fees,
            threshold_num,
            threshold_den,
            threshold_plus,
            quorum_num,
            quorum_den,
            max_actions,
            max_cites,
            max_lifetime_sec,
            max_eligible_scan,
        },
    );
    let counters = state(ctx.receiver);
    if !counters.exists() {
        counters.set(ctx.receiver, State { next_id: 1 });
    }
}

// --- proposals -------------------------------------------------------------------

/// A member in good standing proposes: a title, the url and sha256 of the
/// full text, the actions to execute if it passes (each authorized by
/// exactly `<this contract>@active`), the older proposals it cites, and
/// its expiry (in the future, within `max_lifetime_sec`). The proposer
/// pays the `propose` fee (none without a fees contract) and the RAM of
/// the proposal and its citation rows. The proposal gets the next id.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn propose(
    ctx: &Context,
    proposer: Name,
    title: String,
    url: String,
    hash: Checksum256,
    actions: Vec<Action>,
    cites: Vec<u64>,
    expires: TimePointSec,
) {
    require_auth(proposer);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    check(
        pool_members::views::in_good_standing(cfg.members, proposer, now),
        PROPOSER_NOT_MEMBER,
    );
    let counters = state(ctx.receiver);
    let id = counters.get_or_fail(NOT_CONFIGURED).next_id;
    let content = Content {
        title,
        url,
        hash,
        actions,
        cites,
        expires,
    };
    validate_content(ctx.receiver, &cfg, id, &content, now);
    let next_id = check_some(id.checked_add(1), ID_OVERFLOW);
    let content_hash = content.digest();
    for cited in &content.cites {
        citations(ctx.receiver, *cited).emplace(proposer, Citation { citing: id });
    }
    proposals(ctx.receiver).emplace(
        proposer,
        Proposal {
            id,
            proposer,
            title: content.title,
            url: content.url,
            hash: content.hash,
            actions: content.actions,
            cites: content.cites,
            expires: content.expires,
            content_hash,
            status: Status::Open.as_u8(),
            proposed_at: TimePointSec::from_secs(now),
            amended_at: TimePointSec::default(),
            closed_at: TimePointSec::default(),
            yes: 0,
            no: 0,
            abstain: 0,
            eligible: 0,
        },
    );
    counters.set(ctx.receiver, State { next_id });
    // Written above, sent last.
    pool_shared::fees::charge_fee(cfg.fees, ctx.receiver, proposer, name!("propose"));
}

/// The proposer, still a member in good standing, replaces the content
/// of its open proposal. The content hash changes with it, so every vote
/// cast so far stops counting until its voter votes again on the new
/// content. The citation rows follow the new list; the proposer pays for
/// any growth.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn amend(
    ctx: &Context,
    proposer: Name,
    id: u64,
    title: String,
    url: String,
    hash: Checksum256,
    actions: Vec<Action>,
    cites: Vec<u64>,
    expires: TimePointSec,
) {
    require_auth(proposer);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    let table = proposals(ctx.receiver);
    let mut row = table.get(id, NO_SUCH_PROPOSAL);
    check(row.proposer == proposer, NOT_PROPOSER);
    ok_or_fail(require_open(row.stage(now)));
    check(
        pool_members::views::in_good_standing(cfg.members, proposer, now),
        PROPOSER_NOT_MEMBER,
    );
    let content = Content {
        title,
        url,
        hash,
        actions,
        cites,
        expires,
    };
    validate_content(ctx.receiver, &cfg, id, &content, now);
    let content_hash = content.digest();
    check(content_hash != row.content_hash, AMENDMENT_CHANGES_NOTHING);
    let (removed, added) = cite_changes(&row.cites, &content.cites);
    for cited in removed {
        let edges = citations(ctx.receiver, cited);
        if let Some(edge) = edges.find(id) {
            edges.erase(edge);
        }
    }
    for cited in added {
        citations(ctx.receiver, cited).emplace(proposer, Citation { citing: id });
    }
    table.modify(&mut row, proposer, |p| {
        p.title = content.title;
        p.url = content.url;
        p.hash = content.hash;
        p.actions = content.actions;
        p.cites = content.cites;
        p.expires = content.expires;
        p.content_hash = content_hash;
        p.amended_at = TimePointSec::from_secs(now);
    });
}

/// The proposer cancels its open proposal. Final: it can no longer be
/// voted on or executed, and `cleanup` removes it with its votes.
#[action]
pub fn cancel(ctx: &Context, proposer: Name, id: u64) {
    require_auth(proposer);
    let table = proposals(ctx.receiver);
    let mut row = table.get(id, NO_SUCH_PROPOSAL);
    check(row.proposer == proposer, NOT_PROPOSER);
    ok_or_fail(require_open(row.stage(now_sec())));
    let now = TimePointSec::from_secs(now_sec());
    table.modify(&mut row, SAME_PAYER, |p| {
        p.status = Status::Cancelled.as_u8();
        p.closed_at = now;
    });
}

// --- votes -----------------------------------------------------------------------

/// A member in good standing votes on an open proposal: 0 no, 1 yes,
/// 2 abstain, quoting the content hash it votes for, which must be the
/// proposal's current one. One row per member and proposal, paid by the
/// member; voting again replaces the vote (and rebinds it to the quoted
/// content).
#[action]
pub fn vote(ctx: &Context, member: Name, id: u64, vote: u8, content_hash: Checksum256) {
    require_auth(member);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    let row = proposals(ctx.receiver).get(id, NO_SUCH_PROPOSAL);
    ok_or_fail(require_open(row.stage(now)));
    check(Ballot::from_u8(vote).is_some(), BAD_BALLOT);
    check(content_hash == row.content_hash, WRONG_CONTENT);
    check(
        pool_members::views::in_good_standing(cfg.members, member, now),
        VOTER_NOT_MEMBER,
    );
    votes(ctx.receiver, id).upsert(
        member,
        VoteRow {
            voter: member,
            vote,
            content_hash,
            voted_at: TimePointSec::from_secs(now),
        },
    );
}

// --- execution -------------------------------------------------------------------

/// Anyone (the executor signs) executes an open proposal before its
/// expiry once it passes: counted now, only votes bound to its current
/// content of members in good standing now (see
/// `pool_core::governance::Rules::outcome`). The proposal is marked
/// executed, with the tally that passed it, and its vote rows are erased
/// (their RAM returns to the voters) before its actions are sent inline
/// in order, with this contract's active authority. If any of them fails,
/// the whole transaction reverts: the proposal stays open and nothing it
/// would have changed is changed.
#[action]
pub fn exec(ctx: &Context, executor: Name, id: u64) {
    require_auth(executor);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    let table = proposals(ctx.receiver);
    let mut row = table.get(id, NO_SUCH_PROPOSAL);
    ok_or_fail(require_open(row.stage(now)));
    let eligible = ok_or_fail(eligible_members(cfg.members, now, cfg.max_eligible_scan));
    let t = ok_or_fail(count_votes(
        ctx.receiver,
        &row,
        &eligible,
        cfg.max_eligible_scan,
    ));
    ok_or_fail(cfg.rules().outcome(&t).result());
    // The vote rows are no longer needed: the tally is recorded below.
    // Bounded by the same scan as the count.
    let ballots = votes(ctx.receiver, id);
    while let Some(v) = ballots.iter().next() {
        ballots.erase(v);
    }
    table.modify(&mut row, SAME_PAYER, |p| {
        p.status = Status::Executed.as_u8();
        p.closed_at = TimePointSec::from_secs(now);
        p.yes = count_u32(t.yes);
        p.no = count_u32(t.no);
        p.abstain = count_u32(t.abstain);
        p.eligible = count_u32(t.eligible);
    });
    // Written above (executed: a second exec, also one sent by these
    // actions, is refused), sent last.
    for a in &row.actions {
        a.send();
    }
}

/// Anyone: removes cancelled and expired proposals with their votes and
/// the citation rows they wrote, erasing at most `max` rows (1 to 500)
/// in all, oldest closing first; a proposal with more rows than are left
/// is finished by the next call. Executed proposals stay. Fails with
/// `nothing to clean up` when there is nothing to remove.
#[action]
pub fn cleanup(ctx: &Context, max: u16) {
    check((1..=MAX_CLEANUP).contains(&max), BAD_CLEANUP_MAX);
    let now = now_sec();
    let table = proposals(ctx.receiver);
    let mut budget = usize::from(max);
    let mut erased = 0usize;
    while budget > 0 {
        // The front of `byclose`: cancelled (key 0), then by expiry.
        let Some(row) = table.index(BY_CLOSE).iter().next() else {
            break;
        };
        if !cleanable(row.stage(now)) {
            break;
        }
        let id = row.id;
        let ballots = votes(ctx.receiver, id);
        while budget > 0 {
            let Some(v) = ballots.iter().next() else {
                break;
            };
            ballots.erase(v);
            budget -= 1;
            erased += 1;
        }
        for cited in &row.cites {
            if budget == 0 {
                break;
            }
            let edges = citations(ctx.receiver, *cited);
            if let Some(edge) = edges.find(id) {
                edges.erase(edge);
                budget -= 1;
                erased += 1;
            }
        }
        if budget == 0 {
            break;
        }
        table.erase(row);
        budget -= 1;
        erased += 1;
    }
    check(erased > 0, NOTHING_TO_CLEAN);
}

// --- helpers -----------------------------------------------------------------------

/// What a proposal says, in the order its content hash packs it.
#[derive(Pack)]
struct Content {
    title: String,
    url: String,
    hash: Checksum256,
    actions: Vec<Action>,
    cites: Vec<u64>,
    expires: TimePointSec,
}

impl Content {
    /// sha256 of the packed content: the `propose` action data without
    /// its first 8 bytes (the proposer), the `amend` data without its
    /// first 16 (proposer, id).
    fn digest(&self) -> Checksum256 {
        sha256(&self.packed())
    }
}

/// The checks `propose` and `amend` share, for proposal `id` at `now`.
fn validate_content(receiver: Name, cfg: &Config, id: u64, c: &Content, now: u32) {
    check(!c.title.is_empty(), EMPTY_TITLE);
    check(c.title.len() <= MAX_TEXT_BYTES, TITLE_TOO_LONG);
    check(c.url.len() <= MAX_TEXT_BYTES, URL_TOO_LONG);
    check(
        c.actions.len() <= usize::from(cfg.max_actions),
        TOO_MANY_ACTIONS,
    );
    let own = [PermissionLevel::active(receiver)];
    for a in &c.actions {
        check(a.authorization.as_slice() == own, FOREIGN_AUTHORITY);
        check(is_account(a.account), ACTION_ACCOUNT_MISSING);
    }
    ok_or_fail(validate_cites(&c.cites, id, usize::from(cfg.max_cites)));
    let table = proposals(receiver);
    for cited in &c.cites {
        check(table.contains(*cited), CITED_MISSING);
    }
    ok_or_fail(validate_expiry(c.expires.secs(), now, cfg.max_lifetime_sec));
}

fn get_config(receiver: Name) -> Config {
    config(receiver).get_or_fail(NOT_CONFIGURED)
}

fn now_sec() -> u32 {
    current_time_point().sec_since_epoch()
}

/// The value, or the error as the action's failure.
fn ok_or_fail<T>(r: Result<T, &'static str>) -> T {
    match r {
        Ok(v) => v,
        Err(msg) => check_failed(msg),
    }
}

/// A count as stored (counts are bounded by `max_eligible_scan`, a u16).
fn count_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
