//! Quorum above 1: a window is final when that many distinct registered
//! emitters reported the same content; other reports are kept as
//! conflicting evidence that an arbitration case cites by (emitter, seq).

mod common;

use antelope_sdk::Checksum256;
use antelope_testchain::assert_fails;
use common::*;
use pool_metrics::errors::*;

fn other_batch() -> Vec<pool_metrics::MetricEntry> {
    let mut b = batch();
    b[0].proposed -= 10;
    b
}

#[test]
fn one_report_leaves_the_window_pending() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.reports, w.conflict), (0, 1, false));
    assert_eq!(w.hash, Checksum256::default());
    assert_eq!(t.report_by_seq(E1, 1).unwrap().status, 0, "pending");
    let d = day(win(0));
    assert!(t.days(d).is_empty(), "nothing aggregated yet");
    assert_eq!(t.day_stats(d), None);
    assert!(!t.has_final_window(d));
    t.assert_aggregates_match_windows();
}

#[test]
fn two_equal_reports_make_the_window_final_once() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.reports, w.conflict), (1, 2, false));
    assert_eq!(w.hash, hash_of(win(0), &batch()));
    assert_eq!(w.finalized_at, tps(win(1)));
    assert_eq!(t.report_by_seq(E1, 1).unwrap().status, 1);
    assert_eq!(t.report_by_seq(E2, 1).unwrap().status, 1);
    let d = day(win(0));
    assert_eq!(t.member_day(d, PROD1).unwrap().windows, 1);
    // A third equal report agrees and adds nothing.
    t.report(E3, 7, win(0), batch()).unwrap();
    assert_eq!(t.report_by_seq(E3, 7).unwrap().status, 1);
    assert_eq!(t.member_day(d, PROD1).unwrap().windows, 1);
    assert_eq!(t.day_stats(d).unwrap().windows_final, 1);
    assert_eq!(t.window(win(0)).unwrap().reports, 3);
    t.assert_aggregates_match_windows();
}

#[test]
fn the_finalizing_emitter_pays_the_aggregates() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    let (e1, e2, c) = (t.ram(E1), t.ram(E2), t.ram(METRICS));
    t.report(E2, 1, win(0), batch()).unwrap();
    assert_eq!(t.ram(E1), e1, "emitter1's rows rewritten at the same size");
    assert!(t.ram(E2) > e2);
    // emitter2's own row passes from the admin (here the contract) to it
    // with its first report: the contract's RAM only goes down.
    assert!(t.ram(METRICS) < c);
}

#[test]
fn a_differing_report_is_evidence_and_blocks_nothing() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), other_batch()).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.reports, w.conflict), (0, 2, true));
    assert_eq!(t.report_by_seq(E1, 1).unwrap().status, 2);
    assert_eq!(t.report_by_seq(E2, 1).unwrap().status, 2);
    // emitter3 agrees with emitter1: final with emitter1's content.
    t.report(E3, 1, win(0), batch()).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.reports, w.conflict), (1, 3, true));
    assert_eq!(w.hash, hash_of(win(0), &batch()));
    assert_eq!(t.report_by_seq(E1, 1).unwrap().status, 1);
    assert_eq!(t.report_by_seq(E3, 1).unwrap().status, 1);
    let evidence = t.report_by_seq(E2, 1).unwrap();
    assert_eq!(evidence.status, 2, "kept, flagged");
    assert_eq!(evidence.entries, other_batch());
    assert_eq!(evidence.hash, hash_of(win(0), &other_batch()));
    let d = day(win(0));
    assert_eq!(
        t.member_day(d, PROD1).unwrap().proposed,
        u64::from(batch()[0].proposed)
    );
    t.assert_aggregates_match_windows();
}

#[test]
fn a_report_against_a_final_window_is_evidence() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    let aggregates = t.days(day(win(0)));
    t.report(E3, 1, win(0), other_batch()).unwrap();
    let r = t.report_by_seq(E3, 1).unwrap();
    assert_eq!(r.status, 2);
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.conflict), (1, true));
    assert_eq!(
        w.hash,
        hash_of(win(0), &batch()),
        "the final hash never changes"
    );
    assert_eq!(t.days(day(win(0))), aggregates);
    t.assert_aggregates_match_windows();
}

