//! Bounded work (security checklist 11): the worst case of every looping
//! action, at the largest parameters the contract allows, succeeds:
//!
//! - `report` with `MAX_BATCH_CAP` entries, each member existing, that
//!   finalizes its window (creating, then updating, 1000 aggregate rows);
//! - the same with quorum 2, where the finalizing report also rewrites
//!   the earlier report's status;
//! - a window tallied over `MAX_WINDOW_REPORTS` reports of
//!   `MAX_BATCH_CAP` entries each;
//! - `prune` of `MAX_PRUNE_ROWS` rows of `MAX_BATCH_CAP` entries.
//!
//! `measure_worst_cases` (ignored; run it with `cargo test --release -p
//! pool-metrics --test bound -- --ignored --nocapture`) prints the native
//! time of each; docs/metrics.md records a run next to the nodeos figures.

mod common;

use antelope_sdk::{Name, TimePointSec};
use antelope_testchain::Trace;
use common::*;
use pool_core::metrics::{MAX_BATCH_CAP, MAX_PRUNE_ROWS, MAX_WINDOW_REPORTS};
use pool_metrics::tables::MetricEntry;
use std::time::{Duration, Instant};

/// `count` member account names: `mb` + three characters.
fn member_names(count: usize) -> Vec<Name> {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz12345";
    (0..count)
        .map(|i| {
            let c = |k: usize| CHARS[(i / CHARS.len().pow(k as u32)) % CHARS.len()] as char;
            Name::try_from_str(&format!("mb{}{}{}", c(2), c(1), c(0))).unwrap()
        })
        .collect()
}

/// The bench with `MAX_BATCH_CAP` more members and `max_batch` at the cap.
fn big_bench() -> (Tester, Vec<Name>) {
    let mut t = Tester::new();
    let members = member_names(MAX_BATCH_CAP as usize);
    t.chain.create_accounts(&members);
    for m in &members {
        constitution_fixture::sign_v(&mut t.chain, CHARTER, *m, 1);
        t.register_member(*m);
    }
    let mut cfg = t.config_args();
    cfg.max_batch = MAX_BATCH_CAP;
    t.setconfig_as(METRICS, cfg).unwrap();
    (t, members)
}

/// A full batch: every member with all slots; selections spread so that
/// their sum stays within the window (120 slots).
fn full_batch(members: &[Name], salt: u32) -> Vec<MetricEntry> {
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let selected = u32::from(i < SLOTS as usize);
            entry(
                *m,
                SLOTS,
                100 + salt % 20,
                selected,
                3,
                25_000 + u64::from(salt),
            )
        })
        .collect()
}

fn timed(f: impl FnOnce() -> Trace) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

#[test]
fn a_full_batch_finalizes_and_adds_1000_rows() {
    let (mut t, members) = big_bench();
    t.report(E1, 1, win(0), full_batch(&members, 0)).unwrap();
    t.report(E1, 2, win(1), full_batch(&members, 1)).unwrap();
    let d = day(win(0));
    let rows = t.days(d);
    assert_eq!(rows.len(), MAX_BATCH_CAP as usize);
    assert!(rows.iter().all(|r| r.windows == 2));
    assert_eq!(t.availability(d, members[999]), Some(8375));
    // One entry more is refused before any work.
    let mut over = full_batch(&members, 2);
    over.push(entry(PROD1, SLOTS, 0, 0, 0, 0));
    antelope_testchain::assert_fails(
        t.report(E1, 3, win(2), over),
        "batch has more entries than max_batch",
    );
}

#[test]
fn a_full_batch_with_quorum_2() {
    let (mut t, members) = big_bench();
    t.regemitter(E2).unwrap();
    t.setquorum_as(METRICS, 2).unwrap();
    t.report(E1, 1, win(0), full_batch(&members, 0)).unwrap();
    t.report(E2, 1, win(0), full_batch(&members, 0)).unwrap();
    assert_eq!(t.window(win(0)).unwrap().status, 1);
    assert_eq!(t.report_by_seq(E1, 1).unwrap().status, 1);
    assert_eq!(t.days(day(win(0))).len(), MAX_BATCH_CAP as usize);
}

/// 31 reports of one window (emitter1, re-registered each time, all
/// disagreeing with the content), then the 32nd by emitter2 tallies all.
fn fill_window(t: &mut Tester, members: &[Name]) {
    t.regemitter(E2).unwrap();
    t.regemitter(E3).unwrap();
    t.setquorum_as(METRICS, 2).unwrap();
    for seq in 1..MAX_WINDOW_REPORTS as u64 {
        if seq > 1 {
            t.rmemitter(E1).unwrap();
            t.regemitter(E1).unwrap();
        }
        t.report(E1, seq, win(0), full_batch(members, seq as u32))
            .unwrap();
    }
}

#[test]
fn a_window_tally_over_32_full_reports() {
    let (mut t, members) = big_bench();
    fill_window(&mut t, &members);
    // emitter2 agrees with the last of emitter1's reports: final, and the
    // 31 earlier ones are tallied (30 become conflicts, one final).
    t.report(E2, 1, win(0), full_batch(&members, 31)).unwrap();
    let w = t.window(win(0)).unwrap();
    assert_eq!((w.status, w.reports), (1, MAX_WINDOW_REPORTS));
    let finals = t.reports().iter().filter(|r| r.status == 1).count();
    assert_eq!(finals, 2);
}

#[test]
fn pruning_100_full_reports() {
    let (mut t, members) = big_bench();
    for n in 0..60u32 {
        t.report(E1, u64::from(n) + 1, win(n), full_batch(&members, n))
            .unwrap();
    }
    t.set_time(win(60) + RETENTION + 1);
    t.prune(MAX_PRUNE_ROWS).unwrap();
    assert_eq!(t.windows().len() + t.reports().len(), 20);
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn measure_worst_cases() {
    let (mut t, members) = big_bench();
    let n = members.len();
    t.reach(win(100));
    let report = |t: &mut Tester, e: Name, seq: u64, w: u32, salt: u32| {
        let entries = full_batch(&members, salt);
        let data = pool_metrics::actions::report {
            emitter: e,
            seq,
            start: TimePointSec::from_secs(win(w)),
            end: TimePointSec::from_secs(win(w + 1)),
            entries,
        };
        timed(|| t.chain.push_action_as(METRICS, &data, e).unwrap())
    };
    let first = report(&mut t, E1, 1, 0, 0);
    let second = report(&mut t, E1, 2, 1, 1);
    println!("report, {n} entries, final, 1000 new aggregate rows:     {first:?}");
    println!("report, {n} entries, final, 1000 updated aggregate rows: {second:?}");

    let (mut t, members) = big_bench();
    fill_window(&mut t, &members);
    let data = pool_metrics::actions::report {
        emitter: E2,
        seq: 1,
        start: TimePointSec::from_secs(win(0)),
        end: TimePointSec::from_secs(win(1)),
        entries: full_batch(&members, 31),
    };
    let tally = timed(|| t.chain.push_action_as(METRICS, &data, E2).unwrap());
    println!("report, {n} entries, final after a tally of 31 full reports: {tally:?}");

    let (mut t, members) = big_bench();
    for w in 0..60u32 {
        t.report(E1, u64::from(w) + 1, win(w), full_batch(&members, w))
            .unwrap();
    }
    t.set_time(win(60) + RETENTION + 1);
    let prune = timed(|| t.prune(MAX_PRUNE_ROWS).unwrap());
    println!("prune, {MAX_PRUNE_ROWS} rows of {n}-entry reports: {prune:?}");
}
