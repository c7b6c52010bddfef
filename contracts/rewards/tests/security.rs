//! The attack classes of the security checklist that apply to the rewards
//! contract (3, 4, 8, 11, 15 here; 1 and 2 in income.rs; 5, 10 and 14 in
//! claims.rs and simulation.rs; 9 in pool_core::rewards' property tests).

mod common;

use antelope_sdk::{name, Action, ActionData, Name, PermissionLevel};
use antelope_testchain::{assert_fails, ChainError, Trace};
use common::*;
use pool_rewards::actions;
use proptest::prelude::*;

fn irrelevant(actor: &str, permission: &str, minimum: &str) -> String {
    format!(
        r#"action declares irrelevant authority '{{"actor":"{actor}","permission":"{permission}"}}'; minimum authority is {{"actor":"{actor}","permission":"{minimum}"}}"#
    )
}

/// A pool with one closed day: allocations, an infrastructure balance.
fn running() -> Tester {
    let mut t = Tester::with_members(&[(producer(0), 3), (producer(1), 1)]);
    t.income(1_000_000, "").unwrap();
    t.next_day(0);
    t.rollover().unwrap();
    t
}

// ---- 3. missing authorization -------------------------------------------------------

#[test]
fn every_action_refuses_a_wrong_signer() {
    let mut t = running();
    let before = t.books();
    let cases: Vec<(Action, Name, &str)> = vec![
        (
            t.config_args().to_action(REWARDS, vec![]),
            ALICE,
            "missing authority of pool.reward",
        ),
        (
            t.config_args().to_action(REWARDS, vec![]),
            producer(0),
            "missing authority of pool.reward",
        ),
        (
            actions::claim {
                member: producer(0),
            }
            .to_action(REWARDS, vec![]),
            producer(1),
            "missing authority of prod.aa",
        ),
        (
            actions::forfeit {
                member: producer(0),
            }
            .to_action(REWARDS, vec![]),
            producer(1),
            "missing authority of pool.charter",
        ),
        (
            actions::forfeit {
                member: producer(0),
            }
            .to_action(REWARDS, vec![]),
            REWARDS,
            "missing authority of pool.charter",
        ),
        (
            actions::infraclaim { quantity: pool(1) }.to_action(REWARDS, vec![]),
            REWARDS,
            "missing authority of pool.infra",
        ),
        (
            actions::infraclaim { quantity: pool(1) }.to_action(REWARDS, vec![]),
            GOV,
            "missing authority of pool.infra",
        ),
    ];
    for (mut action, signer, message) in cases {
        let message = message.replace("prod.aa", "prodaa");
        action.authorization = vec![PermissionLevel::active(signer)];
        assert_fails(t.chain.push_raw(action.clone()), &message);
        // No signer at all: nodeos refuses before the contract runs.
        action.authorization = vec![];
        assert_fails(
            t.chain.push_raw(action),
            "transaction must have at least one authorization",
        );
    }
    assert_eq!(t.books(), before);
}

#[test]
fn open_actions_still_need_a_signer() {
    let mut t = running();
    for action in [
        actions::rollover {}.to_action(REWARDS, vec![]),
        actions::sweep { max: 1 }.to_action(REWARDS, vec![]),
        actions::audit {}.to_action(REWARDS, vec![]),
    ] {
        assert_fails(
            t.chain.push_raw(action),
            "transaction must have at least one authorization",
        );
    }
}

// ---- 4. eosio.code over-grant -----------------------------------------------------------

