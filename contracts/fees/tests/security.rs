//! The attack classes of the security checklist that apply to the fees
//! contract, each as the test the checklist asks for, plus the
//! configuration's own checks.

mod common;

use antelope_sdk::{name, symbol, Action, ActionData, Asset, Name, PermissionLevel};
use antelope_testchain::assert_fails;
use common::*;
use pool_fees::actions;
use pool_testkit::helpers::signers::{
    assert_inline_cannot_issue_or_open, assert_unlinked_permission_refused,
    assert_wrong_signers_refused, irrelevant, NO_AUTHORIZATION,
};

// ---- 1. fake token ------------------------------------------------------------------

#[test]
fn a_copy_of_the_token_under_another_account_credits_nothing() {
    let mut t = Tester::with(3, 3);
    t.token_create(FAKE_TOKEN, "1000000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000000.0000 POOL");
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, ALICE, "1000.0000 POOL", "")
        .unwrap();
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    let before = t.snapshot();
    // Same symbol, same precision: the notification reaches pool.fees
    // with first receiver fake.token and is ignored.
    let trace = t
        .transfer_at(FAKE_TOKEN, ALICE, FEES, "1000.0000 POOL", "deposit")
        .unwrap();
    assert!(trace.notified().contains(&FEES));
    assert_eq!(t.snapshot(), before, "nothing credited");
    assert_eq!(t.balance_at(FAKE_TOKEN, FEES), 10_000_000);
    // Without a deposit row it is ignored as well (not refused).
    t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, BOB, "1.0000 POOL", "")
        .unwrap();
    t.transfer_at(FAKE_TOKEN, BOB, FEES, "1.0000 POOL", "")
        .unwrap();
    assert_eq!(t.snapshot(), before);
    t.assert_invariants();
}

#[test]
fn another_symbol_of_the_real_token_is_refused() {
    let mut t = Tester::with(3, 3);
    t.token_create(TOKEN, "1000.000 OTHER");
    let issue = pool_token::actions::issue {
        to: TOKEN,
        quantity: a("1000.000 OTHER"),
        memo: String::new(),
    };
    t.chain.push_action_as(TOKEN, &issue, TOKEN).unwrap();
    t.transfer(TOKEN, ALICE, "10.000 OTHER", "").unwrap();
    t.opendeposit(ALICE).unwrap();
    let before = t.snapshot();
    assert_fails(
        t.transfer(ALICE, FEES, "1.000 OTHER", "deposit"),
        "wrong token symbol",
    );
    assert_eq!(t.snapshot(), before);
}

// ---- 2. forged notification -------------------------------------------------------------

#[test]
fn a_forwarded_notification_of_someone_elses_transfer_changes_nothing() {
    let mut t = Tester::with(3, 3);
    t.chain.deploy(BOB, forwarder::apply);
    t.opendeposit(ALICE).unwrap();
    t.opendeposit(BOB).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    let before = t.snapshot();
    let trace = t.transfer(ALICE, BOB, "5.0000 POOL", "deposit").unwrap();
    // pool.fees did see it, with first receiver pool.token and to = bob.
    assert!(trace.notified().contains(&FEES));
    let after = t.snapshot();
    assert_eq!(after.deposits, before.deposits);
    assert_eq!(t.balance(FEES), 10_000);
    t.assert_invariants();
}

// ---- 3. missing authorization ---------------------------------------------------------------

