//! Median fee voting: FIO's worked examples, the min-votes rule, the
//! elected set and its changes, rate limits, vote lists, and the bounded
//! computation. Messages are asserted exactly.

mod common;

use antelope_sdk::Name;
use antelope_testchain::assert_fails;
use common::*;

// ---- FIO's worked examples ------------------------------------------------------

#[test]
fn fio_fee_example_three_producers_give_the_median() {
    // "Submissions from 3 BPs: 40000000000, 50000000000, 1000000000000.
    // Fee is set to 50000000000" (min votes lowered to 3).
    let mut t = Tester::with(3, 3);
    t.multipliers_one(3);
    t.vote_values(
        REGMEMBER,
        &[40_000_000_000, 50_000_000_000, 1_000_000_000_000],
    );
    t.computefees().unwrap();
    let ep = t.endpoint(REGMEMBER).unwrap();
    assert_eq!(ep.fee, pool(50_000_000_000));
    assert_eq!(ep.votes_counted, 3);
    assert!(!ep.pending);
    assert_eq!(ep.computed_at.secs(), t.now_sec());
    t.assert_invariants();
}

#[test]
fn fio_multiplier_example_ratio_times_multiplier() {
    // register_fio_domain = 2000000000 x 20 = 40000000000.
    let mut t = Tester::with(3, 3);
    for i in 0..3 {
        t.setfeemult(bp(i), 20 * ONE).unwrap();
        t.setfeevote(bp(i), &[(REGMEMBER, 2_000_000_000)]).unwrap();
    }
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 40_000_000_000);
}

#[test]
fn fractional_multipliers_are_exact_and_floored() {
    let mut t = Tester::with(3, 3);
    // 1.5, 0.333333 and 2.000001 with ratio 7: 10.5 -> 10, 2.333331 -> 2,
    // 14.000007 -> 14. Median 10.
    for (i, m) in [1_500_000, 333_333, 2_000_001].into_iter().enumerate() {
        t.setfeemult(bp(i), m).unwrap();
        t.setfeevote(bp(i), &[(REGMEMBER, 7)]).unwrap();
    }
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 10);
}

#[test]
fn fio_bundle_example_four_producers_even_median() {
    // "Submissions from 4 BPs: 1, 1000, 2000, 15000. Bundled transactions
    // are set to 1500".
    let mut t = Tester::with(4, 4);
    for (i, n) in [1, 1000, 2000, 15000].into_iter().enumerate() {
        t.bundlevote(bp(i), n).unwrap();
    }
    assert!(t.fee_state().bundle_pending);
    t.computefees().unwrap();
    let s = t.fee_state();
    assert_eq!(s.bundled_calls_per_year, 1500);
    assert_eq!(s.bundle_votes_counted, 4);
    assert!(!s.bundle_pending);
}

#[test]
fn an_even_count_of_fees_takes_the_floor_of_the_middle_mean() {
    let mut t = Tester::with(4, 4);
    t.multipliers_one(4);
    t.vote_values(FILECASE, &[1, 2, 3, 1_000_000]);
    t.computefees().unwrap();
    assert_eq!(t.fee(FILECASE), 2, "floor((2 + 3) / 2)");
}

// ---- the min-votes rule ----------------------------------------------------------

#[test]
fn fewer_than_min_votes_leaves_the_fee_unchanged() {
    let mut t = Tester::with(3, 3);
    t.multipliers_one(3);
    t.vote_values(REGMEMBER, &[100, 200]);
    t.computefees().unwrap();
    let ep = t.endpoint(REGMEMBER).unwrap();
    assert_eq!(ep.fee, pool(0), "2 votes of 3 needed: no fee yet");
    assert_eq!(ep.votes_counted, 2);
    assert!(!ep.pending, "computed, even if nothing changed");
    // The third vote sets it.
    t.setfeevote(bp(2), &[(REGMEMBER, 300)]).unwrap();
    assert!(t.endpoint(REGMEMBER).unwrap().pending);
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 200);
    // Later, one producer drops out: 2 votes left, the fee stays 200.
    t.unstake_votes_of(0);
    t.computefees().unwrap();
    let ep = t.endpoint(REGMEMBER).unwrap();
    assert_eq!(ep.fee, pool(200));
    assert_eq!(ep.votes_counted, 2);
}

