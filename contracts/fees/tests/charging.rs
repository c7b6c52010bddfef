//! Deposits, bundled calls, charging and forwarding to rewards, and the
//! real hook: pool.member's `regmember` charging its fee through
//! pool.fees. Messages are asserted exactly.

mod common;

use antelope_sdk::{name, Name};
use antelope_testchain::{assert_fails, Trace};
use common::*;
use pool_token::actions::transfer;

/// The token transfers a transaction sent inline.
fn inline_transfers(trace: &Trace) -> Vec<transfer> {
    trace
        .inline_actions()
        .filter(|a| a.account == TOKEN && a.name == name!("transfer"))
        .map(|a| a.data_as::<transfer>().unwrap())
        .collect()
}

/// Three producers, regmember fee 10.0000 POOL, filecase 2.5000 POOL.
fn priced() -> Tester {
    let mut t = Tester::with(3, 3);
    t.multipliers_one(3);
    for i in 0..3 {
        t.setfeevote(bp(i), &[(REGMEMBER, 100_000), (FILECASE, 25_000)])
            .unwrap();
    }
    t.computefees().unwrap();
    assert_eq!((t.fee(REGMEMBER), t.fee(FILECASE)), (100_000, 25_000));
    t
}

// ---- deposits --------------------------------------------------------------------------

#[test]
fn a_deposit_needs_an_open_row_paid_by_its_owner() {
    let mut t = priced();
    assert_fails(
        t.deposit(ALICE, "1.0000 POOL"),
        "open a deposit first with opendeposit",
    );
    let fees_ram = t.chain.ram_usage(FEES);
    let alice_ram = t.chain.ram_usage(ALICE);
    t.opendeposit(ALICE).unwrap();
    assert_eq!(t.chain.ram_usage(FEES), fees_ram, "the owner pays");
    assert!(t.chain.ram_usage(ALICE) > alice_ram);
    let d = t.deposit_row(ALICE).unwrap();
    assert_eq!(d.balance, pool(0));
    let b = t.bundle(ALICE).unwrap();
    assert_eq!((b.period_start.secs(), b.used), (0, 0));
    // Opening again changes nothing.
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "12.5000 POOL").unwrap();
    t.deposit(ALICE, "0.0001 POOL").unwrap();
    assert_eq!(t.deposit_of(ALICE), 125_001);
    t.assert_invariants();
}

#[test]
fn withdraw_pays_back_by_inline_transfer() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "20.0000 POOL").unwrap();
    let before = t.balance(ALICE);
    let trace = t.withdraw(ALICE, "5.0000 POOL").unwrap();
    assert_eq!(
        inline_transfers(&trace),
        vec![transfer {
            from: FEES,
            to: ALICE,
            quantity: a("5.0000 POOL"),
            memo: "withdraw".into(),
        }]
    );
    assert_eq!(t.balance(ALICE), before + 50_000);
    assert_eq!(t.deposit_of(ALICE), 150_000);
    assert_fails(t.withdraw(ALICE, "15.0001 POOL"), "overdrawn deposit");
    assert_fails(
        t.withdraw(ALICE, "0.0000 POOL"),
        "must withdraw positive quantity",
    );
    assert_fails(
        t.withdraw(ALICE, "-1.0000 POOL"),
        "must withdraw positive quantity",
    );
    assert_fails(t.withdraw(ALICE, "1.00 POOL"), "wrong token symbol");
    assert_fails(t.withdraw(ALICE, "1.0000 OTHER"), "wrong token symbol");
    assert_fails(t.withdraw(BOB, "1.0000 POOL"), "account has no fee deposit");
    t.withdraw(ALICE, "15.0000 POOL").unwrap();
    assert_eq!(t.deposit_of(ALICE), 0);
    t.assert_invariants();
}

#[test]
fn withdraw_needs_the_owners_balance_row() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    // alice empties and closes her balance row at the token.
    let rest = format!(
        "{}.{:04} POOL",
        t.balance(ALICE) / 10_000,
        t.balance(ALICE) % 10_000
    );
    t.transfer(ALICE, BOB, &rest, "").unwrap();
    t.chain
        .push_action_as(
            TOKEN,
            &pool_token::actions::close {
                owner: ALICE,
                symbol: SYM,
            },
            ALICE,
        )
        .unwrap();
    assert_fails(
        t.withdraw(ALICE, "1.0000 POOL"),
        "owner has no balance row at the token contract: open one with its open action",
    );
}

