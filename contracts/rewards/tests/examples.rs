//! The worked examples of docs/rewards.md, on chain: every number a
//! producer can check by hand, asserted exactly.

mod common;

use antelope_sdk::name;
use common::*;
use pool_rewards::tables::PaidMember;

const ALPHA: antelope_sdk::Name = name!("alpha");
const BRAVO: antelope_sdk::Name = name!("bravo");
const CHARLIE: antelope_sdk::Name = name!("charlie");
const DELTA: antelope_sdk::Name = name!("delta");
const ECHO: antelope_sdk::Name = name!("echo");

/// Votes 8 : 6 : 4 : 2 : 1 (in stake units: 800.0000 POOL for alpha...).
fn five_members() -> Tester {
    Tester::with_members(&[
        (ALPHA, 8_000_000),
        (BRAVO, 6_000_000),
        (CHARLIE, 4_000_000),
        (DELTA, 2_000_000),
        (ECHO, 1_000_000),
    ])
}

fn paid(member: antelope_sdk::Name, votes: u64, vote_share: u64, amount: u64) -> PaidMember {
    PaidMember {
        member,
        votes,
        vote_share,
        amount,
    }
}

#[test]
fn example_1_one_day_five_members() {
    let mut t = five_members();
    let d0 = t.today();
    assert_eq!(t.state().day, d0);

    // Income of the day: a 10.0000 POOL fee and 100.0000 POOL of annual
    // income (a registration fee).
    t.income(100_000, "fee").unwrap();
    let s = t.state();
    assert_eq!((s.infra, s.pool), (5_000, 95_000));
    t.income(1_000_000, "annual").unwrap();
    let s = t.state();
    assert_eq!(s.infra, 55_000, "5% of both incomes");
    assert_eq!(s.annual_rate, 2_602, "950,000 / 365 = 2,602 rest 270");
    assert_eq!(
        s.pool,
        95_000 + 2_602 + 270,
        "first day: a part and the remainder"
    );
    assert_eq!(s.annual_pending, 364 * 2_602);
    assert_eq!(t.schedule()[(d0 % 365) as usize], 2_602);
    t.assert_books();

    // The day ends; the emitter reports it: delta proposed in 42% of its
    // slots, echo in exactly 50%.
    t.next_day(0);
    t.report_day(
        d0,
        &[
            (ALPHA, 9_000),
            (BRAVO, 8_000),
            (CHARLIE, 7_000),
            (DELTA, 4_200),
            (ECHO, 5_000),
        ],
    );
    assert_eq!(t.availability(d0, DELTA), Some(4_200));
    t.rollover().unwrap();

    let snap = t.snapshot(d0).unwrap();
    assert!(!snap.availability_waived);
    assert_eq!(snap.pool, 97_872);
    assert_eq!(snap.vote_part, 58_723);
    assert_eq!(snap.scheduled_part, 39_149);
    assert_eq!(snap.vote_sum, 21_000_000);
    assert_eq!(snap.scheduled_share, 9_787);
    assert_eq!(
        snap.carried, 3,
        "2 from the vote shares, 1 from the scheduled shares"
    );
    assert_eq!(
        snap.paid,
        vec![
            paid(ALPHA, 8_000_000, 22_370, 32_157),
            paid(BRAVO, 6_000_000, 16_778, 26_565),
            paid(CHARLIE, 4_000_000, 11_185, 20_972),
            paid(DELTA, 2_000_000, 5_592, 5_592),
            paid(ECHO, 1_000_000, 2_796, 12_583),
        ]
    );
    assert_eq!(snap.scheduled, vec![ALPHA, BRAVO, CHARLIE, ECHO]);
    assert_eq!(snap.taken_at.secs(), t.day_start(d0 + 1));
    assert_eq!(snap.claim_until.secs(), t.day_start(d0 + 1) + DAY);

    let s = t.state();
    assert_eq!(s.day, d0 + 1);
    assert_eq!(s.pool, 3 + 2_602, "carried + the new day's annual part");
    assert_eq!(s.unclaimed, 97_869);
    assert_eq!(s.annual_pending, 363 * 2_602);
    assert_eq!(t.balance(REWARDS), 1_100_000);
    t.assert_books();

    // Four of them claim; echo does not.
    for (m, amount) in [
        (ALPHA, 32_157),
        (BRAVO, 26_565),
        (CHARLIE, 20_972),
        (DELTA, 5_592),
    ] {
        let before = t.balance(m);
        let trace = t.claim(m).unwrap();
        assert_eq!(
            transfers(&trace),
            vec![(REWARDS, m, amount, "pool rewards".to_string())]
        );
        assert_eq!(t.balance(m), before + amount);
    }
    assert_eq!(t.claimable(ECHO), 12_583);
    t.assert_books();
}

#[test]
fn example_2_an_outage_day_and_a_missed_claim() {
    let mut t = five_members();
    let d0 = t.today();
    t.income(100_000, "fee").unwrap();
    t.income(1_000_000, "annual").unwrap();
    t.next_day(0);
    t.report_day(
        d0,
        &[
            (ALPHA, 9_000),
            (BRAVO, 8_000),
            (CHARLIE, 7_000),
            (DELTA, 4_200),
            (ECHO, 5_000),
        ],
    );
    t.rollover().unwrap();
    for m in [ALPHA, BRAVO, CHARLIE, DELTA] {
        t.claim(m).unwrap();
    }

    // Day d0 + 1: the emitter is down (it reports the day's window
    // without entries). Echo never claims its 12,583.
    t.next_day(0);
    t.report_day(d0 + 1, &[]);
    t.rollover().unwrap();

    let snap = t.snapshot(d0 + 1).unwrap();
    assert!(
        snap.availability_waived,
        "the minimum is waived and recorded"
    );
    assert_eq!(
        snap.pool,
        2_605 + 12_583,
        "echo's allocation came back first"
    );
    assert_eq!(snap.vote_part, 9_112);
    assert_eq!(snap.scheduled_part, 6_076);
    assert_eq!(snap.scheduled_share, 1_215);
    assert_eq!(snap.carried, 4);
    assert_eq!(
        snap.paid,
        vec![
            paid(ALPHA, 8_000_000, 3_471, 4_686),
            paid(BRAVO, 6_000_000, 2_603, 3_818),
            paid(CHARLIE, 4_000_000, 1_735, 2_950),
            paid(DELTA, 2_000_000, 867, 2_082),
            paid(ECHO, 1_000_000, 433, 1_648),
        ]
    );
    assert_eq!(snap.scheduled, vec![ALPHA, BRAVO, CHARLIE, DELTA, ECHO]);
    let s = t.state();
    assert_eq!(s.pool, 4 + 2_602);
    assert_eq!(s.unclaimed, 15_184);
    assert_eq!(t.allocs_of(ECHO), vec![(d0 + 1, 1_648)]);
    t.assert_books();
}
