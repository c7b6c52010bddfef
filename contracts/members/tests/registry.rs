//! Configuration, registration and the status life cycle, native against
//! the test chain. Messages are asserted exactly.

mod common;

use antelope_sdk::{name, symbol, Name, PublicKey, TimePointSec};
use antelope_testchain::assert_fails;
use common::*;
use pool_members::actions;

// ---- setconfig ----------------------------------------------------------------

#[test]
fn setconfig_stores_the_configuration() {
    let mut t = Tester::new();
    let cfg = t.config().unwrap();
    assert_eq!(cfg.governance, Name::EMPTY);
    assert_eq!(cfg.token_contract, TOKEN);
    assert_eq!(cfg.stake_symbol, SYM);
    assert_eq!(cfg.charter, CHARTER);
    assert_eq!(cfg.fees, Name::EMPTY);
    assert!(!cfg.auto_approve);
    assert_eq!(cfg.refund_delay_sec, REFUND_DELAY);
}

#[test]
fn only_the_contract_configures_before_governance_is_set() {
    let mut t = Tester::bare();
    let args = t.config_args();
    assert_fails(
        t.setconfig_as(ALICE, args.clone()),
        "missing authority of pool.member",
    );
    assert_fails(
        t.setconfig_as(GOV, args.clone()),
        "missing authority of pool.member",
    );
    assert!(t.config().is_none());
    t.setconfig_as(MEMBER, args).unwrap();
}

#[test]
fn after_the_handover_only_governance_configures() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.governance = GOV;
    t.setconfig_as(MEMBER, args.clone()).unwrap();
    args.auto_approve = true;
    assert_fails(
        t.setconfig_as(MEMBER, args.clone()),
        "missing authority of pool.gov",
    );
    t.setconfig_as(GOV, args).unwrap();
    assert!(t.config().unwrap().auto_approve);
}

#[test]
fn setconfig_validates_every_field() {
    let mut t = Tester::new();
    let before = t.state();
    let base = t.config_args();
    let cases: Vec<(actions::setconfig, &str)> = vec![
        (
            actions::setconfig {
                governance: name!("nobody"),
                ..base.clone()
            },
            "governance account does not exist",
        ),
        (
            actions::setconfig {
                stake_symbol: antelope_sdk::Symbol::from_raw((0x61u64 << 8) | 4),
                ..base.clone()
            },
            "invalid stake symbol",
        ),
        (
            actions::setconfig {
                token_contract: name!("nobody"),
                ..base.clone()
            },
            "token contract account does not exist",
        ),
        (
            actions::setconfig {
                stake_symbol: symbol!("4,NOPE"),
                ..base.clone()
            },
            "the token contract has no token with the stake symbol and precision",
        ),
        (
            actions::setconfig {
                stake_symbol: symbol!("2,POOL"),
                ..base.clone()
            },
            "the token contract has no token with the stake symbol and precision",
        ),
        (
            actions::setconfig {
                token_contract: ALICE,
                ..base.clone()
            },
            "the token contract has no token with the stake symbol and precision",
        ),
        (
            actions::setconfig {
                charter: name!("nobody"),
                ..base.clone()
            },
            "charter account does not exist",
        ),
        (
            actions::setconfig {
                fees: name!("nobody"),
                ..base.clone()
            },
            "fees account does not exist",
        ),
        (
            actions::setconfig {
                refund_delay_sec: 365 * 24 * 3600 + 1,
                ..base.clone()
            },
            "refund delay is longer than 365 days",
        ),
    ];
    for (args, message) in cases {
        assert_fails(t.setconfig_as(MEMBER, args), message);
    }
    assert_eq!(t.state(), before);
    // The limits themselves are accepted.
    for refund_delay_sec in [0, 365 * 24 * 3600] {
        let args = actions::setconfig {
            refund_delay_sec,
            ..base.clone()
        };
        t.setconfig_as(MEMBER, args).unwrap();
    }
}

