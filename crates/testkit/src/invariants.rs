//! The suite's invariants, read from the tables of a chain.
//!
//! Each checker returns `Ok(())` or `Err` with a precise description of
//! the violation (the contract, the row, the two sides of the relation).
//! [`check_all`] runs every one against the standard accounts of
//! [`crate::accounts`]. The relations are the ones the contracts' docs
//! state; each checker cites its source.
//!
//! A checker only reads: a failed read (a row that no longer decodes, an
//! index entry pointing nowhere) is reported as a violation too.

use crate::accounts::*;
use antelope_sdk::{
    index_table_name, sys, Checksum256, MultiIndex, Name, Pack, Symbol, Table, TimePointSec,
    UnpackError,
};
use antelope_testchain::TestChain;
use pool_core::governance::{Stage, Status, Tally};
use pool_core::metrics::{window_slots, DayTotals, MemberTotals};
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs every checker on the pool's accounts; all violations, one per
/// line, or `Ok`.
pub fn check_all(chain: &mut TestChain) -> Result<(), String> {
    type Checker = fn(&mut TestChain) -> Result<(), String>;
    let checkers: [(&str, Checker); 9] = [
        ("token supply", |c| token_supply(c, TOKEN)),
        ("members stakes", |c| members_stakes(c, MEMBERS)),
        ("members votes", |c| members_votes(c, MEMBERS)),
        ("fees deposits", |c| fees_deposits(c, FEES)),
        ("fees medians", |c| fees_medians(c, FEES)),
        ("rewards books", |c| rewards_books(c, REWARDS)),
        ("metrics aggregates", |c| metrics_aggregates(c, METRICS)),
        ("governance records", |c| governance_records(c, GOV)),
        ("secondary indexes", secondary_indexes),
    ];
    let mut violations = Vec::new();
    for (what, check) in checkers {
        if let Err(e) = guarded(what, chain, check) {
            violations.push(e);
        }
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations.join("\n"))
    }
}

/// Runs one checker, turning a failed read into a violation.
fn guarded(
    what: &str,
    chain: &mut TestChain,
    check: impl FnOnce(&mut TestChain) -> Result<(), String>,
) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| check(chain))) {
        Ok(r) => r.map_err(|e| format!("{what}: {e}")),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic without a message".into());
            Err(format!("{what}: reading the tables failed: {msg}"))
        }
    }
}

// --- reading helpers -----------------------------------------------------------

/// The singleton `T` of `code` without failing: `None` without the row,
/// `Some(Err)` when its bytes are not a `T` (another contract's table of
/// the same name).
pub fn singleton<T: Table>(chain: &mut TestChain, code: Name) -> Option<Result<T, UnpackError>> {
    chain.read(|| {
        let it = sys::db_find_i64(code.raw(), code.raw(), T::NAME.raw(), T::NAME.raw());
        (it >= 0).then(|| T::unpack_exact(&sys::db_get_i64(it)))
    })
}

fn rows<T: Table>(chain: &mut TestChain, code: Name, scope: u64) -> Vec<T> {
    chain.rows(code, scope)
}

/// `owner`'s balance of `symbol` at `token` (0 without a row), and
/// whether the row's symbol has the expected precision.
fn balance(chain: &mut TestChain, token: Name, owner: Name, symbol: Symbol) -> i64 {
    rows::<pool_token::tables::Account>(chain, token, owner.raw())
        .into_iter()
        .find(|a| a.balance.symbol.code() == symbol.code())
        .map_or(0, |a| a.balance.amount)
}

// --- token ---------------------------------------------------------------------

