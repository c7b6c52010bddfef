//! `setconfig`: the admin rule, every validation message, the locks, and
//! what an unconfigured contract refuses.

mod common;

use antelope_sdk::{name, symbol, Name, TimePointSec};
use antelope_testchain::assert_fails;
use common::*;
use pool_rewards::actions;
use pool_rewards::errors::*;

#[test]
fn the_first_setconfig_opens_today_with_empty_books() {
    let mut t = Tester::bare();
    let ram = t.chain.ram_usage(REWARDS);
    let args = t.config_args();
    t.setconfig_as(REWARDS, args).unwrap();
    let s = t.state();
    assert_eq!(s.day, t.today());
    assert_eq!(
        (
            s.pool,
            s.annual_rate,
            s.annual_pending,
            s.unclaimed,
            s.infra
        ),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(t.schedule(), vec![0u64; 365]);
    assert!(
        t.chain.ram_usage(REWARDS) > ram,
        "the contract pays its books"
    );
    let cfg = t.config().unwrap();
    assert_eq!(
        (cfg.paid, cfg.scheduled, cfg.vote_share_bps),
        (42, 21, 6000)
    );
    assert_eq!(
        (cfg.infra_share_bps, cfg.min_availability_bps, cfg.max_sweep),
        (500, 5000, 100)
    );
    t.assert_books();
}

#[test]
fn nothing_works_before_the_configuration() {
    let mut t = Tester::bare();
    t.add_members(&[producer(0)]);
    assert_fails(t.rollover(), NOT_CONFIGURED);
    assert_fails(t.claim(producer(0)), NOT_CONFIGURED);
    assert_fails(t.sweep(1), NOT_CONFIGURED);
    assert_fails(t.forfeit_as(CHARTER, producer(0)), NOT_CONFIGURED);
    assert_fails(t.infraclaim(1), NOT_CONFIGURED);
    assert_fails(t.audit(), NOT_CONFIGURED);
    // No token can arrive uncounted.
    assert_fails(t.income(1, ""), NOT_CONFIGURED);
    assert_eq!(t.balance(REWARDS), 0);
}

#[test]
fn only_the_admin_configures() {
    let mut t = Tester::new();
    let args = t.config_args();
    assert_fails(
        t.setconfig_as(GOV, args.clone()),
        "missing authority of pool.reward",
    );
    // Hand over to governance: then only governance.
    let mut handover = args.clone();
    handover.governance = GOV;
    t.setconfig_as(REWARDS, handover.clone()).unwrap();
    assert_fails(
        t.setconfig_as(REWARDS, args.clone()),
        "missing authority of pool.gov",
    );
    handover.paid = 30;
    t.setconfig_as(GOV, handover).unwrap();
    assert_eq!(t.config().unwrap().paid, 30);
}

#[test]
fn every_bad_value_has_its_message_and_changes_nothing() {
    let mut t = Tester::new();
    let base = t.config_args();
    let cases: Vec<(actions::setconfig, &str)> = vec![
        (
            actions::setconfig {
                governance: name!("nobody"),
                ..base.clone()
            },
            GOVERNANCE_MISSING,
        ),
        (
            actions::setconfig {
                token_contract: name!("nobody"),
                ..base.clone()
            },
            TOKEN_MISSING,
        ),
        (
            actions::setconfig {
                symbol: antelope_sdk::Symbol::from_raw(0),
                ..base.clone()
            },
            INVALID_SYMBOL,
        ),
        (
            actions::setconfig {
                symbol: symbol!("2,POOL"),
                ..base.clone()
            },
            TOKEN_SYMBOL_MISSING,
        ),
        (
            actions::setconfig {
                symbol: symbol!("4,OTHER"),
                ..base.clone()
            },
            TOKEN_SYMBOL_MISSING,
        ),
        (
            actions::setconfig {
                members: name!("nobody"),
                ..base.clone()
            },
            MEMBERS_MISSING,
        ),
        (
            actions::setconfig {
                metrics: name!("nobody"),
                ..base.clone()
            },
            METRICS_MISSING,
        ),
        (
            actions::setconfig {
                charter: name!("nobody"),
                ..base.clone()
            },
            CHARTER_MISSING,
        ),
        (
            actions::setconfig {
                infra_account: name!("nobody"),
                ..base.clone()
            },
            INFRA_ACCOUNT_MISSING,
        ),
        (
            actions::setconfig {
                infra_account: REWARDS,
                ..base.clone()
            },
            INFRA_ACCOUNT_IS_SELF,
        ),
        (
            actions::setconfig {
                paid: 0,
                ..base.clone()
            },
            PAID_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                paid: 101,
                max_sweep: 200,
                ..base.clone()
            },
            PAID_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                scheduled: 0,
                ..base.clone()
            },
            SCHEDULED_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                scheduled: 43,
                ..base.clone()
            },
            SCHEDULED_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                vote_share_bps: 10_001,
                ..base.clone()
            },
            VOTE_SHARE_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                infra_share_bps: u16::MAX,
                ..base.clone()
            },
            INFRA_SHARE_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                min_availability_bps: 10_001,
                ..base.clone()
            },
            MIN_AVAILABILITY_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                day_sec: 0,
                ..base.clone()
            },
            DAY_SEC_ZERO,
        ),
        (
            actions::setconfig {
                claim_window_sec: 0,
                ..base.clone()
            },
            CLAIM_WINDOW_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                claim_window_sec: 30 * DAY + 1,
                ..base.clone()
            },
            CLAIM_WINDOW_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                max_days_per_rollover: 0,
                ..base.clone()
            },
            MAX_DAYS_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                max_days_per_rollover: 31,
                ..base.clone()
            },
            MAX_DAYS_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                max_sweep: 41,
                ..base.clone()
            },
            MAX_SWEEP_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                max_sweep: 1001,
                ..base.clone()
            },
            MAX_SWEEP_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                metrics: ALICE,
                ..base.clone()
            },
            METRICS_NOT_CONFIGURED,
        ),
        (
            actions::setconfig {
                day_sec: 2 * DAY,
                ..base.clone()
            },
            DAY_SEC_MISMATCH,
        ),
    ];
    let before = t.books();
    for (args, message) in cases {
        assert_fails(t.setconfig_as(REWARDS, args), message);
    }
    assert_eq!(t.books(), before);
}

