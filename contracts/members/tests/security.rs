//! The attack classes of the security checklist that apply to the members
//! contract, each as the test the checklist asks for.

mod common;

use antelope_sdk::{name, Action, ActionData, Name, PermissionLevel, TimePointSec};
use antelope_testchain::{assert_fails, ChainError, Trace};
use common::*;
use pool_members::actions;
use pool_testkit::helpers::signers::{
    assert_inline_cannot_issue_or_open, assert_unlinked_permission_refused,
    assert_wrong_signers_refused, irrelevant, NO_AUTHORIZATION,
};

// ---- 1. fake token ------------------------------------------------------------------

#[test]
fn a_copy_of_the_token_under_another_account_credits_nothing() {
    let mut t = Tester::with_producers();
    t.token_create(FAKE_TOKEN, "1000000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000000.0000 POOL");
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, ALICE, "1000.0000 POOL", "")
        .unwrap();
    t.open_and_stake(ALICE, "1.0000 POOL");
    t.vote(ALICE, &[PROD1]).unwrap();
    let before = t.state();
    // Same symbol, same precision, same code: the notification reaches
    // pool.member with first receiver fake.token and is ignored.
    let trace = t
        .transfer_at(FAKE_TOKEN, ALICE, MEMBER, "1000.0000 POOL", "stake")
        .unwrap();
    assert!(trace.notified().contains(&MEMBER));
    assert_eq!(t.state(), before, "nothing credited, no vote moved");
    assert_eq!(t.balance_at(FAKE_TOKEN, MEMBER), 10_000_000);
    // Without a stake row it is ignored as well (not refused): the
    // contract only ever answers the configured token.
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, BOB, "1.0000 POOL", "")
        .unwrap();
    t.transfer_at(FAKE_TOKEN, BOB, MEMBER, "1.0000 POOL", "")
        .unwrap();
    assert_eq!(t.state(), before);
    t.assert_invariants();
}

// ---- 2. forged notification -------------------------------------------------------------

#[test]
fn a_forwarded_notification_of_someone_elses_transfer_changes_nothing() {
    let mut t = Tester::with_producers();
    // Bob's account runs a contract that forwards transfer notifications
    // to pool.member.
    t.chain.deploy(BOB, forwarder::apply);
    t.open_and_stake(ALICE, "1.0000 POOL");
    t.vote(ALICE, &[PROD1]).unwrap();
    let before = t.state();
    let trace = t.transfer(ALICE, BOB, "5.0000 POOL", "").unwrap();
    // pool.member did see it, with first receiver pool.token and to = bob.
    assert!(trace.notified().contains(&MEMBER));
    let after = t.state();
    assert_eq!(after.members, before.members);
    assert_eq!(after.stakes, before.stakes);
    assert_eq!(after.voters, before.voters);
    assert_eq!(t.balance(MEMBER), 10_000);
    t.assert_invariants();
}

// ---- 3. missing authorization ---------------------------------------------------------------

#[test]
fn every_action_refuses_a_wrong_signer() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "1.0000 POOL");
    let before = t.state();
    let key = key(3);
    let until = TimePointSec::from_secs(t.now_sec() + 100);
    let cases: Vec<(Action, Name, &str)> = vec![
        (
            t.config_args().to_action(MEMBER, vec![]),
            ALICE,
            "missing authority of pool.member",
        ),
        (
            actions::regmember {
                account: PROD1,
                url: String::new(),
                location: 0,
                producer_key: key.clone(),
            }
            .to_action(MEMBER, vec![]),
            PROD2,
            "missing authority of prod1",
        ),
        (
            actions::update {
                account: PROD1,
                url: String::new(),
                location: 0,
                producer_key: key,
            }
            .to_action(MEMBER, vec![]),
            PROD2,
            "missing authority of prod1",
        ),
        (
            actions::approve { account: PROD1 }.to_action(MEMBER, vec![]),
            PROD1,
            "missing authority of pool.member",
        ),
        (
            actions::setstatus {
                account: PROD1,
                status: 2,
                until,
                reason: String::new(),
            }
            .to_action(MEMBER, vec![]),
            PROD1,
            "missing authority of pool.member",
        ),
        (
            actions::resign { account: PROD1 }.to_action(MEMBER, vec![]),
            PROD2,
            "missing authority of prod1",
        ),
        (
            actions::openstake { owner: BOB }.to_action(MEMBER, vec![]),
            ALICE,
            "missing authority of bob",
        ),
        (
            actions::unstake {
                owner: ALICE,
                quantity: a("1.0000 POOL"),
            }
            .to_action(MEMBER, vec![]),
            BOB,
            "missing authority of alice",
        ),
        (
            actions::vote {
                voter: ALICE,
                producers: vec![PROD1],
            }
            .to_action(MEMBER, vec![]),
            BOB,
            "missing authority of alice",
        ),
    ];
    assert_wrong_signers_refused(&mut t.chain, cases);
    assert_eq!(t.state(), before);
}