/// `contracts/token/src/lib.rs`, "Invariants": for every symbol,
/// `stat.supply` == the sum of all `accounts` balances of that symbol,
/// `0 <= supply <= max_supply <= 2^62 - 1`, no balance is negative, and
/// every balance has its token's precision. Every scope of `accounts` is
/// visited, not only known accounts.
pub fn token_supply(chain: &mut TestChain, token: Name) -> Result<(), String> {
    let mut stats = BTreeMap::new();
    for scope in chain.table_scopes(token, pool_token::tables::CurrencyStats::NAME) {
        for st in rows::<pool_token::tables::CurrencyStats>(chain, token, scope) {
            let code = st.supply.symbol.code();
            if code.raw() != scope {
                return Err(format!(
                    "{token}: stat row of {} is in scope {scope}, not its symbol code",
                    st.supply.symbol
                ));
            }
            if st.supply.symbol != st.max_supply.symbol {
                return Err(format!(
                    "{token}: supply {} and max supply {} differ in symbol",
                    st.supply, st.max_supply
                ));
            }
            if !(0 <= st.supply.amount
                && st.supply.amount <= st.max_supply.amount
                && st.max_supply.amount <= antelope_sdk::Asset::MAX_AMOUNT)
            {
                return Err(format!(
                    "{token}: supply {} out of [0, max supply {}] or max supply above 2^62 - 1",
                    st.supply, st.max_supply
                ));
            }
            stats.insert(code.raw(), (st.supply, 0i128, 0usize));
        }
    }
    for owner in chain.table_scopes(token, pool_token::tables::Account::NAME) {
        for acct in rows::<pool_token::tables::Account>(chain, token, owner) {
            let b = acct.balance;
            let Some((supply, sum, n)) = stats.get_mut(&b.symbol.code().raw()) else {
                return Err(format!(
                    "{token}: {} holds {b} of a token that has no stat row",
                    Name::from_raw(owner)
                ));
            };
            if b.amount < 0 {
                return Err(format!(
                    "{token}: {} has a negative balance {b}",
                    Name::from_raw(owner)
                ));
            }
            if b.symbol != supply.symbol {
                return Err(format!(
                    "{token}: {} holds {b}, not in the token's precision ({})",
                    Name::from_raw(owner),
                    supply.symbol
                ));
            }
            *sum += i128::from(b.amount);
            *n += 1;
        }
    }
    for (supply, sum, n) in stats.values() {
        if i128::from(supply.amount) != *sum {
            return Err(format!(
                "{token}: supply of {} is {} units but the {n} balances sum to {sum}",
                supply.symbol.code(),
                supply.amount
            ));
        }
    }
    Ok(())
}

// --- members -------------------------------------------------------------------

/// docs/members.md, "Invariants": `pool.member`'s balance of the stake
/// token == the sum over `stakes` of `staked + unstaking`; no stake is
/// negative or in another symbol.
pub fn members_stakes(chain: &mut TestChain, members: Name) -> Result<(), String> {
    let Some(cfg) = chain.read(|| pool_members::tables::config(members).get()) else {
        return Ok(());
    };
    let mut sum = 0i128;
    for s in rows::<pool_members::tables::Stake>(chain, members, members.raw()) {
        for a in [s.staked, s.unstaking] {
            if a.amount < 0 || a.symbol != cfg.stake_symbol {
                return Err(format!(
                    "{members}: stake row of {} holds {a} (negative or not {})",
                    s.owner, cfg.stake_symbol
                ));
            }
            sum += i128::from(a.amount);
        }
    }
    let held = balance(chain, cfg.token_contract, members, cfg.stake_symbol);
    if i128::from(held) != sum {
        return Err(format!(
            "{members}: holds {held} units of {} at {} but its stakes (staked + unstaking) sum to {sum}",
            cfg.stake_symbol.code(),
            cfg.token_contract
        ));
    }
    Ok(())
}

/// docs/members.md, "Invariants": each member's `total_votes` == the sum
/// of the `weight` of the `voters` rows that list it; each voter's
/// `weight` == its `staked` amount (0 without a stake row); a vote lists
/// at most 30 distinct registered members.
pub fn members_votes(chain: &mut TestChain, members: Name) -> Result<(), String> {
    let stakes: BTreeMap<Name, i64> =
        rows::<pool_members::tables::Stake>(chain, members, members.raw())
            .into_iter()
            .map(|s| (s.owner, s.staked.amount))
            .collect();
    let registry: BTreeMap<Name, u64> =
        rows::<pool_members::tables::Member>(chain, members, members.raw())
            .into_iter()
            .map(|m| (m.account, m.total_votes))
            .collect();
    let mut sums: BTreeMap<Name, u128> = BTreeMap::new();
    for v in rows::<pool_members::tables::Voter>(chain, members, members.raw()) {
        let staked = stakes.get(&v.voter).copied().unwrap_or(0);
        if i128::from(v.weight) != i128::from(staked) {
            return Err(format!(
                "{members}: voter {} has weight {} but {} staked",
                v.voter, v.weight, staked
            ));
        }
        let distinct: BTreeSet<Name> = v.producers.iter().copied().collect();
        if distinct.len() != v.producers.len() || v.producers.len() > 30 {
            return Err(format!(
                "{members}: voter {} lists {} producers ({} distinct; at most 30 distinct allowed)",
                v.voter,
                v.producers.len(),
                distinct.len()
            ));
        }
        for p in &v.producers {
            if !registry.contains_key(p) {
                return Err(format!(
                    "{members}: voter {} lists {p}, which has no member row",
                    v.voter
                ));
            }
            *sums.entry(*p).or_insert(0) += u128::from(v.weight);
        }
    }
    for (account, total) in &registry {
        let sum = sums.get(account).copied().unwrap_or(0);
        if u128::from(*total) != sum {
            return Err(format!(
                "{members}: member {account} has total_votes {total} but the weights of its voters sum to {sum}"
            ));
        }
    }
    Ok(())
}

