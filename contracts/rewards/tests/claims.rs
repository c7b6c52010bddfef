//! Claims, expiry and sweeps, forfeits, the infrastructure balance and
//! the audit: every outcome and every failure message.

mod common;

use antelope_sdk::{name, Name};
use antelope_testchain::assert_fails;
use common::*;
use pool_rewards::errors::*;

/// Two members (votes 3 : 1) and 1,000,000 units of income on day d0,
/// closed at the start of d0 + 1 with the availability minimum waived
/// (no report): pool 950,000; vote part 570,000 split 427,500 / 142,500;
/// scheduled part 380,000 split 190,000 / 190,000. producer(0) is owed
/// 617,500 and producer(1) 332,500, until the start of d0 + 2.
fn one_day_closed() -> (Tester, u64) {
    one_day_closed_with(|_| {})
}

fn one_day_closed_with(
    change: impl FnOnce(&mut pool_rewards::actions::setconfig),
) -> (Tester, u64) {
    let mut t = Tester::with_members(&[(producer(0), 3), (producer(1), 1)]);
    let mut args = t.config_args();
    change(&mut args);
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    t.income(1_000_000, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    (t, d0)
}

#[test]
fn a_claim_pays_the_members_allocation_once() {
    let (mut t, d0) = one_day_closed();
    assert_eq!(t.allocs_of(producer(0)), vec![(d0, 617_500)]);
    assert_eq!(t.allocs_of(producer(1)), vec![(d0, 332_500)]);
    let ram = t.chain.ram_usage(REWARDS);
    let trace = t.claim(producer(0)).unwrap();
    assert_eq!(
        transfers(&trace),
        vec![(REWARDS, producer(0), 617_500, "pool rewards".to_string())]
    );
    let inline: Vec<_> = trace.inline_actions().collect();
    assert_eq!(inline[0].authorization, reward_inline());
    assert!(t.chain.ram_usage(REWARDS) < ram, "a claim frees RAM");
    assert_fails(t.claim(producer(0)), NOTHING_TO_CLAIM);
    assert_eq!(t.state().claimed, 617_500);
    t.assert_books();
}

#[test]
fn a_claim_takes_every_live_allocation_in_one_transfer() {
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    let mut args = t.config_args();
    args.claim_window_sec = 3 * DAY;
    args.infra_share_bps = 0;
    t.setconfig_as(REWARDS, args).unwrap();
    for _ in 0..3 {
        t.income(1_000, "").unwrap();
        t.next_day(0);
        t.rollover().unwrap();
    }
    assert_eq!(t.allocs_of(producer(0)).len(), 3);
    let trace = t.claim(producer(0)).unwrap();
    assert_eq!(transfers(&trace)[0].2, 3_000);
    assert!(t.allocs().is_empty());
    t.assert_books();
}

#[test]
fn an_unclaimed_allocation_expires_and_returns_to_the_pool() {
    // A half-day claim window, to see the deadline pass within a day.
    let (mut t, d0) = one_day_closed_with(|c| c.claim_window_sec = DAY / 2);
    t.claim(producer(0)).unwrap();
    // One second before the deadline it can still be claimed...
    let deadline = t.snapshot(d0).unwrap().claim_until.secs();
    assert_eq!(t.claimable(producer(1)), 332_500);
    t.set_clock(d0 + 1, deadline - t.day_start(d0 + 1) - 1);
    assert_eq!(t.claimable(producer(1)), 332_500);
    // ...at the deadline it cannot: a claim of only expired allocations
    // fails (and so changes nothing).
    t.chain.advance_time(1);
    assert_eq!(t.claimable(producer(1)), 0);
    let before = t.books();
    assert_fails(t.claim(producer(1)), NOTHING_TO_CLAIM);
    assert_eq!(t.books(), before);
    // A sweep returns it to the open day's pool.
    let pool = t.state().pool;
    t.sweep(10).unwrap();
    assert_eq!(t.state().pool, pool + 332_500);
    assert!(t.allocs().is_empty());
    assert_fails(t.sweep(10), NOTHING_TO_SWEEP);
    t.assert_books();
}

#[test]
fn the_next_rollover_returns_expired_allocations_before_it_splits() {
    let (mut t, d0) = one_day_closed();
    t.next_day(0);
    t.rollover().unwrap();
    // Both allocations came back into day d0 + 1's pool.
    assert_eq!(t.snapshot(d0 + 1).unwrap().pool, 950_000);
    t.assert_books();
}

#[test]
fn a_claim_returns_the_members_own_expired_allocations() {
    // One member, a sweep of one row per rollover.
    let mut t = Tester::with_members(&[(producer(0), 1)]);
    let mut args = t.config_args();
    args.infra_share_bps = 0;
    args.paid = 1;
    args.scheduled = 1;
    args.max_sweep = 1;
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    t.income(36_500, "annual").unwrap(); // 100 a day
                                         // A catch-up closes d0, d0 + 1, d0 + 2: three allocations of 100.
    t.set_clock(d0 + 3, 0);
    t.rollover().unwrap();
    assert_eq!(
        t.allocs_of(producer(0)),
        vec![(d0, 100), (d0 + 1, 100), (d0 + 2, 100)]
    );
    // A day later all three expired. The claim's rollover returns one
    // (max_sweep) before it closes d0 + 3 (100 + 100); the claim itself
    // returns the other two and pays the live one.
    t.set_clock(d0 + 4, 0);
    let trace = t.claim(producer(0)).unwrap();
    assert_eq!(transfers(&trace)[0].2, 200);
    assert!(t.allocs().is_empty());
    assert_eq!(t.state().pool, 100 + 200);
    t.assert_books();
}

#[test]
fn sweeps_are_bounded() {
    let members: Vec<(Name, u64)> = (0..10).map(|i| (producer(i), 1)).collect();
    let mut t = Tester::with_members(&members);
    let mut args = t.config_args();
    args.paid = 10;
    args.scheduled = 10;
    args.max_sweep = 10;
    args.claim_window_sec = DAY / 2;
    t.setconfig_as(REWARDS, args).unwrap();
    t.income(1_000_000, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    assert_eq!(t.allocs().len(), 10);
    // Still the same day, all ten expired.
    t.set_clock(t.today(), DAY / 2);
    t.sweep(3).unwrap();
    assert_eq!(t.allocs().len(), 7, "at most max");
    t.sweep(u16::MAX).unwrap();
    assert_eq!(t.allocs().len(), 0, "at most max_sweep");
    assert_fails(t.sweep(0), SWEEP_MAX_ZERO);
    t.assert_books();
}

#[test]
fn only_members_in_good_standing_claim() {
    let (mut t, _) = one_day_closed();
    // Not a member at all.
    assert_fails(t.claim(ALICE), NOT_IN_GOOD_STANDING);
    // Suspended.
    t.suspend(producer(1), DAY / 2);
    assert_fails(t.claim(producer(1)), NOT_IN_GOOD_STANDING);
    // Once the suspension is over, it may claim again (before expiry).
    t.chain.advance_time(DAY / 2);
    t.claim(producer(1)).unwrap();
    // A member without a balance row at the token: refused, so that the
    // token never bills the contract for one.
    t.transfer(producer(0), ALICE, "1.0000 POOL", "").unwrap();
    t.push(
        TOKEN,
        &pool_token::actions::close {
            owner: producer(0),
            symbol: SYM,
        },
        producer(0),
    )
    .unwrap();
    assert_fails(t.claim(producer(0)), NO_TOKEN_BALANCE_ROW);
    t.assert_books();
}

#[test]
fn a_hostile_payee_blocks_only_its_own_claim() {
    let (mut t, _) = one_day_closed();
    t.chain.deploy(producer(0), hostile_payee::apply);
    let before = t.books();
    assert_fails(t.claim(producer(0)), "this account refuses transfers");
    assert_eq!(t.books(), before, "its allocation is still there");
    t.claim(producer(1)).unwrap();
    assert_eq!(t.allocs_of(producer(0)).len(), 1);
    t.assert_books();
}

#[test]
fn a_payee_reentering_claim_finds_it_already_paid() {
    let (mut t, _) = one_day_closed();
    t.chain.deploy(producer(0), hostile_payee::apply);
    t.chain.add_code(producer(0), ACTIVE);
    hostile_payee::REENTER.with(|r| r.set(true));
    let before = t.books();
    let balance = t.balance(producer(0));
    // The payment's notification claims again; that claim runs after the
    // first one erased the allocation, fails, and reverts everything.
    assert_fails(t.claim(producer(0)), NOTHING_TO_CLAIM);
    hostile_payee::REENTER.with(|r| r.set(false));
    assert_eq!(t.books(), before);
    assert_eq!(t.balance(producer(0)), balance);
}

#[test]
fn the_charter_forfeits_by_ruling() {
    let (mut t, _) = one_day_closed();
    let pool = t.state().pool;
    let trace = t.forfeit_by_ruling(producer(0), producer(1)).unwrap();
    let forfeit: Vec<_> = trace
        .inline_actions()
        .filter(|a| a.account == REWARDS && a.name == name!("forfeit"))
        .collect();
    assert_eq!(forfeit.len(), 1);
    assert_eq!(
        forfeit[0].authorization,
        vec![antelope_sdk::PermissionLevel::new(CHARTER, INLINE)]
    );
    assert!(t.allocs_of(producer(1)).is_empty());
    assert_eq!(t.state().pool, pool + 332_500);
    assert_eq!(forfeit[0].console, "forfeited 332500");
    assert_fails(t.claim(producer(1)), NOTHING_TO_CLAIM);
    t.claim(producer(0)).unwrap();
    t.assert_books();
}

#[test]
fn only_the_charter_forfeits_and_nothing_to_forfeit_is_no_error() {
    let (mut t, _) = one_day_closed();
    for signer in [producer(0), producer(1), REWARDS, GOV, MEMBER] {
        assert_fails(
            t.forfeit_as(signer, producer(1)),
            "missing authority of pool.charter",
        );
    }
    // The charter account itself (its active authority) may.
    t.forfeit_as(CHARTER, producer(1)).unwrap();
    let before = t.books();
    let trace = t.forfeit_as(CHARTER, producer(1)).unwrap();
    assert_eq!(trace.actions[0].console, "forfeited 0");
    t.forfeit_as(CHARTER, Name::EMPTY).unwrap();
    assert_eq!(t.books(), before);
    t.assert_books();
}

#[test]
fn a_forfeit_with_too_many_allocations_asks_for_a_sweep_first() {
    // 300 days closed in catch-ups at the same instant: 300 live
    // allocations of one member.
    let mut t = Tester::with_members(&[(producer(0), 1), (producer(1), 1)]);
    let mut args = t.config_args();
    args.max_days_per_rollover = 30;
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    t.income(36_500_000, "annual").unwrap();
    t.set_clock(d0 + 300, 0);
    for _ in 0..10 {
        t.rollover().unwrap();
    }
    assert_eq!(t.allocs_of(producer(1)).len(), 256, "the view shows 256");
    let before = t.books();
    assert_fails(t.forfeit_as(CHARTER, producer(1)), TOO_MANY_ALLOCATIONS);
    assert_eq!(t.books(), before);
    // A claim pays the 256 oldest, the next one the rest.
    let first = transfers(&t.claim(producer(1)).unwrap())[0].2;
    let second = transfers(&t.claim(producer(1)).unwrap())[0].2;
    assert!(first > 0 && second > 0);
    assert_fails(t.claim(producer(1)), NOTHING_TO_CLAIM);
    assert_fails(t.forfeit_as(CHARTER, producer(0)), TOO_MANY_ALLOCATIONS);
    t.assert_books();
}

#[test]
fn the_infrastructure_account_withdraws_its_share() {
    let (mut t, _) = one_day_closed();
    assert_eq!(t.state().infra, 50_000);
    let before = t.balance(INFRA);
    let trace = t.infraclaim(20_000).unwrap();
    assert_eq!(
        transfers(&trace),
        vec![(REWARDS, INFRA, 20_000, "infrastructure".to_string())]
    );
    assert_eq!(t.balance(INFRA), before + 20_000);
    assert_eq!(t.state().infra, 30_000);
    let books = t.books();
    assert_fails(t.infraclaim(30_001), WITHDRAW_MORE_THAN_BALANCE);
    assert_fails(t.infraclaim(0), WITHDRAW_NOT_POSITIVE);
    assert_fails(t.infraclaim(-1), WITHDRAW_NOT_POSITIVE);
    assert_fails(t.infraclaim(i64::MIN), INVALID_QUANTITY);
    assert_fails(t.infraclaim(1 << 62), INVALID_QUANTITY);
    assert_fails(t.infraclaim((1 << 62) - 1), WITHDRAW_MORE_THAN_BALANCE);
    for quantity in [a("1.00 POOL"), a("1.0000 FAKE")] {
        assert_fails(
            t.push(
                REWARDS,
                &pool_rewards::actions::infraclaim { quantity },
                INFRA,
            ),
            WRONG_SYMBOL,
        );
    }
    assert_fails(
        t.push(
            REWARDS,
            &pool_rewards::actions::infraclaim { quantity: pool(1) },
            GOV,
        ),
        "missing authority of pool.infra",
    );
    assert_eq!(t.books(), books);
    // Without a balance row it cannot be paid.
    t.infraclaim(30_000).unwrap();
    t.income(1_000_000, "").unwrap();
    let all = t.balance(INFRA);
    t.transfer_at(TOKEN, INFRA, ALICE, pool(all), "").unwrap();
    t.push(
        TOKEN,
        &pool_token::actions::close {
            owner: INFRA,
            symbol: SYM,
        },
        INFRA,
    )
    .unwrap();
    assert_fails(t.infraclaim(1), NO_TOKEN_BALANCE_ROW);
    t.assert_books();
}

#[test]
fn audit_prints_the_books_and_catches_a_bent_one() {
    let (mut t, d0) = one_day_closed();
    let before = t.books();
    let trace = t.audit().unwrap();
    assert_eq!(t.books(), before, "read-only");
    let day = d0 + 1;
    assert_eq!(
        trace.actions[0].console,
        format!("day={day} balance=1000000 pool=0 annual=0 rate=0 unclaimed=950000 infra=50000 ok")
    );
    assert!(trace.inline_actions().next().is_none());
    // Bend the books by one unit (a tampering contract over pool.reward
    // for one transaction): the audit fails with its message.
    for (what, message) in [
        (0, AUDIT_BALANCE),
        (1, AUDIT_SCHEDULE),
        (2, AUDIT_ALLOCATIONS),
    ] {
        let (mut t, _) = one_day_closed();
        t.chain.deploy(REWARDS, tamperer::apply);
        t.push(REWARDS, &tamperer::bend { what }, REWARDS).unwrap();
        t.chain.deploy(REWARDS, pool_rewards::apply);
        assert_fails(t.audit(), message);
    }
}