#[test]
fn the_stake_token_is_locked_once_stakes_exist() {
    let mut t = Tester::new();
    t.token_create(FAKE_TOKEN, "1000.0000 POOL");
    let mut other = t.config_args();
    other.token_contract = FAKE_TOKEN;
    // No stake yet: the token may change (and change back).
    t.setconfig_as(MEMBER, other.clone()).unwrap();
    t.setconfig_as(MEMBER, t.config_args()).unwrap();
    t.openstake(ALICE).unwrap();
    assert_fails(
        t.setconfig_as(MEMBER, other),
        "token contract and stake symbol cannot change once stakes exist",
    );
    // Everything else still may.
    let mut args = t.config_args();
    args.auto_approve = true;
    args.refund_delay_sec = 60;
    t.setconfig_as(MEMBER, args).unwrap();
}

// ---- regmember ------------------------------------------------------------------

#[test]
fn regmember_registers_a_pending_member_paid_by_the_account() {
    let mut t = Tester::new();
    let contract_ram = t.chain.ram_usage(MEMBER);
    let prod_ram = t.chain.ram_usage(PROD1);
    t.regmember(PROD1).unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!(m.account, PROD1);
    assert_eq!(m.url, "https://prod1.example");
    assert_eq!(m.location, 840);
    assert_eq!(m.producer_key, key(1));
    assert_eq!(m.status, 0, "pending");
    assert_eq!(m.suspended_until, TimePointSec::default());
    assert_eq!(m.total_votes, 0);
    assert_eq!(m.registered_at, t.chain.now().to_sec());
    assert!(t.chain.ram_usage(PROD1) > prod_ram, "the account pays");
    assert_eq!(t.chain.ram_usage(MEMBER), contract_ram);
    assert!(!t.in_good_standing(PROD1), "pending has no rights");
}

#[test]
fn regmember_is_active_at_once_when_the_pool_auto_approves() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.auto_approve = true;
    t.setconfig_as(MEMBER, args).unwrap();
    t.regmember(PROD1).unwrap();
    assert_eq!(t.status(PROD1), 1);
    assert!(t.in_good_standing(PROD1));
}

#[test]
fn regmember_needs_the_accounts_signature() {
    let mut t = Tester::new();
    let data = actions::regmember {
        account: PROD1,
        url: url(PROD1),
        location: 840,
        producer_key: key(1),
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &data, PROD2),
        "missing authority of prod1",
    );
    assert!(t.member(PROD1).is_none());
}

#[test]
fn regmember_before_configuration_fails() {
    let mut t = Tester::bare();
    assert_fails(t.regmember(PROD1), "members contract is not configured");
}

#[test]
fn regmember_needs_a_signature_of_the_latest_constitution() {
    let mut t = Tester::bare();
    t.setconfig_as(MEMBER, t.config_args()).unwrap();
    // Nothing published yet.
    assert_fails(t.regmember(PROD1), "sign the latest constitution first");
    t.publish(1);
    assert_fails(t.regmember(PROD1), "sign the latest constitution first");
    t.sign(PROD1, 1);
    t.publish(2);
    // An older signature within the grace period keeps rights, but is
    // not enough to register.
    t.set_grace(30 * 24 * 3600);
    assert_fails(t.regmember(PROD1), "sign the latest constitution first");
    t.sign(PROD1, 2);
    t.regmember(PROD1).unwrap();
}

#[test]
fn regmember_url_is_at_most_256_bytes() {
    let mut t = Tester::new();
    let mut data = actions::regmember {
        account: PROD1,
        url: "u".repeat(257),
        location: 840,
        producer_key: key(1),
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &data, PROD1),
        "url has more than 256 bytes",
    );
    data.url = "u".repeat(256);
    t.chain.push_action_as(MEMBER, &data, PROD1).unwrap();
}

#[test]
fn regmember_refuses_the_null_key() {
    let mut t = Tester::new();
    let data = actions::regmember {
        account: PROD1,
        url: url(PROD1),
        location: 0,
        producer_key: PublicKey::default(),
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &data, PROD1),
        "producer key must not be the null key",
    );
}

#[test]
fn registering_twice_fails() {
    let mut t = Tester::new();
    t.regmember(PROD1).unwrap();
    assert_fails(t.regmember(PROD1), "account is already registered");
    t.approve(PROD1).unwrap();
    assert_fails(t.regmember(PROD1), "account is already registered");
    t.suspend(PROD1, 3600).unwrap();
    assert_fails(t.regmember(PROD1), "account is already registered");
}