// --- fees ----------------------------------------------------------------------

/// docs/fees.md, "Invariants": `pool.fees`' balance of the fee token ==
/// the sum of `deposits` balances; no deposit is negative; every fee is
/// in the fee symbol, at least 0 and at most 2^62 - 1.
pub fn fees_deposits(chain: &mut TestChain, fees: Name) -> Result<(), String> {
    let Some(cfg) = chain.read(|| pool_fees::tables::config(fees).get()) else {
        return Ok(());
    };
    let mut sum = 0i128;
    for d in rows::<pool_fees::tables::Deposit>(chain, fees, fees.raw()) {
        if d.balance.amount < 0 || d.balance.symbol != cfg.fee_symbol {
            return Err(format!(
                "{fees}: deposit of {} is {} (negative or not {})",
                d.owner, d.balance, cfg.fee_symbol
            ));
        }
        sum += i128::from(d.balance.amount);
    }
    let held = balance(chain, cfg.token_contract, fees, cfg.fee_symbol);
    if i128::from(held) != sum {
        return Err(format!(
            "{fees}: holds {held} units of {} at {} but the deposits sum to {sum}",
            cfg.fee_symbol.code(),
            cfg.token_contract
        ));
    }
    for e in rows::<pool_fees::tables::Endpoint>(chain, fees, fees.raw()) {
        if e.fee.symbol != cfg.fee_symbol
            || e.fee.amount < 0
            || e.fee.amount > antelope_sdk::Asset::MAX_AMOUNT
        {
            return Err(format!(
                "{fees}: endpoint {} has fee {} (expected 0 to 2^62 - 1 in {})",
                e.endpoint, e.fee, cfg.fee_symbol
            ));
        }
    }
    Ok(())
}

