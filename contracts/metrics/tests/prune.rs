//! `prune`: bounded removal of raw reports and window rows past the
//! retention period, oldest first; aggregates stay; pruned windows are
//! closed to reports.

mod common;

use antelope_testchain::assert_fails;
use common::*;
use pool_core::metrics::MAX_PRUNE_ROWS;
use pool_metrics::errors::*;

/// `count` windows reported by emitter1 from window 0.
fn reported(count: u32) -> Tester {
    let mut t = Tester::new();
    for n in 0..count {
        t.report(E1, u64::from(n) + 1, win(n), batch()).unwrap();
    }
    t
}

/// The first time at which window `n` may be pruned.
fn prunable_at(n: u32) -> u32 {
    win(n + 1) + RETENTION + 1
}

#[test]
fn nothing_to_prune() {
    let mut t = Tester::bare();
    assert_fails(t.prune(1), NOT_CONFIGURED);
    let mut t = Tester::new();
    assert_fails(t.prune(10), NOTHING_TO_PRUNE);
    let mut t = reported(3);
    // Exactly the retention after the end: not more than it.
    t.set_time(win(1) + RETENTION);
    let before = t.snapshot();
    assert_fails(t.prune(10), NOTHING_TO_PRUNE);
    assert_fails(t.prune(0), PRUNE_ZERO);
    assert_eq!(t.snapshot(), before);
}

#[test]
fn pruning_removes_old_rows_oldest_first_and_keeps_aggregates() {
    let mut t = reported(5);
    let d = day(win(0));
    let aggregates = t.days(d);
    let stats = t.day_stats(d);
    let ram = t.ram(E1);
    // Windows 0 and 1 are past the retention, 2..4 are not.
    t.set_time(prunable_at(1));
    t.prune(100).unwrap();
    let starts: Vec<u32> = t.windows().iter().map(|w| w.start.secs()).collect();
    assert_eq!(starts, [win(2), win(3), win(4)]);
    let seqs: Vec<u64> = t.reports().iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [3, 4, 5]);
    assert_eq!(t.report_by_seq(E1, 1), None);
    assert_eq!(t.days(d), aggregates, "aggregates stay");
    assert_eq!(t.day_stats(d), stats);
    assert!(t.ram(E1) < ram, "the emitter gets its RAM back");
    assert_eq!(t.state_row().pruned_until, tps(win(2)));
    assert_fails(t.prune(100), NOTHING_TO_PRUNE);
}

#[test]
fn pruning_is_bounded_by_max_rows() {
    let mut t = reported(3);
    t.set_time(prunable_at(2));
    // 3 windows x (1 report + 1 window row) = 6 rows.
    t.prune(1).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!(w.reports, 0, "its report went, the row is next");
    assert_eq!(t.reports().len(), 2);
    assert_eq!(t.state_row().pruned_until, tps(win(1)));
    t.prune(2).unwrap();
    assert_eq!(t.window(win(0)), None);
    assert_eq!(t.window(win(1)).unwrap().reports, 0);
    assert_eq!(t.reports().len(), 1);
    t.prune(3).unwrap();
    assert!(t.windows().is_empty());
    assert!(t.reports().is_empty());
    assert_fails(t.prune(1), NOTHING_TO_PRUNE);
    assert_eq!(t.state_row().pruned_until, tps(win(3)));
}

#[test]
fn one_prune_removes_at_most_100_rows() {
    let mut t = reported(60);
    t.set_time(prunable_at(59));
    t.prune(u32::MAX).unwrap();
    let left = t.windows().len() + t.reports().len();
    assert_eq!(left, 120 - MAX_PRUNE_ROWS as usize);
    t.prune(u32::MAX).unwrap();
    assert!(t.windows().is_empty() && t.reports().is_empty());
}

#[test]
fn every_report_of_a_window_is_pruned() {
    let mut t = Tester::quorum2();
    let mut other = batch();
    other[1].late += 1;
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    t.report(E3, 1, win(0), other).unwrap();
    t.report(E1, 2, win(1), batch()).unwrap();
    t.set_time(prunable_at(0));
    t.prune(3).unwrap();
    assert_eq!(t.window(win(0)).unwrap().reports, 0);
    t.prune(3).unwrap();
    assert_eq!(t.window(win(0)), None);
    assert_eq!(
        t.report_by_seq(E3, 1),
        None,
        "evidence goes too, after the retention"
    );
    assert!(t.window(win(1)).is_some(), "not yet prunable");
}

#[test]
fn a_pruned_window_cannot_be_reported_again() {
    let mut t = Tester::quorum2();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    t.report(E1, 2, win(1), batch()).unwrap();
    t.set_time(prunable_at(1));
    t.prune(1).unwrap();
    // Window 0 lost a report; it can no longer collect one, whatever the
    // emitter's cursor says: emitter3 never reported and would start there.
    assert_fails(t.report(E3, 1, win(0), batch()), WINDOW_PRUNED);
    // emitter2 lags behind: its next window is 1, which is not pruned yet
    // but is not final either (quorum 2, one report).
    t.report(E2, 2, win(1), batch()).unwrap();
    assert_eq!(t.window(win(1)).unwrap().status, 1);
    // Prune everything: the horizon moves past window 1.
    t.prune(100).unwrap();
    assert_eq!(t.state_row().pruned_until, tps(win(2)));
    assert_fails(t.report(E3, 1, win(1), batch()), WINDOW_PRUNED);
    // Re-registered emitters cannot re-count a pruned window either.
    t.rmemitter(E1).unwrap();
    t.regemitter(E1).unwrap();
    assert_fails(t.report(E1, 3, win(0), batch()), WINDOW_PRUNED);
    t.report(E1, 3, win(2), batch()).unwrap();
    t.report(E3, 1, win(2), batch()).unwrap();
    assert_eq!(t.member_day(day(win(0)), PROD1).unwrap().windows, 3);
}

#[test]
fn anyone_may_prune_and_nobody_pays() {
    let mut t = reported(2);
    t.set_time(prunable_at(1));
    let (alice, contract) = (t.ram(ALICE), t.ram(METRICS));
    t.prune(100).unwrap();
    assert_eq!(t.ram(ALICE), alice);
    assert_eq!(t.ram(METRICS), contract);
}