#[test]
fn an_expelled_account_cannot_register_again() {
    let mut t = Tester::with_producers();
    t.setstatus_as(MEMBER, PROD1, 3, 0, "fraud").unwrap();
    assert_fails(
        t.regmember(PROD1),
        "an expelled account cannot register again",
    );
    t.resign(PROD2).unwrap();
    t.setstatus_as(MEMBER, PROD2, 3, 0, "ruling after resignation")
        .unwrap();
    assert_fails(
        t.regmember(PROD2),
        "an expelled account cannot register again",
    );
}

#[test]
fn a_resigned_member_registers_again_and_keeps_its_votes() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "50.0000 POOL");
    t.vote(ALICE, &[PROD1]).unwrap();
    t.resign(PROD1).unwrap();
    assert_eq!(t.status(PROD1), 4);
    assert_eq!(t.total_votes(PROD1), 500_000, "voters still list it");
    assert!(t.ranking(10).is_empty(), "a resigned member does not rank");
    t.chain.advance_time(10);
    t.regmember(PROD1).unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!(m.status, 0, "pending again");
    assert_eq!(m.registered_at, t.chain.now().to_sec());
    t.approve(PROD1).unwrap();
    assert_eq!(t.ranking(10), vec![(PROD1, 500_000)]);
    t.assert_invariants();
}

#[test]
fn regmember_charges_the_fee_through_the_fees_contract() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.fees = FEES;
    t.setconfig_as(MEMBER, args).unwrap();
    let trace = t.regmember(PROD1).unwrap();
    let charge = trace
        .inline_actions()
        .find(|a| a.account == FEES)
        .expect("charge sent inline");
    assert_eq!(
        charge.authorization,
        vec![antelope_sdk::PermissionLevel::new(MEMBER, INLINE)]
    );
    let rows: Vec<fees_fixture::Charge> = t.chain.rows(FEES, FEES.raw());
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].caller, rows[0].payer, rows[0].endpoint),
        (MEMBER, PROD1, name!("regmember"))
    );
}

#[test]
fn a_refused_fee_reverts_the_registration() {
    let mut t = Tester::new();
    let broke = name!("broke");
    t.chain.create_account(broke);
    t.sign(broke, 1);
    let mut args = t.config_args();
    args.fees = FEES;
    t.setconfig_as(MEMBER, args).unwrap();
    assert_fails(t.regmember(broke), "insufficient fee deposit");
    assert!(t.member(broke).is_none());
}

#[test]
fn no_fee_is_charged_while_no_fees_contract_is_configured() {
    let mut t = Tester::new();
    let trace = t.regmember(PROD1).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
}

// ---- update -----------------------------------------------------------------------

#[test]
fn update_changes_url_location_and_key() {
    let mut t = Tester::new();
    t.regmember(PROD1).unwrap();
    let data = actions::update {
        account: PROD1,
        url: "https://new.example".into(),
        location: 276,
        producer_key: key(9),
    };
    t.chain.push_action_as(MEMBER, &data, PROD1).unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!(
        (m.url.as_str(), m.location, m.producer_key),
        ("https://new.example", 276, key(9))
    );
    assert_eq!(m.status, 0);
}

#[test]
fn update_checks_its_input() {
    let mut t = Tester::with_producers();
    let ok = actions::update {
        account: PROD1,
        url: url(PROD1),
        location: 1,
        producer_key: key(2),
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &ok, PROD2),
        "missing authority of prod1",
    );
    let stranger = actions::update {
        account: ALICE,
        ..ok.clone()
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &stranger, ALICE),
        "account is not a registered member",
    );
    let long = actions::update {
        url: "u".repeat(257),
        ..ok.clone()
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &long, PROD1),
        "url has more than 256 bytes",
    );
    let null = actions::update {
        producer_key: PublicKey::default(),
        ..ok.clone()
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &null, PROD1),
        "producer key must not be the null key",
    );
    t.resign(PROD1).unwrap();
    assert_fails(
        t.chain.push_action_as(MEMBER, &ok, PROD1),
        "an expelled or resigned member cannot update its registration",
    );
    t.setstatus_as(MEMBER, PROD2, 3, 0, "").unwrap();
    let expelled = actions::update {
        account: PROD2,
        ..ok
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &expelled, PROD2),
        "an expelled or resigned member cannot update its registration",
    );
}

