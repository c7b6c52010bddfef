//! The attack classes of the security checklist that apply to the token,
//! each as the test the checklist asks for: 3 (missing authorization),
//! 8 (RAM payer), 9 (asset math at its bound), 14 (what a re-entering
//! recipient sees) and 15 (unchecked arguments). The reference
//! behaviours themselves are in `token.rs`; random action data in
//! `token_props.rs`. docs/security.md lists every class.

use antelope_sdk::{name, Action, ActionData, Asset, Name, PermissionLevel, Symbol};
use antelope_testchain::{assert_fails, ChainError, TestChain, Trace};
use pool_token::actions;
use pool_token::tables::{Account, CurrencyStats};

const TOKEN: Name = name!("pool.token");
const ALICE: Name = name!("alice");
const BOB: Name = name!("bob");
const CAROL: Name = name!("carol");
const DAVE: Name = name!("dave");
const ACCOUNTS: [Name; 5] = [TOKEN, ALICE, BOB, CAROL, DAVE];
const ACTIVE: Name = name!("active");
/// A permission below `active` linked to nothing: what a hot key meant
/// for some other contract would be.
const UNLINKED: Name = name!("sec");
/// 2^62 - 1: the largest asset amount.
const MAX: i64 = (1 << 62) - 1;

fn a(s: &str) -> Asset {
    Asset::try_from_str(s).expect("test asset literal")
}

fn sym(s: &str) -> Symbol {
    Symbol::try_from_str(s).expect("test symbol literal")
}

fn raw(amount: i64, symbol: &str) -> Asset {
    Asset {
        amount,
        symbol: sym(symbol),
    }
}

fn irrelevant(actor: Name, permission: Name) -> String {
    format!(
        r#"action declares irrelevant authority '{{"actor":"{actor}","permission":"{permission}"}}'; minimum authority is {{"actor":"{actor}","permission":"active"}}"#
    )
}

/// Every row of the token (supplies of the given symbols, every balance
/// of the bench's accounts) and the RAM each account pays: a refused
/// action must leave all of it as it was.
#[derive(Debug, PartialEq)]
struct State {
    stats: Vec<Vec<CurrencyStats>>,
    balances: Vec<Vec<Account>>,
    ram: Vec<i64>,
}

fn state(chain: &mut TestChain, codes: &[&str]) -> State {
    State {
        stats: codes
            .iter()
            .map(|c| chain.rows(TOKEN, sym(&format!("0,{c}")).code().raw()))
            .collect(),
        balances: ACCOUNTS
            .iter()
            .map(|who| chain.rows(TOKEN, who.raw()))
            .collect(),
        ram: ACCOUNTS.iter().map(|who| chain.ram_usage(*who)).collect(),
    }
}

/// pool.token deployed; alice, bob, carol and dave exist, each with an
/// unlinked `sec` permission; token TKN (3 decimals, max 1000000.000)
/// issued by alice: 1000.000 to alice, 100.000 of it sent to bob.
fn bench() -> TestChain {
    let mut chain = TestChain::new();
    chain.deploy(TOKEN, pool_token::apply);
    chain.create_accounts(&[ALICE, BOB, CAROL, DAVE]);
    for who in ACCOUNTS {
        chain.set_permission(who, UNLINKED, ACTIVE, &[]);
    }
    let create = actions::create {
        issuer: ALICE,
        maximum_supply: a("1000000.000 TKN"),
    };
    chain.push_action_as(TOKEN, &create, TOKEN).unwrap();
    let issue = actions::issue {
        to: ALICE,
        quantity: a("1000.000 TKN"),
        memo: String::new(),
    };
    chain.push_action_as(TOKEN, &issue, ALICE).unwrap();
    transfer(&mut chain, ALICE, BOB, a("100.000 TKN"), "").unwrap();
    chain
}