#[test]
fn a_vote_without_a_multiplier_does_not_count() {
    let mut t = Tester::with(3, 3);
    t.setfeemult(bp(0), ONE).unwrap();
    t.setfeemult(bp(1), ONE).unwrap();
    t.vote_values(REGMEMBER, &[10, 20, 30]);
    t.computefees().unwrap();
    let ep = t.endpoint(REGMEMBER).unwrap();
    assert_eq!(ep.votes_counted, 2);
    assert_eq!(ep.fee, pool(0));
    // Its multiplier makes it count: setfeemult marks its endpoints.
    t.setfeemult(bp(2), ONE).unwrap();
    assert!(t.endpoint(REGMEMBER).unwrap().pending);
    assert!(
        !t.endpoint(FILECASE).unwrap().pending,
        "only what it voted on"
    );
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 20);
}

#[test]
fn a_multiplier_change_recomputes_every_fee_of_that_producer() {
    let mut t = Tester::with(3, 3);
    t.multipliers_one(3);
    for i in 0..3 {
        t.setfeevote(bp(i), &[(REGMEMBER, 1000), (FILECASE, 10)])
            .unwrap();
    }
    t.computefees().unwrap();
    assert_eq!((t.fee(REGMEMBER), t.fee(FILECASE)), (1000, 10));
    t.chain.advance_time(120);
    t.setfeemult(bp(0), 3 * ONE).unwrap();
    t.setfeemult(bp(1), 2 * ONE).unwrap();
    t.computefees().unwrap();
    assert_eq!((t.fee(REGMEMBER), t.fee(FILECASE)), (2000, 20));
}

// ---- the elected set ----------------------------------------------------------------

/// Five producers vote 10..50 for both endpoints (min 3): both fees 30.
fn five_voted() -> Tester {
    let mut t = Tester::with(5, 3);
    t.multipliers_one(5);
    for (i, v) in [10u64, 20, 30, 40, 50].into_iter().enumerate() {
        t.setfeevote(bp(i), &[(REGMEMBER, v), (FILECASE, v * 2)])
            .unwrap();
    }
    t.computefees().unwrap();
    assert_eq!((t.fee(REGMEMBER), t.fee(FILECASE)), (30, 60));
    assert_fails(t.computefees(), "no fees to compute");
    t
}

#[test]
fn a_producer_losing_its_votes_changes_the_fee_at_the_next_computation() {
    let mut t = five_voted();
    // bpe (who voted 50) loses its votes: it leaves the ranking.
    t.unstake_votes_of(4);
    // No vote changed, yet both fees are due: the elected set differs.
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 25, "median of 10, 20, 30, 40");
    assert_eq!(t.fee(FILECASE), 50);
    assert_eq!(t.endpoint(REGMEMBER).unwrap().votes_counted, 4);
    assert_eq!(t.fee_state().elected_count, 4);
    assert_fails(t.computefees(), "no fees to compute");
}

#[test]
fn a_suspended_producer_stops_counting_and_counts_again_when_back() {
    let mut t = five_voted();
    t.suspend(0, 1000); // bpa voted 10
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 35, "median of 20, 30, 40, 50");
    // Its vote rows stay; once its suspension is over and recorded it is
    // elected again and counts.
    t.chain.advance_time(1000);
    t.chain
        .push_action_as(
            MEMBER,
            &pool_members::actions::endsuspend { account: bp(0) },
            ALICE,
        )
        .unwrap();
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 30);
}

#[test]
fn a_producer_whose_signature_lapsed_is_not_elected() {
    let mut t = five_voted();
    // Version 2 without grace: nobody's signature counts, except those
    // who sign it.
    t.publish(2);
    for i in 1..5 {
        t.sign(bp(i), 2);
    }
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 35, "bpa (10) no longer counts");
    assert_fails(t.bundlevote(bp(0), 5), "bpa is not an elected producer");
}

