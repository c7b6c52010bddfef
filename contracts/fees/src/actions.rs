//! The actions and the transfer notification. Each reads: authorization,
//! then one check per precondition (messages in [`crate::errors`]), then
//! the writes, then any inline action (state is written before anything
//! is sent: re-entry rule).
//!
//! RAM: vote rows are paid by the voting producer, deposit and bundle rows
//! by their owner, who signs the action that creates them; the
//! configuration, state, callers and endpoints by the contract, through
//! admin actions. What others may push (`computefees`, `charge`, the
//! transfer notification) only changes fixed-size fields in place, so it
//! never bills anyone.

use crate::errors::*;
use crate::tables::{
    bundles, bundlevotes, callers, config, deposits, endpoints, feemults, feevotes, state, Bundle,
    BundleVote, Caller, Config, Deposit, Endpoint, FeeMult, FeeVote, State,
};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use antelope_sdk::{
    action, check, check_failed, check_some, current_time_point, is_account, notify, require_auth,
    sha256, ActionData, Asset, Checksum256, Context, Name, PermissionLevel, Symbol, TimePointSec,
    SAME_PAYER,
};
use pool_core::fees::{
    counted_values, decide, elect, fee_values, may_vote, use_bundle, validate_ratios, voter_fee,
    BUNDLE_VOTE_INTERVAL_SEC, FEE_VOTE_INTERVAL_SEC, MAX_COMPUTE_PER_CALL, MAX_ENDPOINTS,
    MAX_SCHEDULED, MULTIPLIER_VOTE_INTERVAL_SEC,
};
use pool_shared::admin::{check_setconfig_admin, require_admin};
use pool_shared::INLINE_PERMISSION;

/// The memo of a forwarded fee of a registration-type endpoint: the
/// rewards contract spreads it over 365 days as annual income.
pub const MEMO_ANNUAL: &str = "annual";
/// The memo of any other forwarded fee.
pub const MEMO_FEE: &str = "fee";
/// The memo of a withdrawal.
pub const MEMO_WITHDRAW: &str = "withdraw";

// --- configuration -----------------------------------------------------------

/// Sets the configuration. Admin only: the configured governance, or the
/// contract account until governance is set (so the first call is the
/// contract's). The token contract must hold a token of `fee_symbol` with
/// that precision; neither may change once a deposit or an endpoint
/// exists. A change of `members`, `scheduled` or `min_votes` marks every
/// fee for recomputation.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn setconfig(
    ctx: &Context,
    governance: Name,
    members: Name,
    token_contract: Name,
    fee_symbol: Symbol,
    rewards: Name,
    scheduled: u16,
    min_votes: u16,
    max_compute_per_call: u16,
) {
    let table = config(ctx.receiver);
    let current = table.get();
    check_setconfig_admin(
        current.as_ref().map(|c| c.governance),
        governance,
        ctx.receiver,
    );
    check(is_account(members), MEMBERS_MISSING);
    check(fee_symbol.is_valid(), INVALID_FEE_SYMBOL);
    check(is_account(token_contract), TOKEN_MISSING);
    check(
        pool_token::tables::supply_of(token_contract, fee_symbol.code())
            .is_some_and(|supply| supply.symbol == fee_symbol),
        FEE_TOKEN_MISSING,
    );
    check(is_account(rewards), REWARDS_MISSING);
    check(rewards != ctx.receiver, REWARDS_IS_SELF);
    check((1..=MAX_SCHEDULED).contains(&scheduled), BAD_SCHEDULED);
    check((1..=scheduled).contains(&min_votes), BAD_MIN_VOTES);
    check(
        (1..=MAX_COMPUTE_PER_CALL).contains(&max_compute_per_call),
        BAD_MAX_COMPUTE,
    );
    let mut recompute = false;
    if let Some(c) = &current {
        if c.token_contract != token_contract || c.fee_symbol != fee_symbol {
            // Deposits and fees are amounts of the configured token:
            // switching it would strand them.
            check(
                deposits(ctx.receiver).is_empty() && endpoints(ctx.receiver).is_empty(),
                FEE_TOKEN_LOCKED,
            );
        }
        recompute = c.members != members || c.scheduled != scheduled || c.min_votes != min_votes;
    }
    table.set(
        ctx.receiver,
        Config {
            governance,
            members,
            token_contract,
            fee_symbol,
            rewards,
            scheduled,
            min_votes,
            max_compute_per_call,
        },
    );
    let st = state(ctx.receiver);
    match st.get() {
        None => st.set(
            ctx.receiver,
            State {
                elected_hash: elected_hash(&[]),
                elected_count: 0,
                bundled_calls_per_year: 0,
                bundle_pending: false,
                bundle_votes_counted: 0,
                bundle_computed_at: TimePointSec::default(),
            },
        ),
        Some(mut s) if recompute => {
            s.bundle_pending = true;
            st.set(ctx.receiver, s);
            mark_all_pending(ctx.receiver);
        }
        Some(_) => {}
    }
}