#[test]
fn the_evidence_index_is_emitter_then_seq() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E1, 2, win(1), batch()).unwrap();
    t.report(E2, 1, win(0), other_batch()).unwrap();
    let keys: Vec<(antelope_sdk::Name, u64)> = t.chain.read(|| {
        pool_metrics::tables::reports(METRICS)
            .index(pool_metrics::tables::BY_EMITSEQ)
            .iter()
            .map(|r| (r.emitter, r.seq))
            .collect()
    });
    assert_eq!(keys, [(E1, 1), (E1, 2), (E2, 1)]);
    assert_eq!(t.report_by_seq(E2, 1).unwrap().id, 2);
    assert_eq!(t.report_by_seq(E2, 2), None);
}

#[test]
fn the_order_of_entries_is_part_of_the_content() {
    let mut t = Tester::quorum2();
    let mut reversed = batch();
    reversed.reverse();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), reversed).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 0);
    assert!(t.window(win(0)).unwrap().conflict);
}

#[test]
fn a_removed_emitters_report_no_longer_counts() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.rmemitter(E1).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 0, "emitter1 is gone");
    t.report(E3, 1, win(0), batch()).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 1);
    // emitter1's report stays, and matches the final content.
    assert_eq!(t.report_by_seq(E1, 1).unwrap().status, 1);
    t.assert_aggregates_match_windows();
}

#[test]
fn a_re_registered_emitter_counts_once_per_window() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.rmemitter(E1).unwrap();
    t.regemitter(E1).unwrap();
    assert_eq!(t.emitter(E1).unwrap().last_seq, 1, "seq continues");
    assert_fails(t.report(E1, 1, win(0), batch()), SEQ_NOT_INCREASING);
    // Its first report after registration may restart at any window: the
    // same window again does not reach a quorum of 2 on its own.
    t.report(E1, 2, win(0), batch()).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.reports), (0, 2));
    t.report(E2, 1, win(0), batch()).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 1);
    t.assert_aggregates_match_windows();
}

#[test]
fn a_window_collects_at_most_32_reports() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), other_batch()).unwrap();
    // Re-registering lets emitter1 report window 0 again, 31 more times.
    for seq in 2..=32u64 {
        t.rmemitter(E1).unwrap();
        t.regemitter(E1).unwrap();
        t.report(E1, seq, win(0), other_batch()).unwrap();
    }
    assert_eq!(t.window(win(0)).unwrap().reports, 32);
    assert_eq!(t.window(win(0)).unwrap().status, 0);
    t.rmemitter(E1).unwrap();
    t.regemitter(E1).unwrap();
    let before = t.snapshot();
    assert_fails(t.report(E1, 33, win(0), other_batch()), WINDOW_REPORTS_FULL);
    assert_fails(t.report(E2, 1, win(0), batch()), WINDOW_REPORTS_FULL);
    assert_eq!(t.snapshot(), before);
    // Other windows are not affected.
    t.report(E2, 1, win(1), batch()).unwrap();
}

#[test]
fn lowering_the_quorum_applies_at_the_next_report() {
    let mut t = Tester::quorum2();
    t.setquorum_as(METRICS, 3).unwrap();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 0);
    t.setquorum_as(METRICS, 2).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 0, "no report, no change");
    t.report(E3, 1, win(0), batch()).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 1);
    t.assert_aggregates_match_windows();
}

#[test]
fn each_emitter_keeps_its_own_sequence_of_windows() {
    let mut t = Tester::quorum2();
    // emitter1 runs ahead; emitter2 follows; both contiguous on their own.
    for n in 0..5 {
        t.report(E1, u64::from(n) + 1, win(n), batch()).unwrap();
    }
    for n in 0..5 {
        t.report(E2, u64::from(n) + 1, win(n), batch()).unwrap();
        assert_eq!(t.window(win(n)).unwrap().status, 1);
    }
    assert_eq!(t.day_stats(day(win(0))).unwrap().windows_final, 5);
    t.assert_aggregates_match_windows();
}
