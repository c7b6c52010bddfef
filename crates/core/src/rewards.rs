//! Rewards: the pool's income in daily pools, and the split of each day's
//! pool among the members (FIO's block producer rewards, with FIO's
//! defects corrected).
//!
//! # Income
//!
//! Every income is first cut by the infrastructure share
//! ([`book_income`]: `floor(amount x infra_share_bps / 10000)` goes to the
//! infrastructure balance, the rest to the pools). Ordinary income goes to
//! the pool of the open day. **Annual** income (registration-type fees) is
//! spread over 365 days in equal daily parts: `daily = floor(net / 365)`
//! on each of the 364 following days and `daily + net mod 365` on the day
//! it arrives (the integer remainder goes to the first day). FIO instead
//! moves 1/365 of a shrinking bucket every day, a geometric drip that
//! never ends and pays most of an income in its first months.
//!
//! The spreading is O(1) per income and per day: the [`Ledger`] holds the
//! current daily rate (the sum of the daily parts of every income still
//! being spread) and a difference table `ends` of 365 slots: `ends[d mod
//! 365]` is what leaves the rate when day `d` opens. An income of day `d`
//! raises the rate from day `d + 1` and books its end in slot `d mod 365`
//! (day `d + 365` shares it: that slot was emptied when day `d` opened).
//! `annual_pending` is what the rate has yet to release: the "annual
//! remainder".
//!
//! # A day's close
//!
//! When day `d` closes, its pool `R` is split ([`split`]) among the day's
//! payout snapshot:
//!
//! - the **paid set**: the first `paid` members of the ranking (by votes,
//!   highest first) who are in good standing ([`select_paid`]);
//! - the **scheduled set**: among them, in ranking order, the first
//!   `scheduled` who met the availability minimum that day
//!   ([`select_scheduled`], [`meets_availability`]); the minimum is waived
//!   on a day the emitter finalized no window (its outage, not theirs).
//!
//! `vote part = floor(R x vote_share_bps / 10000)`; each paid member gets
//! `floor(vote part x votes / sum of the snapshot's votes)`; the scheduled
//! part (`R - vote part`) is shared equally among the scheduled members.
//! Every remainder of a division is **carried** into the next day's pool,
//! as are the whole vote part when the snapshot's vote sum is zero and
//! the whole scheduled part when nobody is scheduled. FIO divides by the
//! chain's total vote weight (not the snapshot's), in floating point, and
//! drops the remainders.
//!
//! The amounts become **allocations**: the member claims them within the
//! claim window, or they return to the open day's pool (as do the
//! allocations an arbitration ruling forfeits).
//!
//! # Invariant
//!
//! Everything the contract ever received is either paid out (claims,
//! infrastructure withdrawals) or held in exactly one of: the open day's
//! pool, the annual remainder, the unclaimed allocations, the
//! infrastructure balance ([`Ledger::total`]). Every operation here keeps
//! it, with checked integer arithmetic only (`u128` for products); the
//! property tests below drive random incomes, votes, days, claims,
//! expiries and forfeits through it.
//!
//! Accounts are opaque `u64` ids (the raw value of an Antelope name), days
//! are indexes (`time / day_sec`), amounts are integers in the token's
//! smallest unit.

use alloc::vec;
use alloc::vec::Vec;

/// Days an annual income is spread over.
pub const YEAR_DAYS: u64 = 365;

/// 100% in basis points.
pub const BPS_ONE: u64 = 10_000;

/// The largest paid set (and so the most allocations a day creates).
pub const MAX_PAID: u16 = 100;

/// The most days one rollover may close.
pub const MAX_DAYS_PER_ROLLOVER: u16 = 30;

/// The largest `max_sweep` (rows one sweep may return).
pub const MAX_SWEEP: u16 = 1000;

/// The longest claim window, in days (of `day_sec`).
pub const MAX_CLAIM_WINDOW_DAYS: u32 = 30;

/// The snapshot reads at most `paid x RANKING_SCAN_FACTOR` members of the
/// ranking to find `paid` in good standing.
pub const RANKING_SCAN_FACTOR: usize = 2;

/// Allocation ids are `day x ALLOCATION_IDS_PER_DAY + position in the
/// snapshot`: ascending ids are ascending days.
pub const ALLOCATION_IDS_PER_DAY: u64 = 256;

pub const PAID_OUT_OF_RANGE: &str = "paid must be between 1 and 100";
pub const SCHEDULED_OUT_OF_RANGE: &str = "scheduled must be between 1 and paid";
pub const VOTE_SHARE_OUT_OF_RANGE: &str = "vote_share_bps must be at most 10000";
pub const INFRA_SHARE_OUT_OF_RANGE: &str = "infra_share_bps must be at most 10000";
pub const MIN_AVAILABILITY_OUT_OF_RANGE: &str = "min_availability_bps must be at most 10000";
pub const DAY_SEC_ZERO: &str = "day_sec must be positive";
pub const CLAIM_WINDOW_OUT_OF_RANGE: &str =
    "claim_window_sec must be positive and at most 30 days (30 x day_sec)";
pub const MAX_DAYS_OUT_OF_RANGE: &str = "max_days_per_rollover must be between 1 and 30";
pub const MAX_SWEEP_OUT_OF_RANGE: &str = "max_sweep must be at least paid and at most 1000";
/// A sum left the `u64` range (cannot happen with amounts of one token,
/// whose supply is at most 2^62 - 1).
pub const AMOUNT_OVERFLOW: &str = "reward amount overflow";
/// An amount left that is not there: the books do not add up (a bug).
pub const LEDGER_INCONSISTENT: &str = "reward ledger is inconsistent";
pub const SCHEDULE_LENGTH: &str = "the annual schedule must have 365 slots";