// ---- charging --------------------------------------------------------------------------

#[test]
fn a_charge_debits_the_deposit_and_forwards_the_fee_with_its_memo() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "20.0000 POOL").unwrap();
    let rewards = t.balance(REWARDS);
    let trace = t.charge(ALICE, REGMEMBER).unwrap();
    assert_eq!(
        inline_transfers(&trace),
        vec![transfer {
            from: FEES,
            to: REWARDS,
            quantity: a("10.0000 POOL"),
            memo: "annual".into(),
        }],
        "registration-type: annual income"
    );
    assert_eq!(t.deposit_of(ALICE), 100_000);
    assert_eq!(t.balance(REWARDS), rewards + 100_000);
    let trace = t.charge(ALICE, FILECASE).unwrap();
    assert_eq!(
        inline_transfers(&trace),
        vec![transfer {
            from: FEES,
            to: REWARDS,
            quantity: a("2.5000 POOL"),
            memo: "fee".into(),
        }]
    );
    assert_eq!(t.deposit_of(ALICE), 75_000);
    assert_eq!(t.balance(REWARDS), rewards + 125_000);
    // The forwarding went through pool.fees@inline.
    let sent = trace.inline_actions().next().unwrap();
    assert_eq!(
        sent.authorization,
        vec![antelope_sdk::PermissionLevel::new(FEES, INLINE)]
    );
    t.assert_invariants();
}

#[test]
fn a_charge_with_an_empty_deposit_fails_and_changes_nothing() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    let before = t.snapshot();
    assert_fails(
        t.charge(ALICE, REGMEMBER),
        "deposit too low for the regmember fee",
    );
    t.deposit(ALICE, "9.9999 POOL").unwrap();
    let before_low = t.snapshot();
    assert_fails(
        t.charge(ALICE, REGMEMBER),
        "deposit too low for the regmember fee",
    );
    assert_eq!(t.snapshot(), before_low);
    t.withdraw(ALICE, "9.9999 POOL").unwrap();
    assert_eq!(t.snapshot(), before);
    // Exactly the fee is enough.
    t.deposit(ALICE, "10.0000 POOL").unwrap();
    t.charge(ALICE, REGMEMBER).unwrap();
    assert_eq!(t.deposit_of(ALICE), 0);
    t.assert_invariants();
}

#[test]
fn a_charge_without_a_deposit_row_fails() {
    let mut t = priced();
    let before = t.snapshot();
    assert_fails(
        t.charge(BOB, FILECASE),
        "payer has no fee deposit: open one with opendeposit",
    );
    assert_eq!(t.snapshot(), before);
}

#[test]
fn a_zero_fee_charges_nothing_and_sends_nothing() {
    let mut t = Tester::with(3, 3);
    // No votes yet: every fee is 0; no deposit needed.
    let before = t.snapshot();
    let trace = t.charge(BOB, REGMEMBER).unwrap();
    assert_eq!(inline_transfers(&trace), vec![]);
    assert_eq!(t.snapshot(), before);
}

#[test]
fn bundled_calls_are_used_before_the_deposit() {
    let mut t = priced();
    t.set_bundles(2);
    assert_eq!(t.fee_state().bundled_calls_per_year, 2);
    t.opendeposit(ALICE).unwrap();
    let rewards = t.balance(REWARDS);
    // Two free calls, even with an empty deposit.
    let trace = t.charge(ALICE, REGMEMBER).unwrap();
    assert_eq!(inline_transfers(&trace), vec![]);
    let start = t.now_sec();
    t.chain.advance_time(10);
    t.charge(ALICE, FILECASE).unwrap();
    let b = t.bundle(ALICE).unwrap();
    assert_eq!((b.period_start.secs(), b.used), (start, 2));
    assert_eq!(t.balance(REWARDS), rewards);
    // The third is paid.
    assert_fails(
        t.charge(ALICE, FILECASE),
        "deposit too low for the filecase fee",
    );
    t.deposit(ALICE, "5.0000 POOL").unwrap();
    t.charge(ALICE, FILECASE).unwrap();
    assert_eq!(t.deposit_of(ALICE), 25_000);
    assert_eq!(t.balance(REWARDS), rewards + 25_000);
    assert_eq!(t.bundle(ALICE).unwrap().used, 2);
    // Bob has his own bundle.
    t.opendeposit(BOB).unwrap();
    t.charge(BOB, REGMEMBER).unwrap();
    // 365 days after alice's first free call a new period starts.
    t.chain.advance_time(YEAR - 11);
    t.charge(ALICE, FILECASE).unwrap();
    assert_eq!(t.deposit_of(ALICE), 0, "still the old period: paid");
    t.chain.advance_time(1);
    t.charge(ALICE, FILECASE).unwrap();
    assert_eq!(t.deposit_of(ALICE), 0, "a new period: free");
    let b = t.bundle(ALICE).unwrap();
    assert_eq!((b.period_start.secs(), b.used), (start + YEAR, 1));
    t.assert_invariants();
}