#[test]
fn update_by_a_member_whose_suspension_ended_makes_it_active() {
    let mut t = Tester::with_producers();
    t.suspend(PROD1, 100).unwrap();
    t.chain.advance_time(100);
    let data = actions::update {
        account: PROD1,
        url: url(PROD1),
        location: 840,
        producer_key: key(1),
    };
    t.chain.push_action_as(MEMBER, &data, PROD1).unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!((m.status, m.suspended_until), (1, TimePointSec::default()));
}

// ---- approve ------------------------------------------------------------------------

#[test]
fn approve_makes_a_pending_member_active() {
    let mut t = Tester::new();
    t.regmember(PROD1).unwrap();
    t.approve(PROD1).unwrap();
    assert_eq!(t.status(PROD1), 1);
    assert!(t.in_good_standing(PROD1));
}

#[test]
fn only_the_admin_approves() {
    let mut t = Tester::new();
    t.regmember(PROD1).unwrap();
    assert_fails(
        t.approve_as(PROD1, PROD1),
        "missing authority of pool.member",
    );
    assert_fails(
        t.approve_as(CHARTER, PROD1),
        "missing authority of pool.member",
    );
    let mut args = t.config_args();
    args.governance = GOV;
    t.setconfig_as(MEMBER, args).unwrap();
    assert_fails(t.approve_as(MEMBER, PROD1), "missing authority of pool.gov");
    t.approve_as(GOV, PROD1).unwrap();
}

#[test]
fn approve_needs_a_pending_registration() {
    let mut t = Tester::new();
    assert_fails(t.approve(PROD1), "account is not a registered member");
    t.regmember(PROD1).unwrap();
    t.approve(PROD1).unwrap();
    assert_fails(t.approve(PROD1), "only a pending member can be approved");
    t.resign(PROD1).unwrap();
    assert_fails(t.approve(PROD1), "only a pending member can be approved");
}

#[test]
fn approve_before_configuration_fails() {
    let mut t = Tester::bare();
    assert_fails(t.approve(PROD1), "members contract is not configured");
}

// ---- setstatus ------------------------------------------------------------------------

#[test]
fn governance_suspends_reinstates_and_expels() {
    let mut t = Tester::with_producers();
    let until = t.now_sec() + 3600;
    t.setstatus_as(MEMBER, PROD1, 2, until, "late reports")
        .unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!((m.status, m.suspended_until.secs()), (2, until));
    assert!(!t.in_good_standing(PROD1));
    // A new suspension sets a new end.
    t.setstatus_as(MEMBER, PROD1, 2, until + 60, "").unwrap();
    assert_eq!(t.member(PROD1).unwrap().suspended_until.secs(), until + 60);
    t.setstatus_as(MEMBER, PROD1, 1, 0, "appeal granted")
        .unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!((m.status, m.suspended_until.secs()), (1, 0));
    t.setstatus_as(MEMBER, PROD1, 3, until, "fraud").unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!((m.status, m.suspended_until.secs()), (3, 0));
}

#[test]
fn the_charter_enforces_rulings_inline() {
    let mut t = Tester::with_producers();
    let until = t.now_sec() + 7 * 86400;
    let trace = t.enforce(PROD1, 2, until).unwrap();
    let call = trace.inline_actions().next().unwrap();
    assert_eq!(
        call.authorization,
        vec![antelope_sdk::PermissionLevel::new(CHARTER, INLINE)]
    );
    assert_eq!(t.status(PROD1), 2);
    t.enforce(PROD1, 1, 0).unwrap();
    assert_eq!(t.status(PROD1), 1);
    t.enforce(PROD1, 3, 0).unwrap();
    assert_eq!(t.status(PROD1), 3);
    // The charter's own signature works too (not only inline).
    t.setstatus_as(CHARTER, PROD2, 3, 0, "").unwrap();
    assert_eq!(t.status(PROD2), 3);
}