/// Governance lets `contract` (a DAC contract) charge fees.
#[action]
pub fn addcaller(ctx: &Context, contract: Name) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    check(is_account(contract), CALLER_MISSING);
    let table = callers(ctx.receiver);
    check(!table.contains(contract.raw()), ALREADY_CALLER);
    table.emplace(ctx.receiver, Caller { contract });
}

/// Governance withdraws `contract`'s right to charge fees.
#[action]
pub fn rmcaller(ctx: &Context, contract: Name) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    let table = callers(ctx.receiver);
    let row = table.get(contract.raw(), NOT_A_CALLER);
    table.erase(row);
}

/// Governance registers the fee endpoint `endpoint` (at most 50), or
/// changes whether it is registration-type (`annual`: its fees go to
/// rewards as annual income). A new endpoint's fee is 0 until votes set
/// it; it is pending, so that votes cast before an earlier removal count
/// again at the next `computefees`.
#[action]
pub fn regendpoint(ctx: &Context, endpoint: Name, annual: bool) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    check(endpoint != Name::EMPTY, EMPTY_ENDPOINT);
    let table = endpoints(ctx.receiver);
    match table.find(endpoint.raw()) {
        Some(mut row) => table.modify(&mut row, SAME_PAYER, |e| e.annual = annual),
        None => {
            // Bounded: the table never holds more than MAX_ENDPOINTS rows.
            check(table.iter().count() < MAX_ENDPOINTS, TOO_MANY_ENDPOINTS);
            table.emplace(
                ctx.receiver,
                Endpoint {
                    endpoint,
                    annual,
                    fee: Asset {
                        amount: 0,
                        symbol: cfg.fee_symbol,
                    },
                    pending: true,
                    votes_counted: 0,
                    computed_at: TimePointSec::default(),
                },
            );
        }
    }
}

/// Governance removes a fee endpoint: charging it fails from now on.
/// Producers' ratios for it stay in their `feevotes` scope (their RAM),
/// and count again if it is registered again.
#[action]
pub fn rmendpoint(ctx: &Context, endpoint: Name) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    let table = endpoints(ctx.receiver);
    let row = table
        .find(endpoint.raw())
        .unwrap_or_else(|| fail_named("", endpoint, NOT_ENDPOINT_SUFFIX));
    table.erase(row);
}

// --- votes -------------------------------------------------------------------

/// An elected producer sets its ratio for each listed endpoint (at most
/// 50 distinct registered endpoints; at most once per endpoint per
/// 3600 s). With its multiplier, each ratio must give a fee within the
/// asset bound. Marks the endpoints pending. The producer pays its rows.
#[action]
pub fn setfeevote(ctx: &Context, producer: Name, fee_ratios: Vec<(Name, u64)>) {
    require_auth(producer);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    require_elected(&cfg, producer, now);
    let raw: Vec<(u64, u64)> = fee_ratios.iter().map(|(e, r)| (e.raw(), *r)).collect();
    if let Err(msg) = validate_ratios(&raw, MAX_ENDPOINTS) {
        check_failed(msg);
    }
    let multiplier = feemults(ctx.receiver)
        .find(producer.raw())
        .map(|m| m.multiplier);
    let eps = endpoints(ctx.receiver);
    let votes = feevotes(ctx.receiver, producer);
    let mut rows = Vec::with_capacity(fee_ratios.len());
    for (endpoint, ratio) in &fee_ratios {
        let row = eps
            .find(endpoint.raw())
            .unwrap_or_else(|| fail_named("", *endpoint, NOT_ENDPOINT_SUFFIX));
        if let Some(m) = multiplier {
            if voter_fee(*ratio, m).is_none() {
                fail_named(FEE_TOO_LARGE_PREFIX, *endpoint, FEE_TOO_LARGE_SUFFIX);
            }
        }
        let last = votes.find(endpoint.raw()).map(|v| v.updated_at.secs());
        if !may_vote(last, now, FEE_VOTE_INTERVAL_SEC) {
            fail_named(
                FEE_VOTE_TOO_SOON_PREFIX,
                *endpoint,
                FEE_VOTE_TOO_SOON_SUFFIX,
            );
        }
        rows.push(row);
    }
    let updated_at = TimePointSec::from_secs(now);
    for ((endpoint, ratio), mut row) in fee_ratios.into_iter().zip(rows) {
        votes.upsert(
            producer,
            FeeVote {
                endpoint,
                ratio,
                updated_at,
            },
        );
        if !row.pending {
            eps.modify(&mut row, SAME_PAYER, |e| e.pending = true);
        }
    }
}