/// The governance parameters the rules depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Size of the paid set.
    pub paid: u16,
    /// Size of the scheduled set (among the paid set).
    pub scheduled: u16,
    /// The vote-weighted part of a day's pool, in basis points.
    pub vote_share_bps: u16,
    /// The infrastructure share of every income, in basis points.
    pub infra_share_bps: u16,
    /// Availability a member needs for the scheduled share, in basis
    /// points of its slots.
    pub min_availability_bps: u16,
    /// Seconds an allocation may be claimed after its snapshot.
    pub claim_window_sec: u32,
    /// Seconds per day.
    pub day_sec: u32,
    /// Days one rollover may close.
    pub max_days_per_rollover: u16,
    /// Expired allocations one sweep may return.
    pub max_sweep: u16,
}

impl Params {
    /// The brief's defaults (a real day, a 24 h claim window).
    pub const DEFAULT: Params = Params {
        paid: 42,
        scheduled: 21,
        vote_share_bps: 6000,
        infra_share_bps: 500,
        min_availability_bps: 5000,
        claim_window_sec: 86_400,
        day_sec: 86_400,
        max_days_per_rollover: 7,
        max_sweep: 100,
    };
}

/// Whether the parameters are acceptable; the first rule broken otherwise.
///
/// `max_sweep >= paid` so that the sweep done with each closed day can
/// return as many allocations as a day creates; the claim window is at
/// most [`MAX_CLAIM_WINDOW_DAYS`] days, which bounds the allocations a
/// member can hold at once.
pub fn check_params(p: &Params) -> Result<(), &'static str> {
    if p.paid == 0 || p.paid > MAX_PAID {
        return Err(PAID_OUT_OF_RANGE);
    }
    if p.scheduled == 0 || p.scheduled > p.paid {
        return Err(SCHEDULED_OUT_OF_RANGE);
    }
    if u64::from(p.vote_share_bps) > BPS_ONE {
        return Err(VOTE_SHARE_OUT_OF_RANGE);
    }
    if u64::from(p.infra_share_bps) > BPS_ONE {
        return Err(INFRA_SHARE_OUT_OF_RANGE);
    }
    if u64::from(p.min_availability_bps) > BPS_ONE {
        return Err(MIN_AVAILABILITY_OUT_OF_RANGE);
    }
    if p.day_sec == 0 {
        return Err(DAY_SEC_ZERO);
    }
    let longest = u64::from(p.day_sec) * u64::from(MAX_CLAIM_WINDOW_DAYS);
    if p.claim_window_sec == 0 || u64::from(p.claim_window_sec) > longest {
        return Err(CLAIM_WINDOW_OUT_OF_RANGE);
    }
    if p.max_days_per_rollover == 0 || p.max_days_per_rollover > MAX_DAYS_PER_ROLLOVER {
        return Err(MAX_DAYS_OUT_OF_RANGE);
    }
    if p.max_sweep < p.paid || p.max_sweep > MAX_SWEEP {
        return Err(MAX_SWEEP_OUT_OF_RANGE);
    }
    Ok(())
}

/// The day a time (seconds) falls in: day `d` is `[d x day_sec, (d + 1) x
/// day_sec)` from the Unix epoch (the metrics contract's numbering).
pub fn day_index(now_sec: u32, day_sec: u32) -> u64 {
    u64::from(now_sec) / u64::from(day_sec.max(1))
}

/// `floor(amount x bps / 10000)`, exact (`u128` product).
pub fn bps_of(amount: u64, bps: u16) -> u64 {
    let part = u128::from(amount) * u128::from(bps) / u128::from(BPS_ONE);
    // bps <= 65535, so part <= amount x 6.5536: it fits unless bps > 10000
    // and amount is huge; callers pass bps <= 10000 (then part <= amount).
    u64::try_from(part).unwrap_or(u64::MAX)
}

/// How one income is booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Income {
    /// To the infrastructure balance.
    pub infra: u64,
    /// To the open day's pool.
    pub first_day: u64,
    /// Added to the daily rate for the 364 following days (annual income
    /// only; 0 otherwise).
    pub daily: u64,
}

impl Income {
    /// What the booking accounts for: `infra + first_day + 364 x daily`,
    /// which equals the income.
    pub fn total(&self) -> Option<u64> {
        self.daily
            .checked_mul(YEAR_DAYS - 1)?
            .checked_add(self.first_day)?
            .checked_add(self.infra)
    }
}

/// Books an income of `amount`: the infrastructure share first, then the
/// rest to the open day (ordinary income) or spread over 365 days
/// (annual income; the remainder of the division to the first day).
pub fn book_income(
    amount: u64,
    annual: bool,
    infra_share_bps: u16,
) -> Result<Income, &'static str> {
    if u64::from(infra_share_bps) > BPS_ONE {
        return Err(INFRA_SHARE_OUT_OF_RANGE);
    }
    let infra = bps_of(amount, infra_share_bps);
    let net = amount - infra; // infra <= amount: bps <= 10000
    if !annual {
        return Ok(Income {
            infra,
            first_day: net,
            daily: 0,
        });
    }
    let daily = net / YEAR_DAYS;
    let first_day = daily + net % YEAR_DAYS; // <= net
    Ok(Income {
        infra,
        first_day,
        daily,
    })
}

/// The slot of the annual schedule that day `day` empties when it opens.
pub fn slot(day: u64) -> usize {
    (day % YEAR_DAYS) as usize
}

/// An empty annual schedule (365 slots of 0).
pub fn empty_schedule() -> Vec<u64> {
    vec![0; YEAR_DAYS as usize]
}