#[test]
fn the_inline_permission_cannot_sign_anything_but_transfers() {
    let mut t = running();
    let inline = reward_inline();
    let expected = irrelevant("pool.reward", "inline", "active");
    let args = t.config_args();
    assert_fails(t.chain.push_action(REWARDS, &args, &inline), &expected);
    assert_fails(
        t.chain.push_action(REWARDS, &actions::rollover {}, &inline),
        &expected,
    );
    let issue = pool_token::actions::issue {
        to: TOKEN,
        quantity: a("1.0000 POOL"),
        memo: String::new(),
    };
    let open = pool_token::actions::open {
        owner: REWARDS,
        symbol: SYM,
        ram_payer: REWARDS,
    };
    assert_fails(t.chain.push_action(TOKEN, &issue, &inline), &expected);
    assert_fails(t.chain.push_action(TOKEN, &open, &inline), &expected);
    let vote = pool_members::actions::vote {
        voter: REWARDS,
        producers: vec![producer(0)],
    };
    assert_fails(t.chain.push_action(MEMBER, &vote, &inline), &expected);
    // The charter's inline permission reaches `forfeit` and nothing else
    // of this contract.
    let charter_inline = [PermissionLevel::new(CHARTER, INLINE)];
    assert_fails(
        t.chain.push_action(
            REWARDS,
            &actions::claim { member: CHARTER },
            &charter_inline,
        ),
        &irrelevant("pool.charter", "inline", "active"),
    );
}

#[test]
fn claims_need_the_link_of_the_inline_permission() {
    let mut t = running();
    // Re-link pool.token::transfer to active: pool.reward@inline (which
    // holds eosio.code) no longer satisfies it, and active has no
    // eosio.code, so the contract cannot pay.
    t.chain.link_auth(REWARDS, TOKEN, name!("transfer"), ACTIVE);
    let before = t.books();
    assert_fails(
        t.claim(producer(0)),
        &irrelevant("pool.reward", "inline", "active"),
    );
    assert_eq!(
        t.books(),
        before,
        "the erased allocation is rolled back too"
    );
}

#[test]
fn without_eosio_code_nothing_is_sent() {
    let mut t = running();
    // The inline permission without the contract's code: the transfer's
    // authorization is not satisfied.
    t.chain.set_permission(REWARDS, INLINE, ACTIVE, &[]);
    let before = t.books();
    let result = t.claim(producer(0));
    assert!(result.is_err());
    assert!(
        result
            .unwrap_err()
            .message()
            .contains("transaction declares authority"),
        "the chain refuses the unsatisfied inline authorization"
    );
    assert_eq!(t.books(), before);
}

// ---- 8. RAM payer -----------------------------------------------------------------------

#[test]
fn spam_accounts_cannot_make_the_contract_pay_ram() {
    let mut t = running();
    t.token_create(FAKE_TOKEN, "1000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000.0000 POOL");
    let ram = t.chain.ram_usage(REWARDS);
    let spammers: Vec<Name> = (0..20).map(|i| nth("spam", i)).collect();
    for s in &spammers {
        t.chain.create_account(*s);
        t.transfer(PAYER, *s, "0.1000 POOL", "").unwrap();
        t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, *s, a("1.0000 POOL"), "")
            .unwrap();
        t.transfer(*s, REWARDS, "0.0001 POOL", "").unwrap();
        // 400 units: 20 infrastructure, 380 spread (a daily part of 1).
        t.transfer(*s, REWARDS, "0.0400 POOL", "annual").unwrap();
        t.transfer_at(FAKE_TOKEN, *s, REWARDS, a("0.0001 POOL"), "annual")
            .unwrap();
        // Actions anyone may push, or try.
        assert_fails(
            t.push(REWARDS, &actions::claim { member: *s }, *s),
            "member is not in good standing",
        );
        assert_fails(
            t.push(REWARDS, &actions::rollover {}, *s),
            "the open day is not over yet",
        );
        assert_fails(
            t.push(REWARDS, &actions::sweep { max: 100 }, *s),
            "nothing to sweep",
        );
        t.push(REWARDS, &actions::audit {}, *s).unwrap();
        // Even registered and signed (not voted for): not in the paid set.
        t.add_members(&[*s]);
    }
    assert_eq!(
        t.chain.ram_usage(REWARDS),
        ram,
        "20 spam accounts left the contract's RAM unchanged"
    );
    // The next rollover writes one snapshot and the paid set's rows only.
    t.next_day(0);
    t.rollover().unwrap();
    let snap = t.snapshots().pop().unwrap();
    assert_eq!(snap.paid.len(), 2);
    assert_eq!(t.allocs().len(), 2, "the previous day's rows were swept");
    t.assert_books();
}

