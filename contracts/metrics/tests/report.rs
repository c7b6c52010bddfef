//! `report` with quorum 1: what an accepted report stores and adds, every
//! rejection with its exact message (and that it changed nothing), and
//! the replay, gap, overlap, order and time rules (security checklist
//! 12 and 13).

mod common;

use antelope_sdk::Name;
use antelope_testchain::assert_fails;
use common::*;
use pool_metrics::errors::*;
use pool_metrics::tables::MetricEntry;

/// `report` must fail with `message` and change nothing at all.
#[track_caller]
fn refused(
    t: &mut Tester,
    emitter: Name,
    seq: u64,
    start: u32,
    entries: Vec<MetricEntry>,
    message: &str,
) {
    t.reach(start.saturating_add(W));
    let before = t.snapshot();
    assert_fails(
        t.report_raw(emitter, emitter, seq, start, start.wrapping_add(W), entries),
        message,
    );
    assert_eq!(t.snapshot(), before, "a refused report changed something");
}

// ---- accepted reports --------------------------------------------------------------

#[test]
fn a_first_report_is_final_and_adds_into_the_day() {
    let mut t = Tester::new();
    t.report(E1, 1, win(0), batch()).unwrap();

    let e = t.emitter(E1).unwrap();
    assert_eq!((e.last_seq, e.last_end, e.reports), (1, tps(win(1)), 1));

    let r = t
        .report_by_seq(E1, 1)
        .expect("stored, found by (emitter, seq)");
    assert_eq!((r.id, r.emitter, r.seq), (0, E1, 1));
    assert_eq!((r.start, r.end), (tps(win(0)), tps(win(1))));
    assert_eq!(r.entries, batch());
    assert_eq!(r.status, 1, "final");
    assert_eq!(r.hash, hash_of(win(0), &batch()));
    assert_eq!(r.reported_at, tps(win(1)));

    let w = t.window(win(0)).unwrap();
    assert_eq!(w.status, 1);
    assert_eq!(w.hash, r.hash);
    assert_eq!(
        (w.reports, w.conflict, w.finalized_at),
        (1, false, tps(win(1)))
    );

    let d = day(win(0));
    let m = t.member_day(d, PROD1).unwrap();
    assert_eq!(
        (
            m.slots,
            m.proposed,
            m.selected,
            m.late,
            m.latency_ms,
            m.windows
        ),
        (120, 118, 40, 2, 23_600, 1)
    );
    let s = t.day_stats(d).unwrap();
    assert_eq!(
        (s.day, s.windows_final, s.windows_empty, s.slots),
        (d, 1, 0, 120)
    );
    assert_eq!(t.availability(d, PROD1), Some(9833));
    assert_eq!(t.availability(d, PROD3), Some(5000));
    assert_eq!(t.availability(d, PROD4), Some(0));
    assert_eq!(t.availability(d, PROD5), None, "not listed");
    assert!(t.has_final_window(d));
    assert!(!t.has_final_window(d + 1));
    assert_eq!(t.state_row().next_id, 1);
    t.assert_aggregates_match_windows();
}

#[test]
fn windows_add_up_over_a_day_and_roll_into_the_next() {
    let mut t = Tester::new();
    let per_day = DAY / W;
    for n in 0..per_day + 2 {
        let entries = vec![
            entry(PROD1, SLOTS, 100 + n % 20, 10, 1, 1000),
            entry(PROD2, SLOTS - 20, 50, 50, 0, 0),
        ];
        t.report(E1, u64::from(n) + 1, win(n), entries).unwrap();
    }
    let d0 = day(win(0));
    let m = t.member_day(d0, PROD1).unwrap();
    let proposed: u64 = (0..per_day).map(|n| u64::from(100 + n % 20)).sum();
    assert_eq!(m.proposed, proposed);
    assert_eq!(m.slots, u64::from(per_day * SLOTS));
    assert_eq!(m.windows, per_day);
    assert_eq!(m.late, u64::from(per_day));
    assert_eq!(m.latency_ms, u64::from(per_day) * 1000);
    assert_eq!(
        t.availability(d0, PROD1),
        Some((proposed * 10_000 / u64::from(per_day * SLOTS)) as u32)
    );
    assert_eq!(t.availability(d0, PROD2), Some(5000));
    assert_eq!(t.day_stats(d0).unwrap().windows_final, per_day);
    assert_eq!(t.day_stats(d0 + 1).unwrap().windows_final, 2);
    assert_eq!(t.member_day(d0 + 1, PROD1).unwrap().windows, 2);
    t.assert_aggregates_match_windows();
}