fn transfer(
    chain: &mut TestChain,
    from: Name,
    to: Name,
    quantity: Asset,
    memo: &str,
) -> Result<Trace, ChainError> {
    let data = actions::transfer {
        from,
        to,
        quantity,
        memo: memo.into(),
    };
    chain.push_action_as(TOKEN, &data, from)
}

fn balance(chain: &mut TestChain, owner: Name, code: &str) -> Option<i64> {
    let sc = sym(&format!("0,{code}")).code();
    chain
        .row::<Account>(TOKEN, owner.raw(), sc.raw())
        .map(|r| r.balance.amount)
}

fn supply(chain: &mut TestChain, code: &str) -> i64 {
    let sc = sym(&format!("0,{code}")).code();
    chain
        .row::<CurrencyStats>(TOKEN, sc.raw(), sc.raw())
        .expect("the token exists")
        .supply
        .amount
}

// ---- 3. missing authorization --------------------------------------------------------

/// Each of the six actions, pushed with no signature, with the wrong
/// actor's, and with its right actor's permission that is not linked to
/// it: refused each time, nothing changed; then, with the right actor's
/// `active`, accepted (the refusals were about authority only).
#[test]
fn every_action_refuses_no_signer_a_wrong_actor_and_an_unlinked_permission() {
    let mut chain = bench();
    // carol holds a zero row to close.
    let open = actions::open {
        owner: CAROL,
        symbol: sym("3,TKN"),
        ram_payer: CAROL,
    };
    chain.push_action_as(TOKEN, &open, CAROL).unwrap();
    let cases: Vec<(Action, Name, Name)> = vec![
        // (action, its right actor, a wrong actor)
        (
            actions::create {
                issuer: BOB,
                maximum_supply: a("1000.0000 NEW"),
            }
            .to_action(TOKEN, vec![]),
            TOKEN,
            ALICE,
        ),
        (
            actions::issue {
                to: ALICE,
                quantity: a("1.000 TKN"),
                memo: String::new(),
            }
            .to_action(TOKEN, vec![]),
            ALICE,
            BOB,
        ),
        (
            actions::retire {
                quantity: a("1.000 TKN"),
                memo: String::new(),
            }
            .to_action(TOKEN, vec![]),
            ALICE,
            TOKEN,
        ),
        (
            actions::transfer {
                from: BOB,
                to: DAVE,
                quantity: a("1.000 TKN"),
                memo: String::new(),
            }
            .to_action(TOKEN, vec![]),
            BOB,
            CAROL,
        ),
        (
            actions::open {
                owner: DAVE,
                symbol: sym("3,TKN"),
                ram_payer: DAVE,
            }
            .to_action(TOKEN, vec![]),
            DAVE,
            TOKEN,
        ),
        (
            actions::close {
                owner: CAROL,
                symbol: sym("3,TKN"),
            }
            .to_action(TOKEN, vec![]),
            CAROL,
            ALICE,
        ),
    ];
    let before = state(&mut chain, &["TKN", "NEW"]);
    for (action, right, wrong) in &cases {
        let mut act = action.clone();
        act.authorization = vec![];
        assert_fails(
            chain.push_raw(act.clone()),
            "transaction must have at least one authorization",
        );
        act.authorization = vec![PermissionLevel::active(*wrong)];
        assert_fails(
            chain.push_raw(act.clone()),
            &format!("missing authority of {right}"),
        );
        act.authorization = vec![PermissionLevel::new(*right, UNLINKED)];
        assert_fails(chain.push_raw(act), &irrelevant(*right, UNLINKED));
        assert_eq!(
            state(&mut chain, &["TKN", "NEW"]),
            before,
            "{}",
            action.name
        );
    }
    for (mut action, right, _) in cases {
        action.authorization = vec![PermissionLevel::active(right)];
        chain.push_raw(action).unwrap();
    }
}

// ---- 8. RAM payer ---------------------------------------------------------------------

