//! Staking (openstake, transfer notification, unstake, refund) and producer
//! votes, native against the test chain. Messages are asserted exactly.

mod common;

use antelope_sdk::{Asset, Name, TimePointSec};
use antelope_testchain::assert_fails;
use common::*;
use pool_members::actions;

// ---- openstake ----------------------------------------------------------------------

#[test]
fn openstake_opens_a_zero_row_paid_by_the_owner() {
    let mut t = Tester::new();
    let contract_ram = t.chain.ram_usage(MEMBER);
    let alice_ram = t.chain.ram_usage(ALICE);
    t.openstake(ALICE).unwrap();
    let row = t.stake_row(ALICE).unwrap();
    assert_eq!(row.owner, ALICE);
    assert_eq!(row.staked, pool(0));
    assert_eq!(row.unstaking, pool(0));
    assert_eq!(row.refund_at, TimePointSec::default());
    assert!(t.chain.ram_usage(ALICE) > alice_ram);
    assert_eq!(t.chain.ram_usage(MEMBER), contract_ram);
    // Opening again changes nothing.
    let before = t.state();
    t.openstake(ALICE).unwrap();
    assert_eq!(t.state(), before);
}

#[test]
fn openstake_needs_the_owners_signature_and_a_configuration() {
    let mut t = Tester::bare();
    assert_fails(t.openstake(ALICE), "members contract is not configured");
    t.setconfig_as(MEMBER, t.config_args()).unwrap();
    assert_fails(
        t.chain
            .push_action_as(MEMBER, &actions::openstake { owner: ALICE }, BOB),
        "missing authority of alice",
    );
    assert!(t.stake_row(ALICE).is_none());
}

// ---- staking by transfer ----------------------------------------------------------------

#[test]
fn a_transfer_to_the_contract_stakes() {
    let mut t = Tester::new();
    t.openstake(ALICE).unwrap();
    t.stake(ALICE, "100.0000 POOL").unwrap();
    t.stake(ALICE, "0.0001 POOL").unwrap();
    assert_eq!(t.stake_row(ALICE).unwrap().staked, a("100.0001 POOL"));
    assert_eq!(t.balance(MEMBER), 1_000_001);
    assert_eq!(t.balance(ALICE), 100_000_000 - 1_000_001);
    t.assert_invariants();
}

#[test]
fn a_transfer_without_a_stake_row_is_refused() {
    let mut t = Tester::new();
    let before = t.state();
    assert_fails(
        t.stake(ALICE, "1.0000 POOL"),
        "open a stake row first with openstake",
    );
    assert_eq!(t.state(), before);
}

#[test]
fn another_symbol_of_the_token_is_refused() {
    let mut t = Tester::new();
    t.token_create(TOKEN, "1000.000 OTHER");
    let data = pool_token::actions::issue {
        to: TOKEN,
        quantity: a("10.000 OTHER"),
        memo: String::new(),
    };
    t.chain.push_action_as(TOKEN, &data, TOKEN).unwrap();
    t.transfer(TOKEN, ALICE, "10.000 OTHER", "").unwrap();
    t.openstake(ALICE).unwrap();
    let before = t.state();
    assert_fails(t.stake(ALICE, "1.000 OTHER"), "wrong token symbol");
    assert_eq!(t.state(), before);
}

#[test]
fn a_transfer_before_configuration_is_refused() {
    let mut t = Tester::bare();
    assert_fails(
        t.stake(ALICE, "1.0000 POOL"),
        "members contract is not configured",
    );
    assert_eq!(t.balance(MEMBER), 0);
}

#[test]
fn staking_changes_the_totals_of_a_cast_vote() {
    let mut t = Tester::with_producers();
    t.openstake(ALICE).unwrap();
    // A vote with nothing staked yet weighs 0 and follows the stake.
    t.vote(ALICE, &[PROD1, PROD2]).unwrap();
    assert_eq!(t.voter(ALICE).unwrap().weight, 0);
    t.stake(ALICE, "5.0000 POOL").unwrap();
    assert_eq!(t.voter(ALICE).unwrap().weight, 50_000);
    assert_eq!(t.total_votes(PROD1), 50_000);
    assert_eq!(t.total_votes(PROD2), 50_000);
    t.stake(ALICE, "1.0000 POOL").unwrap();
    assert_eq!(t.total_votes(PROD1), 60_000);
    t.assert_invariants();
}

// ---- unstake ------------------------------------------------------------------------------