#[test]
fn setstatus_by_anyone_else_needs_the_admin() {
    let mut t = Tester::with_producers();
    let until = t.now_sec() + 3600;
    for signer in [PROD1, PROD2, ALICE, GOV] {
        assert_fails(
            t.setstatus_as(signer, PROD1, 2, until, ""),
            "missing authority of pool.member",
        );
    }
    let mut args = t.config_args();
    args.governance = GOV;
    t.setconfig_as(MEMBER, args).unwrap();
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 2, until, ""),
        "missing authority of pool.gov",
    );
    t.setstatus_as(GOV, PROD1, 2, until, "").unwrap();
    // Another contract that is not the configured charter cannot either.
    let mut args = t.config_args();
    args.governance = GOV;
    args.charter = FEES;
    t.setconfig_as(GOV, args).unwrap();
    assert_fails(t.enforce(PROD2, 3, 0), "missing authority of pool.gov");
    assert_eq!(t.status(PROD2), 1);
}

#[test]
fn setstatus_checks_its_input() {
    let mut t = Tester::with_producers();
    let now = t.now_sec();
    for bad in [0u8, 4, 5, 255] {
        assert_fails(
            t.setstatus_as(MEMBER, PROD1, bad, now + 10, ""),
            "status must be 1 (active), 2 (suspended) or 3 (expelled)",
        );
    }
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 2, now, ""),
        "suspension must end in the future",
    );
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 2, 0, ""),
        "suspension must end in the future",
    );
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 2, now + 10, &"r".repeat(257)),
        "reason has more than 256 bytes",
    );
    t.setstatus_as(MEMBER, PROD1, 2, now + 10, &"r".repeat(256))
        .unwrap();
}

#[test]
fn setstatus_follows_the_life_cycle() {
    let mut t = Tester::with_producers();
    let until = t.now_sec() + 3600;
    assert_fails(
        t.setstatus_as(MEMBER, ALICE, 2, until, ""),
        "account is not a registered member",
    );
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 1, 0, ""),
        "only a suspended member can be reinstated",
    );
    t.resign(PROD2).unwrap();
    assert_fails(
        t.setstatus_as(MEMBER, PROD2, 2, until, ""),
        "only an active or suspended member can be suspended",
    );
    t.sign(ALICE, 1);
    t.regmember(ALICE).unwrap();
    assert_fails(
        t.setstatus_as(MEMBER, ALICE, 2, until, ""),
        "only an active or suspended member can be suspended",
    );
    t.setstatus_as(MEMBER, PROD3, 3, 0, "").unwrap();
    assert_fails(
        t.setstatus_as(MEMBER, PROD3, 3, 0, ""),
        "account is already expelled",
    );
    assert_fails(
        t.setstatus_as(MEMBER, PROD3, 1, 0, ""),
        "only a suspended member can be reinstated",
    );
    // A suspension that is over counts as over: nothing to reinstate.
    t.suspend(PROD4, 100).unwrap();
    t.chain.advance_time(100);
    assert_fails(
        t.setstatus_as(MEMBER, PROD4, 1, 0, ""),
        "only a suspended member can be reinstated",
    );
}

#[test]
fn setstatus_before_configuration_fails() {
    let mut t = Tester::bare();
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 3, 0, ""),
        "members contract is not configured",
    );
}

// ---- endsuspend -----------------------------------------------------------------------

#[test]
fn endsuspend_records_an_ended_suspension_for_anyone() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "10.0000 POOL");
    t.vote(ALICE, &[PROD1]).unwrap();
    assert_eq!(t.ranking(5), vec![(PROD1, 100_000)]);
    t.suspend(PROD1, 100).unwrap();
    assert!(t.ranking(5).is_empty());
    assert_fails(
        t.endsuspend(PROD1),
        "the member has no suspension that has ended",
    );
    t.chain.advance_time(100);
    // Rights come back by themselves, the ranking key with endsuspend.
    assert!(t.in_good_standing(PROD1));
    assert!(t.ranking(5).is_empty());
    t.endsuspend(PROD1).unwrap();
    let m = t.member(PROD1).unwrap();
    assert_eq!((m.status, m.suspended_until.secs()), (1, 0));
    assert_eq!(t.ranking(5), vec![(PROD1, 100_000)]);
    t.assert_invariants();
}

#[test]
fn endsuspend_needs_a_suspended_member() {
    let mut t = Tester::with_producers();
    assert_fails(t.endsuspend(ALICE), "account is not a registered member");
    assert_fails(
        t.endsuspend(PROD1),
        "the member has no suspension that has ended",
    );
}

// ---- resign ------------------------------------------------------------------------------

