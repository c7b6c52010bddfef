//! The actions and the transfer notification. Each reads: authorization,
//! then one check per precondition (messages in [`crate::errors`]), then
//! the writes, then any inline action (state is written before anything
//! is sent: re-entry rule).
//!
//! RAM: a member, stake or voter row is paid by its account, which signs
//! the action that creates it; the configuration by the contract. The
//! notification and the actions others may push (`refund`, `endsuspend`,
//! `setstatus` by the charter) only change fixed-size fields, so they
//! never bill anyone.

use crate::errors::*;
use crate::tables::{config, members, stakes, voters, Config, Member, Stake, Voter};
use crate::views::{constitution_published, member_in_good_standing};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use antelope_sdk::{
    action, check, check_failed, check_some, current_time_point, has_auth, is_account, name,
    notify, require_auth, ActionData, Asset, Context, Name, PermissionLevel, PublicKey, Symbol,
    TimePointSec, SAME_PAYER,
};
use pool_core::membership::{
    apply_delta, effective_status, transition, validate_vote, vote_deltas, Actor, Event, Status,
    MAX_VOTES,
};
use pool_shared::admin::{check_setconfig_admin, require_admin};
use pool_shared::INLINE_PERMISSION;

// --- configuration -----------------------------------------------------------

/// Sets the configuration. Admin only: the configured governance, or the
/// contract account until governance is set (so the first call is the
/// contract's). The token contract must hold a token of `stake_symbol`
/// with that precision; neither may change once a stake row exists.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn setconfig(
    ctx: &Context,
    governance: Name,
    token_contract: Name,
    stake_symbol: Symbol,
    charter: Name,
    fees: Name,
    auto_approve: bool,
    refund_delay_sec: u32,
) {
    let table = config(ctx.receiver);
    let current = table.get();
    check_setconfig_admin(
        current.as_ref().map(|c| c.governance),
        governance,
        ctx.receiver,
    );
    check(stake_symbol.is_valid(), INVALID_STAKE_SYMBOL);
    check(is_account(token_contract), TOKEN_MISSING);
    check(
        pool_token::tables::supply_of(token_contract, stake_symbol.code())
            .is_some_and(|supply| supply.symbol == stake_symbol),
        STAKE_TOKEN_MISSING,
    );
    check(is_account(charter), CHARTER_MISSING);
    check(fees == Name::EMPTY || is_account(fees), FEES_MISSING);
    check(
        refund_delay_sec <= MAX_REFUND_DELAY_SEC,
        REFUND_DELAY_TOO_LONG,
    );
    if let Some(c) = &current {
        if c.token_contract != token_contract || c.stake_symbol != stake_symbol {
            // Stakes are amounts of the configured token: switching it
            // would strand them.
            check(stakes(ctx.receiver).is_empty(), STAKE_TOKEN_LOCKED);
        }
    }
    table.set(
        ctx.receiver,
        Config {
            governance,
            token_contract,
            stake_symbol,
            charter,
            fees,
            auto_approve,
            refund_delay_sec,
        },
    );
}

// --- registration and status -------------------------------------------------

/// Registers `account` as a producer (or again, after it resigned). The
/// account must have signed the latest constitution version; it becomes
/// pending, or active at once when the pool auto-approves. Pays the
/// `regmember` fee through the fees contract (none while no fees contract
/// is configured) and the RAM of its row.
#[action]
pub fn regmember(
    ctx: &Context,
    account: Name,
    url: String,
    location: u16,
    producer_key: PublicKey,
) {
    require_auth(account);
    let cfg = get_config(ctx.receiver);
    check(
        constitution_published(cfg.charter)
            && pool_shared::charter::signed_latest(cfg.charter, account),
        CONSTITUTION_NOT_SIGNED,
    );
    check(url.len() <= MAX_TEXT_BYTES, URL_TOO_LONG);
    check(!is_null_key(&producer_key), NULL_PRODUCER_KEY);
    let now = now_sec();
    let table = members(ctx.receiver);
    let row = table.find(account.raw());
    let status = next_status(
        row.as_ref().map(|m| effective(m, now)),
        Event::Register {
            auto_approve: cfg.auto_approve,
        },
        Actor::Member,
    );
    let registered_at = TimePointSec::from_secs(now);
    match row {
        None => {
            table.emplace(
                account,
                Member {
                    account,
                    url,
                    location,
                    producer_key,
                    status: status.as_u8(),
                    suspended_until: TimePointSec::default(),
                    total_votes: 0,
                    registered_at,
                },
            );
        }
        // A resigned account: its votes stayed with it (voters still list
        // it), so `total_votes` is kept.
        Some(mut row) => table.modify(&mut row, account, |m| {
            m.url = url;
            m.location = location;
            m.producer_key = producer_key;
            m.status = status.as_u8();
            m.suspended_until = TimePointSec::default();
            m.registered_at = registered_at;
        }),
    }
    pool_shared::fees::charge_fee(cfg.fees, ctx.receiver, account, name!("regmember"));
}