/// Every action, signed by the account it needs but with a permission
/// of that account below `active` that is linked to nothing (a hot key
/// meant for another contract): refused by the chain's minimum
/// permission, nothing changed. The actions anyone may push (`refund`,
/// `endsuspend`) need a valid permission all the same.
#[test]
fn every_action_refuses_an_unlinked_permission_of_its_signer() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "1.0000 POOL");
    let unlinked = name!("sec");
    for who in [MEMBER, PROD1, ALICE, BOB] {
        t.chain.set_permission(who, unlinked, ACTIVE, &[]);
    }
    let until = TimePointSec::from_secs(t.now_sec() + 100);
    let cases: Vec<(Action, Name)> = vec![
        (t.config_args().to_action(MEMBER, vec![]), MEMBER),
        (
            actions::regmember {
                account: PROD1,
                url: String::new(),
                location: 0,
                producer_key: key(3),
            }
            .to_action(MEMBER, vec![]),
            PROD1,
        ),
        (
            actions::update {
                account: PROD1,
                url: String::new(),
                location: 0,
                producer_key: key(3),
            }
            .to_action(MEMBER, vec![]),
            PROD1,
        ),
        (
            actions::approve { account: PROD1 }.to_action(MEMBER, vec![]),
            MEMBER,
        ),
        (
            actions::setstatus {
                account: PROD1,
                status: 2,
                until,
                reason: String::new(),
            }
            .to_action(MEMBER, vec![]),
            MEMBER,
        ),
        (
            actions::endsuspend { account: PROD1 }.to_action(MEMBER, vec![]),
            ALICE,
        ),
        (
            actions::resign { account: PROD1 }.to_action(MEMBER, vec![]),
            PROD1,
        ),
        (
            actions::openstake { owner: BOB }.to_action(MEMBER, vec![]),
            BOB,
        ),
        (
            actions::unstake {
                owner: ALICE,
                quantity: a("1.0000 POOL"),
            }
            .to_action(MEMBER, vec![]),
            ALICE,
        ),
        (
            actions::refund { owner: ALICE }.to_action(MEMBER, vec![]),
            ALICE,
        ),
        (
            actions::vote {
                voter: ALICE,
                producers: vec![PROD1],
            }
            .to_action(MEMBER, vec![]),
            ALICE,
        ),
    ];
    let before = t.state();
    assert_unlinked_permission_refused(&mut t.chain, unlinked, cases, |_| "active");
    assert_eq!(t.state(), before);
}

#[test]
fn refund_and_endsuspend_are_open_to_anyone_but_need_a_signer() {
    let mut t = Tester::with_producers();
    for action in [
        actions::refund { owner: ALICE }.to_action(MEMBER, vec![]),
        actions::endsuspend { account: PROD1 }.to_action(MEMBER, vec![]),
    ] {
        assert_fails(t.chain.push_raw(action), NO_AUTHORIZATION);
    }
}

#[test]
fn the_inline_permission_cannot_sign_anything_but_its_links() {
    let mut t = Tester::with_producers();
    let inline = [PermissionLevel::new(MEMBER, INLINE)];
    let expected = irrelevant("pool.member", "inline", "active");
    let args = t.config_args();
    assert_fails(t.chain.push_action(MEMBER, &args, &inline), &expected);
    assert_fails(
        t.chain
            .push_action(MEMBER, &actions::approve { account: PROD1 }, &inline),
        &expected,
    );
    assert_inline_cannot_issue_or_open(&mut t.chain, &inline, MEMBER, &expected);
    // The charter's inline permission only reaches setstatus.
    let charter_inline = [PermissionLevel::new(CHARTER, INLINE)];
    assert_fails(
        t.chain.push_action(
            MEMBER,
            &actions::approve { account: PROD1 },
            &charter_inline,
        ),
        &irrelevant("pool.charter", "inline", "active"),
    );
}