#[test]
fn every_action_refuses_a_wrong_signer() {
    let mut t = Tester::with(3, 3);
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    let before = t.snapshot();
    let fees = "missing authority of pool.fees";
    let cases: Vec<(Action, Name, &str)> = vec![
        (t.config_args(3).to_action(FEES, vec![]), ALICE, fees),
        (
            actions::addcaller { contract: BOB }.to_action(FEES, vec![]),
            CALLER,
            fees,
        ),
        (
            actions::rmcaller { contract: CALLER }.to_action(FEES, vec![]),
            CALLER,
            fees,
        ),
        (
            actions::regendpoint {
                endpoint: PROPOSE,
                annual: false,
            }
            .to_action(FEES, vec![]),
            bp(0),
            fees,
        ),
        (
            actions::rmendpoint {
                endpoint: REGMEMBER,
            }
            .to_action(FEES, vec![]),
            bp(0),
            fees,
        ),
        (
            actions::setfeevote {
                producer: bp(0),
                fee_ratios: vec![(REGMEMBER, 1)],
            }
            .to_action(FEES, vec![]),
            bp(1),
            "missing authority of bpa",
        ),
        (
            actions::setfeemult {
                producer: bp(0),
                multiplier: ONE,
            }
            .to_action(FEES, vec![]),
            ALICE,
            "missing authority of bpa",
        ),
        (
            actions::bundlevote {
                producer: bp(0),
                count: 1,
            }
            .to_action(FEES, vec![]),
            FEES,
            "missing authority of bpa",
        ),
        (
            pool_shared::fees::charge {
                caller: CALLER,
                payer: ALICE,
                endpoint: REGMEMBER,
            }
            .to_action(FEES, vec![]),
            ALICE,
            "missing authority of dac.app",
        ),
        (
            actions::opendeposit { owner: BOB }.to_action(FEES, vec![]),
            ALICE,
            "missing authority of bob",
        ),
        (
            actions::withdraw {
                owner: ALICE,
                quantity: a("1.0000 POOL"),
            }
            .to_action(FEES, vec![]),
            BOB,
            "missing authority of alice",
        ),
    ];
    assert_wrong_signers_refused(&mut t.chain, cases);
    assert_fails(
        t.chain
            .push_raw(actions::computefees {}.to_action(FEES, vec![])),
        NO_AUTHORIZATION,
    );
    assert_eq!(t.snapshot(), before);
}