/// docs/fees.md, "Invariants" (every fee is 0 or the median of at least
/// `min_votes` values) and "Fees": while the elected set is the one of
/// the last `computefees` (same hash in `state`), an endpoint that is not
/// pending was computed from the current votes, so its `votes_counted`
/// == the number of elected voters with a ratio and a multiplier, and
/// with at least `min_votes` of them its fee == their median (even count:
/// floor of the mean of the two middle ones); the same for the bundle
/// count unless `bundle_pending`. The median is recomputed here from the
/// `feevotes`, `feemults` and `bundlevotes` rows.
pub fn fees_medians(chain: &mut TestChain, fees: Name) -> Result<(), String> {
    let Some(cfg) = chain.read(|| pool_fees::tables::config(fees).get()) else {
        return Ok(());
    };
    let Some(state) = chain.read(|| pool_fees::tables::state(fees).get()) else {
        return Ok(());
    };
    // Any existing account passes setconfig as the members contract; one
    // whose `config` is not a members configuration makes every fee
    // computation fail with the decoding assertion: nothing is computed,
    // nothing is expected.
    if matches!(
        singleton::<pool_members::tables::Config>(chain, cfg.members),
        Some(Err(_))
    ) {
        return Ok(());
    }
    let now = chain.now().sec_since_epoch();
    let elected = chain.read(|| pool_fees::actions::elected_set(&cfg, now));
    let mut bytes = Vec::with_capacity(elected.len() * 8);
    for account in &elected {
        bytes.extend_from_slice(&account.to_le_bytes());
    }
    if crate::fixtures::sha256(&bytes) != state.elected_hash {
        // The elected set changed since the last computation: every fee
        // is due, none is expected to match yet.
        return Ok(());
    }
    let min_votes = usize::from(cfg.min_votes);
    let mults: BTreeMap<u64, u64> = rows::<pool_fees::tables::FeeMult>(chain, fees, fees.raw())
        .into_iter()
        .map(|m| (m.producer.raw(), m.multiplier))
        .collect();
    if !state.bundle_pending && state.bundle_computed_at != TimePointSec::default() {
        let votes: BTreeMap<u64, u32> =
            rows::<pool_fees::tables::BundleVote>(chain, fees, fees.raw())
                .into_iter()
                .map(|b| (b.producer.raw(), b.count))
                .collect();
        let values: Vec<u64> = elected
            .iter()
            .filter_map(|p| votes.get(p).map(|c| u64::from(*c)))
            .collect();
        if usize::from(state.bundle_votes_counted) != values.len() {
            return Err(format!(
                "{fees}: bundle count computed from {} votes but {} elected producers voted one",
                state.bundle_votes_counted,
                values.len()
            ));
        }
        if values.len() >= min_votes && !values.is_empty() {
            let m = median(values);
            if u64::from(state.bundled_calls_per_year) != m {
                return Err(format!(
                    "{fees}: bundled_calls_per_year is {} but the median of the elected votes is {m}",
                    state.bundled_calls_per_year
                ));
            }
        }
    }
    let ratios: BTreeMap<u64, BTreeMap<u64, u64>> = elected
        .iter()
        .map(|p| {
            let votes = rows::<pool_fees::tables::FeeVote>(chain, fees, *p)
                .into_iter()
                .map(|v| (v.endpoint.raw(), v.ratio))
                .collect();
            (*p, votes)
        })
        .collect();
    for e in rows::<pool_fees::tables::Endpoint>(chain, fees, fees.raw()) {
        if e.pending || e.computed_at == TimePointSec::default() {
            continue;
        }
        let values: Vec<u64> = elected
            .iter()
            .filter_map(|p| {
                let ratio = ratios.get(p)?.get(&e.endpoint.raw())?;
                let mult = mults.get(p)?;
                pool_core::fees::voter_fee(*ratio, *mult)
            })
            .collect();
        if usize::from(e.votes_counted) != values.len() {
            return Err(format!(
                "{fees}: endpoint {} is not pending and counted {} votes, but {} elected producers have a ratio and a multiplier",
                e.endpoint,
                e.votes_counted,
                values.len()
            ));
        }
        if values.len() >= min_votes && !values.is_empty() {
            let m = median(values);
            if u64::try_from(e.fee.amount) != Ok(m) {
                return Err(format!(
                    "{fees}: endpoint {} has fee {} units but the median of the elected producers' fees is {m}",
                    e.endpoint, e.fee.amount
                ));
            }
        }
    }
    Ok(())
}

/// The median as docs/fees.md defines it, computed independently of
/// `pool_core::fees::median`: the middle value, or for an even count the
/// floor of the mean of the two middle ones.
fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        ((u128::from(values[n / 2 - 1]) + u128::from(values[n / 2])) / 2) as u64
    }
}

// --- rewards -------------------------------------------------------------------

