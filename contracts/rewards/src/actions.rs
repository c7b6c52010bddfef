//! The actions and the income notification. Each reads: authorization,
//! then one check per precondition (messages in [`crate::errors`]), then
//! the writes, then any inline action (state is written before anything
//! is sent: re-entry rule).
//!
//! Every action but `setconfig` and `audit` first rolls the books over
//! ([`advance`]): if the open day has ended, expired allocations return to
//! its pool (at most `max_sweep`), then it closes with its payout snapshot,
//! and so on for at most `max_days_per_rollover` days. The income
//! notification never rolls over: a payer's transfer (a fee forwarded
//! inside someone's registration) never pays for a snapshot, nor fails
//! because of one; its income counts in the open day.
//!
//! RAM: the contract pays for its configuration, books and annual schedule
//! (fixed size, created by the first `setconfig`), for the snapshots (one
//! per closed day, kept 7 days) and for the allocations (one per paid
//! member with a non-zero amount per closed day; only the top `paid`
//! members in good standing by votes, a set governance admits members
//! to). No transfer creates a row, whoever sends it; a claim only erases
//! rows, and the payee must have its own balance row at the token.

use crate::errors::*;
use crate::tables::{
    allocs, annual, config, snapshots, state, Allocation, AnnualSchedule, Config, PaidMember,
    Snapshot, State, BY_MEMBER,
};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use antelope_sdk::{
    action, check, check_failed, check_some, current_time_point, is_account, notify, print,
    require_auth, ActionData, Asset, Context, Name, PermissionLevel, Row, SecondaryValue, Symbol,
    TimePointSec,
};
use pool_core::rewards::{
    allocation_id, book_income, check_params, claim_deadline, day_index, empty_schedule,
    is_expired, meets_availability, schedule_pending, schedule_sum, select_paid, select_scheduled,
    split, Ledger, Params, RANKING_SCAN_FACTOR,
};
use pool_shared::admin::check_setconfig_admin;
use pool_shared::INLINE_PERMISSION;

/// The memo that marks a transfer as annual income.
pub const ANNUAL_MEMO: &str = "annual";

// --- configuration -----------------------------------------------------------

/// Sets the configuration. Admin only: the configured governance, or the
/// contract account until governance is set. The token contract must hold
/// a token of `symbol` with that precision; the metrics contract must be
/// configured with the same `day_sec` (days are numbered alike: `time /
/// day_sec`). Token, symbol and `day_sec` are fixed once any income was
/// received. The first call also creates the books and the annual
/// schedule (the contract pays for them); the open day is today.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn setconfig(
    ctx: &Context,
    governance: Name,
    token_contract: Name,
    symbol: Symbol,
    members: Name,
    metrics: Name,
    charter: Name,
    infra_account: Name,
    paid: u16,
    scheduled: u16,
    vote_share_bps: u16,
    infra_share_bps: u16,
    min_availability_bps: u16,
    claim_window_sec: u32,
    day_sec: u32,
    max_days_per_rollover: u16,
    max_sweep: u16,
) {
    let table = config(ctx.receiver);
    let current = table.get();
    check_setconfig_admin(
        current.as_ref().map(|c| c.governance),
        governance,
        ctx.receiver,
    );
    check(is_account(token_contract), TOKEN_MISSING);
    check(symbol.is_valid(), INVALID_SYMBOL);
    check(
        pool_token::tables::supply_of(token_contract, symbol.code())
            .is_some_and(|supply| supply.symbol == symbol),
        TOKEN_SYMBOL_MISSING,
    );
    check(is_account(members), MEMBERS_MISSING);
    check(is_account(metrics), METRICS_MISSING);
    check(is_account(charter), CHARTER_MISSING);
    check(is_account(infra_account), INFRA_ACCOUNT_MISSING);
    check(infra_account != ctx.receiver, INFRA_ACCOUNT_IS_SELF);
    let params = Params {
        paid,
        scheduled,
        vote_share_bps,
        infra_share_bps,
        min_availability_bps,
        claim_window_sec,
        day_sec,
        max_days_per_rollover,
        max_sweep,
    };
    ok_or_fail(check_params(&params));
    let metrics_config = check_some(
        pool_metrics::views::settings(metrics),
        METRICS_NOT_CONFIGURED,
    );
    check(metrics_config.day_sec == day_sec, DAY_SEC_MISMATCH);
    let books = state(ctx.receiver).get();
    if let (Some(c), Some(s)) = (&current, &books) {
        check(
            s.received == 0
                || (c.token_contract == token_contract
                    && c.symbol == symbol
                    && c.day_sec == day_sec),
            TOKEN_LOCKED,
        );
    }

    table.set(
        ctx.receiver,
        Config {
            governance,
            token_contract,
            symbol,
            members,
            metrics,
            charter,
            infra_account,
            paid,
            scheduled,
            vote_share_bps,
            infra_share_bps,
            min_availability_bps,
            claim_window_sec,
            day_sec,
            max_days_per_rollover,
            max_sweep,
        },
    );
    let today = day_index(now_sec(), day_sec);
    match books {
        None => {
            state(ctx.receiver).set(
                ctx.receiver,
                State {
                    day: today,
                    ..State::default()
                },
            );
            annual(ctx.receiver).set(
                ctx.receiver,
                AnnualSchedule {
                    ends: empty_schedule(),
                },
            );
        }
        // Nothing was ever received, so the books are all zeros: the day
        // numbering may follow a new day length.
        Some(mut s) if s.received == 0 && s.day != today => {
            s.day = today;
            state(ctx.receiver).set(ctx.receiver, s);
        }
        Some(_) => {}
    }
}