/// Every action, signed by the account it needs (any account for
/// `computefees`) but with a permission of that account below `active`
/// linked to nothing: refused by the chain's minimum permission, nothing
/// changed. (A caller's `inline` permission linked to `charge` is the
/// permission that does work for `charge`: `charging.rs`.)
#[test]
fn every_action_refuses_an_unlinked_permission_of_its_signer() {
    let mut t = Tester::with(3, 3);
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    let unlinked = name!("sec");
    for who in [FEES, bp(0), CALLER, ALICE, BOB] {
        t.chain.set_permission(who, unlinked, ACTIVE, &[]);
    }
    let cases: Vec<(Action, Name)> = vec![
        (t.config_args(3).to_action(FEES, vec![]), FEES),
        (
            actions::addcaller { contract: BOB }.to_action(FEES, vec![]),
            FEES,
        ),
        (
            actions::rmcaller { contract: CALLER }.to_action(FEES, vec![]),
            FEES,
        ),
        (
            actions::regendpoint {
                endpoint: PROPOSE,
                annual: false,
            }
            .to_action(FEES, vec![]),
            FEES,
        ),
        (
            actions::rmendpoint {
                endpoint: REGMEMBER,
            }
            .to_action(FEES, vec![]),
            FEES,
        ),
        (
            actions::setfeevote {
                producer: bp(0),
                fee_ratios: vec![(REGMEMBER, 1)],
            }
            .to_action(FEES, vec![]),
            bp(0),
        ),
        (
            actions::setfeemult {
                producer: bp(0),
                multiplier: ONE,
            }
            .to_action(FEES, vec![]),
            bp(0),
        ),
        (
            actions::bundlevote {
                producer: bp(0),
                count: 1,
            }
            .to_action(FEES, vec![]),
            bp(0),
        ),
        (actions::computefees {}.to_action(FEES, vec![]), ALICE),
        (
            pool_shared::fees::charge {
                caller: CALLER,
                payer: ALICE,
                endpoint: REGMEMBER,
            }
            .to_action(FEES, vec![]),
            CALLER,
        ),
        (
            actions::opendeposit { owner: BOB }.to_action(FEES, vec![]),
            BOB,
        ),
        (
            actions::withdraw {
                owner: ALICE,
                quantity: a("1.0000 POOL"),
            }
            .to_action(FEES, vec![]),
            ALICE,
        ),
    ];
    let before = t.snapshot();
    assert_unlinked_permission_refused(&mut t.chain, unlinked, cases, |_| "active");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn after_the_handover_only_governance_administers() {
    let mut t = Tester::with(3, 3);
    let mut args = t.config_args(3);
    args.governance = GOV;
    t.setconfig_as(FEES, args.clone()).unwrap();
    let gov = "missing authority of pool.gov";
    assert_fails(t.setconfig_as(FEES, args.clone()), gov);
    assert_fails(t.regendpoint(PROPOSE, false), gov);
    assert_fails(t.rmendpoint(REGMEMBER), gov);
    assert_fails(t.addcaller(BOB), gov);
    assert_fails(t.rmcaller(CALLER), gov);
    t.setconfig_as(GOV, args).unwrap();
    t.chain
        .push_action_as(
            FEES,
            &actions::regendpoint {
                endpoint: PROPOSE,
                annual: false,
            },
            GOV,
        )
        .unwrap();
    t.chain
        .push_action_as(FEES, &actions::addcaller { contract: BOB }, GOV)
        .unwrap();
}

// ---- 4. eosio.code over-grant -----------------------------------------------------------------

#[test]
fn the_inline_permission_cannot_sign_anything_but_token_transfers() {
    let mut t = Tester::with(3, 3);
    let inline = [PermissionLevel::new(FEES, INLINE)];
    let expected = irrelevant("pool.fees", "inline", "active");
    let args = t.config_args(3);
    assert_fails(t.chain.push_action(FEES, &args, &inline), &expected);
    assert_fails(
        t.chain.push_action(
            FEES,
            &actions::regendpoint {
                endpoint: PROPOSE,
                annual: false,
            },
            &inline,
        ),
        &expected,
    );
    assert_fails(
        t.chain
            .push_action(FEES, &actions::addcaller { contract: BOB }, &inline),
        &expected,
    );
    assert_inline_cannot_issue_or_open(&mut t.chain, &inline, FEES, &expected);
    // A caller's inline permission reaches charge, nothing else here.
    let member_inline = [PermissionLevel::new(MEMBER, INLINE)];
    assert_fails(
        t.chain.push_action(
            FEES,
            &actions::opendeposit { owner: MEMBER },
            &member_inline,
        ),
        &irrelevant("pool.member", "inline", "active"),
    );
}

#[test]
fn withdrawals_need_the_link_of_the_inline_permission() {
    let mut t = Tester::with(3, 3);
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    // Re-link pool.token::transfer to active: pool.fees@inline (which
    // holds eosio.code) no longer satisfies it, and active has no
    // eosio.code, so the contract cannot pay.
    t.chain.link_auth(FEES, TOKEN, name!("transfer"), ACTIVE);
    let before = t.snapshot();
    assert_fails(
        t.withdraw(ALICE, "1.0000 POOL"),
        &irrelevant("pool.fees", "inline", "active"),
    );
    assert_eq!(t.snapshot(), before, "the debit is rolled back too");
}

// ---- 5 / 10 / 14. withdrawals: pull, isolated, state written first -------------------------

/// A depositor whose account refuses incoming transfers fails only its
/// own withdrawal: its deposit stays whole, and others withdraw as
/// before. (Fees forwarded to rewards go to the configured rewards
/// contract only, never to a payee anyone chooses.)
#[test]
fn a_payee_that_refuses_transfers_blocks_only_its_own_withdrawal() {
    let mut t = Tester::with(3, 3);
    t.chain.deploy(CAROL, hostile_payee::apply);
    for who in [CAROL, ALICE] {
        t.opendeposit(who).unwrap();
        t.deposit(who, "2.0000 POOL").unwrap();
    }
    let before = t.snapshot();
    assert_fails(
        t.withdraw(CAROL, "1.0000 POOL"),
        "this account refuses transfers",
    );
    assert_eq!(t.snapshot(), before);
    t.withdraw(ALICE, "2.0000 POOL").unwrap();
    assert_eq!(t.deposit_of(CAROL), 20_000);
    assert_eq!(t.deposit_of(ALICE), 0);
    t.assert_invariants();
}

/// The deposit is debited before the transfer is sent: a payee that
/// withdraws again from its notification of the payment finds the
/// deposit already lowered; asking for the same amount again overdraws
/// it, and the whole withdrawal reverts.
#[test]
fn a_payee_reentering_withdraw_finds_its_deposit_already_debited() {
    let mut t = Tester::with(3, 3);
    t.chain.deploy(CAROL, hostile_payee::apply);
    t.chain.add_code(CAROL, ACTIVE);
    t.opendeposit(CAROL).unwrap();
    t.deposit(CAROL, "3.0000 POOL").unwrap();
    hostile_payee::REENTER.with(|r| r.set(true));
    let before = t.snapshot();
    let carol = t.balance(CAROL);
    // 2 + 2 > 3: the re-entered withdrawal sees 1 left.
    assert_fails(t.withdraw(CAROL, "2.0000 POOL"), "overdrawn deposit");
    assert_eq!(t.snapshot(), before);
    assert_eq!(t.balance(CAROL), carol);
    // 1.5 + 1.5 <= 3: the first re-entry is paid, with the deposit at 0
    // before its transfer goes out; the second re-entry finds nothing.
    assert_fails(t.withdraw(CAROL, "1.5000 POOL"), "overdrawn deposit");
    assert_eq!(t.snapshot(), before);
    hostile_payee::REENTER.with(|r| r.set(false));
    t.assert_invariants();
}

// ---- 8. RAM payer -------------------------------------------------------------------------------

#[test]
fn spam_accounts_cannot_make_the_contract_pay_ram() {
    let mut t = Tester::with(3, 3);
    t.set_fee(FILECASE, 10);
    t.token_create(FAKE_TOKEN, "1000.0000 POOL");
    t.token_issue(FAKE_TOKEN, "1000.0000 POOL");
    // The one-offs of pool.fees' balance row at the token: the first
    // deposit creates it, billed to the sender; the first outgoing
    // transfer makes pool.fees its payer (eosio.token bills the owner of
    // a balance it debits), as for any account that sends tokens.
    let fees_ram = t.chain.ram_usage(FEES);
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    assert_eq!(t.chain.ram_usage(FEES), fees_ram);
    t.withdraw(ALICE, "0.0001 POOL").unwrap();
    let fees_ram = t.chain.ram_usage(FEES);

    let spammers: Vec<Name> = (0..20)
        .map(|i| {
            let s = format!("spam{}{}", (b'a' + i / 5) as char, (b'a' + i % 5) as char);
            Name::try_from_str(&s).unwrap()
        })
        .collect();
    for s in &spammers {
        t.chain.create_account(*s);
        t.transfer(TOKEN, *s, "0.0100 POOL", "").unwrap();
        t.transfer_at(FAKE_TOKEN, FAKE_TOKEN, *s, "1.0000 POOL", "")
            .unwrap();
        // Dust without a deposit row: refused.
        assert_fails(
            t.deposit(*s, "0.0001 POOL"),
            "open a deposit first with opendeposit",
        );
        // Fake tokens: ignored; the fake token bills the sender.
        t.transfer_at(FAKE_TOKEN, *s, FEES, "1.0000 POOL", "")
            .unwrap();
        // Votes of non-producers are refused.
        let not_elected = format!("{s} is not an elected producer");
        assert_fails(t.setfeevote(*s, &[(REGMEMBER, 1)]), &not_elected);
        assert_fails(t.setfeemult(*s, ONE), &not_elected);
        assert_fails(t.bundlevote(*s, 1), &not_elected);
        // Charges they push themselves are refused.
        assert_fails(
            t.charge_by(*s, ALICE, FILECASE),
            "only a registered DAC contract may charge fees",
        );
        // Their own rows, their own RAM.
        t.opendeposit(*s).unwrap();
        t.deposit(*s, "0.0050 POOL").unwrap();
        t.charge(*s, FILECASE).unwrap();
        t.withdraw(*s, "0.0020 POOL").unwrap();
        // computefees is open to anyone: it only flips flags in place.
        let _ = t.chain.push_action_as(FEES, &actions::computefees {}, *s);
    }
    assert_eq!(
        t.chain.ram_usage(FEES),
        fees_ram,
        "20 spam accounts left the contract's RAM unchanged"
    );
    // An elected-set change recomputed by a spammer does not bill either.
    t.unstake_votes_of(2);
    t.chain
        .push_action_as(FEES, &actions::computefees {}, spammers[0])
        .unwrap();
    assert_eq!(t.chain.ram_usage(FEES), fees_ram);
    t.assert_invariants();
}

#[test]
fn producers_pay_for_their_votes() {
    let mut t = Tester::with(3, 3);
    let fees_ram = t.chain.ram_usage(FEES);
    let bpa_ram = t.chain.ram_usage(bp(0));
    t.setfeemult(bp(0), ONE).unwrap();
    t.setfeevote(bp(0), &[(REGMEMBER, 5), (FILECASE, 6)])
        .unwrap();
    t.bundlevote(bp(0), 3).unwrap();
    t.computefees().unwrap();
    assert_eq!(t.chain.ram_usage(FEES), fees_ram);
    assert!(t.chain.ram_usage(bp(0)) > bpa_ram);
}

// ---- 11. bounded loops -------------------------------------------------------------------------

/// How many endpoints wait for `computefees`.
fn pending_endpoints(t: &mut Tester) -> usize {
    let rows: Vec<pool_fees::tables::Endpoint> = t.chain.rows(FEES, FEES.raw());
    rows.iter().filter(|e| e.pending).count()
}

/// The loops over endpoints at their cap of 50: a vote listing all 50
/// (the 51st endpoint and a 51-entry list are refused), a multiplier
/// change walking all 50 and marking each voted one due, a
/// configuration change marking all 50 due, and `computefees` working
/// them off `max_compute_per_call` at a time.
#[test]
fn the_endpoint_loops_at_their_cap_of_50() {
    let mut t = Tester::with(3, 3);
    let mut eps = vec![REGMEMBER, FILECASE];
    eps.extend((0..48).map(|i| bp(200 + i)));
    for e in &eps[2..] {
        t.regendpoint(*e, false).unwrap();
    }
    assert_fails(
        t.regendpoint(PROPOSE, false),
        "too many endpoints (at most 50)",
    );
    t.multipliers_one(3);
    let all: Vec<(Name, u64)> = eps.iter().map(|e| (*e, 100)).collect();
    for i in 0..3 {
        t.setfeevote(bp(i), &all).unwrap();
    }
    let mut over = all.clone();
    over.push((PROPOSE, 1));
    t.chain.advance_time(3600);
    assert_fails(
        t.setfeevote(bp(0), &over),
        "too many fee ratios in the vote",
    );
    let drain = |t: &mut Tester| {
        let mut calls = 0;
        while t.computefees().is_ok() {
            calls += 1;
        }
        calls
    };
    // 50 endpoints and the bundle count, 10 per call.
    assert_eq!(drain(&mut t), 6);
    assert_eq!(pending_endpoints(&mut t), 0);
    assert!(eps.iter().all(|e| t.fee(*e) == 100));
    t.chain.advance_time(120);
    t.setfeemult(bp(0), 3 * ONE).unwrap();
    assert_eq!(pending_endpoints(&mut t), 50, "every endpoint it voted on");
    assert_eq!(drain(&mut t), 5);
    assert!(
        eps.iter().all(|e| t.fee(*e) == 100),
        "median of 300, 100, 100"
    );
    let mut args = t.config_args(2);
    args.max_compute_per_call = 25;
    t.setconfig_as(FEES, args).unwrap();
    assert_eq!(
        pending_endpoints(&mut t),
        50,
        "a new min_votes makes all due"
    );
    assert_eq!(drain(&mut t), 3, "the bundle count and 24, then 25, then 1");
    t.assert_invariants();
}

// ---- 16. median voting -------------------------------------------------------------------------

/// A producer's fee votes are one row per endpoint, replaced by a new
/// vote: however often it votes, its latest value counts once in the
/// median (counted twice, 10 and 1000 with 20 and 30 would give 25).
#[test]
fn a_producer_counts_once_however_often_it_votes() {
    let mut t = Tester::with(3, 3);
    t.multipliers_one(3);
    t.vote_values(FILECASE, &[10, 20, 30]);
    t.computefees().unwrap();
    assert_eq!(t.fee(FILECASE), 20);
    t.chain.advance_time(3600);
    t.setfeevote(bp(0), &[(FILECASE, 1000)]).unwrap();
    t.computefees().unwrap();
    assert_eq!(t.fee(FILECASE), 30, "median of 1000, 20, 30");
    assert_eq!(t.endpoint(FILECASE).unwrap().votes_counted, 3);
    let rows: Vec<pool_fees::tables::FeeVote> = t.chain.rows(FEES, bp(0).raw());
    assert_eq!(rows.iter().filter(|v| v.endpoint == FILECASE).count(), 1);
    // The same for the multiplier and the bundle count: one row each.
    t.chain.advance_time(120);
    t.setfeemult(bp(0), 2 * ONE).unwrap();
    t.bundlevote(bp(0), 7).unwrap();
    t.chain.advance_time(120);
    t.bundlevote(bp(0), 9).unwrap();
    let mults: Vec<pool_fees::tables::FeeMult> = t.chain.rows(FEES, FEES.raw());
    assert_eq!(mults.iter().filter(|m| m.producer == bp(0)).count(), 1);
    let bundles: Vec<pool_fees::tables::BundleVote> = t.chain.rows(FEES, FEES.raw());
    assert_eq!(
        bundles
            .iter()
            .filter(|b| b.producer == bp(0))
            .map(|b| b.count)
            .collect::<Vec<_>>(),
        vec![9]
    );
}

// ---- 9 / 15. boundary values and unchecked arguments --------------------------------------------

#[test]
fn boundary_values_end_in_clean_assertions() {
    let mut t = Tester::with(3, 3);
    t.opendeposit(ALICE).unwrap();
    t.deposit(ALICE, "1.0000 POOL").unwrap();
    let before = t.snapshot();
    let alice = vec![PermissionLevel::active(ALICE)];
    let withdraw = |amount: i64| {
        actions::withdraw {
            owner: ALICE,
            quantity: Asset {
                amount,
                symbol: SYM,
            },
        }
        .to_action(FEES, alice.clone())
    };
    assert_fails(t.chain.push_raw(withdraw(i64::MIN)), "invalid quantity");
    assert_fails(t.chain.push_raw(withdraw(1 << 62)), "invalid quantity");
    assert_fails(
        t.chain.push_raw(withdraw((1 << 62) - 1)),
        "overdrawn deposit",
    );
    assert_fails(
        t.chain.push_raw(withdraw(0)),
        "must withdraw positive quantity",
    );
    assert_fails(
        t.chain.push_raw(withdraw(-1)),
        "must withdraw positive quantity",
    );
    let bad_symbol = actions::withdraw {
        owner: ALICE,
        quantity: Asset {
            amount: 1,
            symbol: antelope_sdk::Symbol::from_raw(0x00ff_ffff_ffff_ff04),
        },
    }
    .to_action(FEES, alice.clone());
    assert_fails(t.chain.push_raw(bad_symbol), "invalid quantity");
    // Self-targets.
    assert_fails(
        t.chain
            .push_action_as(FEES, &actions::opendeposit { owner: FEES }, ALICE),
        "missing authority of pool.fees",
    );
    // A zero fee charges nothing, whoever the payer.
    t.charge(FEES, REGMEMBER).unwrap();
    assert_fails(
        t.setfeemult(FEES, ONE),
        "pool.fees is not an elected producer",
    );
    // Random bytes as action data.
    for (action, data) in [
        (name!("setfeevote"), vec![1u8, 2, 3]),
        (name!("setfeevote"), vec![0xff; 20]),
        (name!("charge"), vec![0u8; 25]),
        (name!("withdraw"), vec![7u8; 5]),
        (name!("computefees"), vec![0u8]),
        (name!("setconfig"), vec![]),
    ] {
        let result = t.chain.push_raw(Action {
            account: FEES,
            name: action,
            authorization: alice.clone(),
            data,
        });
        let message = result.unwrap_err().message;
        assert!(
            [
                "datastream attempted to read past the end",
                "unexpected bytes after the end of the data",
                "invalid varuint32 encoding",
            ]
            .contains(&message.as_str()),
            "{action}: {message}"
        );
    }
    assert_fails(
        t.chain.push_raw(Action {
            account: FEES,
            name: name!("transfer"),
            authorization: alice,
            data: vec![],
        }),
        "unknown action: transfer",
    );
    assert_eq!(t.snapshot(), before);
}

/// Every action of the contract, in `lib.rs`'s order.
const ACTIONS: [&str; 12] = [
    "setconfig",
    "addcaller",
    "rmcaller",
    "regendpoint",
    "rmendpoint",
    "setfeevote",
    "setfeemult",
    "bundlevote",
    "computefees",
    "charge",
    "opendeposit",
    "withdraw",
];

/// Valid data for action `i`, to be mutated.
fn valid_data(t: &Tester, i: usize) -> Vec<u8> {
    use antelope_sdk::Pack;
    match ACTIONS[i] {
        "setconfig" => t.config_args(2).packed(),
        "addcaller" => actions::addcaller { contract: BOB }.packed(),
        "rmcaller" => actions::rmcaller { contract: CALLER }.packed(),
        "regendpoint" => actions::regendpoint {
            endpoint: PROPOSE,
            annual: true,
        }
        .packed(),
        "rmendpoint" => actions::rmendpoint { endpoint: FILECASE }.packed(),
        "setfeevote" => actions::setfeevote {
            producer: bp(1),
            fee_ratios: vec![(REGMEMBER, 7), (FILECASE, 9)],
        }
        .packed(),
        "setfeemult" => actions::setfeemult {
            producer: bp(1),
            multiplier: 2 * ONE,
        }
        .packed(),
        "bundlevote" => actions::bundlevote {
            producer: bp(1),
            count: 3,
        }
        .packed(),
        "computefees" => actions::computefees {}.packed(),
        "charge" => pool_shared::fees::charge {
            caller: CALLER,
            payer: ALICE,
            endpoint: FILECASE,
        }
        .packed(),
        "opendeposit" => actions::opendeposit { owner: BOB }.packed(),
        _ => actions::withdraw {
            owner: ALICE,
            quantity: a("0.5000 POOL"),
        }
        .packed(),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// Random bytes, and valid data with bytes flipped, truncated or
    /// extended, as the data of every action, signed by everyone
    /// involved: a contract assertion (never a Rust panic such as an
    /// arithmetic overflow) or a valid outcome; a rejection changes
    /// nothing, and the invariants hold either way.
    #[test]
    fn garbage_action_data_ends_cleanly(
        action in 0..ACTIONS.len(),
        random in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..120),
        flips in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()),
            0..4,
        ),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        extra in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3),
        use_random in proptest::prelude::any::<bool>(),
    ) {
        let mut t = Tester::with(3, 2);
        t.set_fee(FILECASE, 100);
        t.opendeposit(ALICE).unwrap();
        t.deposit(ALICE, "1.0000 POOL").unwrap();
        let data = if use_random {
            random
        } else {
            let mut d = valid_data(&t, action);
            // `computefees` has no data: nothing to flip.
            if !d.is_empty() {
                for (at, byte) in &flips {
                    let i = at.index(d.len());
                    d[i] = *byte;
                }
            }
            d.truncate(cut.index(d.len() + 1).max(d.len().saturating_sub(3)));
            d.extend(extra);
            d
        };
        let auth = [FEES, bp(1), CALLER, ALICE, BOB]
            .iter()
            .map(|who| PermissionLevel::active(*who))
            .collect();
        let before = t.snapshot();
        let name = Name::try_from_str(ACTIONS[action]).unwrap();
        let result = t.chain.push_raw(Action { account: FEES, name, authorization: auth, data });
        if let Err(e) = &result {
            proptest::prop_assert!(!e.message.starts_with("attempt to"), "arithmetic panic: {}", e.message);
            proptest::prop_assert!(!e.message.contains("panicked"), "panic: {}", e.message);
            proptest::prop_assert_eq!(&before, &t.snapshot(), "a rejected action changed state");
        }
        t.assert_invariants();
    }
}

