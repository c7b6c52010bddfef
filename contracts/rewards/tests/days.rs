//! Day rollover and payout snapshots: who is paid, who is scheduled, the
//! edge rules (no votes, nobody scheduled, emitter outage), bounded
//! catch-ups, idle days, snapshot retention.

mod common;

use antelope_sdk::Name;
use antelope_testchain::assert_fails;
use common::*;
use pool_rewards::errors::DAY_NOT_OVER;

#[test]
fn a_day_closes_only_once_it_is_over() {
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    t.income(10_000, "").unwrap();
    assert_fails(t.rollover(), DAY_NOT_OVER);
    t.set_clock(t.today(), DAY - 1);
    assert_fails(t.rollover(), DAY_NOT_OVER);
    t.chain.advance_time(1);
    t.rollover().unwrap();
    assert_fails(t.rollover(), DAY_NOT_OVER);
}

#[test]
fn any_action_of_a_new_day_rolls_over_first() {
    let mut t = Tester::with_members(&[(producer(0), 1), (producer(1), 1)]);
    let d0 = t.today();
    t.income(10_000, "").unwrap();
    t.next_day(5);
    // The claim closes the day, then pays what the snapshot gave.
    let trace = t.claim(producer(0)).unwrap();
    assert_eq!(t.state().day, d0 + 1);
    assert!(t.snapshot(d0).is_some());
    assert_eq!(transfers(&trace)[0].2, 4_750);
    // Income does not roll over: it is booked in the open day.
    t.next_day(5);
    t.income(20_000, "").unwrap();
    assert_eq!(t.state().day, d0 + 1);
    assert_eq!(t.state().pool, 19_000);
    // A sweep closes it (and returns producer(1)'s expired allocation).
    t.sweep(1).unwrap();
    assert_eq!(t.state().day, d0 + 2);
    assert_eq!(t.snapshot(d0 + 1).unwrap().pool, 19_000 + 4_750);
    // So does an infrastructure withdrawal.
    t.next_day(5);
    t.infraclaim(1).unwrap();
    assert_eq!(t.state().day, d0 + 3);
    t.assert_books();
}

#[test]
fn the_paid_set_is_the_top_paid_members_in_good_standing() {
    // 50 members with distinct votes; paid 42, scheduled 21.
    let members: Vec<(Name, u64)> = (0..50).map(|i| (producer(i), 1_000 + i as u64)).collect();
    let mut t = Tester::with_members(&members);
    let d0 = t.today();
    // The best-voted member is suspended, the second lost its
    // constitution rights (never re-signed after version 2's grace).
    t.suspend(producer(49), 10 * DAY);
    t.push(
        CHARTER,
        &pool_charter::actions::newversion {
            hash: h(2),
            url: "https://pool.example/constitution/v2".into(),
        },
        CHARTER,
    )
    .unwrap();
    for i in 0..50 {
        if i != 48 {
            t.push(
                CHARTER,
                &pool_charter::actions::sign {
                    account: producer(i),
                    hash: h(2),
                },
                producer(i),
            )
            .unwrap();
        }
    }
    t.income(1_000_000, "").unwrap();
    t.set_clock(d0 + 1, DAY - 10); // the grace period (one day) is over
                                   // Availability: members 47, 45, 43... (odd) missed the minimum.
    let availability: Vec<(Name, u32)> = (0..50)
        .map(|i| (producer(i), if i % 2 == 1 { 4_999 } else { 5_000 }))
        .collect();
    t.report_day(d0, &availability);
    t.rollover().unwrap();
    let snap = t.snapshot(d0).unwrap();
    let paid: Vec<Name> = snap.paid.iter().map(|p| p.member).collect();
    let expected: Vec<Name> = (6..48).rev().map(producer).collect();
    assert_eq!(paid, expected, "top 42 in good standing, by votes");
    let scheduled_expected: Vec<Name> = (6..48)
        .rev()
        .filter(|i| i % 2 == 0)
        .take(21)
        .map(producer)
        .collect();
    assert_eq!(snap.scheduled, scheduled_expected);
    assert_eq!(snap.scheduled.len(), 21);
    // Everyone paid has a row (all amounts are positive here).
    assert_eq!(t.allocs().len(), 42);
    t.assert_books();
}