// --- income ------------------------------------------------------------------

/// Books income: a transfer of the configured token to this contract. The
/// infrastructure share is set aside first; memo exactly `annual` spreads
/// the rest over 365 days (the first day's part and the remainder of the
/// division now, in the open day's pool), any other memo puts it in the
/// open day's pool. Writes only the books (and, for annual income, the
/// fixed-size schedule): no row, whoever sends it.
///
/// Ignored (nothing credited, the transfer stands): a notification from
/// any other contract (a fake token, even with the same symbol), a
/// transfer whose `to` is not this contract (forwarded notifications of
/// others' transfers), and the contract's own outgoing transfers (claims,
/// infrastructure withdrawals). Refused: another symbol of the configured
/// token, and any transfer before the contract is configured (so that no
/// token is ever held uncounted).
#[notify("*::transfer")]
pub fn on_transfer(ctx: &Context, from: Name, to: Name, quantity: Asset, memo: String) {
    if to != ctx.receiver || from == ctx.receiver {
        return;
    }
    let cfg = get_config(ctx.receiver);
    if ctx.first_receiver != cfg.token_contract {
        return;
    }
    check(quantity.symbol == cfg.symbol, WRONG_SYMBOL);
    // The token contract only moves positive amounts within its bound.
    let amount = check_some(u64::try_from(quantity.amount).ok(), AMOUNT_OVERFLOW);
    let income = ok_or_fail(book_income(
        amount,
        memo == ANNUAL_MEMO,
        cfg.infra_share_bps,
    ));
    let mut s = get_state(ctx.receiver);
    let mut ledger = s.ledger();
    if income.daily > 0 {
        let table = annual(ctx.receiver);
        let mut schedule = table.get_or_fail(NOT_CONFIGURED);
        ok_or_fail(ledger.credit(&mut schedule.ends, &income));
        table.set(ctx.receiver, schedule);
    } else {
        ok_or_fail(ledger.credit(&mut [], &income));
    }
    s.set_ledger(&ledger);
    s.received = s.received.saturating_add(amount);
    state(ctx.receiver).set(ctx.receiver, s);
}

// --- rollover and sweep --------------------------------------------------------

/// Anyone: closes the open day (and the following ones, at most
/// `max_days_per_rollover`) if it has ended, taking each day's payout
/// snapshot. Any other action (but `setconfig` and `audit`) does the same
/// first; this one fails when there is nothing to close.
#[action]
pub fn rollover(ctx: &Context) {
    let cfg = get_config(ctx.receiver);
    let mut s = get_state(ctx.receiver);
    let now = now_sec();
    check(s.day < day_index(now, cfg.day_sec), DAY_NOT_OVER);
    advance(ctx.receiver, &cfg, &mut s, now);
    state(ctx.receiver).set(ctx.receiver, s);
}