/// Twenty accounts opening, receiving, sending, closing and trying to
/// bill the contract: the token contract's RAM (its `stat` row, paid at
/// `create`) never moves; every balance row is paid by its owner, or by
/// the sender when the owner did not sign.
#[test]
fn spam_accounts_cannot_make_the_token_contract_pay_ram() {
    let mut chain = bench();
    let token_ram = chain.ram_usage(TOKEN);
    let spammers: Vec<Name> = (0..20u8)
        .map(|i| Name::try_from_str(&format!("spam{}", (b'a' + i) as char)).unwrap())
        .collect();
    for (i, s) in spammers.iter().enumerate() {
        chain.create_account(*s);
        let alice_ram = chain.ram_usage(ALICE);
        // A transfer to an account without a row: the sender pays.
        transfer(&mut chain, ALICE, *s, a("0.002 TKN"), "dust").unwrap();
        assert!(chain.ram_usage(ALICE) > alice_ram, "the sender pays");
        assert_eq!(chain.ram_usage(*s), 0, "the recipient did not sign");
        // Naming the contract as the payer needs the contract's signature.
        let open = actions::open {
            owner: *s,
            symbol: sym("3,TKN"),
            ram_payer: TOKEN,
        };
        assert_fails(
            chain.push_action_as(TOKEN, &open, *s),
            "missing authority of pool.token",
        );
        // Sending on to the contract account itself: the spammer pays
        // for the contract's balance row, not the contract.
        if i == 0 {
            let before = chain.ram_usage(*s);
            transfer(&mut chain, *s, TOKEN, a("0.001 TKN"), "").unwrap();
            assert!(chain.ram_usage(*s) > before);
        } else {
            transfer(&mut chain, *s, TOKEN, a("0.001 TKN"), "").unwrap();
        }
        transfer(&mut chain, *s, BOB, a("0.001 TKN"), "").unwrap();
        // Closing its empty row: the RAM goes back to whoever paid it.
        let close = actions::close {
            owner: *s,
            symbol: sym("3,TKN"),
        };
        chain.push_action_as(TOKEN, &close, *s).unwrap();
        // Opening it again: the owner pays.
        let open = actions::open {
            owner: *s,
            symbol: sym("3,TKN"),
            ram_payer: *s,
        };
        let before = chain.ram_usage(*s);
        chain.push_action_as(TOKEN, &open, *s).unwrap();
        assert!(chain.ram_usage(*s) > before, "the owner pays its own row");
    }
    assert_eq!(
        chain.ram_usage(TOKEN),
        token_ram,
        "20 spam accounts left the token contract's RAM unchanged"
    );
}

// ---- 9. asset math at its bound -------------------------------------------------------