#[test]
fn refunds_need_the_link_of_the_inline_permission() {
    let mut t = Tester::new();
    t.open_and_stake(ALICE, "1.0000 POOL");
    t.unstake(ALICE, "1.0000 POOL").unwrap();
    t.chain.advance_time(REFUND_DELAY);
    // Re-link pool.token::transfer to active: pool.member@inline (which
    // holds eosio.code) no longer satisfies it, and active has no
    // eosio.code, so the contract cannot pay.
    t.chain.link_auth(MEMBER, TOKEN, name!("transfer"), ACTIVE);
    let before = t.state();
    assert_fails(
        t.refund_as(ALICE, ALICE),
        &irrelevant("pool.member", "inline", "active"),
    );
    assert_eq!(t.state(), before, "the zeroed row is rolled back too");
}

// ---- 5 / 10 / 14. payouts: pull, isolated, state written first -----------------------------

#[test]
fn a_payee_that_refuses_transfers_blocks_only_its_own_refund() {
    let mut t = Tester::new();
    t.chain.deploy(CAROL, hostile_payee::apply);
    t.open_and_stake(CAROL, "1.0000 POOL");
    t.open_and_stake(ALICE, "1.0000 POOL");
    t.unstake(CAROL, "1.0000 POOL").unwrap();
    t.unstake(ALICE, "1.0000 POOL").unwrap();
    t.chain.advance_time(REFUND_DELAY);
    assert_fails(t.refund_as(BOB, CAROL), "this account refuses transfers");
    t.refund_as(BOB, ALICE).unwrap();
    assert_eq!(t.stake_row(CAROL).unwrap().unstaking, a("1.0000 POOL"));
    t.assert_invariants();
}

#[test]
fn a_payee_reentering_refund_finds_it_already_paid() {
    let mut t = Tester::new();
    t.chain.deploy(CAROL, hostile_payee::apply);
    t.chain.add_code(CAROL, ACTIVE);
    hostile_payee::REENTER.with(|r| r.set(true));
    t.open_and_stake(CAROL, "2.0000 POOL");
    t.unstake(CAROL, "2.0000 POOL").unwrap();
    t.chain.advance_time(REFUND_DELAY);
    let carol = t.balance(CAROL);
    let before = t.state();
    // Carol's notification sends refund(carol) again; it runs after the
    // first one wrote `unstaking = 0`, fails, and reverts everything.
    assert_fails(t.refund_as(CAROL, CAROL), "nothing to refund");
    assert_eq!(t.state(), before);
    assert_eq!(t.balance(CAROL), carol);
    hostile_payee::REENTER.with(|r| r.set(false));
}

// ---- 8. RAM payer ---------------------------------------------------------------------------

#[test]
fn spam_accounts_cannot_make_the_contract_pay_ram() {
    let mut t = Tester::with_producers();
    // The one-off of the first refund: the contract becomes the payer of
    // its own balance row at the token (eosio.token bills the sender).
    t.open_and_stake(DAVE, "1.0000 POOL");
    t.unstake(DAVE, "1.0000 POOL").unwrap();
    t.chain.advance_time(REFUND_DELAY);
    t.refund_as(DAVE, DAVE).unwrap();
    t.token_create(FAKE_TOKEN, "1000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000.0000 POOL");

    let contract_ram = t.chain.ram_usage(MEMBER);
    let spammers: Vec<Name> = (0..20)
        .map(|i| {
            let s = format!("spam{}{}", (b'a' + i / 5) as char, (b'a' + i % 5) as char);
            Name::try_from_str(&s).unwrap()
        })
        .collect();
    for s in &spammers {
        t.chain.create_account(*s);
        t.transfer(TOKEN, *s, "0.0010 POOL", "").unwrap();
        t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, *s, "1.0000 POOL", "")
            .unwrap();
        // Dust to the contract without a stake row: refused.
        assert_fails(
            t.stake(*s, "0.0001 POOL"),
            "open a stake row first with openstake",
        );
        // Fake tokens: ignored; the fake token bills the sender.
        t.transfer_at(FAKE_TOKEN, *s, MEMBER, "1.0000 POOL", "")
            .unwrap();
        t.openstake(*s).unwrap();
        t.stake(*s, "0.0001 POOL").unwrap();
        t.vote(*s, &PRODUCERS).unwrap();
        t.sign(*s, 1);
        t.regmember(*s).unwrap();
        t.setstatus_as(MEMBER, *s, 3, 0, "spam").unwrap();
        t.unstake(*s, "0.0001 POOL").unwrap();
    }
    t.chain.advance_time(REFUND_DELAY);
    for s in &spammers {
        t.refund_as(*s, *s).unwrap();
        t.vote(*s, &[PROD1]).unwrap();
    }
    assert_eq!(
        t.chain.ram_usage(MEMBER),
        contract_ram,
        "20 spam accounts left the contract's RAM unchanged"
    );
    t.assert_invariants();
}

