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
            let (stats, rows) = after;
            let stats = stats.expect("token exists");
            let sum: i64 = rows.iter().flatten().map(|r| r.balance.amount).sum();
            prop_assert_eq!(sum, stats.supply.amount);
            prop_assert!(rows.iter().flatten().all(|r| r.balance.amount >= 0));
            prop_assert!(stats.supply.amount <= stats.max_supply.amount);
        }
    }
}