/// A token whose maximum supply is 2^62 - 1: all of it is issued,
/// moved and retired exactly; one unit more, or an amount of 2^62, is
/// refused and changes nothing.
#[test]
fn asset_math_holds_at_2_pow_62_minus_1() {
    let mut chain = bench();
    let create = actions::create {
        issuer: ALICE,
        maximum_supply: raw(MAX, "0,MAX"),
    };
    chain.push_action_as(TOKEN, &create, TOKEN).unwrap();
    let issue = |amount: i64| actions::issue {
        to: ALICE,
        quantity: raw(amount, "0,MAX"),
        memo: String::new(),
    };
    chain.push_action_as(TOKEN, &issue(MAX), ALICE).unwrap();
    assert_eq!(supply(&mut chain, "MAX"), MAX);
    let before = state(&mut chain, &["MAX"]);
    assert_fails(
        chain.push_action_as(TOKEN, &issue(1), ALICE),
        "quantity exceeds available supply",
    );
    assert_fails(
        chain.push_action_as(TOKEN, &issue(1 << 62), ALICE),
        "invalid quantity",
    );
    assert_fails(
        transfer(&mut chain, ALICE, BOB, raw(1 << 62, "0,MAX"), ""),
        "invalid quantity",
    );
    assert_fails(
        transfer(&mut chain, ALICE, BOB, raw(i64::MIN, "0,MAX"), ""),
        "invalid quantity",
    );
    assert_eq!(state(&mut chain, &["MAX"]), before);

    // The whole supply in one transfer, and back in two.
    transfer(&mut chain, ALICE, BOB, raw(MAX, "0,MAX"), "").unwrap();
    assert_eq!(balance(&mut chain, BOB, "MAX"), Some(MAX));
    assert_eq!(balance(&mut chain, ALICE, "MAX"), Some(0));
    transfer(&mut chain, BOB, ALICE, raw(MAX - 1, "0,MAX"), "").unwrap();
    transfer(&mut chain, BOB, ALICE, raw(1, "0,MAX"), "").unwrap();
    assert_eq!(balance(&mut chain, ALICE, "MAX"), Some(MAX));

    let retire = |amount: i64| actions::retire {
        quantity: raw(amount, "0,MAX"),
        memo: String::new(),
    };
    chain.push_action_as(TOKEN, &retire(MAX), ALICE).unwrap();
    assert_eq!(supply(&mut chain, "MAX"), 0);
    assert_eq!(balance(&mut chain, ALICE, "MAX"), Some(0));
    let before = state(&mut chain, &["MAX"]);
    assert_fails(
        chain.push_action_as(TOKEN, &retire(1), ALICE),
        "overdrawn balance",
    );
    assert_eq!(state(&mut chain, &["MAX"]), before);
    // Issuing it all again works: retired units are free again.
    chain.push_action_as(TOKEN, &issue(MAX), ALICE).unwrap();
    assert_eq!(supply(&mut chain, "MAX"), MAX);
}

// ---- 14. re-entry -------------------------------------------------------------------------

mod bouncer {
    //! A recipient contract that, from its notification of an incoming
    //! transfer, sends `FACTOR` times the amount straight back (inline,
    //! with its own `active`, which holds its `eosio.code`): a re-entry
    //! into the token while the first transfer is still running.

    use antelope_sdk::{name, notify, ActionData, Asset, Context, Name, PermissionLevel};
    use std::cell::Cell;

    thread_local! {
        pub static FACTOR: Cell<i64> = const { Cell::new(1) };
    }

    #[notify("pool.token::transfer")]
    pub fn on_transfer(ctx: &Context, from: Name, to: Name, quantity: Asset, memo: String) {
        let _ = memo;
        if to != ctx.receiver {
            return;
        }
        pool_token::actions::transfer {
            from: ctx.receiver,
            to: from,
            quantity: Asset {
                amount: quantity.amount * FACTOR.with(Cell::get),
                symbol: quantity.symbol,
            },
            memo: "bounce".into(),
        }
        .send(
            name!("pool.token"),
            vec![PermissionLevel::active(ctx.receiver)],
        );
    }

    antelope_sdk::contract! {
        actions: [],
        notifications: [on_transfer],
        tables: [],
        ricardian: "",
    }
}

/// The token writes both balances before anyone it notifies runs: a
/// recipient without a balance row that sends the amount straight back
/// from its notification finds it credited (the bounce succeeds and
/// everything nets out), and one that tries to send back more finds
/// exactly the credited amount, fails, and the whole transfer reverts.
#[test]
fn a_recipient_reentering_from_its_notification_sees_the_balances_written() {
    let mut chain = bench();
    chain.deploy(CAROL, bouncer::apply);
    chain.add_code(CAROL, ACTIVE);
    assert_eq!(balance(&mut chain, CAROL, "TKN"), None);
    let before = state(&mut chain, &["TKN"]);
    let trace = transfer(&mut chain, BOB, CAROL, a("5.000 TKN"), "").unwrap();
    assert_eq!(trace.inline_actions().count(), 1, "one bounce");
    assert_eq!(balance(&mut chain, BOB, "TKN"), Some(100_000));
    assert_eq!(balance(&mut chain, CAROL, "TKN"), Some(0));
    assert_eq!(supply(&mut chain, "TKN"), 1_000_000);

    bouncer::FACTOR.with(|f| f.set(2));
    let before_double = state(&mut chain, &["TKN"]);
    assert_fails(
        transfer(&mut chain, BOB, CAROL, a("5.000 TKN"), ""),
        "overdrawn balance",
    );
    assert_eq!(state(&mut chain, &["TKN"]), before_double);
    bouncer::FACTOR.with(|f| f.set(1));
    // Since the start only carol's zero row (paid by bob, the sender) is
    // new: the supply, the balances of the contract, alice and bob, and
    // the contract's RAM are as they were. (Bob now pays for his own row,
    // which alice's first transfer created: eosio.token moves a debited
    // row's RAM to its owner.)
    let after = state(&mut chain, &["TKN"]);
    assert_eq!(after.stats, before.stats);
    assert_eq!(after.balances[..3], before.balances[..3]);
    assert_eq!(after.ram[0], before.ram[0]);
}