/// An elected producer sets its fee multiplier (6 decimals: 1000000 =
/// 1.0; positive; at most once per 120 s). Every fee it voted must stay
/// within the asset bound. Marks the endpoints it voted on pending. The
/// producer pays its row.
#[action]
pub fn setfeemult(ctx: &Context, producer: Name, multiplier: u64) {
    require_auth(producer);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    require_elected(&cfg, producer, now);
    check(multiplier > 0, MULTIPLIER_NOT_POSITIVE);
    let mults = feemults(ctx.receiver);
    let row = mults.find(producer.raw());
    check(
        may_vote(
            row.as_ref().map(|m| m.updated_at.secs()),
            now,
            MULTIPLIER_VOTE_INTERVAL_SEC,
        ),
        MULT_TOO_SOON,
    );
    // Bounded by MAX_ENDPOINTS: the registered endpoints this producer
    // voted on.
    let votes = feevotes(ctx.receiver, producer);
    let eps = endpoints(ctx.receiver);
    let mut voted = Vec::new();
    for ep in eps.iter() {
        if let Some(v) = votes.find(ep.endpoint.raw()) {
            if voter_fee(v.ratio, multiplier).is_none() {
                fail_named(FEE_TOO_LARGE_PREFIX, ep.endpoint, FEE_TOO_LARGE_SUFFIX);
            }
            voted.push(ep);
        }
    }
    let value = FeeMult {
        producer,
        multiplier,
        updated_at: TimePointSec::from_secs(now),
    };
    match row {
        Some(mut row) => mults.modify(&mut row, producer, |m| *m = value),
        None => {
            mults.emplace(producer, value);
        }
    }
    for mut ep in voted {
        if !ep.pending {
            eps.modify(&mut ep, SAME_PAYER, |e| e.pending = true);
        }
    }
}

/// An elected producer votes for the number of bundled free calls per
/// payer per year (at most once per 120 s). Marks the bundle count
/// pending. The producer pays its row.
#[action]
pub fn bundlevote(ctx: &Context, producer: Name, count: u32) {
    require_auth(producer);
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    require_elected(&cfg, producer, now);
    let table = bundlevotes(ctx.receiver);
    let row = table.find(producer.raw());
    check(
        may_vote(
            row.as_ref().map(|b| b.updated_at.secs()),
            now,
            BUNDLE_VOTE_INTERVAL_SEC,
        ),
        BUNDLE_TOO_SOON,
    );
    let value = BundleVote {
        producer,
        count,
        updated_at: TimePointSec::from_secs(now),
    };
    match row {
        Some(mut row) => table.modify(&mut row, producer, |b| *b = value),
        None => {
            table.emplace(producer, value);
        }
    }
    let st = state(ctx.receiver);
    let mut s = st.get_or_fail(NOT_CONFIGURED);
    if !s.bundle_pending {
        s.bundle_pending = true;
        st.set(ctx.receiver, s);
    }
}

// --- computation -------------------------------------------------------------