/// The member changes its url, location or producer key (pending, active
/// or suspended members). Also ends a suspension that is over.
#[action]
pub fn update(ctx: &Context, account: Name, url: String, location: u16, producer_key: PublicKey) {
    require_auth(account);
    let table = members(ctx.receiver);
    let mut row = table.get(account.raw(), NOT_REGISTERED);
    let now = now_sec();
    check(
        !matches!(effective(&row, now), Status::Expelled | Status::Resigned),
        CANNOT_UPDATE,
    );
    check(url.len() <= MAX_TEXT_BYTES, URL_TOO_LONG);
    check(!is_null_key(&producer_key), NULL_PRODUCER_KEY);
    table.modify(&mut row, account, |m| {
        m.url = url;
        m.location = location;
        m.producer_key = producer_key;
        end_suspension_if_over(m, now);
    });
}

/// Governance approves a pending registration: the member becomes active.
#[action]
pub fn approve(ctx: &Context, account: Name) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    let now = now_sec();
    let table = members(ctx.receiver);
    let row = table.find(account.raw());
    let status = next_status(
        row.as_ref().map(|m| effective(m, now)),
        Event::Approve,
        Actor::Governance,
    );
    let mut row = check_some(row, NOT_REGISTERED);
    table.modify(&mut row, SAME_PAYER, |m| m.status = status.as_u8());
}

/// Changes a member's status: 1 reinstates a suspended member, 2 suspends
/// an active (or suspended) member until `until` (in the future), 3 expels
/// for good. Only the configured charter contract (arbitration rulings,
/// sent inline with `<charter>@inline`) or the admin; without the
/// charter's authorization the admin's is required (`missing authority
/// of <admin>`). `until` is ignored unless `status` is 2; `reason` (at
/// most 256 bytes) is for the record, in the action trace.
#[action]
pub fn setstatus(ctx: &Context, account: Name, status: u8, until: TimePointSec, reason: String) {
    let cfg = get_config(ctx.receiver);
    let actor = if has_auth(cfg.charter) {
        Actor::Charter
    } else {
        require_admin(cfg.governance, ctx.receiver);
        Actor::Governance
    };
    check(reason.len() <= MAX_TEXT_BYTES, REASON_TOO_LONG);
    let now = now_sec();
    let event = match Status::from_u8(status) {
        Some(Status::Active) => Event::Reinstate,
        Some(Status::Suspended) => {
            check(until.secs() > now, SUSPENSION_NOT_FUTURE);
            Event::Suspend {
                until: until.secs(),
            }
        }
        Some(Status::Expelled) => Event::Expel,
        _ => check_failed(BAD_STATUS),
    };
    let table = members(ctx.receiver);
    let row = table.find(account.raw());
    let next = next_status(row.as_ref().map(|m| effective(m, now)), event, actor);
    let mut row = check_some(row, NOT_REGISTERED);
    table.modify(&mut row, SAME_PAYER, |m| {
        m.status = next.as_u8();
        m.suspended_until = if next == Status::Suspended {
            until
        } else {
            TimePointSec::default()
        };
    });
}

/// Anyone: marks a member whose suspension is over as active again, so
/// that its votes count in the ranking index (which cannot follow the
/// clock by itself). Rights do not wait for it: every check of good
/// standing already treats an ended suspension as over.
#[action]
pub fn endsuspend(ctx: &Context, account: Name) {
    let table = members(ctx.receiver);
    let mut row = table.get(account.raw(), NOT_REGISTERED);
    let now = now_sec();
    check(
        row.stored_status() == Status::Suspended && effective(&row, now) == Status::Active,
        NO_ENDED_SUSPENSION,
    );
    table.modify(&mut row, SAME_PAYER, |m| end_suspension_if_over(m, now));
}

/// The member leaves the pool (pending or active; not while suspended).
/// Its row stays: votes for it stay counted in its total, and it may
/// register again.
#[action]
pub fn resign(ctx: &Context, account: Name) {
    require_auth(account);
    let now = now_sec();
    let table = members(ctx.receiver);
    let row = table.find(account.raw());
    let status = next_status(
        row.as_ref().map(|m| effective(m, now)),
        Event::Resign,
        Actor::Member,
    );
    let mut row = check_some(row, NOT_REGISTERED);
    table.modify(&mut row, SAME_PAYER, |m| {
        m.status = status.as_u8();
        m.suspended_until = TimePointSec::default();
    });
}

// --- staking -------------------------------------------------------------------