/// Anyone: returns expired allocations (not claimed within their claim
/// window) to the open day's pool, oldest first, at most `min(max,
/// max_sweep)`; then rolls over like any action. Fails if it did
/// nothing at all.
#[action]
pub fn sweep(ctx: &Context, max: u16) {
    let cfg = get_config(ctx.receiver);
    check(max > 0, SWEEP_MAX_ZERO);
    let mut s = get_state(ctx.receiver);
    let now = now_sec();
    let mut ledger = s.ledger();
    let swept = sweep_expired(ctx.receiver, &mut ledger, now, max.min(cfg.max_sweep));
    s.set_ledger(&ledger);
    let progress = advance(ctx.receiver, &cfg, &mut s, now);
    check(
        swept + progress.returned + progress.closed > 0,
        NOTHING_TO_SWEEP,
    );
    state(ctx.receiver).set(ctx.receiver, s);
}

// --- claims and forfeits ----------------------------------------------------------

/// `member` claims what it is owed: every allocation of its still in its
/// claim window (at most 256 per call, oldest first), in one inline
/// transfer of the token (`<contract>@inline`). Its expired allocations
/// return to the pool on the way when the claim pays something (a claim
/// with nothing claimable fails, and then nothing returns: `sweep` does). The member must be in good standing
/// (active, constitution signature counting) and have a balance row at
/// the token contract. Each allocation is paid once: it is erased before
/// the transfer is sent. A payee that refuses the transfer fails only
/// its own claim.
#[action]
pub fn claim(ctx: &Context, member: Name) {
    require_auth(member);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    check(
        pool_members::views::in_good_standing(cfg.members, member, now),
        NOT_IN_GOOD_STANDING,
    );
    check(
        pool_token::tables::balance_of(cfg.token_contract, member, cfg.symbol.code()).is_some(),
        NO_TOKEN_BALANCE_ROW,
    );

    let mut s = get_state(ctx.receiver);
    advance(ctx.receiver, &cfg, &mut s, now);
    let mut ledger = s.ledger();
    let table = allocs(ctx.receiver);
    let mut payout = 0u64;
    for row in member_allocations(ctx.receiver, member, MAX_MEMBER_ROWS) {
        if is_expired(row.claim_until.secs(), now) {
            ok_or_fail(ledger.return_unclaimed(row.amount));
        } else {
            payout = check_some(payout.checked_add(row.amount), AMOUNT_OVERFLOW);
        }
        table.erase(row);
    }
    check(payout > 0, NOTHING_TO_CLAIM);
    ok_or_fail(ledger.pay_out(payout));
    s.set_ledger(&ledger);
    s.claimed = s.claimed.saturating_add(payout);
    state(ctx.receiver).set(ctx.receiver, s);
    // Written above, sent last.
    send_tokens(&cfg, ctx.receiver, member, payout, "pool rewards");
}

/// The charter contract (enforcing an arbitration ruling, with
/// `<charter>@inline`) forfeits `member`'s unclaimed allocations: all of
/// them return to the open day's pool. Nothing to forfeit is not an
/// error (the ruling is enforced either way). Only the configured
/// charter's authorization counts.
#[action]
pub fn forfeit(ctx: &Context, member: Name) {
    let cfg = get_config(ctx.receiver);
    require_auth(cfg.charter);
    let mut s = get_state(ctx.receiver);
    let now = now_sec();
    advance(ctx.receiver, &cfg, &mut s, now);
    let rows = member_allocations(ctx.receiver, member, MAX_MEMBER_ROWS + 1);
    check(rows.len() <= MAX_MEMBER_ROWS, TOO_MANY_ALLOCATIONS);
    let mut ledger = s.ledger();
    let table = allocs(ctx.receiver);
    let mut returned = 0u64;
    for row in rows {
        returned = check_some(returned.checked_add(row.amount), AMOUNT_OVERFLOW);
        ok_or_fail(ledger.return_unclaimed(row.amount));
        table.erase(row);
    }
    s.set_ledger(&ledger);
    state(ctx.receiver).set(ctx.receiver, s);
    let mut msg = Vec::new();
    msg.extend_from_slice(b"forfeited ");
    push_u64(&mut msg, returned);
    print_bytes(&msg);
}