/// Anyone: recomputes pending fees, at most `max_compute_per_call` of
/// them (the bundle count first, then endpoints by name). When the
/// elected set differs from the one of the last computation, every fee is
/// due. A fee with at least `min_votes` counted votes becomes their
/// median; with fewer it stays. Fails with `no fees to compute` when
/// nothing is due.
#[action]
pub fn computefees(ctx: &Context) {
    let cfg = get_config(ctx.receiver);
    let now = now_sec();
    let st = state(ctx.receiver);
    let mut s = st.get_or_fail(NOT_CONFIGURED);
    let elected = elected_set(&cfg, now);
    let hash = elected_hash(&elected);
    let changed = hash != s.elected_hash;
    let min_votes = usize::from(cfg.min_votes);
    let mut budget = usize::from(cfg.max_compute_per_call);
    let mut worked = false;
    let computed_at = TimePointSec::from_secs(now);

    if changed || s.bundle_pending {
        let table = bundlevotes(ctx.receiver);
        let mut values = counted_values(&elected, |p| table.find(p).map(|b| u64::from(b.count)));
        if let Some(count) = decide(&mut values, min_votes) {
            // The median of u32 values is a u32.
            s.bundled_calls_per_year = u32::try_from(count).unwrap_or(u32::MAX);
        }
        s.bundle_votes_counted = votes_count(values.len());
        s.bundle_computed_at = computed_at;
        s.bundle_pending = false;
        budget -= 1;
        worked = true;
    }

    // The multipliers of the elected set, read once (sorted as `elected`).
    let mut multipliers: Option<Vec<(u64, Option<u64>)>> = None;
    let eps = endpoints(ctx.receiver);
    // Bounded by MAX_ENDPOINTS rows, of which at most
    // `max_compute_per_call` are computed.
    for mut ep in eps.iter() {
        if !(changed || ep.pending) {
            continue;
        }
        if budget == 0 {
            // Due but over budget: it waits for the next call.
            if !ep.pending {
                eps.modify(&mut ep, SAME_PAYER, |e| e.pending = true);
            }
            continue;
        }
        let mults = multipliers.get_or_insert_with(|| {
            let table = feemults(ctx.receiver);
            elected
                .iter()
                .map(|p| (*p, table.find(*p).map(|m| m.multiplier)))
                .collect()
        });
        let endpoint = ep.endpoint;
        let mut values = fee_values(
            &elected,
            |p| {
                feevotes(ctx.receiver, Name::from_raw(p))
                    .find(endpoint.raw())
                    .map(|v| v.ratio)
            },
            |p| {
                mults
                    .binary_search_by_key(&p, |(q, _)| *q)
                    .ok()
                    .and_then(|i| mults.get(i))
                    .and_then(|(_, m)| *m)
            },
        );
        let fee = decide(&mut values, min_votes);
        let counted = votes_count(values.len());
        eps.modify(&mut ep, SAME_PAYER, |e| {
            if let Some(fee) = fee {
                // voter_fee bounds every value by 2^62 - 1, so their
                // median fits an asset.
                e.fee.amount = i64::try_from(fee).unwrap_or(Asset::MAX_AMOUNT);
            }
            e.pending = false;
            e.votes_counted = counted;
            e.computed_at = computed_at;
        });
        budget -= 1;
        worked = true;
    }
    check(worked, NO_WORK);
    s.elected_hash = hash;
    s.elected_count = votes_count(elected.len());
    st.set(ctx.receiver, s);
}

// --- charging ----------------------------------------------------------------

