//! Properties: under any sequence of stakes, unstakes, refunds, votes,
//! resignations, registrations, suspensions and the passing of time
//! (valid or not), the contract's invariants hold after every step
//! (vote totals == recomputation from the voters, each weight == its
//! stake, token balance of pool.member == sum of staked + unstaking, the
//! ranking index follows status and votes), and a rejected action changes
//! nothing. Then: random bytes as the data of every action end in a clean
//! assertion.

mod common;

use antelope_sdk::{Action, Asset, Name, Pack, PermissionLevel, TimePointSec};
use common::*;
use pool_members::actions;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    OpenStake(usize),
    Stake(usize, i64),
    Unstake(usize, i64),
    Refund(usize),
    /// A voter and a bit mask over the five producers.
    Vote(usize, u8),
    Resign(usize),
    Register(usize),
    Suspend(usize, u32),
    Reinstate(usize),
    EndSuspend(usize),
    Expel(usize),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    let holder = 0..HOLDERS.len();
    let producer = 0..PRODUCERS.len();
    let amount = prop_oneof![
        6 => 1i64..50_000,
        1 => Just(0),
        1 => Just(-1),
        1 => Just(1_000_000_000)
    ];
    prop_oneof![
        1 => holder.clone().prop_map(Op::OpenStake),
        6 => (holder.clone(), amount.clone()).prop_map(|(h, n)| Op::Stake(h, n)),
        4 => (holder.clone(), amount).prop_map(|(h, n)| Op::Unstake(h, n)),
        2 => holder.clone().prop_map(Op::Refund),
        6 => (holder, 0u8..32).prop_map(|(h, m)| Op::Vote(h, m)),
        1 => producer.clone().prop_map(Op::Resign),
        1 => producer.clone().prop_map(Op::Register),
        1 => (producer.clone(), 1u32..10_000).prop_map(|(p, s)| Op::Suspend(p, s)),
        1 => producer.clone().prop_map(Op::Reinstate),
        1 => producer.clone().prop_map(Op::EndSuspend),
        1 => producer.prop_map(Op::Expel),
        2 => prop_oneof![1u32..5_000, Just(REFUND_DELAY)].prop_map(Op::Advance),
    ]
}

fn run(t: &mut Tester, op: &Op) -> bool {
    let q = |n: i64| Asset {
        amount: n,
        symbol: SYM,
    };
    let result = match *op {
        Op::OpenStake(h) => t.openstake(HOLDERS[h]),
        Op::Stake(h, n) => {
            let data = pool_token::actions::transfer {
                from: HOLDERS[h],
                to: MEMBER,
                quantity: q(n),
                memo: "stake".into(),
            };
            t.chain.push_action_as(TOKEN, &data, HOLDERS[h])
        }
        Op::Unstake(h, n) => {
            let data = actions::unstake {
                owner: HOLDERS[h],
                quantity: q(n),
            };
            t.chain.push_action_as(MEMBER, &data, HOLDERS[h])
        }
        Op::Refund(h) => t.refund_as(ALICE, HOLDERS[h]),
        Op::Vote(h, mask) => {
            let list: Vec<Name> = (0..PRODUCERS.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| PRODUCERS[i])
                .collect();
            t.vote(HOLDERS[h], &list)
        }
        Op::Resign(p) => t.resign(PRODUCERS[p]),
        Op::Register(p) => t.regmember(PRODUCERS[p]),
        Op::Suspend(p, secs) => t.suspend(PRODUCERS[p], secs),
        Op::Reinstate(p) => t.setstatus_as(MEMBER, PRODUCERS[p], 1, 0, ""),
        Op::EndSuspend(p) => t.endsuspend(PRODUCERS[p]),
        Op::Expel(p) => t.setstatus_as(MEMBER, PRODUCERS[p], 3, 0, ""),
        Op::Advance(secs) => {
            t.chain.advance_time(secs);
            return true;
        }
    };
    result.is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_under_any_sequence(ops in prop::collection::vec(op(), 1..50)) {
        let mut t = Tester::with_producers();
        // Approve re-registrations at once, so that resigned producers can
        // come back into the ranking.
        let mut args = t.config_args();
        args.auto_approve = true;
        t.setconfig_as(MEMBER, args).unwrap();
        // Dave opens his stake row only if the sequence says so.
        for h in [ALICE, BOB, CAROL] {
            t.openstake(h).unwrap();
        }
        for op in &ops {
            let before = t.state();
            let ok = run(&mut t, op);
            if !ok {
                prop_assert_eq!(&before, &t.state(), "a rejected {:?} changed state", op);
            }
            t.assert_invariants();
        }
    }
}

const ACTIONS: [&str; 11] = [
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
    "vote",
];

/// Valid data for action `i`, to be mutated.
fn valid_data(t: &Tester, i: usize) -> Vec<u8> {
    match i {
        0 => t.config_args().packed(),
        1 => actions::regmember {
            account: PROD1,
            url: url(PROD1),
            location: 1,
            producer_key: key(1),
        }
        .packed(),
        2 => actions::update {
            account: PROD1,
            url: url(PROD1),
            location: 1,
            producer_key: key(2),
        }
        .packed(),
        3 => actions::approve { account: PROD1 }.packed(),
        4 => actions::setstatus {
            account: PROD1,
            status: 2,
            until: TimePointSec::from_secs(u32::MAX),
            reason: "r".into(),
        }
        .packed(),
        5 => actions::endsuspend { account: PROD1 }.packed(),
        6 => actions::resign { account: PROD1 }.packed(),
        7 => actions::openstake { owner: ALICE }.packed(),
        8 => actions::unstake {
            owner: ALICE,
            quantity: pool(10_000),
        }
        .packed(),
        9 => actions::refund { owner: ALICE }.packed(),
        _ => actions::vote {
            voter: ALICE,
            producers: vec![PROD1, PROD2],
        }
        .packed(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Security checklist 15: random bytes, and valid data with bytes
    /// flipped, truncated or extended, as the data of every action, signed
    /// by everyone involved: a contract assertion (never a Rust panic such
    /// as an arithmetic overflow) or a valid state; a rejection changes
    /// nothing and the invariants hold.
    #[test]
    fn garbage_action_data_ends_cleanly(
        action in 0..ACTIONS.len(),
        random in prop::collection::vec(any::<u8>(), 0..80),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
        use_random in any::<bool>(),
    ) {
        let mut t = Tester::new();
        t.register_active(PROD2);
        t.open_and_stake(ALICE, "10.0000 POOL");
        t.vote(ALICE, &[PROD2]).unwrap();
        let data = if use_random {
            random
        } else {
            let mut d = valid_data(&t, action);
            for (at, byte) in &flips {
                let i = at.index(d.len());
                d[i] = *byte;
            }
            d.truncate(cut.index(d.len() + 1).max(d.len().saturating_sub(3)));
            d
        };
        let auth = vec![
            PermissionLevel::active(MEMBER),
            PermissionLevel::active(PROD1),
            PermissionLevel::active(ALICE),
        ];
        let before = t.state();
        let name = Name::try_from_str(ACTIONS[action]).unwrap();
        let result = t.chain.push_raw(Action { account: MEMBER, name, authorization: auth, data });
        if let Err(e) = &result {
            prop_assert!(!e.message.starts_with("attempt to"), "arithmetic panic: {}", e.message);
            prop_assert!(!e.message.contains("panicked"), "panic: {}", e.message);
            prop_assert_eq!(&before, &t.state(), "a rejected action changed state");
        }
        t.assert_invariants();
    }
}