// ---- 15. unchecked arguments ---------------------------------------------------------------

/// Zero, negative, the largest and out-of-range amounts, a wrong
/// precision or unknown symbol, a 257-byte memo, self-targets and
/// missing accounts, for every action: each a clean assertion with its
/// exact message, in the reference's check order, and nothing changed.
#[test]
fn every_action_refuses_boundary_arguments_and_changes_nothing() {
    let mut chain = bench();
    let long = "x".repeat(257);
    let create = |amount: i64, symbol: Symbol| actions::create {
        issuer: ALICE,
        maximum_supply: Asset { amount, symbol },
    };
    let issue = |to: Name, quantity: Asset, memo: &str| actions::issue {
        to,
        quantity,
        memo: memo.into(),
    };
    let retire = |quantity: Asset, memo: &str| actions::retire {
        quantity,
        memo: memo.into(),
    };
    let xfer = |to: Name, quantity: Asset, memo: &str| actions::transfer {
        from: ALICE,
        to,
        quantity,
        memo: memo.into(),
    };
    let open = |owner: Name, symbol: &str| actions::open {
        owner,
        symbol: sym(symbol),
        ram_payer: ALICE,
    };
    let close = |owner: Name, symbol: &str| actions::close {
        owner,
        symbol: sym(symbol),
    };
    // A symbol whose code is lowercase: not a valid symbol.
    let bad_symbol = Symbol::from_raw((0x61u64 << 8) | 3);
    let cases: Vec<(Action, &str)> = vec![
        (
            create(0, sym("0,NEW")).to_action(TOKEN, auth(TOKEN)),
            "max-supply must be positive",
        ),
        (
            create(-1, sym("0,NEW")).to_action(TOKEN, auth(TOKEN)),
            "max-supply must be positive",
        ),
        (
            create(1 << 62, sym("0,NEW")).to_action(TOKEN, auth(TOKEN)),
            "invalid supply",
        ),
        (
            create(i64::MIN, sym("0,NEW")).to_action(TOKEN, auth(TOKEN)),
            "invalid supply",
        ),
        (
            create(1, bad_symbol).to_action(TOKEN, auth(TOKEN)),
            "invalid supply",
        ),
        (
            create(1, sym("4,TKN")).to_action(TOKEN, auth(TOKEN)),
            "token with symbol already exists",
        ),
        (
            issue(ALICE, raw(0, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "must issue positive quantity",
        ),
        (
            issue(ALICE, raw(-1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "must issue positive quantity",
        ),
        (
            issue(ALICE, raw(1 << 62, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "invalid quantity",
        ),
        (
            issue(ALICE, raw(MAX, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "quantity exceeds available supply",
        ),
        (
            issue(ALICE, raw(1, "2,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "symbol precision mismatch",
        ),
        (
            issue(ALICE, raw(1, "3,NONE"), "").to_action(TOKEN, auth(ALICE)),
            "token with symbol does not exist, create token before issue",
        ),
        (
            issue(ALICE, raw(1, "3,TKN"), &long).to_action(TOKEN, auth(ALICE)),
            "memo has more than 256 bytes",
        ),
        (
            issue(BOB, raw(1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "tokens can only be issued to issuer account",
        ),
        (
            issue(TOKEN, raw(1, "3,TKN"), "").to_action(TOKEN, auth(TOKEN)),
            "tokens can only be issued to issuer account",
        ),
        (
            retire(raw(0, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "must retire positive quantity",
        ),
        (
            retire(raw(-1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "must retire positive quantity",
        ),
        (
            retire(raw(1 << 62, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "invalid quantity",
        ),
        (
            retire(raw(MAX, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "overdrawn balance",
        ),
        (
            retire(raw(1, "2,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "symbol precision mismatch",
        ),
        (
            retire(raw(1, "3,NONE"), "").to_action(TOKEN, auth(ALICE)),
            "token with symbol does not exist",
        ),
        (
            retire(raw(1, "3,TKN"), &long).to_action(TOKEN, auth(ALICE)),
            "memo has more than 256 bytes",
        ),
        (
            xfer(BOB, raw(0, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "must transfer positive quantity",
        ),
        (
            xfer(BOB, raw(-1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "must transfer positive quantity",
        ),
        (
            xfer(BOB, raw(1 << 62, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "invalid quantity",
        ),
        (
            xfer(BOB, raw(i64::MIN, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "invalid quantity",
        ),
        (
            xfer(BOB, raw(MAX, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "overdrawn balance",
        ),
        (
            xfer(BOB, raw(1, "2,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "symbol precision mismatch",
        ),
        (
            xfer(BOB, raw(1, "3,NONE"), "").to_action(TOKEN, auth(ALICE)),
            "unable to find key",
        ),
        (
            xfer(BOB, raw(1, "3,TKN"), &long).to_action(TOKEN, auth(ALICE)),
            "memo has more than 256 bytes",
        ),
        (
            xfer(ALICE, raw(1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "cannot transfer to self",
        ),
        (
            xfer(name!("nobody"), raw(1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "to account does not exist",
        ),
        (
            xfer(Name::EMPTY, raw(1, "3,TKN"), "").to_action(TOKEN, auth(ALICE)),
            "to account does not exist",
        ),
        (
            open(name!("nobody"), "3,TKN").to_action(TOKEN, auth(ALICE)),
            "owner account does not exist",
        ),
        (
            open(CAROL, "3,NONE").to_action(TOKEN, auth(ALICE)),
            "symbol does not exist",
        ),
        (
            open(CAROL, "2,TKN").to_action(TOKEN, auth(ALICE)),
            "symbol precision mismatch",
        ),
        (
            close(ALICE, "3,TKN").to_action(TOKEN, auth(ALICE)),
            "Cannot close because the balance is not zero.",
        ),
        (
            close(ALICE, "3,NONE").to_action(TOKEN, auth(ALICE)),
            "Balance row already deleted or never existed. Action won't have any effect.",
        ),
    ];
    let before = state(&mut chain, &["TKN", "NEW", "NONE"]);
    for (action, message) in cases {
        let name = action.name;
        assert_fails(chain.push_raw(action), message);
        assert_eq!(
            state(&mut chain, &["TKN", "NEW", "NONE"]),
            before,
            "{name}: {message}"
        );
    }
    // At the edges themselves: a 256-byte memo and the whole remaining
    // supply are accepted.
    let memo = "m".repeat(256);
    transfer(&mut chain, ALICE, BOB, a("1.000 TKN"), &memo).unwrap();
    let rest = 1_000_000_000 - 1_000_000;
    let data = issue(ALICE, raw(rest, "3,TKN"), &memo);
    chain.push_action_as(TOKEN, &data, ALICE).unwrap();
    assert_eq!(supply(&mut chain, "TKN"), 1_000_000_000);
}

fn auth(actor: Name) -> Vec<PermissionLevel> {
    vec![PermissionLevel::active(actor)]
}