#[test]
fn claims_and_forfeits_only_free_ram() {
    let mut t = running();
    let ram = t.chain.ram_usage(REWARDS);
    t.claim(producer(0)).unwrap();
    let after_claim = t.chain.ram_usage(REWARDS);
    assert!(after_claim < ram);
    t.forfeit_as(CHARTER, producer(1)).unwrap();
    assert!(t.chain.ram_usage(REWARDS) < after_claim);
    // The payee paid nothing either: it already had its balance row.
    t.assert_books();
}

// ---- 11. bounded loops: the worst fixtures ---------------------------------------------------

#[test]
fn the_largest_snapshot_and_claim_stay_bounded() {
    // 100 paid members (the most), 7 days closed in one rollover.
    let members: Vec<(Name, u64)> = (0..120).map(|i| (producer(i), 1 + i as u64)).collect();
    let mut t = Tester::with_members(&members);
    let mut args = t.config_args();
    args.paid = 100;
    args.scheduled = 100;
    args.max_sweep = 100;
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    t.income(1 << 40, "annual").unwrap();
    t.set_clock(d0 + 20, 0);
    let started = std::time::Instant::now();
    t.rollover().unwrap();
    let elapsed = started.elapsed();
    assert_eq!(t.state().day, d0 + 7);
    assert_eq!(t.allocs().len(), 700);
    assert!(t.snapshots().iter().all(|s| s.paid.len() == 100));
    println!("native: rollover of 7 days x 100 members in {elapsed:?}");
    t.assert_books();
}

// ---- 15. unchecked arguments -----------------------------------------------------------------

#[test]
fn boundary_values_end_in_clean_assertions() {
    let mut t = running();
    let before = t.books();
    // Self-targets and the empty name.
    assert_fails(t.claim(REWARDS), "member is not in good standing");
    assert_fails(
        t.push(
            REWARDS,
            &actions::claim {
                member: Name::EMPTY,
            },
            ALICE,
        ),
        "missing authority of ",
    );
    assert_fails(t.sweep(0), "max must be positive");
    // A 256-byte memo is income like any other (the token refuses longer).
    t.income(1, &"annual".repeat(42)).unwrap();
    assert_fails(
        t.income(1, &"x".repeat(257)),
        "memo has more than 256 bytes",
    );
    assert_eq!(t.books().allocs, before.allocs);
    t.assert_books();
}

#[test]
fn an_unknown_action_is_rejected_by_name() {
    let mut t = running();
    let act = Action {
        account: REWARDS,
        name: name!("transfer"),
        authorization: vec![PermissionLevel::active(ALICE)],
        data: vec![],
    };
    assert_fails(t.chain.push_raw(act), "unknown action: transfer");
}

fn push_bytes(
    t: &mut Tester,
    action: Name,
    signer: Name,
    data: Vec<u8>,
) -> Result<Trace, ChainError> {
    t.chain.push_raw(Action {
        account: REWARDS,
        name: action,
        authorization: vec![PermissionLevel::active(signer)],
        data,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random bytes as the data of every action, signed by every account
    /// that may push it: a clean assertion (or, when the bytes happen to
    /// decode, a checked outcome), never a panic, and nothing changes on
    /// failure.
    #[test]
    fn random_bytes_as_action_data(data in proptest::collection::vec(any::<u8>(), 0..80)) {
        let mut t = running();
        let attempts = [
            (name!("setconfig"), REWARDS),
            (name!("rollover"), ALICE),
            (name!("claim"), producer(0)),
            (name!("sweep"), ALICE),
            (name!("forfeit"), CHARTER),
            (name!("infraclaim"), INFRA),
            (name!("audit"), ALICE),
        ];
        for (action, signer) in attempts {
            let before = t.books();
            if push_bytes(&mut t, action, signer, data.clone()).is_err() {
                prop_assert_eq!(&t.books(), &before);
            }
        }
        t.assert_books();
    }
}