#[test]
fn unstake_moves_stake_to_unstaking_and_lowers_votes_at_once() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "100.0000 POOL");
    t.vote(ALICE, &[PROD1]).unwrap();
    t.unstake(ALICE, "40.0000 POOL").unwrap();
    let row = t.stake_row(ALICE).unwrap();
    assert_eq!(row.staked, a("60.0000 POOL"));
    assert_eq!(row.unstaking, a("40.0000 POOL"));
    assert_eq!(row.refund_at.secs(), t.now_sec() + REFUND_DELAY);
    assert_eq!(t.total_votes(PROD1), 600_000);
    assert_eq!(t.voter(ALICE).unwrap().weight, 600_000);
    t.assert_invariants();
}

#[test]
fn a_new_unstake_restarts_the_delay() {
    let mut t = Tester::new();
    t.open_and_stake(ALICE, "100.0000 POOL");
    t.unstake(ALICE, "10.0000 POOL").unwrap();
    t.chain.advance_time(REFUND_DELAY - 1);
    t.unstake(ALICE, "10.0000 POOL").unwrap();
    let row = t.stake_row(ALICE).unwrap();
    assert_eq!(row.unstaking, a("20.0000 POOL"));
    assert_eq!(row.refund_at.secs(), t.now_sec() + REFUND_DELAY);
    t.chain.advance_time(1);
    assert_fails(t.refund_as(ALICE, ALICE), "refund is not due yet");
}

#[test]
fn unstake_checks_its_input() {
    let mut t = Tester::new();
    assert_fails(t.unstake(ALICE, "1.0000 POOL"), "account has no stake row");
    t.open_and_stake(ALICE, "100.0000 POOL");
    let before = t.state();
    assert_fails(
        t.chain.push_action_as(
            MEMBER,
            &actions::unstake {
                owner: ALICE,
                quantity: a("1.0000 POOL"),
            },
            BOB,
        ),
        "missing authority of alice",
    );
    let huge = actions::unstake {
        owner: ALICE,
        quantity: Asset {
            amount: 1 << 62,
            symbol: SYM,
        },
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &huge, ALICE),
        "invalid quantity",
    );
    assert_fails(
        t.unstake(ALICE, "0.0000 POOL"),
        "must unstake positive quantity",
    );
    assert_fails(
        t.unstake(ALICE, "-1.0000 POOL"),
        "must unstake positive quantity",
    );
    assert_fails(t.unstake(ALICE, "1.00 POOL"), "wrong token symbol");
    assert_fails(t.unstake(ALICE, "1.0000 EOS"), "wrong token symbol");
    assert_fails(
        t.unstake(ALICE, "100.0001 POOL"),
        "cannot unstake more than staked",
    );
    assert_eq!(t.state(), before);
    t.unstake(ALICE, "100.0000 POOL").unwrap();
    assert_fails(
        t.unstake(ALICE, "0.0001 POOL"),
        "cannot unstake more than staked",
    );
}

#[test]
fn unstake_before_configuration_fails() {
    let mut t = Tester::bare();
    assert_fails(
        t.unstake(ALICE, "1.0000 POOL"),
        "members contract is not configured",
    );
}

// ---- refund --------------------------------------------------------------------------------

#[test]
fn refund_pays_after_the_delay_by_inline_transfer() {
    let mut t = Tester::new();
    t.open_and_stake(ALICE, "100.0000 POOL");
    t.unstake(ALICE, "30.0000 POOL").unwrap();
    let alice_before = t.balance(ALICE);
    assert_fails(t.refund_as(ALICE, ALICE), "refund is not due yet");
    t.chain.advance_time(REFUND_DELAY - 1);
    assert_fails(t.refund_as(ALICE, ALICE), "refund is not due yet");
    t.chain.advance_time(1);
    // Anyone may push it.
    let trace = t.refund_as(BOB, ALICE).unwrap();
    let transfer = trace.inline_actions().next().unwrap();
    assert_eq!(transfer.account, TOKEN);
    assert_eq!(
        transfer.authorization,
        vec![antelope_sdk::PermissionLevel::new(MEMBER, INLINE)]
    );
    assert_eq!(
        transfer.data_as::<pool_token::actions::transfer>().unwrap(),
        pool_token::actions::transfer {
            from: MEMBER,
            to: ALICE,
            quantity: a("30.0000 POOL"),
            memo: "refund".into(),
        }
    );
    assert_eq!(t.balance(ALICE), alice_before + 300_000);
    let row = t.stake_row(ALICE).unwrap();
    assert_eq!(row.staked, a("70.0000 POOL"));
    assert_eq!(row.unstaking, pool(0));
    assert_eq!(row.refund_at, TimePointSec::default());
    assert_eq!(t.balance(MEMBER), 700_000);
    t.assert_invariants();
    assert_fails(t.refund_as(ALICE, ALICE), "nothing to refund");
}