#[test]
fn setconfig_validates_every_field() {
    let mut t = Tester::with(3, 3);
    let before = t.snapshot();
    let base = t.config_args(3);
    let cases: Vec<(actions::setconfig, &str)> = vec![
        (
            actions::setconfig {
                governance: name!("nosuchgov"),
                ..base.clone()
            },
            "governance account does not exist",
        ),
        (
            actions::setconfig {
                members: name!("nosuchmem"),
                ..base.clone()
            },
            "members account does not exist",
        ),
        (
            actions::setconfig {
                token_contract: name!("nosuchtoken"),
                ..base.clone()
            },
            "token contract account does not exist",
        ),
        (
            actions::setconfig {
                fee_symbol: antelope_sdk::Symbol::from_raw(0x00ff_ffff_ffff_ff04),
                ..base.clone()
            },
            "invalid fee symbol",
        ),
        (
            actions::setconfig {
                fee_symbol: symbol!("2,POOL"),
                ..base.clone()
            },
            "the token contract has no token with the fee symbol and precision",
        ),
        (
            actions::setconfig {
                fee_symbol: symbol!("4,NONE"),
                ..base.clone()
            },
            "the token contract has no token with the fee symbol and precision",
        ),
        (
            actions::setconfig {
                rewards: name!("nosuchrew"),
                ..base.clone()
            },
            "rewards account does not exist",
        ),
        (
            actions::setconfig {
                rewards: FEES,
                ..base.clone()
            },
            "rewards account cannot be the fees contract",
        ),
        (
            actions::setconfig {
                scheduled: 0,
                ..base.clone()
            },
            "scheduled must be between 1 and 42",
        ),
        (
            actions::setconfig {
                scheduled: 43,
                ..base.clone()
            },
            "scheduled must be between 1 and 42",
        ),
        (
            actions::setconfig {
                min_votes: 0,
                ..base.clone()
            },
            "min_votes must be between 1 and scheduled",
        ),
        (
            actions::setconfig {
                min_votes: 22,
                ..base.clone()
            },
            "min_votes must be between 1 and scheduled",
        ),
        (
            actions::setconfig {
                max_compute_per_call: 0,
                ..base.clone()
            },
            "max_compute_per_call must be between 1 and 25",
        ),
        (
            actions::setconfig {
                max_compute_per_call: 26,
                ..base.clone()
            },
            "max_compute_per_call must be between 1 and 25",
        ),
    ];
    for (args, message) in cases {
        assert_fails(t.setconfig_as(FEES, args), message);
    }
    assert_eq!(t.snapshot(), before);
    // The limits themselves are accepted.
    t.setconfig_as(
        FEES,
        actions::setconfig {
            scheduled: 42,
            min_votes: 42,
            max_compute_per_call: 25,
            ..base.clone()
        },
    )
    .unwrap();
    let cfg = t.config().unwrap();
    assert_eq!(
        (cfg.scheduled, cfg.min_votes, cfg.max_compute_per_call),
        (42, 42, 25)
    );
}