// --- infrastructure --------------------------------------------------------------

/// The infrastructure account withdraws `quantity` of its balance (the
/// infrastructure share of all income) by an inline transfer. It needs a
/// balance row at the token contract.
#[action]
pub fn infraclaim(ctx: &Context, quantity: Asset) {
    let cfg = get_config(ctx.receiver);
    require_auth(cfg.infra_account);
    check(quantity.is_valid(), INVALID_QUANTITY);
    check(quantity.amount > 0, WITHDRAW_NOT_POSITIVE);
    check(quantity.symbol == cfg.symbol, WRONG_SYMBOL);
    let mut s = get_state(ctx.receiver);
    let amount = quantity.amount as u64; // positive, checked above
    check(amount <= s.infra, WITHDRAW_MORE_THAN_BALANCE);
    check(
        pool_token::tables::balance_of(cfg.token_contract, cfg.infra_account, cfg.symbol.code())
            .is_some(),
        NO_TOKEN_BALANCE_ROW,
    );

    let now = now_sec();
    advance(ctx.receiver, &cfg, &mut s, now);
    let mut ledger = s.ledger();
    ok_or_fail(ledger.withdraw_infra(amount));
    s.set_ledger(&ledger);
    state(ctx.receiver).set(ctx.receiver, s);
    send_tokens(
        &cfg,
        ctx.receiver,
        cfg.infra_account,
        amount,
        "infrastructure",
    );
}

// --- audit ---------------------------------------------------------------------------

/// Read-only (writes nothing; push it as a read-only transaction or as a
/// normal one): prints the books and asserts the conservation invariant:
/// the contract's balance at the token contract == open day's pool +
/// annual remainder + unclaimed allocations + infrastructure balance; the
/// annual schedule matches the rate and the remainder; the allocation
/// rows sum to `unclaimed` (checked when there are at most 5000).
#[action]
pub fn audit(ctx: &Context) {
    let cfg = get_config(ctx.receiver);
    let s = get_state(ctx.receiver);
    let ledger = s.ledger();
    let balance =
        pool_token::tables::balance_of(cfg.token_contract, ctx.receiver, cfg.symbol.code())
            .map_or(0, |b| b.amount.max(0) as u64);
    let mut msg = Vec::new();
    for (label, value) in [
        (&b"day="[..], ledger.day),
        (b" balance=", balance),
        (b" pool=", ledger.pool),
        (b" annual=", ledger.annual_pending),
        (b" rate=", ledger.annual_rate),
        (b" unclaimed=", ledger.unclaimed),
        (b" infra=", ledger.infra),
    ] {
        msg.extend_from_slice(label);
        push_u64(&mut msg, value);
    }
    print_bytes(&msg);
    check(ledger.total() == Some(balance), AUDIT_BALANCE);
    let schedule = annual(ctx.receiver).get_or_fail(NOT_CONFIGURED);
    check(
        schedule_sum(&schedule.ends) == Some(ledger.annual_rate)
            && schedule_pending(ledger.day, ledger.annual_rate, &schedule.ends)
                == Some(ledger.annual_pending),
        AUDIT_SCHEDULE,
    );
    let mut rows = 0usize;
    let mut sum = 0u64;
    for row in allocs(ctx.receiver).iter() {
        rows += 1;
        if rows > AUDIT_MAX_ROWS {
            break;
        }
        sum = check_some(sum.checked_add(row.amount), AUDIT_ALLOCATIONS);
    }
    if rows <= AUDIT_MAX_ROWS {
        check(sum == ledger.unclaimed, AUDIT_ALLOCATIONS);
    }
    print(" ok");
}