/// The books of the rewards contract. See the module documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// The open day: income now goes to its pool; it closes when the
    /// clock is past its end.
    pub day: u64,
    /// The open day's pool: carried remainders, the day's part of annual
    /// income, ordinary income, returned allocations.
    pub pool: u64,
    /// The daily part of annual income that each following day receives.
    pub annual_rate: u64,
    /// Annual income not yet released into a day's pool.
    pub annual_pending: u64,
    /// The sum of all allocations not yet claimed or returned.
    pub unclaimed: u64,
    /// The infrastructure balance, withdrawable by the infrastructure
    /// account.
    pub infra: u64,
}

/// What closing a day did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Close {
    /// What the closed day's pool did not allocate: carried into the next.
    pub carried: u64,
    /// The annual part the new day received.
    pub released: u64,
}

fn add(a: u64, b: u64) -> Result<u64, &'static str> {
    a.checked_add(b).ok_or(AMOUNT_OVERFLOW)
}

fn sub(a: u64, b: u64) -> Result<u64, &'static str> {
    a.checked_sub(b).ok_or(LEDGER_INCONSISTENT)
}

fn check_schedule(ends: &[u64]) -> Result<(), &'static str> {
    if ends.len() == YEAR_DAYS as usize {
        Ok(())
    } else {
        Err(SCHEDULE_LENGTH)
    }
}

impl Ledger {
    /// A new ledger whose open day is `day`.
    pub fn new(day: u64) -> Self {
        Ledger {
            day,
            ..Ledger::default()
        }
    }

    /// What the contract must hold: pool + annual remainder + unclaimed
    /// allocations + infrastructure balance.
    pub fn total(&self) -> Option<u64> {
        self.pool
            .checked_add(self.annual_pending)?
            .checked_add(self.unclaimed)?
            .checked_add(self.infra)
    }

    /// Books an income (see [`book_income`]) on the open day. The
    /// schedule is only read for annual income (`daily > 0`): ordinary
    /// income may pass an empty slice. Changes nothing on error.
    pub fn credit(&mut self, ends: &mut [u64], income: &Income) -> Result<(), &'static str> {
        let infra = add(self.infra, income.infra)?;
        let pool = add(self.pool, income.first_day)?;
        let pending = add(
            self.annual_pending,
            income
                .daily
                .checked_mul(YEAR_DAYS - 1)
                .ok_or(AMOUNT_OVERFLOW)?,
        )?;
        let rate = add(self.annual_rate, income.daily)?;
        if income.daily > 0 {
            check_schedule(ends)?;
            // Day `day + 365` empties this slot; day `day` already did.
            let s = slot(self.day);
            ends[s] = add(ends[s], income.daily)?;
        }
        self.infra = infra;
        self.pool = pool;
        self.annual_pending = pending;
        self.annual_rate = rate;
        Ok(())
    }

    /// Closes the open day, of which `allocated` went to allocations, and
    /// opens the next one: the rest of the pool is carried, and the new
    /// day receives its annual part. Changes nothing on error.
    pub fn close_day(&mut self, ends: &mut [u64], allocated: u64) -> Result<Close, &'static str> {
        check_schedule(ends)?;
        let carried = sub(self.pool, allocated)?;
        let unclaimed = add(self.unclaimed, allocated)?;
        let day = self.day.checked_add(1).ok_or(AMOUNT_OVERFLOW)?;
        let s = slot(day);
        let rate = sub(self.annual_rate, ends[s])?;
        let pending = sub(self.annual_pending, rate)?;
        let pool = add(carried, rate)?;
        ends[s] = 0;
        self.day = day;
        self.annual_rate = rate;
        self.annual_pending = pending;
        self.pool = pool;
        self.unclaimed = unclaimed;
        Ok(Close {
            carried,
            released: rate,
        })
    }

    /// Whether every day until any later one would close with nothing:
    /// an empty pool and no annual income being spread (then the schedule
    /// is all zeros, as its slots sum to the rate).
    pub fn is_idle(&self) -> bool {
        self.pool == 0 && self.annual_rate == 0
    }

    /// Jumps an idle ledger (see [`Ledger::is_idle`]) to day `day`: the
    /// days in between had nothing to split.
    pub fn skip_to(&mut self, day: u64) -> Result<(), &'static str> {
        if !self.is_idle() || self.annual_pending != 0 || day < self.day {
            return Err(LEDGER_INCONSISTENT);
        }
        self.day = day;
        Ok(())
    }

    /// An allocation of `amount` returns to the open day's pool (expired
    /// or forfeited).
    pub fn return_unclaimed(&mut self, amount: u64) -> Result<(), &'static str> {
        let unclaimed = sub(self.unclaimed, amount)?;
        let pool = add(self.pool, amount)?;
        self.unclaimed = unclaimed;
        self.pool = pool;
        Ok(())
    }

    /// A claim pays out allocations worth `amount`.
    pub fn pay_out(&mut self, amount: u64) -> Result<(), &'static str> {
        self.unclaimed = sub(self.unclaimed, amount)?;
        Ok(())
    }

    /// The infrastructure account withdraws `amount`.
    pub fn withdraw_infra(&mut self, amount: u64) -> Result<(), &'static str> {
        self.infra = sub(self.infra, amount)?;
        Ok(())
    }
}

/// The sum of the schedule's slots: always the daily rate.
pub fn schedule_sum(ends: &[u64]) -> Option<u64> {
    ends.iter().try_fold(0u64, |acc, e| acc.checked_add(*e))
}

/// What the schedule will still release after day `day`, recomputed from
/// the rate and the slots (O(365)): always `annual_pending`. Days `day +
/// 1 ..= day + 364` each receive the rate left after the slots they empty.
pub fn schedule_pending(day: u64, annual_rate: u64, ends: &[u64]) -> Option<u64> {
    if ends.len() != YEAR_DAYS as usize {
        return None;
    }
    let mut rate = annual_rate;
    let mut pending = 0u64;
    for k in 1..YEAR_DAYS {
        rate = rate.checked_sub(ends[slot(day.checked_add(k)?)])?;
        pending = pending.checked_add(rate)?;
    }
    // Day `day + 365` empties the last slot: nothing may be left.
    (rate == ends[slot(day)]).then_some(pending)
}