/// docs/rewards.md, "Invariants": `pool.reward`'s balance of the
/// configured token == `pool + annual_pending + unclaimed + infra`;
/// `unclaimed` == the sum of the `allocs` rows; the annual schedule's 365
/// slots sum to `annual_rate` and release exactly `annual_pending`; a
/// split allocates exactly `pool - carried` (each snapshot: `vote_part +
/// scheduled_part == pool`, the paid members' amounts + `carried` ==
/// `pool`); every allocation is positive.
pub fn rewards_books(chain: &mut TestChain, rewards: Name) -> Result<(), String> {
    let Some(cfg) = chain.read(|| pool_rewards::tables::config(rewards).get()) else {
        return Ok(());
    };
    let Some(s) = chain.read(|| pool_rewards::tables::state(rewards).get()) else {
        return Ok(());
    };
    let held = balance(chain, cfg.token_contract, rewards, cfg.symbol);
    let books = u128::from(s.pool)
        + u128::from(s.annual_pending)
        + u128::from(s.unclaimed)
        + u128::from(s.infra);
    if i128::from(held) != books as i128 {
        return Err(format!(
            "{rewards}: holds {held} units of {} but pool {} + annual_pending {} + unclaimed {} + infra {} = {books}",
            cfg.symbol.code(),
            s.pool,
            s.annual_pending,
            s.unclaimed,
            s.infra
        ));
    }
    let mut sum = 0u128;
    for a in rows::<pool_rewards::tables::Allocation>(chain, rewards, rewards.raw()) {
        if a.amount == 0 {
            return Err(format!(
                "{rewards}: allocation {} of {} is zero",
                a.id, a.member
            ));
        }
        sum += u128::from(a.amount);
    }
    if sum != u128::from(s.unclaimed) {
        return Err(format!(
            "{rewards}: unclaimed is {} but the allocations sum to {sum}",
            s.unclaimed
        ));
    }
    let Some(schedule) = chain.read(|| pool_rewards::tables::annual(rewards).get()) else {
        return Err(format!("{rewards}: configured but has no annual schedule"));
    };
    let slots: u128 = schedule.ends.iter().map(|e| u128::from(*e)).sum();
    if schedule.ends.len() != 365 || slots != u128::from(s.annual_rate) {
        return Err(format!(
            "{rewards}: the annual schedule has {} slots summing to {slots}, expected 365 summing to annual_rate {}",
            schedule.ends.len(),
            s.annual_rate
        ));
    }
    // What the schedule still releases after the open day: day d + k
    // (k = 1..364) receives the rate left after the slots of days
    // d + 1 ..= d + k are emptied.
    let mut rate = i128::from(s.annual_rate);
    let mut pending = 0i128;
    for k in 1..365u64 {
        rate -= i128::from(schedule.ends[((s.day + k) % 365) as usize]);
        pending += rate;
    }
    if pending != i128::from(s.annual_pending) {
        return Err(format!(
            "{rewards}: the annual schedule releases {pending} after day {} but annual_pending is {}",
            s.day, s.annual_pending
        ));
    }
    for snap in rows::<pool_rewards::tables::Snapshot>(chain, rewards, rewards.raw()) {
        let paid: u128 = snap.paid.iter().map(|p| u128::from(p.amount)).sum();
        if u128::from(snap.vote_part) + u128::from(snap.scheduled_part) != u128::from(snap.pool)
            || paid + u128::from(snap.carried) != u128::from(snap.pool)
        {
            return Err(format!(
                "{rewards}: snapshot of day {}: pool {} but vote part {} + scheduled part {}, and allocated {paid} + carried {}",
                snap.day, snap.pool, snap.vote_part, snap.scheduled_part, snap.carried
            ));
        }
    }
    Ok(())
}

// --- metrics -------------------------------------------------------------------

