//! Income: what a transfer books, what is ignored and what is refused
//! (security checklist 1 and 2), and that no transfer creates a row.

mod common;

use antelope_sdk::{name, Name};
use antelope_testchain::assert_fails;
use common::*;
use pool_rewards::errors::WRONG_SYMBOL;

#[test]
fn ordinary_income_goes_to_the_open_day_after_the_infrastructure_share() {
    let mut t = Tester::new();
    for memo in ["fee", "", "Annual", "annual ", "annually", "pool income"] {
        let before = t.state();
        t.income(1_000_000, memo).unwrap();
        let s = t.state();
        assert_eq!(s.infra - before.infra, 50_000, "{memo:?}");
        assert_eq!(s.pool - before.pool, 950_000, "{memo:?}: not annual");
        assert_eq!(s.annual_rate, 0);
    }
    // A unit the floor of 5% does not take stays in the pool.
    let before = t.state();
    t.income(19, "").unwrap();
    assert_eq!(t.state().infra, before.infra);
    assert_eq!(t.state().pool, before.pool + 19);
    assert_eq!(t.state().received, 6_000_019);
    t.assert_books();
}

#[test]
fn annual_income_is_spread_over_exactly_365_days() {
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    let d0 = t.today();
    // 365 x 1000 + 7 after the infrastructure share (0 here).
    let mut args = t.config_args();
    args.infra_share_bps = 0;
    args.max_days_per_rollover = 1;
    t.setconfig_as(REWARDS, args).unwrap();
    t.income(365_007, "annual").unwrap();
    assert_eq!(
        t.state().pool,
        1_007,
        "the first day's part and the remainder"
    );
    assert_eq!(t.state().annual_pending, 364_000);
    let mut pools = Vec::new();
    for d in d0..d0 + 367 {
        t.set_clock(d + 1, 0);
        t.rollover().unwrap();
        if let Some(s) = t.snapshot(d) {
            pools.push(s.pool);
        } else {
            pools.push(0);
        }
        // The only member claims everything it is given, every day.
        let _ = t.claim(producer(0));
    }
    assert_eq!(pools[0], 1_007);
    assert!(
        pools[1..365].iter().all(|p| *p == 1_000),
        "{:?}",
        &pools[..5]
    );
    assert_eq!(&pools[365..], &[0, 0]);
    let s = t.state();
    assert_eq!((s.annual_rate, s.annual_pending, s.pool), (0, 0, 0));
    assert_eq!(t.balance(producer(0)), 1_0000 + 365_007);
    t.assert_books();
}

#[test]
fn incomes_of_many_days_overlap_in_the_rate() {
    let mut t = Tester::new();
    let d0 = t.today();
    t.income(3_650_000, "annual").unwrap(); // 5% infra: 3,467,500 net
    t.next_day(10);
    t.rollover().unwrap();
    t.income(730_000, "annual").unwrap();
    let s = t.state();
    assert_eq!(s.day, d0 + 1);
    assert_eq!(s.annual_rate, 9_500 + 1_900);
    let ends = t.schedule();
    assert_eq!(ends[(d0 % 365) as usize], 9_500);
    assert_eq!(ends[((d0 + 1) % 365) as usize], 1_900);
    t.assert_books();
}

#[test]
fn a_copy_of_the_token_under_another_account_credits_nothing() {
    let mut t = Tester::new();
    t.token_create(FAKE_TOKEN, "1000000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000000.0000 POOL");
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, PAYER, a("1000.0000 POOL"), "")
        .unwrap();
    t.income(10_000, "").unwrap();
    let before = t.books();
    // Same symbol, same precision: the notification reaches pool.reward
    // with first receiver fake.token and is ignored.
    for memo in ["", "annual"] {
        let trace = t
            .transfer_at(FAKE_TOKEN, PAYER, REWARDS, a("100.0000 POOL"), memo)
            .unwrap();
        assert!(trace.notified().contains(&REWARDS));
    }
    assert_eq!(t.books(), before, "nothing credited");
    assert_eq!(t.balance_at(FAKE_TOKEN, REWARDS), 2_000_000);
    t.assert_books();
}

#[test]
fn a_forwarded_notification_of_someone_elses_transfer_changes_nothing() {
    let mut t = Tester::new();
    let bob = name!("bob");
    t.chain.create_account(bob);
    t.chain.deploy(bob, forwarder::apply);
    let before = t.books();
    let trace = t.transfer(PAYER, bob, "5.0000 POOL", "annual").unwrap();
    // pool.reward did see it: first receiver pool.token, `to` = bob.
    assert!(trace.notified().contains(&REWARDS));
    assert_eq!(t.books(), before);
    assert_eq!(t.balance(bob), 50_000);
}

#[test]
fn another_symbol_of_the_token_is_refused() {
    let mut t = Tester::new();
    t.token_create(TOKEN, "1000.00 FAKE");
    t.token_issue(TOKEN, "1000.00 FAKE");
    t.transfer(TOKEN, PAYER, "10.00 FAKE", "").unwrap();
    let before = t.books();
    assert_fails(t.transfer(PAYER, REWARDS, "1.00 FAKE", ""), WRONG_SYMBOL);
    assert_eq!(t.books(), before);
}

#[test]
fn outgoing_transfers_are_not_income() {
    let mut t = Tester::with_members(&[(producer(0), 5)]);
    t.income(100_000, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    let received = t.state().received;
    let trace = t.claim(producer(0)).unwrap();
    // The token notified pool.reward of its own payment (from = us).
    assert!(trace.notified().contains(&REWARDS));
    assert_eq!(t.state().received, received);
    t.infraclaim(5_000).unwrap();
    assert_eq!(t.state().received, received);
    t.assert_books();
}

#[test]
fn spam_transfers_create_no_row() {
    let mut t = Tester::new();
    t.token_create(FAKE_TOKEN, "1000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000.0000 POOL");
    // The contract's own balance row at the token is paid by the first
    // payer (eosio.token bills the sender for a new balance row).
    t.income(1, "").unwrap();
    let ram = t.chain.ram_usage(REWARDS);
    let rows = (t.snapshots().len(), t.allocs().len());
    let spammers: Vec<Name> = (0..20).map(|i| nth("spam", i)).collect();
    for s in &spammers {
        t.chain.create_account(*s);
        t.transfer(PAYER, *s, "0.0010 POOL", "").unwrap();
        t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, *s, a("1.0000 POOL"), "")
            .unwrap();
        for memo in ["", "annual", "fee"] {
            t.transfer(*s, REWARDS, "0.0001 POOL", memo).unwrap();
            t.transfer_at(FAKE_TOKEN, *s, REWARDS, a("0.0001 POOL"), memo)
                .unwrap();
        }
        // An annual income large enough to have a daily part.
        t.transfer(*s, REWARDS, "0.0007 POOL", "annual").unwrap();
    }
    assert_eq!(t.chain.ram_usage(REWARDS), ram, "no RAM for the contract");
    assert_eq!((t.snapshots().len(), t.allocs().len()), rows);
    t.assert_books();
}