#[test]
fn only_registered_callers_charge() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "20.0000 POOL").unwrap();
    let before = t.snapshot();
    // bob is an account like any other, but not a registered caller.
    assert_fails(
        t.charge_by(BOB, ALICE, REGMEMBER),
        "only a registered DAC contract may charge fees",
    );
    // Naming a registered caller needs its authority.
    let data = pool_shared::fees::charge {
        caller: CALLER,
        payer: ALICE,
        endpoint: REGMEMBER,
    };
    assert_fails(
        t.chain.push_action_as(FEES, &data, BOB),
        "missing authority of dac.app",
    );
    assert_fails(
        t.chain.push_action_as(FEES, &data, ALICE),
        "missing authority of dac.app",
    );
    assert_eq!(t.snapshot(), before);
    // A removed caller can no longer charge.
    t.rmcaller(CALLER).unwrap();
    assert_fails(
        t.charge(ALICE, REGMEMBER),
        "only a registered DAC contract may charge fees",
    );
    assert_fails(t.rmcaller(CALLER), "contract is not a registered caller");
    t.addcaller(CALLER).unwrap();
    assert_fails(
        t.addcaller(CALLER),
        "contract is already a registered caller",
    );
    assert_fails(
        t.addcaller(name!("nosuchacct")),
        "caller account does not exist",
    );
    t.charge(ALICE, REGMEMBER).unwrap();
}

#[test]
fn charging_an_unknown_endpoint_fails() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    assert_fails(t.charge(ALICE, PROPOSE), "propose is not a fee endpoint");
    t.rmendpoint(FILECASE).unwrap();
    assert_fails(t.charge(ALICE, FILECASE), "filecase is not a fee endpoint");
}

#[test]
fn a_charge_needs_the_rewards_balance_row() {
    let mut t = priced();
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "20.0000 POOL").unwrap();
    // Rewards set to an account without a balance row: the transfer
    // would make pool.fees pay for one.
    let mut args = t.config_args(3);
    args.rewards = CAROL;
    let carol = t.balance(CAROL);
    t.transfer(CAROL, BOB, &format!("{}.0000 POOL", carol / 10_000), "")
        .unwrap();
    t.chain
        .push_action_as(
            TOKEN,
            &pool_token::actions::close {
                owner: CAROL,
                symbol: SYM,
            },
            CAROL,
        )
        .unwrap();
    t.setconfig_as(FEES, args).unwrap();
    let before = t.snapshot();
    assert_fails(
        t.charge(ALICE, REGMEMBER),
        "rewards account has no balance row at the token contract: open one with its open action",
    );
    assert_eq!(t.snapshot(), before);
}

// ---- the real hook ---------------------------------------------------------------------