/// docs/metrics.md, "Invariants": for every day and member, the `days`
/// row == the sum of that member's entries over the day's final windows,
/// and `daystats` counts those windows (final, empty, and the slots of
/// those with entries). Recomputed from the `windows` and `reports` rows:
/// each final window's entries are those of its final report, whose hash
/// is recomputed here (SHA-256 of the packed `(start, end, entries)`).
///
/// Pruning removes raw reports but keeps aggregates, so the relation is
/// exact for the days that start at or after `state.pruned_until` (no
/// window of theirs was touched), and for older days the aggregates are
/// at least what the remaining final windows add up to. Days before both
/// the horizon and the oldest stored window are not read: no report can
/// change them any more (no report is accepted for a window that starts
/// before the horizon), and a caller checking after every step checked
/// them while they could change. For the intact windows, `reports` also
/// counts the window's stored reports.
pub fn metrics_aggregates(chain: &mut TestChain, metrics: Name) -> Result<(), String> {
    use pool_metrics::tables::{DayStats, MemberDay, ReportRow, Window, WINDOW_FINAL};
    let Some(cfg) = chain.read(|| pool_metrics::tables::config(metrics).get()) else {
        return Ok(());
    };
    let horizon = chain
        .read(|| pool_metrics::tables::state(metrics).get())
        .map_or(0, |s| s.pruned_until.secs());
    let windows = rows::<Window>(chain, metrics, metrics.raw());
    let reports = rows::<ReportRow>(chain, metrics, metrics.raw());
    let mut by_start: BTreeMap<u32, Vec<&ReportRow>> = BTreeMap::new();
    for r in &reports {
        by_start.entry(r.start.secs()).or_default().push(r);
    }
    let day_of = |t: u32| u64::from(t / cfg.day_sec);
    let day_intact = |day: u64| day * u64::from(cfg.day_sec) >= u64::from(horizon);

    let mut members: BTreeMap<(u64, Name), MemberTotals> = BTreeMap::new();
    let mut days: BTreeMap<u64, DayTotals> = BTreeMap::new();
    for w in &windows {
        let start = w.start.secs();
        let intact = start >= horizon;
        let of_window = by_start.get(&start).map_or(&[][..], |v| v.as_slice());
        if intact && of_window.len() != w.reports as usize {
            return Err(format!(
                "{metrics}: window {start} counts {} reports but {} are stored",
                w.reports,
                of_window.len()
            ));
        }
        if w.status != WINDOW_FINAL {
            continue;
        }
        let final_report = of_window.iter().find(|r| r.status == 1 && r.hash == w.hash);
        let Some(report) = final_report else {
            if intact {
                return Err(format!(
                    "{metrics}: window {start} is final but none of its {} reports is its final one",
                    of_window.len()
                ));
            }
            continue;
        };
        let hash = content_hash(report.start, report.end, &report.entries);
        if hash != report.hash {
            return Err(format!(
                "{metrics}: report {} of {} stores a hash that is not SHA-256 of its (start, end, entries)",
                report.id, report.emitter
            ));
        }
        let day = day_of(start);
        for e in &report.entries {
            let t = members.entry((day, e.member)).or_default();
            let Some(next) = t.add(&e.to_core()) else {
                return Err(format!(
                    "{metrics}: day {day} totals of {} overflow",
                    e.member
                ));
            };
            *t = next;
        }
        let d = days.entry(day).or_default();
        match d.add_window(window_slots(cfg.window_sec), report.entries.len()) {
            Some(next) => *d = next,
            None => return Err(format!("{metrics}: day {day} summary overflows")),
        }
    }
    for r in &reports {
        if r.status == 1 {
            let window = windows.iter().find(|w| w.start == r.start);
            if !window.is_some_and(|w| w.status == WINDOW_FINAL && w.hash == r.hash) {
                return Err(format!(
                    "{metrics}: report {} of {} is marked final but its window is not final with its hash",
                    r.id, r.emitter
                ));
            }
        }
    }

    let first_day = windows
        .iter()
        .map(|w| day_of(w.start.secs()))
        .chain([day_of(horizon)])
        .min()
        .unwrap_or(0);
    let mut seen: BTreeSet<(u64, Name)> = BTreeSet::new();
    for day in chain.table_scopes(metrics, MemberDay::NAME) {
        if day < first_day {
            continue;
        }
        for row in rows::<MemberDay>(chain, metrics, day) {
            let expected = members.get(&(day, row.member)).copied().unwrap_or_default();
            let stored = row.totals();
            let ok = if day_intact(day) {
                stored == expected
            } else {
                totals_at_least(&stored, &expected)
            };
            if !ok {
                return Err(format!(
                    "{metrics}: day {day} member {}: stored {stored:?} but its final windows add up to {expected:?}{}",
                    row.member,
                    if day_intact(day) { "" } else { " (at least, the day is partly pruned)" }
                ));
            }
            seen.insert((day, row.member));
        }
    }
    for ((day, member), t) in &members {
        if day_intact(*day) && !seen.contains(&(*day, *member)) {
            return Err(format!(
                "{metrics}: day {day}: final windows list {member} ({t:?}) but it has no days row"
            ));
        }
    }
    let mut stats_seen = BTreeSet::new();
    let recent: Vec<DayStats> = chain.read(|| {
        pool_metrics::tables::daystats(metrics)
            .lower_bound(first_day)
            .map(|r| r.into_inner())
            .collect()
    });
    for s in recent {
        let expected = days.get(&s.day).copied().unwrap_or_default();
        let ok = if day_intact(s.day) {
            (s.windows_final, s.windows_empty, s.slots)
                == (
                    expected.windows_final,
                    expected.windows_empty,
                    expected.slots,
                )
        } else {
            s.windows_final >= expected.windows_final
                && s.windows_empty >= expected.windows_empty
                && s.slots >= expected.slots
        };
        if !ok {
            return Err(format!(
                "{metrics}: daystats of day {}: final {}, empty {}, slots {}; its final windows give final {}, empty {}, slots {}",
                s.day,
                s.windows_final,
                s.windows_empty,
                s.slots,
                expected.windows_final,
                expected.windows_empty,
                expected.slots
            ));
        }
        stats_seen.insert(s.day);
    }
    for day in days.keys() {
        if day_intact(*day) && !stats_seen.contains(day) {
            return Err(format!(
                "{metrics}: day {day} has final windows but no daystats row"
            ));
        }
    }
    Ok(())
}

fn totals_at_least(stored: &MemberTotals, expected: &MemberTotals) -> bool {
    stored.slots >= expected.slots
        && stored.proposed >= expected.proposed
        && stored.selected >= expected.selected
        && stored.late >= expected.late
        && stored.latency_ms >= expected.latency_ms
        && stored.windows >= expected.windows
}

