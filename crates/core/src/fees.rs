//! Fees: FIO-style median fee voting, with FIO's defects corrected, and
//! the bundled free calls every payer gets per year.
//!
//! # Voting
//!
//! The voters are the elected producers: the first `scheduled` members of
//! the producer ranking who are in good standing ([`elect`]). Each voter
//! submits
//!
//! - a **ratio** per fee endpoint (at most once per endpoint per
//!   [`FEE_VOTE_INTERVAL_SEC`]), checked with [`validate_ratios`];
//! - one **multiplier**, fixed point with 6 decimals
//!   ([`MULTIPLIER_ONE`] = 1.0), at most once per
//!   [`MULTIPLIER_VOTE_INTERVAL_SEC`];
//! - a number of **bundled calls** per year, at most once per
//!   [`BUNDLE_VOTE_INTERVAL_SEC`].
//!
//! The rate limits are [`may_vote`]. A voter's fee for an endpoint is
//! `floor(ratio x multiplier / 1_000_000)` ([`voter_fee`]), exact in
//! `u128`, and valid only up to the asset bound 2^62 - 1: no floating
//! point anywhere (FIO multiplies by a `double` and truncates).
//!
//! # The fee
//!
//! The values that count are those of elected voters who have both a ratio
//! for the endpoint and a multiplier ([`fee_values`]); a bundle count
//! counts if the voter is elected ([`counted_values`]). With at least
//! `min_votes` of them the result is their median ([`median`]: the middle
//! value, or for an even count the floor of the mean of the two middle
//! values); with fewer, the current value stays ([`decide`]).
//!
//! # Bundled calls
//!
//! Each payer gets `per_year` free fee-bearing calls per period of
//! [`BUNDLE_PERIOD_SEC`] (365 days). A period starts at the payer's first
//! fee-bearing call when none is running and lasts 365 days; calls within
//! it are free while fewer than `per_year` were used ([`use_bundle`]).
//!
//! Accounts are opaque `u64` ids (the raw value of an Antelope name),
//! times are seconds, amounts are integers.

use alloc::vec::Vec;

/// 1.0 as a multiplier: multipliers have 6 decimals.
pub const MULTIPLIER_ONE: u64 = 1_000_000;

/// The largest amount an asset may hold (the CDT's bound, 2^62 - 1).
pub const MAX_FEE_AMOUNT: u64 = (1 << 62) - 1;

/// Seconds between two ratio votes of one producer for one endpoint.
pub const FEE_VOTE_INTERVAL_SEC: u32 = 3600;

/// Seconds between two multiplier votes of one producer.
pub const MULTIPLIER_VOTE_INTERVAL_SEC: u32 = 120;

/// Seconds between two bundle votes of one producer.
pub const BUNDLE_VOTE_INTERVAL_SEC: u32 = 120;

/// The length of a bundle period: 365 days.
pub const BUNDLE_PERIOD_SEC: u32 = 365 * 24 * 3600;

/// The most fee endpoints (and so the most ratios in one vote).
pub const MAX_ENDPOINTS: usize = 50;

/// The largest elected set (`scheduled`).
pub const MAX_SCHEDULED: u16 = 42;

/// The largest `max_compute_per_call`.
pub const MAX_COMPUTE_PER_CALL: u16 = 25;

pub const EMPTY_RATIOS: &str = "fee_ratios is empty";
pub const TOO_MANY_RATIOS: &str = "too many fee ratios in the vote";
pub const DUPLICATE_ENDPOINT: &str = "duplicate endpoint in the vote";

/// A voter's fee: `floor(ratio x multiplier / 1_000_000)`, or `None` when
/// it exceeds [`MAX_FEE_AMOUNT`]. The product of two `u64` always fits in
/// a `u128`, so the only failure is the asset bound.
pub fn voter_fee(ratio: u64, multiplier: u64) -> Option<u64> {
    let fee = u128::from(ratio) * u128::from(multiplier) / u128::from(MULTIPLIER_ONE);
    u64::try_from(fee).ok().filter(|f| *f <= MAX_FEE_AMOUNT)
}