#[test]
fn the_ranking_read_is_bounded_by_twice_paid() {
    let members: Vec<(Name, u64)> = (0..5).map(|i| (producer(i), 10 + i as u64)).collect();
    let mut t = Tester::with_members(&members);
    let mut args = t.config_args();
    args.paid = 2;
    args.scheduled = 1;
    t.setconfig_as(REWARDS, args).unwrap();
    // A suspended member is not ranked at all (its ranking key is 0).
    t.suspend(producer(4), 10 * DAY);
    t.income(10_000, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    let paid: Vec<Name> = t
        .snapshots()
        .pop()
        .unwrap()
        .paid
        .iter()
        .map(|p| p.member)
        .collect();
    assert_eq!(paid, vec![producer(3), producer(2)]);
    // Version 2: only producer(0) signs it; after the grace period the
    // top three ranked members have no rights. The snapshot reads at most
    // 2 x paid = 4 ranked members: producer(0), fifth, is not reached.
    t.push(
        CHARTER,
        &pool_charter::actions::newversion {
            hash: h(2),
            url: "https://pool.example/constitution/v2".into(),
        },
        CHARTER,
    )
    .unwrap();
    t.push(
        CHARTER,
        &pool_charter::actions::sign {
            account: producer(0),
            hash: h(2),
        },
        producer(0),
    )
    .unwrap();
    t.push(
        MEMBER,
        &pool_members::actions::setstatus {
            account: producer(4),
            status: 1,
            until: antelope_sdk::TimePointSec::from_secs(0),
            reason: "reinstated".into(),
        },
        MEMBER,
    )
    .unwrap();
    t.income(10_000, "").unwrap();
    t.set_clock(t.today() + 2, 0);
    t.rollover().unwrap();
    let snap = t.snapshots().pop().unwrap();
    assert_eq!(t.ranking(10).len(), 5);
    assert!(snap.paid.is_empty());
    assert_eq!(snap.carried, snap.pool);
    t.assert_books();
}

#[test]
fn no_vote_sum_carries_the_vote_part_and_nobody_scheduled_the_rest() {
    // Nobody in the pool: the whole pool is carried, day after day.
    let mut t = Tester::new();
    let d0 = t.today();
    t.income(100_000, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    let snap = t.snapshot(d0).unwrap();
    assert!(snap.paid.is_empty());
    assert_eq!(snap.vote_sum, 0);
    assert_eq!(snap.carried, 95_000);
    assert_eq!(t.state().pool, 95_000);

    // Members, but nobody met the minimum: the scheduled part is carried.
    t.add_members(&[producer(0), producer(1)]);
    t.set_votes(&[(producer(0), 3), (producer(1), 1)]);
    t.next_day(0);
    t.report_day(d0 + 1, &[(producer(0), 4_999)]);
    t.rollover().unwrap();
    let snap = t.snapshot(d0 + 1).unwrap();
    assert!(!snap.availability_waived);
    assert!(snap.scheduled.is_empty());
    assert_eq!(snap.vote_part, 57_000);
    assert_eq!(snap.paid[0].amount, 42_750);
    assert_eq!(snap.paid[1].amount, 14_250);
    assert_eq!(snap.carried, 38_000);
    assert_eq!(t.state().pool, 38_000);
    t.assert_books();
}

#[test]
fn an_emitter_outage_waives_the_minimum_and_says_so() {
    let mut t = Tester::with_members(&[(producer(0), 3), (producer(1), 1)]);
    let d0 = t.today();
    t.income(100_000, "").unwrap();
    t.next_day(0);
    // No report at all for the day: no final window.
    t.rollover().unwrap();
    let snap = t.snapshot(d0).unwrap();
    assert!(snap.availability_waived);
    assert_eq!(snap.scheduled, vec![producer(0), producer(1)]);
    // A day reported without entries: the emitter observed nothing.
    t.income(100_000, "").unwrap();
    t.next_day(0);
    t.report_day(d0 + 1, &[]);
    t.rollover().unwrap();
    assert!(t.snapshot(d0 + 1).unwrap().availability_waived);
    // A day the emitter observed: a member it never listed did not meet
    // the minimum.
    t.income(100_000, "").unwrap();
    t.next_day(0);
    t.report_day(d0 + 2, &[(producer(1), 10_000)]);
    t.rollover().unwrap();
    let snap = t.snapshot(d0 + 2).unwrap();
    assert!(!snap.availability_waived);
    assert_eq!(snap.scheduled, vec![producer(1)]);
    t.assert_books();
}

#[test]
fn a_catch_up_closes_at_most_max_days_per_call() {
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    let d0 = t.today();
    t.income(3_650_000, "annual").unwrap();
    // Nobody acts for ten days.
    t.set_clock(d0 + 10, 0);
    t.rollover().unwrap();
    assert_eq!(t.state().day, d0 + 7, "seven days closed");
    t.rollover().unwrap();
    assert_eq!(t.state().day, d0 + 10);
    assert_fails(t.rollover(), DAY_NOT_OVER);
    // One snapshot per day (the last seven kept); every one has the same
    // claim deadline.
    let until = t.snapshot(d0 + 3).unwrap().claim_until;
    for d in d0 + 3..d0 + 10 {
        assert!(t.snapshot(d).is_some());
    }
    assert_eq!(t.allocs_of(producer(0)).len(), 10);
    assert!(t.allocs().iter().all(|r| r.claim_until == until));
    // One claim takes the ten days.
    let trace = t.claim(producer(0)).unwrap();
    assert_eq!(transfers(&trace).len(), 1);
    t.assert_books();
}

#[test]
fn idle_days_are_skipped_in_one_step() {
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    let d0 = t.today();
    t.set_clock(d0 + 1000, 0);
    t.rollover().unwrap();
    assert_eq!(t.state().day, d0 + 1000);
    assert!(
        t.snapshots().is_empty(),
        "nothing to split, nothing written"
    );
    // A pool of one unit is not idle.
    t.income(1, "").unwrap();
    t.set_clock(d0 + 2000, 0);
    t.rollover().unwrap();
    assert_eq!(t.state().day, d0 + 2000, "closed one day, then skipped");
    assert_eq!(t.snapshots().len(), 1);
    assert_eq!(t.snapshots()[0].day, d0 + 1000);
    t.assert_books();
}

#[test]
fn snapshots_are_kept_for_seven_days() {
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    let d0 = t.today();
    for d in d0..d0 + 12 {
        t.income(10_000, "").unwrap();
        t.set_clock(d + 1, 0);
        t.rollover().unwrap();
    }
    let days: Vec<u64> = t.snapshots().iter().map(|s| s.day).collect();
    assert_eq!(days, (d0 + 5..d0 + 12).collect::<Vec<_>>());
}

#[test]
fn members_with_nothing_get_no_row() {
    // A pool of 3 units among members with votes 1 : 1000, scheduled 1:
    // the small one gets a vote share of 0 and no scheduled share.
    let mut t = Tester::with_members(&[(producer(0), 1_000), (producer(1), 1)]);
    let mut args = t.config_args();
    args.scheduled = 1;
    args.infra_share_bps = 0;
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    t.income(3, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    let snap = t.snapshot(d0).unwrap();
    assert_eq!(snap.paid[1].amount, 0);
    assert_eq!(t.allocs().len(), 1);
    assert!(t.allocs_of(producer(1)).is_empty());
    t.assert_books();
}