#[test]
fn the_elected_set_is_the_top_scheduled_members() {
    let mut t = Tester::with(4, 2);
    let mut args = t.config_args(2);
    args.scheduled = 3;
    t.setconfig_as(FEES, args).unwrap();
    // bpd ranks fourth: not elected.
    assert_fails(t.setfeemult(bp(3), ONE), "bpd is not an elected producer");
    assert_fails(
        t.setfeevote(bp(3), &[(REGMEMBER, 1)]),
        "bpd is not an elected producer",
    );
    assert_fails(t.bundlevote(bp(3), 1), "bpd is not an elected producer");
    assert_fails(t.setfeemult(ALICE, ONE), "alice is not an elected producer");
    t.multipliers_one(3);
    t.vote_values(REGMEMBER, &[100, 200, 300]);
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 200);
    // bpa drops out: bpd moves up and may vote; until it does, the two
    // remaining votes decide (min 2).
    t.unstake_votes_of(0);
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 250, "median of 200, 300");
    t.setfeemult(bp(3), ONE).unwrap();
    t.setfeevote(bp(3), &[(REGMEMBER, 1000)]).unwrap();
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 300, "median of 200, 300, 1000");
    // bpa's old vote does not count while it is out.
    assert!(t.feevote(bp(0), REGMEMBER).is_some());
}

#[test]
fn a_config_change_of_min_votes_recomputes_every_fee() {
    let mut t = Tester::with(3, 3);
    t.multipliers_one(3);
    t.vote_values(REGMEMBER, &[100, 200]);
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 0);
    t.setconfig_as(FEES, t.config_args(2)).unwrap();
    assert!(t.endpoint(REGMEMBER).unwrap().pending);
    assert!(t.endpoint(FILECASE).unwrap().pending);
    assert!(t.fee_state().bundle_pending);
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 150);
}

// ---- rate limits ------------------------------------------------------------------------

#[test]
fn fee_ratios_once_per_endpoint_per_hour() {
    let mut t = Tester::with(3, 3);
    t.setfeevote(bp(0), &[(REGMEMBER, 1)]).unwrap();
    let msg = "too soon since the last vote on the regmember fee: once per 3600 s";
    assert_fails(t.setfeevote(bp(0), &[(REGMEMBER, 2)]), msg);
    // Another endpoint is free; a list with one too-soon entry fails whole.
    assert_fails(t.setfeevote(bp(0), &[(FILECASE, 5), (REGMEMBER, 2)]), msg);
    assert!(t.feevote(bp(0), FILECASE).is_none(), "nothing written");
    t.setfeevote(bp(0), &[(FILECASE, 5)]).unwrap();
    // Other producers are independent.
    t.setfeevote(bp(1), &[(REGMEMBER, 2)]).unwrap();
    t.chain.advance_time(3599);
    assert_fails(t.setfeevote(bp(0), &[(REGMEMBER, 2)]), msg);
    t.chain.advance_time(1);
    t.setfeevote(bp(0), &[(REGMEMBER, 2)]).unwrap();
    let v = t.feevote(bp(0), REGMEMBER).unwrap();
    assert_eq!(v.ratio, 2);
    assert_eq!(v.updated_at.secs(), t.now_sec());
    // filecase was voted an hour ago too: free again, then limited.
    t.setfeevote(bp(0), &[(FILECASE, 6)]).unwrap();
    assert_fails(
        t.setfeevote(bp(0), &[(FILECASE, 7)]),
        "too soon since the last vote on the filecase fee: once per 3600 s",
    );
}

#[test]
fn multiplier_once_per_120_seconds() {
    let mut t = Tester::with(3, 3);
    t.setfeemult(bp(0), ONE).unwrap();
    let msg = "too soon since the last multiplier vote: once per 120 s";
    assert_fails(t.setfeemult(bp(0), 2 * ONE), msg);
    t.chain.advance_time(119);
    assert_fails(t.setfeemult(bp(0), 2 * ONE), msg);
    t.chain.advance_time(1);
    t.setfeemult(bp(0), 2 * ONE).unwrap();
    assert_eq!(t.feemult(bp(0)).unwrap().multiplier, 2 * ONE);
}