/// SHA-256 of the packed `(start, end, entries)` (docs/metrics.md, "A
/// report"), computed off chain.
fn content_hash(
    start: TimePointSec,
    end: TimePointSec,
    entries: &[pool_metrics::MetricEntry],
) -> Checksum256 {
    let mut data = Vec::new();
    start.pack(&mut data);
    end.pack(&mut data);
    entries.to_vec().pack(&mut data);
    crate::fixtures::sha256(&data)
}

// --- governance ----------------------------------------------------------------

/// docs/governance.md, "Invariants" and `exec`: an executed proposal
/// recorded the tally that passed it (yes + no + abstain <= eligible, and
/// yes > no: passing needs a real majority) and its vote rows are gone;
/// an open or cancelled one records no tally; vote rows exist only for
/// stored proposals, with a valid ballot; citations point from a stored
/// proposal to an older one it lists, and every proposal that cleanup
/// cannot touch (open and unexpired, or executed) has all of its citation
/// rows; ids stay below `state.next_id`.
pub fn governance_records(chain: &mut TestChain, gov: Name) -> Result<(), String> {
    use pool_governance::tables::{Citation, Proposal, VoteRow};
    let Some(state) = chain.read(|| pool_governance::tables::state(gov).get()) else {
        return Ok(());
    };
    let now = chain.now().sec_since_epoch();
    let proposals: BTreeMap<u64, Proposal> = rows::<Proposal>(chain, gov, gov.raw())
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let vote_scopes: BTreeSet<u64> = chain.table_scopes(gov, VoteRow::NAME).into_iter().collect();
    for (id, p) in &proposals {
        if *id == 0 || *id >= state.next_id {
            return Err(format!(
                "{gov}: proposal {id} is outside 1..next_id ({})",
                state.next_id
            ));
        }
        let tally = (p.yes, p.no, p.abstain, p.eligible);
        match Status::from_u8(p.status) {
            Some(Status::Executed) => {
                let cast = u64::from(p.yes) + u64::from(p.no) + u64::from(p.abstain);
                if cast > u64::from(p.eligible) || p.yes <= p.no {
                    return Err(format!(
                        "{gov}: executed proposal {id} records yes {} no {} abstain {} of {} eligible",
                        p.yes, p.no, p.abstain, p.eligible
                    ));
                }
                if vote_scopes.contains(id) {
                    return Err(format!("{gov}: executed proposal {id} still has vote rows"));
                }
            }
            Some(Status::Open | Status::Cancelled) => {
                if tally != (0, 0, 0, 0) {
                    return Err(format!(
                        "{gov}: proposal {id} is not executed but records the tally {tally:?}"
                    ));
                }
            }
            None => {
                return Err(format!(
                    "{gov}: proposal {id} has the unknown status {}",
                    p.status
                ))
            }
        }
        let untouchable = matches!(p.stage(now), Stage::Open | Stage::Executed);
        if untouchable {
            for cited in &p.cites {
                let edge = rows::<Citation>(chain, gov, *cited)
                    .into_iter()
                    .any(|c| c.citing == *id);
                if !edge {
                    return Err(format!(
                        "{gov}: proposal {id} cites {cited} but the citation row is missing"
                    ));
                }
            }
        }
    }
    for scope in &vote_scopes {
        if !proposals.contains_key(scope) {
            return Err(format!(
                "{gov}: vote rows in scope {scope}, which is no stored proposal"
            ));
        }
        for v in rows::<VoteRow>(chain, gov, *scope) {
            if v.vote > 2 {
                return Err(format!(
                    "{gov}: {} voted {} on proposal {scope}",
                    v.voter, v.vote
                ));
            }
        }
    }
    for cited in chain.table_scopes(gov, Citation::NAME) {
        for c in rows::<Citation>(chain, gov, cited) {
            let ok = c.citing > cited
                && proposals
                    .get(&c.citing)
                    .is_some_and(|p| p.cites.contains(&cited));
            if !ok {
                return Err(format!(
                    "{gov}: citation row in scope {cited} names proposal {}, which does not cite it (or is not newer)",
                    c.citing
                ));
            }
        }
    }
    Ok(())
}