#[test]
fn the_fee_token_cannot_change_once_endpoints_or_deposits_exist() {
    let mut t = Tester::with(3, 3);
    t.token_create(TOKEN, "1000.000 OTHER");
    let other = actions::setconfig {
        fee_symbol: symbol!("3,OTHER"),
        ..t.config_args(3)
    };
    let msg = "token contract and fee symbol cannot change once deposits or endpoints exist";
    assert_fails(t.setconfig_as(FEES, other.clone()), msg);
    t.rmendpoint(REGMEMBER).unwrap();
    t.rmendpoint(FILECASE).unwrap();
    t.opendeposit(ALICE).unwrap();
    assert_fails(t.setconfig_as(FEES, other.clone()), msg);
    let mut fresh = Tester::bare();
    fresh.token_create(TOKEN, "1000.000 OTHER");
    fresh.setconfig_as(FEES, fresh.config_args(3)).unwrap();
    fresh.setconfig_as(FEES, other).unwrap();
    assert_eq!(fresh.config().unwrap().fee_symbol, symbol!("3,OTHER"));
}

#[test]
fn nothing_works_before_the_configuration() {
    let mut t = Tester::bare();
    let msg = "fees contract is not configured";
    assert_fails(t.regendpoint(REGMEMBER, true), msg);
    assert_fails(t.addcaller(CALLER), msg);
    assert_fails(t.opendeposit(ALICE), msg);
    assert_fails(t.computefees(), msg);
    assert_fails(t.charge(ALICE, REGMEMBER), msg);
    assert_fails(t.deposit(ALICE, "1.0000 POOL"), msg);
    assert!(t.config().is_none());
}

#[test]
fn only_the_contract_configures_before_governance_is_set() {
    let mut t = Tester::bare();
    let args = t.config_args(3);
    assert_fails(
        t.setconfig_as(ALICE, args.clone()),
        "missing authority of pool.fees",
    );
    assert_fails(
        t.setconfig_as(GOV, args.clone()),
        "missing authority of pool.fees",
    );
    t.setconfig_as(FEES, args).unwrap();
    let s = t.fee_state();
    assert_eq!(s.elected_count, 0);
    assert_eq!(s.bundled_calls_per_year, 0);
    assert_fails(t.computefees(), "no fees to compute");
}