#[test]
fn bundle_vote_once_per_120_seconds() {
    let mut t = Tester::with(3, 3);
    t.bundlevote(bp(0), 10).unwrap();
    let msg = "too soon since the last bundle vote: once per 120 s";
    assert_fails(t.bundlevote(bp(0), 11), msg);
    t.chain.advance_time(119);
    assert_fails(t.bundlevote(bp(0), 11), msg);
    t.chain.advance_time(1);
    t.bundlevote(bp(0), 11).unwrap();
}

// ---- vote lists ---------------------------------------------------------------------------

#[test]
fn vote_lists_are_capped_distinct_and_registered() {
    let mut t = Tester::with(3, 3);
    let before = t.snapshot();
    assert_fails(t.setfeevote(bp(0), &[]), "fee_ratios is empty");
    let many: Vec<(Name, u64)> = (0..51).map(|i| (bp(100 + i), 1)).collect();
    assert_fails(
        t.setfeevote(bp(0), &many),
        "too many fee ratios in the vote",
    );
    assert_fails(
        t.setfeevote(bp(0), &[(REGMEMBER, 1), (FILECASE, 1), (REGMEMBER, 2)]),
        "duplicate endpoint in the vote",
    );
    assert_fails(
        t.setfeevote(bp(0), &[(REGMEMBER, 1), (PROPOSE, 1)]),
        "propose is not a fee endpoint",
    );
    assert_eq!(t.snapshot(), before);
}

#[test]
fn fees_beyond_the_asset_bound_are_refused() {
    let mut t = Tester::with(3, 3);
    t.setfeemult(bp(0), ONE).unwrap();
    let max = (1u64 << 62) - 1;
    let msg = "the regmember fee voted (ratio x multiplier) exceeds the largest asset amount";
    assert_fails(t.setfeevote(bp(0), &[(REGMEMBER, max + 1)]), msg);
    assert_fails(t.setfeevote(bp(0), &[(REGMEMBER, u64::MAX)]), msg);
    t.setfeevote(bp(0), &[(REGMEMBER, max)]).unwrap();
    // A multiplier that would push a voted ratio over the bound.
    t.chain.advance_time(120);
    assert_fails(t.setfeemult(bp(0), ONE + 1), msg);
    t.setfeemult(bp(0), ONE / 2).unwrap();
    // Without a multiplier any ratio is stored; it counts once the
    // multiplier fits.
    t.setfeevote(bp(1), &[(REGMEMBER, u64::MAX)]).unwrap();
    assert_fails(t.setfeemult(bp(1), ONE), msg);
    assert_fails(t.setfeemult(bp(1), 0), "multiplier must be positive");
    t.setfeemult(bp(1), 1).unwrap();
}

#[test]
fn a_zero_ratio_votes_a_free_endpoint() {
    let mut t = Tester::with(3, 3);
    t.set_fee(REGMEMBER, 500);
    assert_eq!(t.fee(REGMEMBER), 500);
    t.chain.advance_time(3600);
    t.vote_values(REGMEMBER, &[0, 0, 0]);
    t.computefees().unwrap();
    assert_eq!(t.fee(REGMEMBER), 0);
}

// ---- endpoints -----------------------------------------------------------------------------

#[test]
fn endpoints_are_registered_and_removed_by_the_admin() {
    let mut t = Tester::with(3, 3);
    let ep = t.endpoint(REGMEMBER).unwrap();
    assert!(ep.annual);
    assert_eq!(ep.fee, pool(0));
    assert!(ep.pending, "a new endpoint is due");
    assert!(!t.endpoint(FILECASE).unwrap().annual);
    // Registering again changes only `annual`.
    t.regendpoint(REGMEMBER, false).unwrap();
    assert!(!t.endpoint(REGMEMBER).unwrap().annual);
    assert_fails(
        t.regendpoint(Name::EMPTY, true),
        "endpoint name must not be empty",
    );
    t.rmendpoint(FILECASE).unwrap();
    assert!(t.endpoint(FILECASE).is_none());
    assert_fails(t.rmendpoint(FILECASE), "filecase is not a fee endpoint");
    // At most 50.
    for i in 0..49 {
        t.regendpoint(bp(200 + i), false).unwrap();
    }
    assert_fails(
        t.regendpoint(PROPOSE, false),
        "too many endpoints (at most 50)",
    );
    t.regendpoint(REGMEMBER, true).unwrap();
}