/// A registered DAC contract (`caller`, which must authorize it: sent
/// inline with `<caller>@inline`) charges `payer` the fee of `endpoint`.
/// A zero fee charges nothing. Otherwise a bundled free call is used if
/// the payer has one left in its 365-day period; else the fee is taken
/// from the payer's deposit and forwarded to rewards by an inline
/// transfer, with memo `annual` for a registration-type endpoint and
/// `fee` otherwise. A deposit too low fails the whole transaction.
#[action]
pub fn charge(ctx: &Context, caller: Name, payer: Name, endpoint: Name) {
    require_auth(caller);
    let cfg = get_config(ctx.receiver);
    check(
        callers(ctx.receiver).contains(caller.raw()),
        CALLER_NOT_REGISTERED,
    );
    let ep = endpoints(ctx.receiver)
        .find(endpoint.raw())
        .unwrap_or_else(|| fail_named("", endpoint, NOT_ENDPOINT_SUFFIX));
    let fee = ep.fee;
    if fee.amount == 0 {
        return;
    }
    let deps = deposits(ctx.receiver);
    let mut deposit = check_some(deps.find(payer.raw()), PAYER_NO_DEPOSIT);
    let bund = bundles(ctx.receiver);
    let mut bundle = check_some(bund.find(payer.raw()), PAYER_NO_DEPOSIT);
    let per_year = state(ctx.receiver)
        .get_or_fail(NOT_CONFIGURED)
        .bundled_calls_per_year;
    let current = pool_core::fees::Bundle {
        period_start: bundle.period_start.secs(),
        used: bundle.used,
    };
    let (next, free) = use_bundle(current, now_sec(), per_year);
    let balance = if free {
        None
    } else {
        let left = deposit
            .balance
            .checked_sub(fee)
            .filter(|b| b.amount >= 0)
            .unwrap_or_else(|| {
                fail_named(DEPOSIT_TOO_LOW_PREFIX, endpoint, DEPOSIT_TOO_LOW_SUFFIX)
            });
        check(
            pool_token::tables::balance_of(cfg.token_contract, cfg.rewards, cfg.fee_symbol.code())
                .is_some(),
            REWARDS_NO_BALANCE_ROW,
        );
        Some(left)
    };
    if next != current {
        bund.modify(&mut bundle, SAME_PAYER, |b| {
            b.period_start = TimePointSec::from_secs(next.period_start);
            b.used = next.used;
        });
    }
    if let Some(left) = balance {
        deps.modify(&mut deposit, SAME_PAYER, |d| d.balance = left);
        // Written above, sent last.
        pool_token::actions::transfer {
            from: ctx.receiver,
            to: cfg.rewards,
            quantity: fee,
            memo: String::from(if ep.annual { MEMO_ANNUAL } else { MEMO_FEE }),
        }
        .send(
            cfg.token_contract,
            vec![PermissionLevel::new(ctx.receiver, INLINE_PERMISSION)],
        );
    }
}

// --- deposits ------------------------------------------------------------------

/// Opens `owner`'s deposit and bundle rows, paid by the owner; does
/// nothing for rows that exist. Needed before depositing or being
/// charged: a transfer notification or an inline charge cannot bill the
/// payer, and the contract pays for no row that anyone could make it
/// create.
#[action]
pub fn opendeposit(ctx: &Context, owner: Name) {
    require_auth(owner);
    let cfg = get_config(ctx.receiver);
    let deps = deposits(ctx.receiver);
    if !deps.contains(owner.raw()) {
        deps.emplace(
            owner,
            Deposit {
                owner,
                balance: Asset {
                    amount: 0,
                    symbol: cfg.fee_symbol,
                },
            },
        );
    }
    let bund = bundles(ctx.receiver);
    if !bund.contains(owner.raw()) {
        bund.emplace(
            owner,
            Bundle {
                account: owner,
                period_start: TimePointSec::default(),
                used: 0,
            },
        );
    }
}

/// Credits the fee tokens the configured token contract moved to this
/// contract to the sender's deposit (any memo).
///
/// Ignored (nothing credited, the transfer stands): a notification from
/// any other contract (a fake token, even with the same symbol), a
/// transfer whose `to` is not this contract (forwarded notifications of
/// others' transfers), and the contract's own outgoing transfers. Refused:
/// another symbol of the configured token, a sender without a deposit
/// row, and any transfer before the contract is configured (so that no
/// token gets stuck uncounted).
#[notify("*::transfer")]
pub fn on_transfer(ctx: &Context, from: Name, to: Name, quantity: Asset, _memo: String) {
    if to != ctx.receiver || from == ctx.receiver {
        return;
    }
    let cfg = get_config(ctx.receiver);
    if ctx.first_receiver != cfg.token_contract {
        return;
    }
    check(quantity.symbol == cfg.fee_symbol, WRONG_SYMBOL);
    let deps = deposits(ctx.receiver);
    let mut row = deps.get(from.raw(), OPEN_DEPOSIT_FIRST);
    let balance = check_some(row.balance.checked_add(quantity), DEPOSIT_OVERFLOW);
    deps.modify(&mut row, SAME_PAYER, |d| d.balance = balance);
}

