//! Property: under any sequence of issues, retires, transfers, opens and
//! closes (valid or not), the supply equals the sum of balances, no
//! balance is negative, and a rejected action changes nothing.

use antelope_sdk::{name, Asset, Name, Symbol};
use antelope_testchain::TestChain;
use pool_token::actions;
use pool_token::tables::{Account, CurrencyStats};
use proptest::prelude::*;

const TOKEN: Name = name!("pool.token");
const USERS: [Name; 4] = [name!("alice"), name!("bob"), name!("carol"), name!("dave")];
const SYM: Symbol = antelope_sdk::symbol!("4,POOL");

#[derive(Clone, Debug)]
enum Op {
    Issue(i64),
    Retire(i64),
    Transfer(usize, usize, i64),
    Open(usize, usize),
    Close(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let amount = prop_oneof![
        -5i64..5,
        0i64..2_000_000,
        Just(i64::MAX),
        Just((1i64 << 62) - 1)
    ];
    prop_oneof![
        amount.clone().prop_map(Op::Issue),
        amount.clone().prop_map(Op::Retire),
        (0..4usize, 0..4usize, amount).prop_map(|(f, t, q)| Op::Transfer(f, t, q)),
        (0..4usize, 0..4usize).prop_map(|(o, p)| Op::Open(o, p)),
        (0..4usize).prop_map(Op::Close),
    ]
}

type State = (Option<CurrencyStats>, Vec<Option<Account>>);

fn state(chain: &mut TestChain) -> State {
    let code = SYM.code().raw();
    let stats = chain.row::<CurrencyStats>(TOKEN, code, code);
    let rows = USERS
        .iter()
        .map(|u| chain.row::<Account>(TOKEN, u.raw(), code))
        .collect();
    (stats, rows)
}

/// The token's invariants: supply == sum of balances, no negative
/// balance, 0 <= supply <= max supply.
fn check_invariants((stats, rows): State) -> Result<(), TestCaseError> {
    let stats = stats.expect("token exists");
    let sum: i64 = rows.iter().flatten().map(|r| r.balance.amount).sum();
    prop_assert_eq!(sum, stats.supply.amount);
    prop_assert!(rows.iter().flatten().all(|r| r.balance.amount >= 0));
    prop_assert!(0 <= stats.supply.amount && stats.supply.amount <= stats.max_supply.amount);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn supply_equals_sum_of_balances(ops in prop::collection::vec(op(), 1..40)) {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.create_accounts(&USERS);
        let issuer = USERS[0];
        chain
            .push_action_as(TOKEN, &actions::create { issuer, maximum_supply: Asset { amount: 10_000_000, symbol: SYM } }, TOKEN)
            .unwrap();
        for op in ops {
            let before = state(&mut chain);
            let q = |amount| Asset { amount, symbol: SYM };
            let result = match op {
                Op::Issue(n) => chain.push_action_as(TOKEN, &actions::issue { to: issuer, quantity: q(n), memo: String::new() }, issuer),
                Op::Retire(n) => chain.push_action_as(TOKEN, &actions::retire { quantity: q(n), memo: String::new() }, issuer),
                Op::Transfer(f, t, n) => chain.push_action_as(
                    TOKEN,
                    &actions::transfer { from: USERS[f], to: USERS[t], quantity: q(n), memo: String::new() },
                    USERS[f],
                ),
                Op::Open(o, p) => chain.push_action_as(TOKEN, &actions::open { owner: USERS[o], symbol: SYM, ram_payer: USERS[p] }, USERS[p]),
                Op::Close(o) => chain.push_action_as(TOKEN, &actions::close { owner: USERS[o], symbol: SYM }, USERS[o]),
            };
            let after = state(&mut chain);
            if result.is_err() {
                prop_assert_eq!(&before, &after, "a rejected action changed state");
            }
            check_invariants(after)?;
        }
    }
}

const ACTIONS: [Name; 6] = [
    name!("create"),
    name!("issue"),
    name!("retire"),
    name!("transfer"),
    name!("open"),
    name!("close"),
];

/// Valid data for action `i`, to be mutated.
fn valid_data(i: usize) -> Vec<u8> {
    use antelope_sdk::Pack;
    let q = Asset {
        amount: 10_000,
        symbol: SYM,
    };
    match i {
        0 => actions::create {
            issuer: USERS[0],
            maximum_supply: q,
        }
        .packed(),
        1 => actions::issue {
            to: USERS[0],
            quantity: q,
            memo: "m".into(),
        }
        .packed(),
        2 => actions::retire {
            quantity: q,
            memo: "m".into(),
        }
        .packed(),
        3 => actions::transfer {
            from: USERS[0],
            to: USERS[1],
            quantity: q,
            memo: "m".into(),
        }
        .packed(),
        4 => actions::open {
            owner: USERS[1],
            symbol: SYM,
            ram_payer: USERS[0],
        }
        .packed(),
        _ => actions::close {
            owner: USERS[1],
            symbol: SYM,
        }
        .packed(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Security checklist 15: random bytes, and valid data with random
    /// bytes flipped, truncated or extended, as the data of every action:
    /// each ends in a contract assertion (never a Rust panic such as an
    /// arithmetic overflow) or a valid state, and the token's invariants
    /// hold afterwards.
    #[test]
    fn garbage_action_data_ends_cleanly(
        action in 0..6usize,
        random in prop::collection::vec(any::<u8>(), 0..80),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
        use_random in any::<bool>(),
    ) {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.create_accounts(&USERS);
        chain.push_action_as(TOKEN, &actions::create { issuer: USERS[0], maximum_supply: Asset { amount: 1_000_000, symbol: SYM } }, TOKEN).unwrap();
        chain.push_action_as(TOKEN, &actions::issue { to: USERS[0], quantity: Asset { amount: 500_000, symbol: SYM }, memo: String::new() }, USERS[0]).unwrap();

        let data = if use_random {
            random
        } else {
            let mut d = valid_data(action);
            for (at, byte) in &flips {
                let i = at.index(d.len());
                d[i] = *byte;
            }
            d.truncate(cut.index(d.len() + 1).max(d.len().saturating_sub(3)));
            d
        };
        let auth = vec![
            antelope_sdk::PermissionLevel::active(TOKEN),
            antelope_sdk::PermissionLevel::active(USERS[0]),
            antelope_sdk::PermissionLevel::active(USERS[1]),
        ];
        let before = state(&mut chain);
        let result = chain.push_raw(antelope_sdk::Action { account: TOKEN, name: ACTIONS[action], authorization: auth, data });
        let after = state(&mut chain);
        if let Err(e) = &result {
            prop_assert!(!e.message.starts_with("attempt to"), "arithmetic panic: {}", e.message);
            prop_assert_eq!(&before, &after, "a rejected action changed state");
        }
        check_invariants(after)?;
    }
}