#[test]
fn refund_checks_its_input() {
    let mut t = Tester::new();
    assert_fails(t.refund_as(ALICE, ALICE), "account has no stake row");
    t.open_and_stake(ALICE, "1.0000 POOL");
    assert_fails(t.refund_as(ALICE, ALICE), "nothing to refund");
}

#[test]
fn refund_needs_a_balance_row_of_the_owner_at_the_token() {
    let mut t = Tester::new();
    t.open_and_stake(ALICE, "10000.0000 POOL");
    t.unstake(ALICE, "1.0000 POOL").unwrap();
    // A first refund (Bob's): as with any eosio.token sender, the contract
    // becomes the payer of its own balance row at the token when it first
    // sends from it. Measured after that one-off.
    t.open_and_stake(BOB, "1.0000 POOL");
    t.unstake(BOB, "1.0000 POOL").unwrap();
    t.chain.advance_time(REFUND_DELAY);
    t.refund_as(BOB, BOB).unwrap();
    // Alice staked everything and closed her empty balance row: paying her
    // would make the contract pay for a new one.
    let close = pool_token::actions::close {
        owner: ALICE,
        symbol: SYM,
    };
    t.chain.push_action_as(TOKEN, &close, ALICE).unwrap();
    let ram = t.chain.ram_usage(MEMBER);
    assert_fails(
        t.refund_as(BOB, ALICE),
        "owner has no balance row at the token contract: open one with its open action",
    );
    let open = pool_token::actions::open {
        owner: ALICE,
        symbol: SYM,
        ram_payer: ALICE,
    };
    t.chain.push_action_as(TOKEN, &open, ALICE).unwrap();
    t.refund_as(BOB, ALICE).unwrap();
    assert_eq!(t.balance(ALICE), 10_000);
    assert_eq!(t.chain.ram_usage(MEMBER), ram);
}

#[test]
fn refund_before_configuration_fails() {
    let mut t = Tester::bare();
    assert_fails(
        t.refund_as(ALICE, ALICE),
        "members contract is not configured",
    );
}

// ---- vote ------------------------------------------------------------------------------------

#[test]
fn vote_adds_the_stake_to_each_producer() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "100.0000 POOL");
    let alice_ram = t.chain.ram_usage(ALICE);
    let contract_ram = t.chain.ram_usage(MEMBER);
    t.vote(ALICE, &[PROD1, PROD3]).unwrap();
    let v = t.voter(ALICE).unwrap();
    assert_eq!(v.producers, vec![PROD1, PROD3]);
    assert_eq!(v.weight, 1_000_000);
    assert_eq!(t.total_votes(PROD1), 1_000_000);
    assert_eq!(t.total_votes(PROD2), 0);
    assert_eq!(t.total_votes(PROD3), 1_000_000);
    assert!(t.chain.ram_usage(ALICE) > alice_ram, "the voter pays");
    assert_eq!(t.chain.ram_usage(MEMBER), contract_ram);
    t.assert_invariants();
}

#[test]
fn a_new_vote_replaces_the_old_one() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "100.0000 POOL");
    t.open_and_stake(BOB, "10.0000 POOL");
    t.vote(ALICE, &[PROD1, PROD2]).unwrap();
    t.vote(BOB, &[PROD2]).unwrap();
    t.vote(ALICE, &[PROD2, PROD3, PROD4]).unwrap();
    assert_eq!(t.total_votes(PROD1), 0);
    assert_eq!(t.total_votes(PROD2), 1_100_000);
    assert_eq!(t.total_votes(PROD3), 1_000_000);
    assert_eq!(t.voter(ALICE).unwrap().producers, vec![PROD2, PROD3, PROD4]);
    t.assert_invariants();
}

#[test]
fn an_empty_vote_withdraws_and_frees_the_row() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "100.0000 POOL");
    let ram = t.chain.ram_usage(ALICE);
    t.vote(ALICE, &[PROD1]).unwrap();
    t.vote(ALICE, &[]).unwrap();
    assert!(t.voter(ALICE).is_none());
    assert_eq!(t.total_votes(PROD1), 0);
    assert_eq!(t.chain.ram_usage(ALICE), ram);
    // Withdrawing without a vote is a no-op.
    t.vote(BOB, &[]).unwrap();
    assert!(t.voter(BOB).is_none());
    t.assert_invariants();
}