#[test]
fn an_empty_window_is_final_but_not_observed() {
    let mut t = Tester::new();
    // The emitter was down: it reports the windows it missed empty.
    t.report(E1, 1, win(0), vec![]).unwrap();
    t.report(E1, 2, win(1), vec![]).unwrap();
    let d = day(win(0));
    let s = t.day_stats(d).unwrap();
    assert_eq!((s.windows_final, s.windows_empty, s.slots), (2, 2, 0));
    assert!(
        !t.has_final_window(d),
        "an outage day: availability is waived"
    );
    assert_eq!(t.availability(d, PROD1), None);
    // Back up: one observed window makes the day count.
    t.report(E1, 3, win(2), batch()).unwrap();
    assert!(t.has_final_window(d));
    let s = t.day_stats(d).unwrap();
    assert_eq!((s.windows_final, s.windows_empty, s.slots), (3, 2, 120));
    t.assert_aggregates_match_windows();
}

#[test]
fn seq_may_skip_but_windows_may_not() {
    let mut t = Tester::new();
    t.report(E1, 5, win(0), batch()).unwrap();
    t.report(E1, 9, win(1), batch()).unwrap();
    assert_eq!(t.emitter(E1).unwrap().last_seq, 9);
    assert!(t.report_by_seq(E1, 5).is_some());
    assert!(t.report_by_seq(E1, 6).is_none());
}

#[test]
fn the_first_window_may_start_after_genesis() {
    let mut t = Tester::new();
    t.report(E1, 1, win(30), batch()).unwrap();
    t.report(E1, 2, win(31), batch()).unwrap();
    t.assert_aggregates_match_windows();
}

#[test]
fn a_window_ending_at_the_block_time_is_accepted() {
    let mut t = Tester::new();
    t.set_time(win(1));
    t.report_raw(E1, E1, 1, win(0), win(1), batch()).unwrap();
}

#[test]
fn the_largest_allowed_batch_is_accepted() {
    let mut t = Tester::new();
    // Five members, so a batch of max_batch needs max_batch >= 5: the
    // bench's max_batch is 10; set it to exactly 5.
    let mut cfg = t.config_args();
    cfg.max_batch = 5;
    t.setconfig_as(METRICS, cfg).unwrap();
    let five: Vec<MetricEntry> = PRODUCERS
        .iter()
        .map(|p| entry(*p, SLOTS, 24, 24, 0, 0))
        .collect();
    // sum(selected) == window slots exactly.
    t.report(E1, 1, win(0), five).unwrap();
}

// ---- replay and order ------------------------------------------------------------------

#[test]
fn the_same_seq_twice_is_refused() {
    let mut t = Tester::new();
    t.report(E1, 1, win(0), batch()).unwrap();
    // Exactly the same action again (a retry after it was accepted).
    refused(&mut t, E1, 1, win(0), batch(), SEQ_NOT_INCREASING);
    // The same seq with the next window.
    refused(&mut t, E1, 1, win(1), batch(), SEQ_NOT_INCREASING);
    // A lower seq.
    refused(&mut t, E1, 0, win(1), batch(), SEQ_NOT_INCREASING);
}

#[test]
fn the_same_window_twice_is_refused() {
    let mut t = Tester::new();
    t.report(E1, 1, win(0), batch()).unwrap();
    refused(&mut t, E1, 2, win(0), batch(), WINDOW_OVERLAPS);
    refused(&mut t, E1, 2, win(0), vec![], WINDOW_OVERLAPS);
}