/// Pays `quantity` of `owner`'s deposit back to the owner by an inline
/// transfer (memo `withdraw`). The owner needs a balance row at the token
/// contract, so that the transfer never makes this contract pay for one.
#[action]
pub fn withdraw(ctx: &Context, owner: Name, quantity: Asset) {
    require_auth(owner);
    let cfg = get_config(ctx.receiver);
    check(quantity.is_valid(), INVALID_QUANTITY);
    check(quantity.amount > 0, WITHDRAW_NOT_POSITIVE);
    check(quantity.symbol == cfg.fee_symbol, WRONG_SYMBOL);
    let deps = deposits(ctx.receiver);
    let mut row = deps.get(owner.raw(), NO_DEPOSIT);
    check(quantity.amount <= row.balance.amount, OVERDRAWN_DEPOSIT);
    check(
        pool_token::tables::balance_of(cfg.token_contract, owner, cfg.fee_symbol.code()).is_some(),
        NO_TOKEN_BALANCE_ROW,
    );
    let left = check_some(row.balance.checked_sub(quantity), DEPOSIT_OVERFLOW);
    deps.modify(&mut row, SAME_PAYER, |d| d.balance = left);
    // Written above, sent last.
    pool_token::actions::transfer {
        from: ctx.receiver,
        to: owner,
        quantity,
        memo: String::from(MEMO_WITHDRAW),
    }
    .send(
        cfg.token_contract,
        vec![PermissionLevel::new(ctx.receiver, INLINE_PERMISSION)],
    );
}

// --- helpers -------------------------------------------------------------------

fn get_config(receiver: Name) -> Config {
    config(receiver).get_or_fail(NOT_CONFIGURED)
}

fn now_sec() -> u32 {
    current_time_point().sec_since_epoch()
}

/// The elected set at `now`, sorted by name: the first `scheduled`
/// members of the members contract's ranking who are in good standing
/// (active, constitution signature counting). Reads at most
/// `2 x scheduled` entries of the ranking, so a few members whose
/// signature lapsed are skipped without the scan growing with the
/// registry.
pub fn elected_set(cfg: &Config, now: u32) -> Vec<u64> {
    let Some(members_cfg) = pool_members::tables::config(cfg.members).get() else {
        return Vec::new();
    };
    let scheduled = usize::from(cfg.scheduled);
    let mut ranked: Vec<(u64, bool)> = Vec::with_capacity(scheduled);
    let mut good = 0;
    for (account, _) in pool_members::views::ranking(cfg.members, 2 * scheduled) {
        if good == scheduled {
            break;
        }
        let standing = pool_members::views::member(cfg.members, account)
            .is_some_and(|m| pool_members::views::member_in_good_standing(&members_cfg, &m, now));
        if standing {
            good += 1;
        }
        ranked.push((account.raw(), standing));
    }
    elect(&ranked, scheduled)
}

/// Fails with `<producer> is not an elected producer` unless it is.
fn require_elected(cfg: &Config, producer: Name, now: u32) {
    if elected_set(cfg, now)
        .binary_search(&producer.raw())
        .is_err()
    {
        fail_named("", producer, NOT_ELECTED_SUFFIX);
    }
}

/// The fingerprint of a sorted elected set stored in `state`: SHA-256 of
/// the names' raw values, little-endian, in order.
pub fn elected_hash(elected: &[u64]) -> Checksum256 {
    let mut bytes = Vec::with_capacity(elected.len() * 8);
    for account in elected {
        bytes.extend_from_slice(&account.to_le_bytes());
    }
    sha256(&bytes)
}

/// Marks every endpoint pending (bounded by MAX_ENDPOINTS rows).
fn mark_all_pending(receiver: Name) {
    let eps = endpoints(receiver);
    for mut ep in eps.iter() {
        if !ep.pending {
            eps.modify(&mut ep, SAME_PAYER, |e| e.pending = true);
        }
    }
}

/// A count of votes (at most MAX_SCHEDULED) as stored.
fn votes_count(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Fails with `<prefix><name><suffix>`.
fn fail_named(prefix: &str, name: Name, suffix: &str) -> ! {
    let (buf, len) = name.to_string_buf();
    let mut msg = Vec::with_capacity(prefix.len() + len + suffix.len());
    msg.extend_from_slice(prefix.as_bytes());
    msg.extend_from_slice(buf.get(..len).unwrap_or_default());
    msg.extend_from_slice(suffix.as_bytes());
    // A name's characters are ASCII, so the message is UTF-8.
    check_failed(core::str::from_utf8(&msg).unwrap_or(suffix))
}