#[test]
fn a_vote_lists_at_most_30_distinct_producers() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "1.0000 POOL");
    // 30 distinct members in good standing.
    let many: Vec<Name> = (0..30)
        .map(|i| {
            let s = format!("cand{}{}", (b'a' + i / 6) as char, (b'a' + i % 6) as char);
            Name::try_from_str(&s).unwrap()
        })
        .collect();
    for p in &many {
        t.chain.create_account(*p);
        t.sign(*p, 1);
        t.register_active(*p);
    }
    t.vote(ALICE, &many).unwrap();
    for p in &many {
        assert_eq!(t.total_votes(*p), 10_000);
    }
    let before = t.state();
    let mut too_many = many.clone();
    too_many.push(PROD1);
    assert_fails(t.vote(ALICE, &too_many), "too many producers in the vote");
    assert_fails(
        t.vote(ALICE, &[PROD1, PROD2, PROD1]),
        "duplicate producer in the vote",
    );
    assert_eq!(t.state(), before);
    t.assert_invariants();
}

#[test]
fn every_voted_producer_must_be_an_active_member_in_good_standing() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "1.0000 POOL");
    let before = t.state();
    assert_fails(t.vote(ALICE, &[PROD1, BOB]), "bob is not an active member");
    assert_eq!(t.state(), before);
    t.sign(CAROL, 1);
    t.regmember(CAROL).unwrap();
    assert_fails(t.vote(ALICE, &[CAROL]), "carol is not an active member");
    t.suspend(PROD2, 100).unwrap();
    assert_fails(t.vote(ALICE, &[PROD2]), "prod2 is not an active member");
    t.resign(PROD3).unwrap();
    assert_fails(t.vote(ALICE, &[PROD3]), "prod3 is not an active member");
    t.setstatus_as(MEMBER, PROD4, 3, 0, "").unwrap();
    assert_fails(t.vote(ALICE, &[PROD4]), "prod4 is not an active member");
    // A signature of an old constitution after its grace period.
    t.publish(2);
    for p in [PROD1, PROD2] {
        t.sign(p, 2);
    }
    assert_fails(t.vote(ALICE, &[PROD5]), "prod5 is not an active member");
    // A suspension that is over no longer stands in the way.
    t.chain.advance_time(100);
    t.vote(ALICE, &[PROD1, PROD2]).unwrap();
    t.assert_invariants();
}

#[test]
fn vote_needs_the_voters_signature_and_a_configuration() {
    let mut t = Tester::with_producers();
    let data = actions::vote {
        voter: ALICE,
        producers: vec![PROD1],
    };
    assert_fails(
        t.chain.push_action_as(MEMBER, &data, PROD1),
        "missing authority of alice",
    );
    let mut bare = Tester::bare();
    assert_fails(
        bare.vote(ALICE, &[PROD1]),
        "members contract is not configured",
    );
}

#[test]
fn votes_for_a_member_that_left_stay_counted_until_changed() {
    let mut t = Tester::with_producers();
    t.open_and_stake(ALICE, "10.0000 POOL");
    t.vote(ALICE, &[PROD1, PROD2]).unwrap();
    t.setstatus_as(MEMBER, PROD1, 3, 0, "").unwrap();
    // Stake changes still reach the expelled member's total...
    t.stake(ALICE, "10.0000 POOL").unwrap();
    assert_eq!(t.total_votes(PROD1), 200_000);
    t.assert_invariants();
    // ...but a new vote cannot name it, and dropping it clears its total.
    assert_fails(t.vote(ALICE, &[PROD1]), "prod1 is not an active member");
    t.vote(ALICE, &[PROD2]).unwrap();
    assert_eq!(t.total_votes(PROD1), 0);
    t.assert_invariants();
}

#[test]
fn ranking_of_an_empty_registry_is_empty() {
    let mut t = Tester::bare();
    assert!(t.ranking(10).is_empty());
    assert!(!t.in_good_standing(PROD1));
    assert!(t.member(PROD1).is_none());
}

#[test]
fn an_unstake_whose_refund_time_overflows_is_refused() {
    let mut t = Tester::new();
    t.open_and_stake(ALICE, "1.0000 POOL");
    // 2106-02-07, a few seconds before time_point_sec runs out.
    t.chain.set_time(antelope_sdk::TimePoint::from_micros(
        (i64::from(u32::MAX) - 10) * 1_000_000,
    ));
    assert_fails(t.unstake(ALICE, "1.0000 POOL"), "refund time overflows");
}