/// The split of one day's pool among its snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// The day's pool `R`.
    pub pool: u64,
    /// `floor(R x vote_share_bps / 10000)`.
    pub vote_part: u64,
    /// `R - vote_part`.
    pub scheduled_part: u64,
    /// The snapshot's vote sum.
    pub vote_sum: u128,
    /// How many members are scheduled.
    pub scheduled_count: u64,
    /// Each scheduled member's equal share of the scheduled part.
    pub scheduled_share: u64,
    /// Each paid member's vote share, in snapshot order.
    pub vote_shares: Vec<u64>,
    /// Each paid member's allocation: its vote share, plus the scheduled
    /// share if it is scheduled.
    pub amounts: Vec<u64>,
    /// What is carried into the next day: the remainders of the vote
    /// shares and of the scheduled shares, or a whole part that nobody
    /// could take.
    pub carried: u64,
}

impl Split {
    /// The sum of the allocations (`pool - carried`).
    pub fn allocated(&self) -> u64 {
        self.pool - self.carried
    }
}

/// Splits a day's pool `pool` among the paid set, given each paid
/// member's votes and whether it is scheduled (same order). See the module
/// documentation. `amounts` sum to `pool - carried`, exactly.
pub fn split(
    pool: u64,
    vote_share_bps: u16,
    votes: &[u64],
    scheduled: &[bool],
) -> Result<Split, &'static str> {
    if u64::from(vote_share_bps) > BPS_ONE {
        return Err(VOTE_SHARE_OUT_OF_RANGE);
    }
    if votes.len() != scheduled.len() {
        return Err(LEDGER_INCONSISTENT);
    }
    let vote_part = bps_of(pool, vote_share_bps);
    let scheduled_part = pool - vote_part; // vote_part <= pool
                                           // Up to MAX_PAID votes of at most u64::MAX each: fits in u128.
    let vote_sum: u128 = votes.iter().map(|v| u128::from(*v)).sum();
    let mut vote_shares = Vec::with_capacity(votes.len());
    let mut vote_given = 0u64;
    for v in votes {
        // vote_part x v < 2^128; the share is at most vote_part. A zero
        // vote sum gives nothing (the vote part is carried).
        let share = (u128::from(vote_part) * u128::from(*v))
            .checked_div(vote_sum)
            .unwrap_or(0) as u64;
        vote_given = add(vote_given, share)?;
        vote_shares.push(share);
    }
    let scheduled_count = scheduled.iter().filter(|s| **s).count() as u64;
    let scheduled_share = scheduled_part.checked_div(scheduled_count).unwrap_or(0);
    let mut amounts = Vec::with_capacity(votes.len());
    for (share, is_scheduled) in vote_shares.iter().zip(scheduled) {
        let extra = if *is_scheduled { scheduled_share } else { 0 };
        amounts.push(add(*share, extra)?);
    }
    // sum of vote shares <= vote_part (floors of parts of it), and
    // scheduled_share x count <= scheduled_part.
    let vote_carry = sub(vote_part, vote_given)?;
    let scheduled_carry = sub(scheduled_part, scheduled_share * scheduled_count)?;
    Ok(Split {
        pool,
        vote_part,
        scheduled_part,
        vote_sum,
        scheduled_count,
        scheduled_share,
        vote_shares,
        amounts,
        carried: add(vote_carry, scheduled_carry)?,
    })
}

/// The paid set: the first `paid` members of `ranked` (account, votes;
/// highest votes first, the members contract's ranking order) who are in
/// good standing, in ranking order.
pub fn select_paid(
    ranked: &[(u64, u64)],
    paid: usize,
    mut in_good_standing: impl FnMut(u64) -> bool,
) -> Vec<(u64, u64)> {
    let mut out = Vec::with_capacity(paid.min(ranked.len()));
    for (account, votes) in ranked {
        if out.len() >= paid {
            break;
        }
        if in_good_standing(*account) {
            out.push((*account, *votes));
        }
    }
    out
}

/// Whether a member met the availability minimum on a day: its
/// availability (`None`: the emitter's final windows never listed it)
/// is at least `min_bps`, or the minimum is waived (emitter outage).
pub fn meets_availability(availability_bps: Option<u32>, min_bps: u16, waived: bool) -> bool {
    waived || availability_bps.is_some_and(|a| a >= u32::from(min_bps))
}

/// The scheduled set, as one flag per member of `paid_set`: the first
/// `scheduled` members (in ranking order) for whom `meets_minimum` holds.
/// `meets_minimum` is asked only until the set is full.
pub fn select_scheduled(
    paid_set: &[(u64, u64)],
    scheduled: usize,
    mut meets_minimum: impl FnMut(u64) -> bool,
) -> Vec<bool> {
    let mut count = 0;
    paid_set
        .iter()
        .map(|(account, _)| {
            let take = count < scheduled && meets_minimum(*account);
            if take {
                count += 1;
            }
            take
        })
        .collect()
}

/// The end of the claim window of a snapshot taken at `taken_at`
/// (seconds; the latest representable time if it would overflow).
pub fn claim_deadline(taken_at: u32, claim_window_sec: u32) -> u32 {
    taken_at.saturating_add(claim_window_sec)
}

/// Whether an allocation whose window ends at `claim_until` can no longer
/// be claimed at `now`.
pub fn is_expired(claim_until: u32, now: u32) -> bool {
    now >= claim_until
}