// ---- 9. asset math at the bound ----------------------------------------------------------

/// A stake token whose whole supply is 2^62 - 1, all of it staked by two
/// holders who vote for the same producer: the total is exactly 2^62 - 1
/// (a u64 weight, no overflow), an unstake of 2^62 is refused cleanly,
/// and unstaking and refunding it all bring every total back to zero,
/// the contract's balance equal to what it holds at each step.
#[test]
fn the_largest_supply_stakes_votes_and_unstakes_exactly() {
    const MAX: i64 = (1 << 62) - 1;
    let mut t = Tester::bare();
    t.token_create(FAKE_TOKEN, "461168601842738.7903 POOL");
    t.token_issue(FAKE_TOKEN, "461168601842738.7903 POOL");
    t.transfer_at(
        FAKE_TOKEN,
        FAKE_TOKEN,
        ALICE,
        "461168601842738.7902 POOL",
        "",
    )
    .unwrap();
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, BOB, "0.0001 POOL", "")
        .unwrap();
    // The members contract staking that token (refunds linked to it).
    let mut cfg = t.config_args();
    cfg.token_contract = FAKE_TOKEN;
    t.setconfig_as(MEMBER, cfg).unwrap();
    t.chain
        .link_auth(MEMBER, FAKE_TOKEN, name!("transfer"), INLINE);
    t.publish(1);
    t.sign(PROD1, 1);
    t.register_active(PROD1);
    let held = |t: &mut Tester| -> (i64, i64) {
        let rows: Vec<pool_members::tables::Stake> = t.chain.rows(MEMBER, MEMBER.raw());
        let sum = rows
            .iter()
            .map(|s| s.staked.amount + s.unstaking.amount)
            .sum::<i64>();
        (t.balance_at(FAKE_TOKEN, MEMBER), sum)
    };

    for (who, quantity) in [(ALICE, "461168601842738.7902 POOL"), (BOB, "0.0001 POOL")] {
        t.openstake(who).unwrap();
        t.transfer_at(FAKE_TOKEN, who, MEMBER, quantity, "stake")
            .unwrap();
        t.vote(who, &[PROD1]).unwrap();
    }
    assert_eq!(t.total_votes(PROD1), MAX as u64);
    assert_eq!(held(&mut t), (MAX, MAX));
    assert_eq!(t.ranking(1), vec![(PROD1, MAX as u64)]);

    let before = t.state();
    let unstake = |amount: i64| {
        actions::unstake {
            owner: ALICE,
            quantity: antelope_sdk::Asset {
                amount,
                symbol: SYM,
            },
        }
        .to_action(MEMBER, vec![PermissionLevel::active(ALICE)])
    };
    assert_fails(t.chain.push_raw(unstake(1 << 62)), "invalid quantity");
    assert_fails(
        t.chain.push_raw(unstake(MAX)),
        "cannot unstake more than staked",
    );
    assert_eq!(t.state(), before);

    t.chain.push_raw(unstake(MAX - 1)).unwrap();
    t.unstake(BOB, "0.0001 POOL").unwrap();
    assert_eq!(t.total_votes(PROD1), 0);
    assert_eq!(held(&mut t), (MAX, MAX));
    t.chain.advance_time(REFUND_DELAY);
    t.refund_as(BOB, ALICE).unwrap();
    t.refund_as(ALICE, BOB).unwrap();
    assert_eq!(held(&mut t), (0, 0));
    assert_eq!(t.balance_at(FAKE_TOKEN, ALICE), MAX - 1);
    assert_eq!(t.balance_at(FAKE_TOKEN, BOB), 1);
}