/// Opens `owner`'s stake row, paid by the owner; does nothing if it is
/// open. Needed before staking: a transfer notification cannot bill the
/// sender, and the contract pays for no row that anyone could make it
/// create by sending dust.
#[action]
pub fn openstake(ctx: &Context, owner: Name) {
    require_auth(owner);
    let cfg = get_config(ctx.receiver);
    let table = stakes(ctx.receiver);
    if !table.contains(owner.raw()) {
        let zero = Asset {
            amount: 0,
            symbol: cfg.stake_symbol,
        };
        table.emplace(
            owner,
            Stake {
                owner,
                staked: zero,
                unstaking: zero,
                refund_at: TimePointSec::default(),
            },
        );
    }
}

/// Stakes the tokens the configured token contract moved to this contract.
///
/// Ignored (nothing credited, the transfer stands): a notification from
/// any other contract (a fake token, even with the same symbol), a
/// transfer whose `to` is not this contract (forwarded notifications of
/// others' transfers), and the contract's own outgoing transfers
/// (refunds). Refused: another symbol of the configured token, a sender
/// without a stake row, and any transfer before the contract is
/// configured (so that no token gets stuck uncounted).
#[notify("*::transfer")]
pub fn on_transfer(ctx: &Context, from: Name, to: Name, quantity: Asset, _memo: String) {
    if to != ctx.receiver || from == ctx.receiver {
        return;
    }
    let cfg = get_config(ctx.receiver);
    if ctx.first_receiver != cfg.token_contract {
        return;
    }
    check(quantity.symbol == cfg.stake_symbol, WRONG_SYMBOL);
    let table = stakes(ctx.receiver);
    let mut row = table.get(from.raw(), OPEN_STAKE_FIRST);
    let staked = check_some(row.staked.checked_add(quantity), STAKE_OVERFLOW);
    table.modify(&mut row, SAME_PAYER, |s| s.staked = staked);
    set_vote_weight(ctx.receiver, from, weight_of(staked));
}

/// Moves `quantity` of the owner's stake to unstaking; `refund` pays it
/// out `refund_delay_sec` later (a new unstake restarts the delay for the
/// whole unstaking amount). Vote totals drop at once.
#[action]
pub fn unstake(ctx: &Context, owner: Name, quantity: Asset) {
    require_auth(owner);
    let cfg = get_config(ctx.receiver);
    check(quantity.is_valid(), INVALID_QUANTITY);
    check(quantity.amount > 0, UNSTAKE_NOT_POSITIVE);
    check(quantity.symbol == cfg.stake_symbol, WRONG_SYMBOL);
    let table = stakes(ctx.receiver);
    let mut row = table.get(owner.raw(), NO_STAKE_ROW);
    check(
        quantity.amount <= row.staked.amount,
        UNSTAKE_MORE_THAN_STAKED,
    );
    let refund_at = check_some(
        now_sec().checked_add(cfg.refund_delay_sec),
        REFUND_TIME_OVERFLOW,
    );
    let staked = check_some(row.staked.checked_sub(quantity), STAKE_OVERFLOW);
    let unstaking = check_some(row.unstaking.checked_add(quantity), STAKE_OVERFLOW);
    table.modify(&mut row, SAME_PAYER, |s| {
        s.staked = staked;
        s.unstaking = unstaking;
        s.refund_at = TimePointSec::from_secs(refund_at);
    });
    set_vote_weight(ctx.receiver, owner, weight_of(staked));
}

/// Pays `owner`'s unstaking tokens once the refund delay is over. Anyone
/// may push it (a pull payment: one owner's failing refund blocks no one
/// else). The owner needs a balance row at the token contract, so that
/// the transfer never makes this contract pay for one.
#[action]
pub fn refund(ctx: &Context, owner: Name) {
    let cfg = get_config(ctx.receiver);
    let table = stakes(ctx.receiver);
    let mut row = table.get(owner.raw(), NO_STAKE_ROW);
    check(row.unstaking.amount > 0, NOTHING_TO_REFUND);
    check(now_sec() >= row.refund_at.secs(), REFUND_NOT_DUE);
    check(
        pool_token::tables::balance_of(cfg.token_contract, owner, cfg.stake_symbol.code())
            .is_some(),
        NO_TOKEN_BALANCE_ROW,
    );
    let quantity = row.unstaking;
    table.modify(&mut row, SAME_PAYER, |s| {
        s.unstaking.amount = 0;
        s.refund_at = TimePointSec::default();
    });
    // Written above, sent last.
    pool_token::actions::transfer {
        from: ctx.receiver,
        to: owner,
        quantity,
        memo: String::from("refund"),
    }
    .send(
        cfg.token_contract,
        vec![PermissionLevel::new(ctx.receiver, INLINE_PERMISSION)],
    );
}

// --- votes -----------------------------------------------------------------------