#[test]
fn votes_on_a_removed_endpoint_count_again_when_it_returns() {
    let mut t = Tester::with(3, 3);
    t.set_fee(FILECASE, 70);
    t.rmendpoint(FILECASE).unwrap();
    t.regendpoint(FILECASE, false).unwrap();
    assert_eq!(t.fee(FILECASE), 0);
    t.computefees().unwrap();
    assert_eq!(t.fee(FILECASE), 70);
}

// ---- computefees ------------------------------------------------------------------------------

#[test]
fn computefees_without_work_fails() {
    let mut t = Tester::with(3, 3);
    // The new endpoints and the first elected set are work.
    t.computefees().unwrap();
    assert_fails(t.computefees(), "no fees to compute");
    let s = t.fee_state();
    assert_eq!(s.elected_count, 3);
    assert_eq!(s.bundled_calls_per_year, 0);
}

#[test]
fn computefees_is_bounded_per_call() {
    let mut t = Tester::with(3, 3);
    t.computefees().unwrap();
    let mut args = t.config_args(3);
    args.max_compute_per_call = 2;
    t.setconfig_as(FEES, args).unwrap();
    let extra: Vec<Name> = (0..3).map(|i| bp(300 + i)).collect();
    for e in &extra {
        t.regendpoint(*e, false).unwrap();
    }
    // 3 new endpoints pending: 2 then 1.
    t.computefees().unwrap();
    let pending = |t: &mut Tester| -> usize {
        let rows: Vec<pool_fees::tables::Endpoint> = t.chain.rows(FEES, FEES.raw());
        rows.iter().filter(|e| e.pending).count()
    };
    assert_eq!(pending(&mut t), 1);
    t.computefees().unwrap();
    assert_eq!(pending(&mut t), 0);
    assert_fails(t.computefees(), "no fees to compute");
    // An elected-set change makes all 5 endpoints and the bundle due:
    // bundle + 1, then 2, then 2.
    t.unstake_votes_of(2);
    t.computefees().unwrap();
    assert_eq!(pending(&mut t), 4);
    assert!(!t.fee_state().bundle_pending);
    t.computefees().unwrap();
    assert_eq!(pending(&mut t), 2);
    t.computefees().unwrap();
    assert_eq!(pending(&mut t), 0);
    assert_fails(t.computefees(), "no fees to compute");
}

#[test]
fn the_worst_case_computation_completes() {
    // 42 elected producers, 50 endpoints each voted by all, 25 per call.
    let mut t = Tester::bare();
    for i in 0..42 {
        t.add_producer(i);
    }
    let mut args = t.config_args(15);
    args.scheduled = 42;
    args.max_compute_per_call = 25;
    t.setconfig_as(FEES, args).unwrap();
    let eps: Vec<Name> = (0..50).map(|i| bp(400 + i)).collect();
    for e in &eps {
        t.regendpoint(*e, false).unwrap();
    }
    for i in 0..42 {
        t.setfeemult(bp(i), ONE + i as u64).unwrap();
        let ratios: Vec<(Name, u64)> = eps.iter().map(|e| (*e, 1_000_000)).collect();
        t.setfeevote(bp(i), &ratios).unwrap();
        t.bundlevote(bp(i), i as u32).unwrap();
    }
    t.computefees().unwrap();
    t.computefees().unwrap();
    // The bundle and 24 endpoints the first time, 25 the second.
    let rows: Vec<pool_fees::tables::Endpoint> = t.chain.rows(FEES, FEES.raw());
    assert_eq!(rows.iter().filter(|e| e.pending).count(), 1);
    t.computefees().unwrap();
    assert_fails(t.computefees(), "no fees to compute");
    // Multipliers 1.000000 .. 1.000041 on 1000000: fees 1000000 .. 1000041;
    // median of 42 = floor((1000020 + 1000021) / 2).
    assert_eq!(t.fee(eps[0]), 1_000_020);
    assert_eq!(t.fee(eps[49]), 1_000_020);
    assert_eq!(t.fee_state().bundled_calls_per_year, 20);
    assert_eq!(t.endpoint(eps[7]).unwrap().votes_counted, 42);
}
