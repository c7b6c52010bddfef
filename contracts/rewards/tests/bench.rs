//! The benchmark shapes: a rollover that takes one day's snapshot, and a
//! claim, with 21, 42 and 100 paid members (every member reported by the
//! emitter, so the snapshot reads each one's availability). The lead
//! times the same actions on nodeos; natively this shows that each shape
//! runs, what it writes, and a rough time (`--nocapture`).

mod common;

use antelope_sdk::Name;
use common::*;
use std::time::Instant;

struct Shape {
    members: usize,
    rollover_us: u128,
    claim_us: u128,
    rows: usize,
    snapshot_bytes: usize,
    ram_per_day: i64,
}

fn measure(n: usize) -> Shape {
    let members: Vec<(Name, u64)> = (0..n).map(|i| (producer(i), 1_000 + i as u64)).collect();
    let mut t = Tester::with_members(&members);
    let mut args = t.config_args();
    args.paid = n as u16;
    args.scheduled = 21.min(n as u16);
    args.max_sweep = args.max_sweep.max(n as u16);
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    t.income(1_000_000_000, "").unwrap();
    t.income(365_000_000, "annual").unwrap();
    t.next_day(0);
    let availability: Vec<(Name, u32)> = members.iter().map(|(m, _)| (*m, 9_000)).collect();
    t.report_day(d0, &availability);
    let ram = t.chain.ram_usage(REWARDS);
    let started = Instant::now();
    t.rollover().unwrap();
    let rollover_us = started.elapsed().as_micros();
    let ram_per_day = t.chain.ram_usage(REWARDS) - ram;
    let snapshot = t.snapshot(d0).unwrap();
    assert_eq!(snapshot.paid.len(), n);
    assert_eq!(snapshot.scheduled.len(), 21.min(n));
    let snapshot_bytes = antelope_sdk::Pack::packed(&snapshot).len();
    let rows = t.allocs().len();
    let started = Instant::now();
    t.claim(producer(n - 1)).unwrap();
    let claim_us = started.elapsed().as_micros();
    t.assert_books();
    Shape {
        members: n,
        rollover_us,
        claim_us,
        rows,
        snapshot_bytes,
        ram_per_day,
    }
}

#[test]
fn rollover_and_claim_at_21_42_and_100_members() {
    println!("members  rollover(native)  claim(native)  allocation rows  snapshot bytes  contract RAM per day");
    for n in [21, 42, 100] {
        let s = measure(n);
        assert_eq!(s.rows, n);
        assert!(s.ram_per_day > 0);
        println!(
            "{:>7}  {:>13} us  {:>10} us  {:>15}  {:>14}  {:>20}",
            s.members, s.rollover_us, s.claim_us, s.rows, s.snapshot_bytes, s.ram_per_day
        );
    }
}