// --- the rollover ----------------------------------------------------------------------

/// What [`advance`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Days closed.
    pub closed: u16,
    /// Expired allocations returned before closing.
    pub returned: u16,
}

/// Rolls the books over to today, bounded (see the module
/// documentation). Leaves `s` updated; the caller writes it.
pub fn advance(receiver: Name, cfg: &Config, s: &mut State, now: u32) -> Progress {
    let today = day_index(now, cfg.day_sec);
    let mut progress = Progress::default();
    if s.day >= today {
        return progress;
    }
    let mut ledger = s.ledger();
    progress.returned = sweep_expired(receiver, &mut ledger, now, cfg.max_sweep);
    let schedule_table = annual(receiver);
    let mut schedule: Option<AnnualSchedule> = None;
    // The paid set depends on the ranking and standings now, not on the
    // day: read once per rollover.
    let mut paid_set: Option<Vec<(u64, u64)>> = None;
    while ledger.day < today && progress.closed < cfg.max_days_per_rollover {
        if ledger.is_idle() {
            // Nothing to split on any day up to today: jump (O(1)).
            ok_or_fail(ledger.skip_to(today));
            break;
        }
        let allocated = if ledger.pool > 0 {
            let set = paid_set.get_or_insert_with(|| current_paid_set(cfg, now));
            take_snapshot(receiver, cfg, ledger.day, ledger.pool, set, now)
        } else {
            0
        };
        let ends = &mut schedule
            .get_or_insert_with(|| schedule_table.get_or_fail(NOT_CONFIGURED))
            .ends;
        ok_or_fail(ledger.close_day(ends, allocated));
        progress.closed += 1;
    }
    if let Some(schedule) = schedule {
        schedule_table.set(receiver, schedule);
    }
    s.set_ledger(&ledger);
    progress
}

/// The first `paid` members of the ranking in good standing now (raw
/// account, votes), reading at most `paid x 2` ranked members.
fn current_paid_set(cfg: &Config, now: u32) -> Vec<(u64, u64)> {
    let paid = usize::from(cfg.paid);
    let ranked: Vec<(u64, u64)> =
        pool_members::views::ranking(cfg.members, paid * RANKING_SCAN_FACTOR)
            .into_iter()
            .map(|(account, votes)| (account.raw(), votes))
            .collect();
    select_paid(&ranked, paid, |account| {
        pool_members::views::in_good_standing(cfg.members, Name::from_raw(account), now)
    })
}

/// Whether the availability minimum is waived for `day`: the metrics
/// contract has no observed final window that day (emitter outage), or
/// cannot be read with this contract's day numbering (not configured, or
/// another day length).
fn availability_waived(cfg: &Config, day: u64) -> bool {
    let comparable =
        pool_metrics::views::settings(cfg.metrics).is_some_and(|m| m.day_sec == cfg.day_sec);
    !comparable || !pool_metrics::views::day_has_final_window(cfg.metrics, day)
}