#[test]
fn an_earlier_window_is_refused() {
    let mut t = Tester::new();
    t.report(E1, 1, win(5), batch()).unwrap();
    refused(&mut t, E1, 2, win(4), batch(), WINDOW_OVERLAPS);
    refused(&mut t, E1, 2, win(0), batch(), WINDOW_OVERLAPS);
}

#[test]
fn a_gap_is_refused() {
    let mut t = Tester::new();
    t.report(E1, 1, win(0), batch()).unwrap();
    refused(&mut t, E1, 2, win(2), batch(), WINDOW_GAP);
    t.report(E1, 2, win(1), batch()).unwrap();
}

#[test]
fn out_of_order_reports_are_refused() {
    let mut t = Tester::new();
    // seq 2 (window 1) arrives before seq 1 (window 0): seq 2 is taken as
    // the first report, then seq 1 is both old and overlapping.
    t.report(E1, 2, win(1), batch()).unwrap();
    refused(&mut t, E1, 1, win(0), batch(), SEQ_NOT_INCREASING);
    refused(&mut t, E1, 3, win(0), batch(), WINDOW_OVERLAPS);
}

#[test]
fn a_window_that_has_not_ended_is_refused() {
    let mut t = Tester::new();
    t.set_time(win(1) - 1);
    let before = t.snapshot();
    assert_fails(
        t.report_raw(E1, E1, 1, win(0), win(1), batch()),
        WINDOW_IN_FUTURE,
    );
    // Far in the future.
    assert_fails(
        t.report_raw(E1, E1, 1, win(1000), win(1001), batch()),
        WINDOW_IN_FUTURE,
    );
    assert_eq!(t.snapshot(), before);
    t.set_time(win(1));
    t.report_raw(E1, E1, 1, win(0), win(1), batch()).unwrap();
}

#[test]
fn a_first_window_before_genesis_is_refused() {
    let mut t = Tester::new();
    refused(&mut t, E1, 1, T0 - W, batch(), WINDOW_BEFORE_GENESIS);
    refused(&mut t, E1, 1, 0, batch(), WINDOW_BEFORE_GENESIS);
}

#[test]
fn misshapen_windows_are_refused() {
    let mut t = Tester::new();
    refused(&mut t, E1, 1, win(0) + 1, batch(), WINDOW_NOT_ALIGNED);
    t.reach(win(10));
    let before = t.snapshot();
    for (start, end) in [
        (win(0), win(2)),
        (win(0), win(0)),
        (win(1), win(0)),
        (win(0), win(0) + W - 1),
        (win(0), u32::MAX),
    ] {
        assert_fails(
            t.report_raw(E1, E1, 1, start, end, batch()),
            WINDOW_WRONG_LENGTH,
        );
    }
    assert_eq!(t.snapshot(), before);
}

// ---- entries ------------------------------------------------------------------------------

#[test]
fn each_entry_rule_has_its_message() {
    let mut t = Tester::new();
    let cases: [(MetricEntry, &str); 5] = [
        (entry(PROD1, SLOTS + 1, 0, 0, 0, 0), SLOTS_ABOVE_WINDOW),
        (entry(PROD1, u32::MAX, 0, 0, 0, 0), SLOTS_ABOVE_WINDOW),
        (entry(PROD1, 100, 101, 0, 0, 0), PROPOSED_ABOVE_SLOTS),
        (entry(PROD1, 100, 50, 51, 0, 0), SELECTED_ABOVE_PROPOSED),
        (entry(PROD1, 100, 50, 10, 51, 0), LATE_ABOVE_PROPOSED),
    ];
    for (bad, message) in cases {
        // The bad entry after good ones: nothing of the good ones stays.
        let mut entries = batch();
        entries.retain(|e| e.member != PROD1);
        entries.push(bad);
        refused(&mut t, E1, 1, win(0), entries, message);
    }
    t.report(E1, 1, win(0), batch()).unwrap();
}

#[test]
fn more_selected_blocks_than_slots_are_refused() {
    let mut t = Tester::new();
    let entries = vec![
        entry(PROD1, SLOTS, 100, 61, 0, 0),
        entry(PROD2, SLOTS, 100, 60, 0, 0),
    ];
    refused(&mut t, E1, 1, win(0), entries, SELECTED_ABOVE_WINDOW);
}