#[test]
fn a_member_resigns() {
    let mut t = Tester::with_producers();
    t.resign(PROD1).unwrap();
    assert_eq!(t.status(PROD1), 4);
    assert!(!t.in_good_standing(PROD1));
    // A pending registration can be withdrawn too.
    t.sign(ALICE, 1);
    t.regmember(ALICE).unwrap();
    t.resign(ALICE).unwrap();
    assert_eq!(t.status(ALICE), 4);
}

#[test]
fn resign_rules() {
    let mut t = Tester::with_producers();
    assert_fails(
        t.chain
            .push_action_as(MEMBER, &actions::resign { account: PROD1 }, PROD2),
        "missing authority of prod1",
    );
    assert_fails(t.resign(ALICE), "account is not a registered member");
    t.suspend(PROD1, 100).unwrap();
    assert_fails(
        t.resign(PROD1),
        "a suspended member cannot resign before its suspension ends",
    );
    t.chain.advance_time(100);
    t.resign(PROD1).unwrap();
    assert_fails(
        t.resign(PROD1),
        "only a pending or active member can resign",
    );
    t.setstatus_as(MEMBER, PROD2, 3, 0, "").unwrap();
    assert_fails(
        t.resign(PROD2),
        "only a pending or active member can resign",
    );
}

// ---- views ---------------------------------------------------------------------------------

#[test]
fn good_standing_follows_the_constitution_grace_period() {
    let mut t = Tester::with_producers();
    assert!(t.in_good_standing(PROD1));
    t.set_grace(1000);
    t.publish(2);
    assert!(t.in_good_standing(PROD1), "within the grace period");
    t.chain.advance_time(1000);
    assert!(!t.in_good_standing(PROD1), "grace period over");
    t.sign(PROD1, 2);
    assert!(t.in_good_standing(PROD1));
    assert!(!t.in_good_standing(ALICE), "not a member");
}

#[test]
fn ranking_is_by_votes_and_bounded_by_limit() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "30.0000 POOL");
    t.open_and_stake(BOB, "20.0000 POOL");
    t.open_and_stake(CAROL, "5.0000 POOL");
    t.vote(ALICE, &[PROD1, PROD2]).unwrap();
    t.vote(BOB, &[PROD2, PROD3]).unwrap();
    t.vote(CAROL, &[PROD4]).unwrap();
    assert_eq!(
        t.ranking(10),
        vec![
            (PROD2, 500_000),
            (PROD1, 300_000),
            (PROD3, 200_000),
            (PROD4, 50_000)
        ]
    );
    assert_eq!(t.ranking(2), vec![(PROD2, 500_000), (PROD1, 300_000)]);
    assert!(t.ranking(0).is_empty());
    t.suspend(PROD2, 3600).unwrap();
    assert_eq!(
        t.ranking(10),
        vec![(PROD1, 300_000), (PROD3, 200_000), (PROD4, 50_000)]
    );
    assert_eq!(t.total_votes(PROD2), 500_000, "votes stay with it");
    t.assert_invariants();
}

#[test]
fn the_byvotes_index_key_is_zero_unless_active() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "1.0000 POOL");
    t.vote(ALICE, &PRODUCERS).unwrap();
    t.suspend(PROD1, 60).unwrap();
    t.resign(PROD2).unwrap();
    t.setstatus_as(MEMBER, PROD3, 3, 0, "").unwrap();
    let keys = t.byvotes();
    assert_eq!(
        keys,
        vec![
            (0, PROD1),
            (0, PROD2),
            (0, PROD3),
            (10_000, PROD4),
            (10_000, PROD5)
        ]
    );
}

#[test]
fn the_abi_lists_every_action_with_a_clause_and_every_table() {
    let abi = pool_members::abi().expect("abi generates");
    let actions: Vec<_> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "setconfig",
            "regmember",
            "update",
            "approve",
            "setstatus",
            "endsuspend",
            "resign",
            "openstake",
            "unstake",
            "refund",
            "vote"
        ]
    );
    assert!(abi.actions.iter().all(|a| !a.ricardian_contract.is_empty()));
    let tables: Vec<_> = abi
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t.type_.as_str()))
        .collect();
    assert_eq!(
        tables,
        vec![
            ("config", "config"),
            ("members", "member"),
            ("stakes", "stake"),
            ("voters", "voter")
        ]
    );
}