#[test]
fn regmember_pays_the_voted_fee_from_the_deposit_and_it_reaches_rewards() {
    let mut t = Tester::with(3, 3);
    // pool.member charges through pool.fees; pool.fees accepts it.
    let members_cfg = t.members_config_args(FEES);
    t.chain
        .push_action_as(MEMBER, &members_cfg, MEMBER)
        .unwrap();
    t.addcaller(MEMBER).unwrap();
    // The producers vote the regmember fee: 10.0000 POOL.
    t.set_fee(REGMEMBER, 100_000);
    assert_eq!(t.fee(REGMEMBER), 100_000);

    let newbp: Name = name!("newbp");
    t.chain.create_account(newbp);
    t.transfer(TOKEN, newbp, "100.0000 POOL", "").unwrap();
    t.sign(newbp, 1);
    // Without a deposit the registration fails, and nothing of it stays.
    assert_fails(
        t.regmember(newbp),
        "payer has no fee deposit: open one with opendeposit",
    );
    assert!(t
        .chain
        .read(|| pool_members::views::member(MEMBER, newbp))
        .is_none());
    t.opendeposit(newbp).unwrap();
    t.deposit(newbp, "25.0000 POOL").unwrap();
    let rewards = t.balance(REWARDS);
    let trace = t.regmember(newbp).unwrap();
    // regmember -> charge (pool.member@inline) -> transfer (pool.fees@inline).
    let charges: Vec<_> = trace
        .inline_actions()
        .filter(|a| a.account == FEES && a.name == name!("charge"))
        .collect();
    assert_eq!(charges.len(), 1);
    assert_eq!(
        charges[0].authorization,
        vec![antelope_sdk::PermissionLevel::new(MEMBER, INLINE)]
    );
    assert_eq!(
        inline_transfers(&trace),
        vec![transfer {
            from: FEES,
            to: REWARDS,
            quantity: a("10.0000 POOL"),
            memo: "annual".into(),
        }]
    );
    assert_eq!(t.deposit_of(newbp), 150_000);
    assert_eq!(t.balance(REWARDS), rewards + 100_000);
    assert!(t
        .chain
        .read(|| pool_members::views::member(MEMBER, newbp))
        .is_some());
    t.assert_invariants();
}

#[test]
fn regmember_uses_a_bundled_call_first() {
    let mut t = Tester::with(3, 3);
    let members_cfg = t.members_config_args(FEES);
    t.chain
        .push_action_as(MEMBER, &members_cfg, MEMBER)
        .unwrap();
    t.addcaller(MEMBER).unwrap();
    t.set_fee(REGMEMBER, 100_000);
    t.set_bundles(1);
    let newbp: Name = name!("newbp");
    t.chain.create_account(newbp);
    t.sign(newbp, 1);
    t.opendeposit(newbp).unwrap();
    let rewards = t.balance(REWARDS);
    let trace = t.regmember(newbp).unwrap();
    assert_eq!(inline_transfers(&trace), vec![]);
    assert_eq!(t.balance(REWARDS), rewards);
    assert_eq!(t.bundle(newbp).unwrap().used, 1);
}

// ---- property: money is conserved ---------------------------------------------------------

mod conservation {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Deposit(usize, i64),
        Withdraw(usize, i64),
        Charge(usize, bool),
        Wait(u32),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..3, 1i64..300_000).prop_map(|(u, q)| Op::Deposit(u, q)),
            (0usize..3, 1i64..300_000).prop_map(|(u, q)| Op::Withdraw(u, q)),
            (0usize..3, any::<bool>()).prop_map(|(u, r)| Op::Charge(u, r)),
            prop_oneof![Just(1u32), Just(YEAR / 2)].prop_map(Op::Wait),
        ]
    }

    fn q(amount: i64) -> String {
        format!("{}.{:04} POOL", amount / 10_000, amount % 10_000)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Any sequence of deposits, withdrawals and charges: the contract
        /// holds exactly the deposits, rewards received exactly the paid
        /// fees, and a rejected step changes nothing.
        #[test]
        fn deposits_charges_and_withdrawals_conserve_tokens(ops in prop::collection::vec(op(), 1..25)) {
            let mut t = priced();
            t.set_bundles(1);
            for u in USERS {
                t.opendeposit(u).unwrap();
            }
            let rewards0 = t.balance(REWARDS);
            let mut paid = 0i64;
            for op in ops {
                let before = t.snapshot();
                let result = match op {
                    Op::Deposit(u, amount) => t.deposit(USERS[u], &q(amount)).map(|_| 0),
                    Op::Withdraw(u, amount) => t.withdraw(USERS[u], &q(amount)).map(|_| 0),
                    Op::Charge(u, reg) => {
                        let ep = if reg { REGMEMBER } else { FILECASE };
                        let d = t.deposit_of(USERS[u]);
                        t.charge(USERS[u], ep).map(|_| d - t.deposit_of(USERS[u]))
                    }
                    Op::Wait(s) => { t.chain.advance_time(s); Ok(0) }
                };
                match result {
                    Ok(fee) => paid += fee,
                    Err(_) => prop_assert_eq!(t.snapshot(), before),
                }
                t.assert_invariants();
                prop_assert_eq!(t.balance(REWARDS) - rewards0, paid);
            }
        }
    }
}