/// The median of `values` (sorted in place): the middle value, or for an
/// even count the floor of the mean of the two middle values (in `u128`,
/// so two values near `u64::MAX` do not overflow); `None` when empty.
pub fn median(values: &mut [u64]) -> Option<u64> {
    sort_small(values);
    let n = values.len();
    let upper = *values.get(n / 2)?;
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = values.get(n / 2 - 1).copied().unwrap_or(upper);
    // The mean of two u64 fits in a u64.
    Some(((u128::from(lower) + u128::from(upper)) / 2) as u64)
}

/// Sorts a short slice (an elected set: at most [`MAX_SCHEDULED`]
/// values) by insertion. The standard library's sorts cost the contract's
/// wasm several KB, which lists this short do not need.
pub fn sort_small(values: &mut [u64]) {
    for i in 1..values.len() {
        let mut j = i;
        while j > 0 && values[j - 1] > values[j] {
            values.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The new value from the counted `values`: their median when there are
/// at least `min_votes` of them (and at least one), else `None` (the
/// current value stays).
pub fn decide(values: &mut [u64], min_votes: usize) -> Option<u64> {
    if values.len() < min_votes {
        return None;
    }
    median(values)
}

/// Whether a producer whose last vote of this kind was at `last` (`None`:
/// never) may vote again at `now`: at least `interval` seconds later.
pub fn may_vote(last: Option<u32>, now: u32, interval: u32) -> bool {
    match last {
        None => true,
        Some(last) => u64::from(now) >= u64::from(last) + u64::from(interval),
    }
}

/// The elected set from the ranking (`(account, in good standing)`,
/// highest votes first): the first `scheduled` accounts in good standing,
/// sorted by id (the form in which the contract stores and compares it).
pub fn elect(ranked: &[(u64, bool)], scheduled: usize) -> Vec<u64> {
    let mut elected: Vec<u64> = ranked
        .iter()
        .filter(|(_, good)| *good)
        .map(|(account, _)| *account)
        .take(scheduled)
        .collect();
    sort_small(&mut elected);
    elected.dedup();
    elected
}

/// The values of the elected voters that have one: `value_of(voter)` for
/// each voter of `elected`, skipping `None`. Votes of anyone else are
/// never asked for, so they never count.
pub fn counted_values(elected: &[u64], mut value_of: impl FnMut(u64) -> Option<u64>) -> Vec<u64> {
    elected.iter().filter_map(|v| value_of(*v)).collect()
}

/// The fee values of the elected voters for one endpoint: for each voter
/// with both a ratio (`ratio_of`) and a multiplier (`multiplier_of`), its
/// [`voter_fee`]; a voter missing either, or whose fee exceeds the asset
/// bound, does not count.
pub fn fee_values(
    elected: &[u64],
    mut ratio_of: impl FnMut(u64) -> Option<u64>,
    mut multiplier_of: impl FnMut(u64) -> Option<u64>,
) -> Vec<u64> {
    counted_values(elected, |voter| {
        let ratio = ratio_of(voter)?;
        let multiplier = multiplier_of(voter)?;
        voter_fee(ratio, multiplier)
    })
}

/// Checks a list of `(endpoint, ratio)`: not empty, at most `max` entries
/// (checked first, so the duplicate scan is bounded), no endpoint twice.
/// Any ratio is valid (0 votes for a free endpoint); whether the fee fits
/// the asset bound is checked against the voter's multiplier.
pub fn validate_ratios(ratios: &[(u64, u64)], max: usize) -> Result<(), &'static str> {
    if ratios.is_empty() {
        return Err(EMPTY_RATIOS);
    }
    if ratios.len() > max {
        return Err(TOO_MANY_RATIOS);
    }
    for (i, (endpoint, _)) in ratios.iter().enumerate() {
        if ratios.iter().take(i).any(|(e, _)| e == endpoint) {
            return Err(DUPLICATE_ENDPOINT);
        }
    }
    Ok(())
}

/// A payer's bundle: the start of its current period (0: none yet) and
/// the free calls used in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bundle {
    pub period_start: u32,
    pub used: u32,
}

impl Bundle {
    /// Whether the period that started at `period_start` is running at
    /// `now`.
    pub fn running(&self, now: u32) -> bool {
        self.period_start != 0
            && u64::from(now) < u64::from(self.period_start) + u64::from(BUNDLE_PERIOD_SEC)
    }
}

/// A fee-bearing call at `now` with `per_year` bundled calls: the bundle
/// afterwards and whether the call is free. A new period starts (at
/// `now`, nothing used) when none is running; the call is free while
/// fewer than `per_year` calls of the period were free, and then counts
/// as used. A paid call leaves `used` as it is.
pub fn use_bundle(bundle: Bundle, now: u32, per_year: u32) -> (Bundle, bool) {
    let mut b = if bundle.running(now) {
        bundle
    } else {
        Bundle {
            period_start: now,
            used: 0,
        }
    };
    if b.used < per_year {
        b.used += 1;
        (b, true)
    } else {
        (b, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::{BTreeMap, BTreeSet};
    use alloc::vec;
    use proptest::prelude::*;

    // ---- reference implementations -------------------------------------

    /// Median by sorting and picking.
    fn reference_median(values: &[u64]) -> Option<u64> {
        let mut v = values.to_vec();
        v.sort();
        let n = v.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(v[n / 2]),
            _ => {
                let (a, b) = (v[n / 2 - 1], v[n / 2]);
                // floor((a + b) / 2) without a wider type: a <= b.
                Some(a + (b - a) / 2)
            }
        }
    }

    /// floor(ratio x multiplier / 10^6) by splitting the multiplier into
    /// its integer and fraction parts.
    fn reference_fee(ratio: u64, multiplier: u64) -> Option<u64> {
        let whole = u128::from(ratio) * u128::from(multiplier / MULTIPLIER_ONE);
        let frac = u128::from(ratio) * u128::from(multiplier % MULTIPLIER_ONE)
            / u128::from(MULTIPLIER_ONE);
        let fee = whole + frac;
        (fee <= u128::from(MAX_FEE_AMOUNT)).then_some(fee as u64)
    }

    // ---- voter fee -----------------------------------------------------

    #[test]
    fn fio_example_fee_is_ratio_times_multiplier() {
        // register_fio_domain = 2000000000 x 20 = 40000000000.
        assert_eq!(
            voter_fee(2_000_000_000, 20 * MULTIPLIER_ONE),
            Some(40_000_000_000)
        );
        assert_eq!(
            voter_fee(40_000_000_000, MULTIPLIER_ONE),
            Some(40_000_000_000)
        );
    }

    #[test]
    fn voter_fee_floors_the_fraction() {
        assert_eq!(voter_fee(3, 500_000), Some(1), "1.5 floors to 1");
        assert_eq!(voter_fee(1, 999_999), Some(0));
        assert_eq!(voter_fee(7, 1_500_000), Some(10), "10.5 floors to 10");
        assert_eq!(voter_fee(0, u64::MAX), Some(0));
        assert_eq!(voter_fee(u64::MAX, 0), Some(0));
    }

    #[test]
    fn voter_fee_is_bounded_by_the_asset_maximum() {
        assert_eq!(
            voter_fee(MAX_FEE_AMOUNT, MULTIPLIER_ONE),
            Some(MAX_FEE_AMOUNT),
            "2^62 - 1 accepted"
        );
        assert_eq!(
            voter_fee(MAX_FEE_AMOUNT + 1, MULTIPLIER_ONE),
            None,
            "2^62 rejected"
        );
        assert_eq!(voter_fee(1 << 61, 2 * MULTIPLIER_ONE), None);
        assert_eq!(voter_fee(u64::MAX, u64::MAX), None, "no overflow panic");
    }

    // ---- median and the min-votes rule ---------------------------------------

    #[test]
    fn fio_fee_example_three_voters() {
        let mut v = vec![40_000_000_000, 50_000_000_000, 1_000_000_000_000];
        assert_eq!(median(&mut v), Some(50_000_000_000));
    }

    #[test]
    fn fio_bundle_example_four_voters_even_count() {
        let mut v = vec![15_000, 1, 2_000, 1_000];
        assert_eq!(median(&mut v), Some(1_500));
    }

    #[test]
    fn even_median_floors_and_does_not_overflow() {
        assert_eq!(median(&mut [1, 2]), Some(1));
        assert_eq!(median(&mut [u64::MAX, u64::MAX]), Some(u64::MAX));
        assert_eq!(median(&mut [u64::MAX - 1, u64::MAX]), Some(u64::MAX - 1));
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7));
    }

    #[test]
    fn fewer_than_min_votes_keeps_the_value() {
        assert_eq!(decide(&mut [1, 2], 3), None);
        assert_eq!(decide(&mut [1, 2, 3], 3), Some(2));
        assert_eq!(decide(&mut [], 0), None, "no votes never decide");
        let mut fourteen: Vec<u64> = (1..=14).collect();
        assert_eq!(decide(&mut fourteen, 15), None);
        let mut fifteen: Vec<u64> = (1..=15).collect();
        assert_eq!(decide(&mut fifteen, 15), Some(8));
    }

    // ---- rate limits ---------------------------------------------------------

    #[test]
    fn rate_limits_are_inclusive_of_the_interval() {
        assert!(may_vote(None, 0, FEE_VOTE_INTERVAL_SEC));
        assert!(!may_vote(Some(1000), 1000, 120));
        assert!(!may_vote(Some(1000), 1119, 120));
        assert!(may_vote(Some(1000), 1120, 120));
        assert!(!may_vote(Some(1000), 4599, FEE_VOTE_INTERVAL_SEC));
        assert!(may_vote(Some(1000), 4600, FEE_VOTE_INTERVAL_SEC));
        // No wrap-around near the end of time.
        assert!(!may_vote(Some(u32::MAX - 10), u32::MAX, 120));
        assert!(!may_vote(Some(2000), 1000, 120), "a clock going back waits");
    }

    // ---- which votes count ----------------------------------------------------

    #[test]
    fn election_skips_members_not_in_good_standing() {
        let ranked = [(5, true), (9, false), (3, true), (7, true), (1, true)];
        assert_eq!(elect(&ranked, 3), vec![3, 5, 7]);
        assert_eq!(elect(&ranked, 10), vec![1, 3, 5, 7]);
        assert_eq!(elect(&ranked, 0), Vec::<u64>::new());
        assert_eq!(elect(&[], 21), Vec::<u64>::new());
    }

    #[test]
    fn only_elected_voters_with_ratio_and_multiplier_count() {
        let ratios: BTreeMap<u64, u64> = [(1, 10), (2, 20), (3, 30), (4, 40)].into();
        let mults: BTreeMap<u64, u64> = [(1, MULTIPLIER_ONE), (2, MULTIPLIER_ONE), (4, 0)].into();
        // 3 has no multiplier, 4 multiplies by 0, 9 is not elected.
        let values = fee_values(
            &[1, 3, 4, 5],
            |v| ratios.get(&v).copied(),
            |v| mults.get(&v).copied(),
        );
        assert_eq!(values, vec![10, 0]);
        // A fee over the asset bound does not count.
        let values = fee_values(&[1], |_| Some(u64::MAX), |_| Some(MULTIPLIER_ONE));
        assert!(values.is_empty());
    }

    #[test]
    fn ratio_lists_are_capped_and_distinct() {
        assert_eq!(validate_ratios(&[], MAX_ENDPOINTS), Err(EMPTY_RATIOS));
        assert_eq!(validate_ratios(&[(1, 0)], MAX_ENDPOINTS), Ok(()));
        let full: Vec<(u64, u64)> = (1..=50).map(|e| (e, e)).collect();
        assert_eq!(validate_ratios(&full, MAX_ENDPOINTS), Ok(()));
        let over: Vec<(u64, u64)> = (1..=51).map(|e| (e, e)).collect();
        assert_eq!(validate_ratios(&over, MAX_ENDPOINTS), Err(TOO_MANY_RATIOS));
        assert_eq!(
            validate_ratios(&[(1, 5), (2, 5), (1, 6)], MAX_ENDPOINTS),
            Err(DUPLICATE_ENDPOINT)
        );
        assert_eq!(
            validate_ratios(&[(1, 1); 51], MAX_ENDPOINTS),
            Err(TOO_MANY_RATIOS),
            "length first"
        );
    }

    // ---- bundles ---------------------------------------------------------------

    #[test]
    fn bundled_calls_are_used_first_then_paid() {
        let start = 1_000;
        let (b, free) = use_bundle(Bundle::default(), start, 2);
        assert!(free);
        assert_eq!(
            b,
            Bundle {
                period_start: start,
                used: 1
            }
        );
        let (b, free) = use_bundle(b, start + 10, 2);
        assert!(free);
        let (b, free) = use_bundle(b, start + 20, 2);
        assert!(!free, "the third call of the period is paid");
        assert_eq!(b.used, 2);
        // The period ends 365 days after it started: a new one begins.
        let (b2, free) = use_bundle(b, start + BUNDLE_PERIOD_SEC - 1, 2);
        assert!(!free);
        assert_eq!(b2.period_start, start);
        let (b3, free) = use_bundle(b, start + BUNDLE_PERIOD_SEC, 2);
        assert!(free);
        assert_eq!(
            b3,
            Bundle {
                period_start: start + BUNDLE_PERIOD_SEC,
                used: 1
            }
        );
    }

    #[test]
    fn no_bundled_calls_means_every_call_is_paid() {
        let (b, free) = use_bundle(Bundle::default(), 5, 0);
        assert!(!free);
        assert_eq!(b.used, 0);
        // A period near the end of time does not wrap.
        let b = Bundle {
            period_start: u32::MAX - 1,
            used: 1,
        };
        assert!(b.running(u32::MAX));
        assert!(!use_bundle(b, u32::MAX, 1).1);
    }

    // ---- properties -----------------------------------------------------------

    proptest! {
        #[test]
        fn median_matches_sort_and_pick(values in prop::collection::vec(any::<u64>(), 0..60)) {
            let mut v = values.clone();
            prop_assert_eq!(median(&mut v), reference_median(&values));
        }

        #[test]
        fn sort_small_sorts(values in prop::collection::vec(any::<u64>(), 0..50)) {
            let mut v = values.clone();
            sort_small(&mut v);
            let mut expected = values.clone();
            expected.sort();
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn median_of_small_values_matches(values in prop::collection::vec(0u64..20, 1..30)) {
            // Many ties: the selection must still pick the right middle.
            let mut v = values.clone();
            prop_assert_eq!(median(&mut v), reference_median(&values));
        }

        #[test]
        fn median_lies_between_min_and_max_and_ignores_order(
            values in prop::collection::vec(any::<u64>(), 1..40),
            seed in any::<u64>(),
        ) {
            let mut v = values.clone();
            let m = median(&mut v).unwrap();
            prop_assert!(values.iter().min().unwrap() <= &m && &m <= values.iter().max().unwrap());
            let mut shuffled = values.clone();
            let n = shuffled.len();
            shuffled.rotate_left((seed as usize) % n);
            shuffled.reverse();
            prop_assert_eq!(median(&mut shuffled), Some(m));
        }

        #[test]
        fn decide_needs_min_votes(values in prop::collection::vec(any::<u64>(), 0..30), min in 0usize..30) {
            let mut v = values.clone();
            let expected = if values.len() >= min { reference_median(&values) } else { None };
            prop_assert_eq!(decide(&mut v, min), expected);
        }

        #[test]
        fn voter_fee_matches_the_split_computation(ratio in any::<u64>(), multiplier in any::<u64>()) {
            prop_assert_eq!(voter_fee(ratio, multiplier), reference_fee(ratio, multiplier));
        }

        #[test]
        fn voter_fee_of_realistic_values(ratio in 0u64..1u64 << 40, multiplier in 0u64..100 * MULTIPLIER_ONE) {
            let fee = voter_fee(ratio, multiplier).unwrap();
            prop_assert!(u128::from(fee) * u128::from(MULTIPLIER_ONE) <= u128::from(ratio) * u128::from(multiplier));
            prop_assert!(u128::from(fee + 1) * u128::from(MULTIPLIER_ONE) > u128::from(ratio) * u128::from(multiplier));
        }

        #[test]
        fn may_vote_is_elapsed_time_at_least_interval(last in any::<u32>(), now in any::<u32>(), interval in any::<u32>()) {
            let expected = i64::from(now) - i64::from(last) >= i64::from(interval);
            prop_assert_eq!(may_vote(Some(last), now, interval), expected);
        }

        /// The fee from the elected set equals the median, by sorting, of
        /// the votes filtered by hand: non-elected voters, voters without
        /// a multiplier and overflowing fees never count.
        #[test]
        fn fee_of_elected_votes_matches_the_reference(
            ratios in prop::collection::btree_map(0u64..40, any::<u64>(), 0..40),
            mults in prop::collection::btree_map(0u64..40, prop_oneof![0u64..3_000_000, any::<u64>()], 0..40),
            elected in prop::collection::btree_set(0u64..40, 0..25),
            min in 1usize..10,
        ) {
            let elected: Vec<u64> = elected.into_iter().collect();
            let mut values = fee_values(&elected, |v| ratios.get(&v).copied(), |v| mults.get(&v).copied());
            let mut expected: Vec<u64> = Vec::new();
            for (voter, ratio) in &ratios {
                if !elected.contains(voter) { continue; }
                let Some(mult) = mults.get(voter) else { continue };
                if let Some(fee) = reference_fee(*ratio, *mult) { expected.push(fee); }
            }
            let mut sorted = values.clone();
            sorted.sort();
            expected.sort();
            prop_assert_eq!(&sorted, &expected);
            let reference = if expected.len() >= min { reference_median(&expected) } else { None };
            prop_assert_eq!(decide(&mut values, min), reference);
        }

        #[test]
        fn election_matches_the_reference(
            ranked in prop::collection::vec((0u64..100, any::<bool>()), 0..60),
            scheduled in 0usize..30,
        ) {
            // A ranking lists each account once.
            let mut seen = BTreeSet::new();
            let ranked: Vec<(u64, bool)> = ranked.into_iter().filter(|(a, _)| seen.insert(*a)).collect();
            let mut expected = Vec::new();
            for (account, good) in &ranked {
                if expected.len() == scheduled { break; }
                if *good { expected.push(*account); }
            }
            expected.sort();
            let elected = elect(&ranked, scheduled);
            prop_assert_eq!(&elected, &expected);
            prop_assert!(elected.len() <= scheduled);
        }

        /// Any sequence of calls: within each period exactly the first
        /// `per_year` calls are free, periods last 365 days from their
        /// first call, and no call is free beyond the allowance.
        #[test]
        fn bundles_match_a_simulation(
            gaps in prop::collection::vec(prop_oneof![0u32..1000, 0u32..BUNDLE_PERIOD_SEC, BUNDLE_PERIOD_SEC..2 * BUNDLE_PERIOD_SEC], 1..60),
            per_year in 0u32..5,
        ) {
            let mut now: u32 = 1;
            let mut bundle = Bundle::default();
            let mut period_start: Option<u32> = None;
            let mut free_in_period = 0u32;
            for gap in gaps {
                now = now.saturating_add(gap);
                let new_period = match period_start {
                    None => true,
                    Some(s) => u64::from(now) >= u64::from(s) + u64::from(BUNDLE_PERIOD_SEC),
                };
                if new_period {
                    period_start = Some(now);
                    free_in_period = 0;
                }
                let expected_free = free_in_period < per_year;
                if expected_free { free_in_period += 1; }
                let (next, free) = use_bundle(bundle, now, per_year);
                prop_assert_eq!(free, expected_free);
                prop_assert_eq!(next.period_start, period_start.unwrap());
                prop_assert_eq!(next.used, free_in_period);
                prop_assert!(next.used <= per_year);
                bundle = next;
            }
        }
    }
}