#[test]
fn a_member_twice_in_a_batch_is_refused() {
    let mut t = Tester::new();
    let mut entries = batch();
    entries.push(entry(PROD2, SLOTS, 1, 0, 0, 0));
    refused(&mut t, E1, 1, win(0), entries, DUPLICATE_MEMBER);
}

#[test]
fn an_unknown_member_is_refused_by_name() {
    let mut t = Tester::new();
    let mut entries = batch();
    entries.push(entry(ALICE, SLOTS, 1, 0, 0, 0));
    refused(&mut t, E1, 1, win(0), entries, "unknown member: alice");
    // Signed the constitution, never registered: not a member either.
    refused(
        &mut t,
        E1,
        1,
        win(0),
        vec![entry(PROD11, SLOTS, 1, 0, 0, 0)],
        "unknown member: prod11",
    );
    // Registered later: now accepted.
    t.register_member(PROD11);
    t.report(E1, 1, win(0), vec![entry(PROD11, SLOTS, 1, 0, 0, 0)])
        .unwrap();
}

#[test]
fn a_batch_above_max_batch_is_refused() {
    let mut t = Tester::new();
    let mut cfg = t.config_args();
    cfg.max_batch = 3;
    t.setconfig_as(METRICS, cfg).unwrap();
    refused(&mut t, E1, 1, win(0), batch(), BATCH_TOO_LARGE);
    // Checked before the entries: 11 duplicates of an unknown account.
    let many = vec![entry(ALICE, SLOTS + 1, 0, 0, 0, 0); 11];
    refused(&mut t, E1, 1, win(0), many, BATCH_TOO_LARGE);
    t.report(E1, 1, win(0), batch()[..3].to_vec()).unwrap();
}

// ---- who may report ------------------------------------------------------------------------

#[test]
fn an_unregistered_emitter_is_refused() {
    let mut t = Tester::new();
    refused(&mut t, E2, 1, win(0), batch(), NOT_EMITTER);
    refused(&mut t, ALICE, 1, win(0), batch(), NOT_EMITTER);
}

#[test]
fn a_report_before_configuration_is_refused() {
    let mut t = Tester::bare();
    t.reach(win(1));
    let before = t.snapshot();
    assert_fails(
        t.report_raw(E1, E1, 1, win(0), win(1), batch()),
        NOT_CONFIGURED,
    );
    assert_eq!(t.snapshot(), before);
}

#[test]
fn the_checks_run_in_the_documented_order() {
    let mut t = Tester::new();
    t.report(E1, 3, win(0), batch()).unwrap();
    t.reach(win(50));
    let bad_everything = vec![entry(ALICE, SLOTS + 1, 0, 0, 0, 0); 11];
    let mut bad_entries = vec![entry(ALICE, SLOTS + 1, 0, 0, 0, 0)];
    let mut check =
        |emitter: Name, seq: u64, start: u32, end: u32, e: &Vec<MetricEntry>, msg: &str| {
            assert_fails(
                t.report_raw(emitter, emitter, seq, start, end, e.clone()),
                msg,
            );
        };
    check(E2, 1, 1, 1, &bad_everything, NOT_EMITTER);
    check(E1, 3, 1, 1, &bad_everything, SEQ_NOT_INCREASING);
    check(E1, 4, 1, 1, &bad_everything, BATCH_TOO_LARGE);
    check(E1, 4, 1, 1, &bad_entries, WINDOW_NOT_ALIGNED);
    check(E1, 4, win(3), win(5), &bad_entries, WINDOW_WRONG_LENGTH);
    check(E1, 4, win(3), win(4), &bad_entries, WINDOW_GAP);
    check(E1, 4, win(1), win(2), &bad_entries, SLOTS_ABOVE_WINDOW);
    bad_entries[0].slots = SLOTS;
    check(E1, 4, win(1), win(2), &bad_entries, "unknown member: alice");
}