// ---- 11. bounded loops: the largest vote change ------------------------------------------

/// A voter moving its vote from 30 producers to 30 others (the most one
/// `vote` can change: 60 totals), then changing its stake (30 totals
/// follow): every total exact, the ranking and the invariants intact.
#[test]
fn the_largest_vote_change_moves_60_totals_exactly() {
    let mut t = Tester::with_producers();
    let letter = |i: usize| (b'a' + (i % 26) as u8) as char;
    let candidates: Vec<Name> = (0..60)
        .map(|i| Name::try_from_str(&format!("cand{}{}", letter(i / 26), letter(i))).unwrap())
        .collect();
    for c in &candidates {
        t.chain.create_account(*c);
        t.sign(*c, 1);
        t.register_active(*c);
    }
    let (first, second) = candidates.split_at(30);
    t.open_and_stake(ALICE, "3.0000 POOL");
    t.vote(ALICE, first).unwrap();
    assert!(first.iter().all(|c| t.total_votes(*c) == 30_000));
    t.vote(ALICE, second).unwrap();
    assert!(first.iter().all(|c| t.total_votes(*c) == 0));
    assert!(second.iter().all(|c| t.total_votes(*c) == 30_000));
    t.assert_invariants();
    // A stake change re-weights all 30.
    t.stake(ALICE, "2.0000 POOL").unwrap();
    assert!(second.iter().all(|c| t.total_votes(*c) == 50_000));
    t.unstake(ALICE, "4.5000 POOL").unwrap();
    assert!(second.iter().all(|c| t.total_votes(*c) == 5_000));
    assert_eq!(t.ranking(100).len(), 30);
    t.assert_invariants();
}

// ---- 15. unchecked arguments ------------------------------------------------------------------

#[test]
fn boundary_values_end_in_clean_assertions() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "1.0000 POOL");
    let before = t.state();
    let push =
        |t: &mut Tester, action: Action| -> Result<Trace, ChainError> { t.chain.push_raw(action) };
    let alice = vec![PermissionLevel::active(ALICE)];
    // Self-targets: the contract as member, staker or voter target.
    assert_fails(
        push(
            &mut t,
            actions::vote {
                voter: ALICE,
                producers: vec![MEMBER],
            }
            .to_action(MEMBER, alice.clone()),
        ),
        "pool.member is not an active member",
    );
    assert_fails(
        push(
            &mut t,
            actions::vote {
                voter: ALICE,
                producers: vec![Name::EMPTY],
            }
            .to_action(MEMBER, alice.clone()),
        ),
        " is not an active member",
    );
    assert_fails(
        t.unstake(ALICE, "4611686018427387.903 POOL"),
        "wrong token symbol",
    );
    assert_fails(
        push(
            &mut t,
            actions::unstake {
                owner: ALICE,
                quantity: antelope_sdk::Asset {
                    amount: i64::MIN,
                    symbol: SYM,
                },
            }
            .to_action(MEMBER, alice.clone()),
        ),
        "invalid quantity",
    );
    assert_fails(
        push(
            &mut t,
            actions::unstake {
                owner: ALICE,
                quantity: antelope_sdk::Asset {
                    amount: (1 << 62) - 1,
                    symbol: SYM,
                },
            }
            .to_action(MEMBER, alice),
        ),
        "cannot unstake more than staked",
    );
    assert_fails(
        t.setstatus_as(MEMBER, PROD1, 2, u32::MAX, &"x".repeat(257)),
        "reason has more than 256 bytes",
    );
    assert_eq!(t.state(), before);
    // The latest possible suspension end is accepted.
    t.setstatus_as(MEMBER, PROD1, 2, u32::MAX, "").unwrap();
    assert!(!t.in_good_standing(PROD1));
}

#[test]
fn an_unknown_action_is_rejected_by_name() {
    let mut t = Tester::new();
    let act = Action {
        account: MEMBER,
        name: name!("transfer"),
        authorization: vec![PermissionLevel::active(ALICE)],
        data: vec![],
    };
    assert_fails(t.chain.push_raw(act), "unknown action: transfer");
}