/// The id of the allocation of the member at `position` of day `day`'s
/// paid set.
pub fn allocation_id(day: u64, position: usize) -> Option<u64> {
    let position = u64::try_from(position)
        .ok()
        .filter(|p| *p < ALLOCATION_IDS_PER_DAY)?;
    day.checked_mul(ALLOCATION_IDS_PER_DAY)?
        .checked_add(position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    // ---- parameters ----------------------------------------------------------

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(check_params(&Params::DEFAULT), Ok(()));
    }

    #[test]
    fn each_parameter_rule_has_its_message() {
        let d = Params::DEFAULT;
        let cases = [
            (Params { paid: 0, ..d }, PAID_OUT_OF_RANGE),
            (Params { paid: 101, ..d }, PAID_OUT_OF_RANGE),
            (Params { scheduled: 0, ..d }, SCHEDULED_OUT_OF_RANGE),
            (Params { scheduled: 43, ..d }, SCHEDULED_OUT_OF_RANGE),
            (
                Params {
                    vote_share_bps: 10_001,
                    ..d
                },
                VOTE_SHARE_OUT_OF_RANGE,
            ),
            (
                Params {
                    infra_share_bps: 10_001,
                    ..d
                },
                INFRA_SHARE_OUT_OF_RANGE,
            ),
            (
                Params {
                    min_availability_bps: 10_001,
                    ..d
                },
                MIN_AVAILABILITY_OUT_OF_RANGE,
            ),
            (Params { day_sec: 0, ..d }, DAY_SEC_ZERO),
            (
                Params {
                    claim_window_sec: 0,
                    ..d
                },
                CLAIM_WINDOW_OUT_OF_RANGE,
            ),
            (
                Params {
                    claim_window_sec: 30 * 86_400 + 1,
                    ..d
                },
                CLAIM_WINDOW_OUT_OF_RANGE,
            ),
            (
                Params {
                    max_days_per_rollover: 0,
                    ..d
                },
                MAX_DAYS_OUT_OF_RANGE,
            ),
            (
                Params {
                    max_days_per_rollover: 31,
                    ..d
                },
                MAX_DAYS_OUT_OF_RANGE,
            ),
            (Params { max_sweep: 41, ..d }, MAX_SWEEP_OUT_OF_RANGE),
            (
                Params {
                    max_sweep: 1001,
                    ..d
                },
                MAX_SWEEP_OUT_OF_RANGE,
            ),
        ];
        for (p, msg) in cases {
            assert_eq!(check_params(&p), Err(msg), "{p:?}");
        }
        let edges = [
            Params {
                paid: 100,
                scheduled: 100,
                max_sweep: 100,
                ..d
            },
            Params {
                paid: 1,
                scheduled: 1,
                max_sweep: 1,
                ..d
            },
            Params {
                vote_share_bps: 10_000,
                infra_share_bps: 10_000,
                min_availability_bps: 10_000,
                ..d
            },
            Params {
                vote_share_bps: 0,
                infra_share_bps: 0,
                min_availability_bps: 0,
                ..d
            },
            Params {
                day_sec: 60,
                claim_window_sec: 1800,
                ..d
            },
            Params {
                claim_window_sec: 30 * 86_400,
                max_days_per_rollover: 30,
                max_sweep: 1000,
                ..d
            },
        ];
        for p in edges {
            assert_eq!(check_params(&p), Ok(()), "{p:?}");
        }
    }

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(day_index(0, 86_400), 0);
        assert_eq!(day_index(86_399, 86_400), 0);
        assert_eq!(day_index(86_400, 86_400), 1);
        assert_eq!(day_index(u32::MAX, 1), u64::from(u32::MAX));
    }

    // ---- income ----------------------------------------------------------------

    #[test]
    fn the_infrastructure_share_is_set_aside_first() {
        let i = book_income(100_000, false, 500).unwrap();
        assert_eq!(
            i,
            Income {
                infra: 5_000,
                first_day: 95_000,
                daily: 0
            }
        );
        // Rounded down: the unit lost to the floor stays in the pool.
        let i = book_income(19, false, 500).unwrap();
        assert_eq!((i.infra, i.first_day), (0, 19));
        assert_eq!(book_income(1, false, 10_001), Err(INFRA_SHARE_OUT_OF_RANGE));
    }

    #[test]
    fn annual_income_is_spread_in_equal_parts_remainder_first() {
        // The worked example of docs/rewards.md.
        let i = book_income(1_000_000, true, 500).unwrap();
        assert_eq!(i.infra, 50_000);
        assert_eq!(i.daily, 2_602);
        assert_eq!(i.first_day, 2_602 + 270);
        assert_eq!(i.total(), Some(1_000_000));
        // Less than 365 units: all on the first day.
        let i = book_income(364, true, 0).unwrap();
        assert_eq!((i.first_day, i.daily), (364, 0));
    }

    #[test]
    fn an_annual_income_reaches_exactly_365_pools() {
        let mut ends = empty_schedule();
        let mut l = Ledger::new(1000);
        let income = book_income(1_000_000, true, 0).unwrap();
        l.credit(&mut ends, &income).unwrap();
        let mut pools = vec![l.pool];
        for _ in 0..400 {
            // Allocate the whole pool each day to see each day's part.
            let pool = l.pool;
            l.close_day(&mut ends, pool).unwrap();
            pools.push(l.pool);
        }
        assert_eq!(pools[0], 2_739 + 1_000_000 % 365);
        assert!(pools[1..365].iter().all(|p| *p == 2_739));
        assert!(pools[365..].iter().all(|p| *p == 0));
        assert_eq!(pools.iter().sum::<u64>(), 1_000_000);
        assert_eq!(l.annual_rate, 0);
        assert_eq!(l.annual_pending, 0);
        assert_eq!(l.unclaimed, 1_000_000);
    }

    #[test]
    fn skipping_needs_an_idle_ledger() {
        let mut l = Ledger::new(5);
        l.skip_to(9).unwrap();
        assert_eq!(l.day, 9);
        assert_eq!(l.skip_to(8), Err(LEDGER_INCONSISTENT));
        l.pool = 1;
        assert_eq!(l.skip_to(10), Err(LEDGER_INCONSISTENT));
    }

    #[test]
    fn bad_operations_change_nothing() {
        let mut ends = empty_schedule();
        let mut l = Ledger::new(3);
        l.credit(&mut ends, &book_income(1000, false, 0).unwrap())
            .unwrap();
        let before = l;
        assert_eq!(l.close_day(&mut ends, 1001), Err(LEDGER_INCONSISTENT));
        assert_eq!(l.pay_out(1), Err(LEDGER_INCONSISTENT));
        assert_eq!(l.return_unclaimed(1), Err(LEDGER_INCONSISTENT));
        assert_eq!(l.withdraw_infra(1), Err(LEDGER_INCONSISTENT));
        assert_eq!(
            l.credit(&mut [0; 3], &book_income(365, true, 0).unwrap()),
            Err(SCHEDULE_LENGTH)
        );
        let huge = Income {
            infra: 0,
            first_day: u64::MAX,
            daily: 0,
        };
        assert_eq!(l.credit(&mut ends, &huge), Err(AMOUNT_OVERFLOW));
        assert_eq!(l, before);
    }

    // ---- split --------------------------------------------------------------------

    #[test]
    fn the_worked_example_of_the_docs() {
        // docs/rewards.md, example 1: R = 97,872; votes 8:6:4:2:1; the
        // fourth member missed the availability minimum.
        let s = split(
            97_872,
            6000,
            &[8, 6, 4, 2, 1],
            &[true, true, true, false, true],
        )
        .unwrap();
        assert_eq!(s.vote_part, 58_723);
        assert_eq!(s.scheduled_part, 39_149);
        assert_eq!(s.vote_shares, [22_370, 16_778, 11_185, 5_592, 2_796]);
        assert_eq!(s.scheduled_share, 9_787);
        assert_eq!(s.amounts, [32_157, 26_565, 20_972, 5_592, 12_583]);
        assert_eq!(s.carried, 3);
        // Example 2: the next day, an outage day, E's allocation returned.
        let s = split(15_188, 6000, &[8, 6, 4, 2, 1], &[true; 5]).unwrap();
        assert_eq!(s.vote_part, 9_112);
        assert_eq!(s.vote_shares, [3_471, 2_603, 1_735, 867, 433]);
        assert_eq!(s.scheduled_share, 1_215);
        assert_eq!(s.amounts, [4_686, 3_818, 2_950, 2_082, 1_648]);
        assert_eq!(s.carried, 4);
    }

    #[test]
    fn a_zero_vote_sum_carries_the_vote_part() {
        let s = split(1000, 6000, &[0, 0], &[true, false]).unwrap();
        assert_eq!(s.vote_shares, [0, 0]);
        assert_eq!(s.amounts, [400, 0]);
        assert_eq!(s.carried, 600);
        let s = split(1000, 6000, &[], &[]).unwrap();
        assert_eq!(s.carried, 1000);
        assert!(s.amounts.is_empty());
    }

    #[test]
    fn nobody_scheduled_carries_the_scheduled_part() {
        let s = split(1000, 6000, &[1, 3], &[false, false]).unwrap();
        assert_eq!(s.amounts, [150, 450]);
        assert_eq!(s.scheduled_share, 0);
        assert_eq!(s.carried, 400);
    }

    #[test]
    fn extreme_amounts_and_votes_do_not_overflow() {
        let max = (1u64 << 62) - 1;
        let s = split(max, 10_000, &[u64::MAX, u64::MAX, 1], &[true; 3]).unwrap();
        assert_eq!(s.amounts.iter().sum::<u64>() + s.carried, max);
        let s = split(max, 0, &[u64::MAX; 100], &[true; 100]).unwrap();
        assert_eq!(s.amounts.iter().sum::<u64>() + s.carried, max);
        assert_eq!(split(1, 10_001, &[], &[]), Err(VOTE_SHARE_OUT_OF_RANGE));
        assert_eq!(split(1, 1, &[1], &[]), Err(LEDGER_INCONSISTENT));
    }

    // ---- selection ---------------------------------------------------------------

    #[test]
    fn the_paid_set_skips_members_not_in_good_standing() {
        let ranked = [(1, 50), (2, 40), (3, 30), (4, 20), (5, 10)];
        let paid = select_paid(&ranked, 3, |a| a != 2);
        assert_eq!(paid, [(1, 50), (3, 30), (4, 20)]);
        assert!(select_paid(&ranked, 0, |_| true).is_empty());
    }

    #[test]
    fn the_scheduled_set_is_the_first_available_members() {
        let paid = [(1, 50), (2, 40), (3, 30), (4, 20)];
        let flags = select_scheduled(&paid, 2, |a| a != 1);
        assert_eq!(flags, [false, true, true, false]);
        let mut asked = Vec::new();
        select_scheduled(&paid, 1, |a| {
            asked.push(a);
            true
        });
        assert_eq!(asked, [1], "no read once the set is full");
    }

    #[test]
    fn the_availability_minimum_and_its_waiver() {
        assert!(meets_availability(Some(5000), 5000, false));
        assert!(!meets_availability(Some(4999), 5000, false));
        assert!(!meets_availability(None, 5000, false));
        assert!(meets_availability(None, 5000, true));
        assert!(meets_availability(Some(0), 5000, true));
        assert!(meets_availability(Some(0), 0, false));
    }

    #[test]
    fn claim_windows_and_ids() {
        assert_eq!(claim_deadline(100, 50), 150);
        assert_eq!(claim_deadline(u32::MAX - 1, 50), u32::MAX);
        assert!(!is_expired(150, 149));
        assert!(is_expired(150, 150));
        assert_eq!(allocation_id(3, 5), Some(3 * 256 + 5));
        assert_eq!(allocation_id(3, 256), None);
        assert_eq!(allocation_id(u64::MAX, 0), None);
    }

    // ---- properties -------------------------------------------------------------

    /// One step of the books.
    #[derive(Clone, Debug)]
    enum Op {
        Income {
            amount: u64,
            annual: bool,
        },
        /// Close the day; the paid set's votes and scheduled flags.
        Close {
            votes: Vec<u64>,
            scheduled: Vec<bool>,
        },
        /// Skip idle days, if the ledger is idle.
        Skip(u64),
        /// The member claims all its allocations.
        Claim(u8),
        /// Allocations older than `age` closes expire and return.
        Expire(u8),
        /// The member's allocations are forfeited.
        Forfeit(u8),
        WithdrawInfra(u64),
    }

    fn arb_op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (0u64..=(1 << 40), any::<bool>()).prop_map(|(amount, annual)| Op::Income { amount, annual }),
            1 => (0u64..=((1 << 62) - 1), any::<bool>()).prop_map(|(amount, annual)| Op::Income { amount, annual }),
            4 => proptest::collection::vec((0u64..1_000_000, any::<bool>()), 0..8).prop_map(|v| {
                let (votes, scheduled) = v.into_iter().unzip();
                Op::Close { votes, scheduled }
            }),
            1 => (1u64..1000).prop_map(Op::Skip),
            2 => (0u8..8).prop_map(Op::Claim),
            1 => (0u8..4).prop_map(Op::Expire),
            1 => (0u8..8).prop_map(Op::Forfeit),
            1 => (0u64..1_000_000).prop_map(Op::WithdrawInfra),
        ]
    }

    /// The ledger and what the contract's tables would hold.
    struct Model {
        ledger: Ledger,
        ends: Vec<u64>,
        /// Live allocations: (closes so far when created, member, amount).
        allocations: Vec<(u64, u8, u64)>,
        closes: u64,
        received: u128,
        paid_out: u128,
    }

    impl Model {
        fn apply(&mut self, op: &Op, infra_bps: u16, vote_bps: u16) {
            match op {
                Op::Income { amount, annual } => {
                    let income = book_income(*amount, *annual, infra_bps).unwrap();
                    assert_eq!(income.total(), Some(*amount));
                    // The contract's balance never exceeds the supply.
                    if self.ledger.total().unwrap() as u128 + *amount as u128 > (1u128 << 62) {
                        return;
                    }
                    self.ledger.credit(&mut self.ends, &income).unwrap();
                    self.received += *amount as u128;
                }
                Op::Close { votes, scheduled } => {
                    let s = split(self.ledger.pool, vote_bps, votes, scheduled).unwrap();
                    assert_eq!(s.amounts.iter().sum::<u64>() + s.carried, s.pool);
                    for (i, a) in s.amounts.iter().enumerate() {
                        if *a > 0 {
                            self.allocations.push((self.closes, i as u8, *a));
                        }
                    }
                    let before = self.ledger;
                    let close = self
                        .ledger
                        .close_day(&mut self.ends, s.allocated())
                        .unwrap();
                    assert_eq!(close.carried, s.carried);
                    assert_eq!(self.ledger.pool, s.carried + close.released);
                    assert_eq!(self.ledger.day, before.day + 1);
                    self.closes += 1;
                }
                Op::Skip(n) => {
                    if self.ledger.is_idle() {
                        let day = self.ledger.day + n;
                        self.ledger.skip_to(day).unwrap();
                    }
                }
                Op::Claim(m) => {
                    let mine: u64 = self
                        .allocations
                        .iter()
                        .filter(|a| a.1 == *m)
                        .map(|a| a.2)
                        .sum();
                    self.allocations.retain(|a| a.1 != *m);
                    self.ledger.pay_out(mine).unwrap();
                    self.paid_out += mine as u128;
                }
                Op::Expire(age) => {
                    let closes = self.closes;
                    let (old, live): (Vec<_>, Vec<_>) = self
                        .allocations
                        .iter()
                        .partition(|a| a.0 + u64::from(*age) < closes);
                    self.allocations = live;
                    for a in old {
                        self.ledger.return_unclaimed(a.2).unwrap();
                    }
                }
                Op::Forfeit(m) => {
                    let (theirs, rest): (Vec<_>, Vec<_>) =
                        self.allocations.iter().partition(|a| a.1 == *m);
                    self.allocations = rest;
                    for a in theirs {
                        self.ledger.return_unclaimed(a.2).unwrap();
                    }
                }
                Op::WithdrawInfra(x) => {
                    let x = (*x).min(self.ledger.infra);
                    self.ledger.withdraw_infra(x).unwrap();
                    self.paid_out += x as u128;
                }
            }
        }

        fn check(&self) {
            let total = self.ledger.total().unwrap() as u128;
            assert_eq!(
                self.received,
                self.paid_out + total,
                "a unit was created or lost"
            );
            let live: u64 = self.allocations.iter().map(|a| a.2).sum();
            assert_eq!(live, self.ledger.unclaimed);
            assert_eq!(schedule_sum(&self.ends), Some(self.ledger.annual_rate));
            assert_eq!(
                schedule_pending(self.ledger.day, self.ledger.annual_rate, &self.ends),
                Some(self.ledger.annual_pending)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// For any incomes, votes, claims, expiries and forfeits, no
        /// token unit is created or lost: everything received is paid out
        /// or held in the pool, the annual remainder, the unclaimed
        /// allocations or the infrastructure balance.
        #[test]
        fn no_unit_is_created_or_lost(
            ops in proptest::collection::vec(arb_op(), 0..120),
            infra_bps in 0u16..=10_000,
            vote_bps in 0u16..=10_000,
            start in 0u64..1_000_000,
        ) {
            let mut m = Model {
                ledger: Ledger::new(start),
                ends: empty_schedule(),
                allocations: Vec::new(),
                closes: 0,
                received: 0,
                paid_out: 0,
            };
            for op in &ops {
                m.apply(op, infra_bps, vote_bps);
                m.check();
            }
            // Long after the last income, everything was released.
            for _ in 0..366 {
                m.apply(&Op::Close { votes: vec![1], scheduled: vec![true] }, infra_bps, vote_bps);
            }
            m.check();
            prop_assert_eq!(m.ledger.annual_rate, 0);
            prop_assert_eq!(m.ledger.annual_pending, 0);
        }

        #[test]
        fn a_split_accounts_for_every_unit(
            pool in 0u64..=((1 << 62) - 1),
            vote_bps in 0u16..=10_000,
            members in proptest::collection::vec((any::<u64>(), any::<bool>()), 0..100),
        ) {
            let (votes, scheduled): (Vec<u64>, Vec<bool>) = members.into_iter().unzip();
            let s = split(pool, vote_bps, &votes, &scheduled).unwrap();
            prop_assert_eq!(s.vote_part + s.scheduled_part, pool);
            prop_assert_eq!(s.amounts.iter().map(|a| *a as u128).sum::<u128>() + s.carried as u128, pool as u128);
            prop_assert!(s.vote_shares.iter().sum::<u64>() <= s.vote_part);
            // Each remainder is less than one unit per recipient.
            if s.vote_sum > 0 {
                let vote_carry = s.vote_part - s.vote_shares.iter().sum::<u64>();
                prop_assert!((vote_carry as usize) < votes.len().max(1));
            }
            if s.scheduled_count > 0 {
                prop_assert!(s.scheduled_part - s.scheduled_share * s.scheduled_count < s.scheduled_count);
            }
        }

        /// Within one split, more votes never get a smaller vote share,
        /// and equal votes get equal shares (up to one unit; here exact).
        #[test]
        fn the_split_is_monotonic_in_votes(
            pool in 0u64..=((1 << 62) - 1),
            vote_bps in 0u16..=10_000,
            members in proptest::collection::vec((0u64..1 << 62, any::<bool>()), 1..60),
        ) {
            let (votes, scheduled): (Vec<u64>, Vec<bool>) = members.into_iter().unzip();
            let s = split(pool, vote_bps, &votes, &scheduled).unwrap();
            for i in 0..votes.len() {
                for j in 0..votes.len() {
                    if votes[i] <= votes[j] {
                        prop_assert!(s.vote_shares[i] <= s.vote_shares[j]);
                    }
                    if votes[i] == votes[j] {
                        prop_assert!(s.vote_shares[i].abs_diff(s.vote_shares[j]) <= 1);
                        if scheduled[i] == scheduled[j] {
                            prop_assert!(s.amounts[i].abs_diff(s.amounts[j]) <= 1);
                        }
                    }
                    if scheduled[i] && scheduled[j] {
                        prop_assert_eq!(s.amounts[i] - s.vote_shares[i], s.amounts[j] - s.vote_shares[j]);
                    }
                }
            }
        }

        /// More votes for one member (the others unchanged) never lower
        /// its share.
        #[test]
        fn more_votes_never_lower_a_share(
            pool in 0u64..=((1 << 62) - 1),
            votes in proptest::collection::vec(0u64..1 << 62, 1..50),
            who in any::<proptest::sample::Index>(),
            more in 0u64..1 << 62,
        ) {
            let i = who.index(votes.len());
            let flags = vec![false; votes.len()];
            let before = split(pool, 6000, &votes, &flags).unwrap();
            let mut raised = votes.clone();
            raised[i] += more;
            let after = split(pool, 6000, &raised, &flags).unwrap();
            prop_assert!(after.vote_shares[i] >= before.vote_shares[i]);
        }

        #[test]
        fn selection_is_a_ranked_prefix(
            ranked_votes in proptest::collection::vec((0u64..1000, any::<bool>(), any::<bool>()), 0..120),
            paid in 0usize..60,
            scheduled in 0usize..60,
        ) {
            let mut sorted = ranked_votes.clone();
            sorted.sort_by_key(|r| core::cmp::Reverse(r.0));
            let ranked: Vec<(u64, u64)> = sorted.iter().enumerate().map(|(i, r)| (i as u64, r.0)).collect();
            let good: BTreeMap<u64, (bool, bool)> = sorted.iter().enumerate().map(|(i, r)| (i as u64, (r.1, r.2))).collect();
            let set = select_paid(&ranked, paid, |a| good[&a].0);
            prop_assert!(set.len() <= paid);
            // Exactly the good-standing members, in order, cut at `paid`.
            let expected: Vec<(u64, u64)> = ranked.iter().copied().filter(|(a, _)| good[a].0).take(paid).collect();
            prop_assert_eq!(&set, &expected);
            let flags = select_scheduled(&set, scheduled, |a| good[&a].1);
            let chosen: Vec<u64> = set.iter().zip(&flags).filter(|(_, f)| **f).map(|(m, _)| m.0).collect();
            let expected: Vec<u64> = set.iter().map(|m| m.0).filter(|a| good[a].1).take(scheduled).collect();
            prop_assert_eq!(chosen, expected);
        }
    }
}