/// Takes day `day`'s payout snapshot and splits its pool: writes the
/// allocations and the snapshot, erases the oldest snapshot if it is too
/// old. Returns the allocated amount (the rest is carried).
fn take_snapshot(
    receiver: Name,
    cfg: &Config,
    day: u64,
    pool: u64,
    paid_set: &[(u64, u64)],
    now: u32,
) -> u64 {
    let waived = availability_waived(cfg, day);
    let flags = select_scheduled(paid_set, usize::from(cfg.scheduled), |account| {
        let availability = if waived {
            None
        } else {
            pool_metrics::views::availability_bps(cfg.metrics, day, Name::from_raw(account))
        };
        meets_availability(availability, cfg.min_availability_bps, waived)
    });
    let votes: Vec<u64> = paid_set.iter().map(|(_, v)| *v).collect();
    let split = ok_or_fail(split(pool, cfg.vote_share_bps, &votes, &flags));
    let claim_until = TimePointSec::from_secs(claim_deadline(now, cfg.claim_window_sec));

    let table = allocs(receiver);
    let mut paid = Vec::with_capacity(paid_set.len());
    let mut scheduled = Vec::new();
    let rows = paid_set
        .iter()
        .zip(&flags)
        .zip(split.vote_shares.iter().zip(&split.amounts));
    for (i, (((account, votes), is_scheduled), (vote_share, amount))) in rows.enumerate() {
        let member = Name::from_raw(*account);
        let amount = *amount;
        if amount > 0 {
            table.emplace(
                receiver,
                Allocation {
                    id: check_some(allocation_id(day, i), AMOUNT_OVERFLOW),
                    member,
                    day,
                    amount,
                    claim_until,
                },
            );
        }
        if *is_scheduled {
            scheduled.push(member);
        }
        paid.push(PaidMember {
            member,
            votes: *votes,
            vote_share: *vote_share,
            amount,
        });
    }
    let shots = snapshots(receiver);
    shots.emplace(
        receiver,
        Snapshot {
            day,
            taken_at: TimePointSec::from_secs(now),
            claim_until,
            availability_waived: waived,
            pool,
            vote_part: split.vote_part,
            scheduled_part: split.scheduled_part,
            vote_sum: split.vote_sum,
            scheduled_share: split.scheduled_share,
            carried: split.carried,
            paid,
            scheduled,
        },
    );
    // One erase per snapshot taken keeps at most 2 x SNAPSHOT_DAYS_KEPT.
    if let Some(oldest) = shots.iter().next() {
        if oldest.day.saturating_add(SNAPSHOT_DAYS_KEPT) <= day {
            shots.erase(oldest);
        }
    }
    split.allocated()
}

/// Returns expired allocations to the pool, oldest first, stopping at the
/// first one still claimable or after `max`. Allocation ids ascend with
/// the day, and so (for a fixed claim window) with the deadline.
fn sweep_expired(receiver: Name, ledger: &mut Ledger, now: u32, max: u16) -> u16 {
    let table = allocs(receiver);
    let mut n = 0u16;
    for row in table.iter() {
        if n >= max || !is_expired(row.claim_until.secs(), now) {
            break;
        }
        ok_or_fail(ledger.return_unclaimed(row.amount));
        // The iterator already moved past this row.
        table.erase(row);
        n += 1;
    }
    n
}

/// At most `limit` allocations of `member`, oldest first.
fn member_allocations(receiver: Name, member: Name, limit: usize) -> Vec<Row<Allocation>> {
    allocs(receiver)
        .index(BY_MEMBER)
        .lower_bound(SecondaryValue::U64(member.raw()))
        .take_while(|row| row.member == member)
        .take(limit)
        .collect()
}

// --- helpers ---------------------------------------------------------------------------

fn get_config(receiver: Name) -> Config {
    config(receiver).get_or_fail(NOT_CONFIGURED)
}

fn get_state(receiver: Name) -> State {
    state(receiver).get_or_fail(NOT_CONFIGURED)
}

fn now_sec() -> u32 {
    current_time_point().sec_since_epoch()
}

fn ok_or_fail<T>(r: Result<T, &'static str>) -> T {
    match r {
        Ok(v) => v,
        Err(msg) => check_failed(msg),
    }
}

/// Sends `amount` of the configured token from the contract to `to` with
/// `<contract>@inline`.
fn send_tokens(cfg: &Config, from: Name, to: Name, amount: u64, memo: &str) {
    pool_token::actions::transfer {
        from,
        to,
        quantity: Asset {
            // At most the contract's balance, so within the asset bound.
            amount: amount as i64,
            symbol: cfg.symbol,
        },
        memo: String::from(memo),
    }
    .send(
        cfg.token_contract,
        vec![PermissionLevel::new(from, INLINE_PERMISSION)],
    );
}

/// Appends `v` in decimal (no `core::fmt`: it would cost kilobytes of
/// wasm).
fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let start = out.len();
    loop {
        out.push(b'0' + (v % 10) as u8);
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if let Some(digits) = out.get_mut(start..) {
        digits.reverse();
    }
}

fn print_bytes(msg: &[u8]) {
    // Digits, letters and `=`: always UTF-8.
    print(core::str::from_utf8(msg).unwrap_or_default());
}