#[test]
fn the_largest_and_smallest_sets_are_accepted() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.paid = 100;
    args.scheduled = 100;
    args.max_sweep = 100;
    args.max_days_per_rollover = 30;
    args.claim_window_sec = 30 * DAY;
    t.setconfig_as(REWARDS, args.clone()).unwrap();
    args.paid = 1;
    args.scheduled = 1;
    args.max_sweep = 1000;
    args.vote_share_bps = 10_000;
    args.infra_share_bps = 10_000;
    args.min_availability_bps = 0;
    args.claim_window_sec = 1;
    t.setconfig_as(REWARDS, args).unwrap();
}

#[test]
fn token_symbol_and_day_length_are_fixed_once_income_arrived() {
    let mut t = Tester::new();
    // Before any income the day length may follow the metrics contract.
    t.push(
        METRICS,
        &pool_metrics::actions::setconfig {
            governance: Name::EMPTY,
            members: MEMBER,
            quorum: 1,
            window_sec: DAY,
            day_sec: 2 * DAY,
            max_batch: 1000,
            retention_sec: 30 * DAY,
            genesis: TimePointSec::from_secs(t.day_start(t.today())),
        },
        METRICS,
    )
    .unwrap();
    let mut args = t.config_args();
    args.day_sec = 2 * DAY;
    t.setconfig_as(REWARDS, args.clone()).unwrap();
    assert_eq!(t.state().day, u64::from(t.now_sec() / (2 * DAY)));

    t.income(10_000, "").unwrap();
    let mut other_token = args.clone();
    other_token.token_contract = FAKE_TOKEN;
    t.token_create(FAKE_TOKEN, "1000.0000 POOL");
    assert_fails(t.setconfig_as(REWARDS, other_token), TOKEN_LOCKED);
    let mut other_symbol = args.clone();
    other_symbol.symbol = symbol!("4,FAKE");
    t.token_create(TOKEN, "1000.0000 FAKE");
    assert_fails(t.setconfig_as(REWARDS, other_symbol), TOKEN_LOCKED);
    // Everything else may change.
    args.vote_share_bps = 7000;
    args.claim_window_sec = 3 * DAY;
    t.setconfig_as(REWARDS, args.clone()).unwrap();
    // The metrics contract goes back to one-hour days (it has no report
    // yet); this contract cannot follow any more.
    t.push(
        METRICS,
        &pool_metrics::actions::setconfig {
            governance: Name::EMPTY,
            members: MEMBER,
            quorum: 1,
            window_sec: DAY,
            day_sec: DAY,
            max_batch: 1000,
            retention_sec: 30 * DAY,
            genesis: TimePointSec::from_secs(t.day_start(t.today())),
        },
        METRICS,
    )
    .unwrap();
    let mut other_day = args.clone();
    other_day.day_sec = DAY;
    assert_fails(t.setconfig_as(REWARDS, other_day), TOKEN_LOCKED);
    // Meanwhile the snapshots waive the availability minimum: the
    // metrics days are not this contract's days.
    t.add_members(&[producer(0)]);
    t.set_votes(&[(producer(0), 1)]);
    t.chain.advance_time(2 * DAY);
    t.rollover().unwrap();
    let snap = t.snapshots().pop().unwrap();
    assert!(snap.availability_waived);
    assert_eq!(snap.scheduled, vec![producer(0)]);
    t.assert_books();
}