/// `voter` votes for up to 30 distinct members in good standing (active,
/// constitution signature counting), with its staked amount as weight;
/// the list replaces its previous vote, an empty list withdraws it. The
/// voter pays for its row.
#[action]
pub fn vote(ctx: &Context, voter: Name, producers: Vec<Name>) {
    require_auth(voter);
    let cfg = get_config(ctx.receiver);
    let new: Vec<u64> = producers.iter().map(|p| p.raw()).collect();
    if let Err(msg) = validate_vote(&new, MAX_VOTES) {
        check_failed(msg);
    }
    let now = now_sec();
    let table = members(ctx.receiver);
    for p in &producers {
        let ok = table
            .find(p.raw())
            .is_some_and(|m| member_in_good_standing(&cfg, &m, now));
        if !ok {
            not_an_active_member(*p);
        }
    }
    let weight = stakes(ctx.receiver)
        .find(voter.raw())
        .map_or(0, |s| weight_of(s.staked));
    let votes = voters(ctx.receiver);
    let row = votes.find(voter.raw());
    let (old, old_weight) = match &row {
        Some(v) => (raw_names(&v.producers), v.weight),
        None => (Vec::new(), 0),
    };
    apply_deltas(ctx.receiver, &vote_deltas(&old, old_weight, &new, weight));
    match row {
        None if producers.is_empty() => {}
        None => {
            votes.emplace(
                voter,
                Voter {
                    voter,
                    producers,
                    weight,
                },
            );
        }
        Some(row) if producers.is_empty() => votes.erase(row),
        Some(mut row) => votes.modify(&mut row, voter, |v| {
            v.producers = producers;
            v.weight = weight;
        }),
    }
}

// --- helpers -----------------------------------------------------------------------

fn get_config(receiver: Name) -> Config {
    config(receiver).get_or_fail(NOT_CONFIGURED)
}

fn now_sec() -> u32 {
    current_time_point().sec_since_epoch()
}

fn effective(m: &Member, now: u32) -> Status {
    effective_status(m.stored_status(), m.suspended_until.secs(), now)
}

/// The status after `event`, or the transition's message.
fn next_status(current: Option<Status>, event: Event, actor: Actor) -> Status {
    match transition(current, event, actor) {
        Ok(s) => s,
        Err(msg) => check_failed(msg),
    }
}

fn end_suspension_if_over(m: &mut Member, now: u32) {
    if m.stored_status() == Status::Suspended && effective(m, now) == Status::Active {
        m.status = Status::Active.as_u8();
        m.suspended_until = TimePointSec::default();
    }
}

/// A key whose data is all zeros (the CDT's default `public_key`).
fn is_null_key(key: &PublicKey) -> bool {
    key.0.iter().skip(1).all(|b| *b == 0)
}

/// A staked amount as a vote weight (stakes are never negative).
fn weight_of(staked: Asset) -> u64 {
    check_some(u64::try_from(staked.amount).ok(), STAKE_OVERFLOW)
}

fn raw_names(names: &[Name]) -> Vec<u64> {
    names.iter().map(|n| n.raw()).collect()
}

/// Changes the weight of `voter`'s vote (if it voted) to its new stake.
fn set_vote_weight(receiver: Name, voter: Name, weight: u64) {
    let votes = voters(receiver);
    if let Some(mut row) = votes.find(voter.raw()) {
        let list = raw_names(&row.producers);
        apply_deltas(receiver, &vote_deltas(&list, row.weight, &list, weight));
        votes.modify(&mut row, SAME_PAYER, |v| v.weight = weight);
    }
}

/// Adds each delta to its member's total (at most 60 rows: two lists of
/// at most 30). Member rows are never erased, so every listed producer
/// has one.
fn apply_deltas(receiver: Name, deltas: &[(u64, i128)]) {
    let table = members(receiver);
    for (producer, delta) in deltas {
        let mut row = table.get(*producer, NOT_REGISTERED);
        let total = check_some(
            apply_delta(row.total_votes, *delta),
            VOTE_TOTAL_OUT_OF_RANGE,
        );
        table.modify(&mut row, SAME_PAYER, |m| m.total_votes = total);
    }
}

/// Fails with `<producer> is not an active member`.
fn not_an_active_member(producer: Name) -> ! {
    let (buf, len) = producer.to_string_buf();
    let mut msg = Vec::with_capacity(len + NOT_ACTIVE_MEMBER_SUFFIX.len());
    msg.extend_from_slice(buf.get(..len).unwrap_or_default());
    msg.extend_from_slice(NOT_ACTIVE_MEMBER_SUFFIX.as_bytes());
    // A name's characters are ASCII, so the message is UTF-8.
    check_failed(core::str::from_utf8(&msg).unwrap_or(NOT_ACTIVE_MEMBER_SUFFIX))
}