/// The tally `exec` must record for proposal `id` now, computed
/// independently of the governance contract's views: the members in good
/// standing (`pool_members::views::in_good_standing`, row by row) and the
/// vote rows bound to the proposal's current content hash. `None` without
/// the proposal or a configuration.
pub fn expected_tally(chain: &mut TestChain, gov: Name, id: u64) -> Option<Tally> {
    let cfg = chain.read(|| pool_governance::tables::config(gov).get())?;
    // A members contract whose configuration does not decode (see
    // `fees_medians`): `exec` fails, no tally is expected.
    singleton::<pool_members::tables::Config>(chain, cfg.members)?.ok()?;
    let proposal = chain.read(|| {
        pool_governance::tables::proposals(gov)
            .find(id)
            .map(|r| r.into_inner())
    })?;
    let now = chain.now().sec_since_epoch();
    let eligible: BTreeSet<Name> = chain.read(|| {
        pool_members::tables::members(cfg.members)
            .iter()
            .map(|m| m.account)
            .filter(|m| pool_members::views::in_good_standing(cfg.members, *m, now))
            .collect()
    });
    let mut t = Tally {
        eligible: eligible.len() as u64,
        ..Tally::default()
    };
    for v in rows::<pool_governance::tables::VoteRow>(chain, gov, id) {
        if v.content_hash != proposal.content_hash || !eligible.contains(&v.voter) {
            continue;
        }
        match v.vote {
            0 => t.no += 1,
            1 => t.yes += 1,
            2 => t.abstain += 1,
            _ => {}
        }
    }
    Some(t)
}

/// After a successful `exec` of proposal `id`: it is executed and records
/// `expected` (from [`expected_tally`] just before).
pub fn exec_recorded(
    chain: &mut TestChain,
    gov: Name,
    id: u64,
    expected: &Tally,
) -> Result<(), String> {
    let Some(p) = chain.read(|| {
        pool_governance::tables::proposals(gov)
            .find(id)
            .map(|r| r.into_inner())
    }) else {
        return Err(format!("{gov}: proposal {id} is gone after its exec"));
    };
    let got = Tally {
        yes: u64::from(p.yes),
        no: u64::from(p.no),
        abstain: u64::from(p.abstain),
        eligible: u64::from(p.eligible),
    };
    if p.status != Status::Executed.as_u8() || got != *expected {
        return Err(format!(
            "{gov}: proposal {id} after exec: status {}, tally {got:?}; expected executed with {expected:?}",
            p.status
        ));
    }
    Ok(())
}

// --- secondary indexes ---------------------------------------------------------

/// Every secondary index of every table with one: each row has exactly
/// one entry per index, whose key is the one the row's type computes
/// (e.g. docs/members.md: the `byvotes` key == `total_votes` if active,
/// else 0), and no entry points to a missing row.
pub fn secondary_indexes(chain: &mut TestChain) -> Result<(), String> {
    index_matches::<pool_members::tables::Member>(chain, MEMBERS, MEMBERS.raw())?;
    index_matches::<pool_charter::tables::Case>(chain, CHARTER, CHARTER.raw())?;
    index_matches::<pool_charter::tables::VersionHash>(chain, CHARTER, CHARTER.raw())?;
    index_matches::<pool_metrics::tables::ReportRow>(chain, METRICS, METRICS.raw())?;
    index_matches::<pool_rewards::tables::Allocation>(chain, REWARDS, REWARDS.raw())?;
    index_matches::<pool_governance::tables::Proposal>(chain, GOV, GOV.raw())?;
    Ok(())
}

/// The indexes of table `T` at (`code`, `scope`) match its rows.
pub fn index_matches<T: Table>(
    chain: &mut TestChain,
    code: Name,
    scope: u64,
) -> Result<(), String> {
    chain.read(|| {
        let table = MultiIndex::<T>::new(code, scope);
        let mut rows = 0usize;
        for row in table.iter() {
            rows += 1;
            let pk = row.primary_key();
            for (pos, idx) in T::INDEXES.iter().enumerate() {
                let (it, key) = sys::db_idx_find_primary(
                    idx.kind,
                    code.raw(),
                    scope,
                    index_table_name(T::NAME, pos),
                    pk,
                );
                let want = row.secondary_key(pos);
                if it < 0 {
                    return Err(format!(
                        "{code}: {} row {pk} has no entry in index {}",
                        T::NAME,
                        idx.name
                    ));
                }
                if key != want {
                    return Err(format!(
                        "{code}: {} row {pk}: index {} holds {key:?}, the row gives {want:?}",
                        T::NAME,
                        idx.name
                    ));
                }
            }
        }
        for (pos, idx) in T::INDEXES.iter().enumerate() {
            let entries = table.index(pos).iter().count();
            if entries != rows {
                return Err(format!(
                    "{code}: {} has {rows} rows but {entries} entries in index {}",
                    T::NAME,
                    idx.name
                ));
            }
        }
        Ok(())
    })
}
