//! The attack classes of the security checklist that apply to the rewards
//! contract (3, 4, 8, 11, 15 here; 1 and 2 in income.rs; 5, 10 and 14 in
//! claims.rs and simulation.rs; 9 in pool_core::rewards' property tests).

mod common;

use antelope_sdk::{name, Action, ActionData, Name, PermissionLevel, TimePointSec};
use antelope_testchain::{assert_fails, ChainError, Trace};
use common::*;
use pool_rewards::actions;
use pool_rewards::tables::{Snapshot, State};
use pool_testkit::helpers::signers::{
    assert_inline_cannot_issue_or_open, assert_unlinked_permission_refused,
    assert_wrong_signers_refused, irrelevant, NO_AUTHORIZATION,
};
use proptest::prelude::*;

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
    assert_wrong_signers_refused(
        &mut t.chain,
        cases.into_iter().map(|(action, signer, message)| {
            (action, signer, message.replace("prod.aa", "prodaa"))
        }),
    );
    assert_eq!(t.books(), before);
}

/// Every action, signed by the account it needs (any account for the
/// open ones) but with a permission of that account below `active` that
/// is linked to nothing: refused by the chain's minimum permission,
/// nothing changed.
#[test]
fn every_action_refuses_an_unlinked_permission_of_its_signer() {
    let mut t = running();
    let unlinked = name!("sec");
    for who in [REWARDS, ALICE, producer(0), CHARTER, INFRA] {
        t.chain.set_permission(who, unlinked, ACTIVE, &[]);
    }
    let cases: Vec<(Action, Name)> = vec![
        (t.config_args().to_action(REWARDS, vec![]), REWARDS),
        (actions::rollover {}.to_action(REWARDS, vec![]), ALICE),
        (
            actions::claim {
                member: producer(0),
            }
            .to_action(REWARDS, vec![]),
            producer(0),
        ),
        (actions::sweep { max: 1 }.to_action(REWARDS, vec![]), ALICE),
        (
            actions::forfeit {
                member: producer(0),
            }
            .to_action(REWARDS, vec![]),
            CHARTER,
        ),
        (
            actions::infraclaim { quantity: pool(1) }.to_action(REWARDS, vec![]),
            INFRA,
        ),
        (actions::audit {}.to_action(REWARDS, vec![]), ALICE),
    ];
    let before = t.books();
    // The charter's `forfeit` is linked to pool.charter@inline, its
    // minimum; everything else falls back to `active`.
    assert_unlinked_permission_refused(&mut t.chain, unlinked, cases, |signer| {
        if signer == CHARTER {
            "inline"
        } else {
            "active"
        }
    });
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
        assert_fails(t.chain.push_raw(action), NO_AUTHORIZATION);
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
    assert_inline_cannot_issue_or_open(&mut t.chain, &inline, REWARDS, &expected);
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

// ---- 5. rollback and retry -------------------------------------------------------------

/// What a day's split gives each member, without the times that say when
/// it was taken (the snapshot's `taken_at` and the claim deadlines).
fn outcome(t: &mut Tester, day: u64) -> (Vec<(Name, u64, u64)>, Snapshot) {
    let allocs = t
        .allocs()
        .iter()
        .filter(|r| r.day == day)
        .map(|r| (r.member, r.day, r.amount))
        .collect();
    let mut snap = t.snapshot(day).expect("a snapshot");
    snap.taken_at = TimePointSec::default();
    snap.claim_until = TimePointSec::default();
    (allocs, snap)
}

/// Nothing in a split can be steered by whoever triggers it: the same
/// day closed by anyone, at the first or the last second of the next
/// day, after a transaction that closed it and was then reverted (the
/// EOSDice pattern: observe the outcome, abort, retry), gives every
/// member the same amounts. There is no randomness to re-roll, and
/// payouts wait in allocation rows for their member's own claim.
#[test]
fn a_split_is_the_same_whoever_triggers_it_and_however_often_it_is_retried() {
    let setup = || {
        let mut t = Tester::with_members(&[(producer(0), 3), (producer(1), 1), (producer(2), 2)]);
        t.income(1_000_003, "").unwrap();
        t
    };
    let mut first = setup();
    let d0 = first.today();
    first.next_day(0);
    first.rollover().unwrap();
    let expected = outcome(&mut first, d0);
    assert_eq!(expected.0.len(), 3);

    let mut retried = setup();
    retried.set_clock(d0 + 1, DAY - 1);
    let before = retried.books();
    // The day closes, its split is visible to the rest of the
    // transaction, and the transaction aborts: nothing stays.
    let observe_and_abort = vec![
        actions::rollover {}.to_action(REWARDS, vec![PermissionLevel::active(producer(1))]),
        actions::sweep { max: 0 }.to_action(REWARDS, vec![PermissionLevel::active(producer(1))]),
    ];
    assert_fails(
        retried.chain.push_transaction(observe_and_abort),
        "max must be positive",
    );
    assert_eq!(retried.books(), before);
    // A member claims from the day its claim closes, sees what it got,
    // and aborts: nothing stays either.
    let claim_and_abort = vec![
        actions::claim {
            member: producer(2),
        }
        .to_action(REWARDS, vec![PermissionLevel::active(producer(2))]),
        actions::sweep { max: 0 }.to_action(REWARDS, vec![PermissionLevel::active(producer(2))]),
    ];
    assert_fails(
        retried.chain.push_transaction(claim_and_abort),
        "max must be positive",
    );
    assert_eq!(retried.books(), before);
    retried
        .push(REWARDS, &actions::rollover {}, producer(1))
        .unwrap();
    assert_eq!(outcome(&mut retried, d0), expected);
    retried.assert_books();
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

// ---- 9. asset math at the bound -------------------------------------------------------------

/// Income of the whole supply of a token whose maximum supply is 2^62 - 1
/// (as annual income, the path with the most arithmetic: the
/// infrastructure share, 365 daily parts and their remainder, the
/// schedule), then a day's split and a claim: every unit accounted for,
/// the contract's own `audit` passing, no overflow.
#[test]
fn income_and_a_split_at_the_asset_bound_conserve_every_unit() {
    const MAX: i64 = (1 << 62) - 1;
    let mut t = Tester::with_members(&[(producer(0), 3), (producer(1), 1)]);
    t.token_create(FAKE_TOKEN, "461168601842738.7903 POOL");
    t.token_issue(FAKE_TOKEN, "461168601842738.7903 POOL");
    // Rewards paid in that token (allowed: no income was received yet).
    let mut args = t.config_args();
    args.token_contract = FAKE_TOKEN;
    t.setconfig_as(REWARDS, args).unwrap();
    t.chain
        .link_auth(REWARDS, FAKE_TOKEN, name!("transfer"), INLINE);
    for m in [producer(0), producer(1)] {
        let open = pool_token::actions::open {
            owner: m,
            symbol: SYM,
            ram_payer: m,
        };
        t.push(FAKE_TOKEN, &open, m).unwrap();
    }
    let d0 = t.today();
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, REWARDS, pool(MAX), "annual")
        .unwrap();
    let s = t.state();
    let held = |s: &State| s.pool + s.annual_pending + s.unclaimed + s.infra;
    assert_eq!(held(&s), MAX as u64);
    assert_eq!(s.infra, MAX as u64 / 20, "5%, floored");
    assert_eq!(
        s.pool + s.annual_pending,
        MAX as u64 - s.infra,
        "the rest, spread"
    );
    assert_eq!(s.annual_rate, (MAX as u64 - s.infra) / 365);
    // The next unit does not exist: the token refuses 2^62 before we see it.
    assert_fails(
        t.transfer_at(
            FAKE_TOKEN,
            FAKE_TOKEN,
            REWARDS,
            antelope_sdk::Asset {
                amount: 1 << 62,
                symbol: SYM,
            },
            "annual",
        ),
        "invalid quantity",
    );
    t.push(REWARDS, &actions::audit {}, ALICE).unwrap();

    t.next_day(0);
    t.rollover().unwrap();
    let snap = t.snapshot(d0).unwrap();
    let allocated: u64 = t.allocs().iter().map(|r| r.amount).sum();
    assert_eq!(
        allocated + snap.carried,
        snap.pool,
        "no unit created or lost"
    );
    assert_eq!(held(&t.state()), MAX as u64);
    let paid = t.claimable(producer(0));
    t.claim(producer(0)).unwrap();
    assert_eq!(t.balance_at(FAKE_TOKEN, producer(0)), paid as i64);
    assert_eq!(
        held(&t.state()) + paid,
        MAX as u64,
        "what left is what was paid"
    );
    assert_eq!(t.balance_at(FAKE_TOKEN, REWARDS) as u64, held(&t.state()));
    t.push(REWARDS, &actions::audit {}, ALICE).unwrap();
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

/// Every bound of `advance` at its cap at once: 100 paid members, 30
/// days closed in one call, after a sweep of 1000 expired allocations
/// (of 1100: the sweep stops at `max_sweep`, oldest first). The rows
/// written and erased are exactly those; the books hold.
#[test]
fn a_rollover_at_every_cap_sweeps_1000_and_closes_30_days_of_100() {
    let members: Vec<(Name, u64)> = (0..120).map(|i| (producer(i), 1 + i as u64)).collect();
    let mut t = Tester::with_members(&members);
    let mut args = t.config_args();
    args.paid = 100;
    args.scheduled = 100;
    args.max_days_per_rollover = 30;
    args.max_sweep = 1000;
    t.setconfig_as(REWARDS, args).unwrap();
    let d0 = t.today();
    // Annual income: every one of the following days has a pool to split.
    t.income(1 << 40, "annual").unwrap();
    t.set_clock(d0 + 11, 0);
    t.rollover().unwrap();
    assert_eq!(t.allocs().len(), 1100, "11 days x 100 members");
    // Long after their claim window: all 1100 expired, and 31 days to close.
    t.set_clock(d0 + 42, 0);
    let started = std::time::Instant::now();
    t.rollover().unwrap();
    let elapsed = started.elapsed();
    assert_eq!(t.state().day, d0 + 41, "30 days closed");
    let allocs = t.allocs();
    assert_eq!(allocs.len(), 100 + 3000);
    // The 100 left are the newest of the old ones (day d0 + 10).
    let old: Vec<u64> = allocs
        .iter()
        .filter(|r| r.day < d0 + 11)
        .map(|r| r.day)
        .collect();
    assert_eq!(old, vec![d0 + 10; 100]);
    println!("native: sweep of 1000 + rollover of 30 days x 100 members in {elapsed:?}");
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
