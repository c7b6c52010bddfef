//! The token's full behaviour, native, against the in-memory test chain.
//! Each case mirrors a reference `eosio.token` behaviour (its own tests
//! and code) or an attack class of the security checklist; messages are
//! asserted exactly.

use antelope_sdk::{name, Action, Asset, Name, PermissionLevel, Symbol};
use antelope_testchain::{assert_fails, ChainError, TestChain, Trace};
use pool_token::actions;
use pool_token::tables::{Account, CurrencyStats};

const TOKEN: Name = name!("pool.token");
const ALICE: Name = name!("alice");
const BOB: Name = name!("bob");
const CAROL: Name = name!("carol");

fn a(s: &str) -> Asset {
    Asset::try_from_str(s).expect("test asset literal")
}

fn sym(s: &str) -> Symbol {
    Symbol::try_from_str(s).expect("test symbol literal")
}

/// A chain with the token deployed and alice, bob, carol.
struct Tester {
    chain: TestChain,
}

impl Tester {
    fn new() -> Self {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.create_accounts(&[ALICE, BOB, CAROL]);
        Tester { chain }
    }

    fn create(&mut self, issuer: Name, maximum_supply: &str) -> Result<Trace, ChainError> {
        let data = actions::create {
            issuer,
            maximum_supply: a(maximum_supply),
        };
        self.chain.push_action_as(TOKEN, &data, TOKEN)
    }

    fn issue(&mut self, to: Name, quantity: &str, memo: &str) -> Result<Trace, ChainError> {
        self.issue_as(to, to, quantity, memo)
    }

    fn issue_as(
        &mut self,
        signer: Name,
        to: Name,
        quantity: &str,
        memo: &str,
    ) -> Result<Trace, ChainError> {
        let data = actions::issue {
            to,
            quantity: a(quantity),
            memo: memo.into(),
        };
        self.chain.push_action_as(TOKEN, &data, signer)
    }

    fn retire(&mut self, signer: Name, quantity: &str, memo: &str) -> Result<Trace, ChainError> {
        let data = actions::retire {
            quantity: a(quantity),
            memo: memo.into(),
        };
        self.chain.push_action_as(TOKEN, &data, signer)
    }

    fn transfer(
        &mut self,
        from: Name,
        to: Name,
        quantity: &str,
        memo: &str,
    ) -> Result<Trace, ChainError> {
        let data = actions::transfer {
            from,
            to,
            quantity: a(quantity),
            memo: memo.into(),
        };
        self.chain.push_action_as(TOKEN, &data, from)
    }

    fn open(&mut self, owner: Name, symbol: &str, ram_payer: Name) -> Result<Trace, ChainError> {
        let data = actions::open {
            owner,
            symbol: sym(symbol),
            ram_payer,
        };
        self.chain.push_action_as(TOKEN, &data, ram_payer)
    }

    fn close(&mut self, owner: Name, symbol: &str) -> Result<Trace, ChainError> {
        let data = actions::close {
            owner,
            symbol: sym(symbol),
        };
        self.chain.push_action_as(TOKEN, &data, owner)
    }

    fn stats(&mut self, code: &str) -> Option<CurrencyStats> {
        let sc = sym(&format!("0,{code}")).code();
        self.chain.row::<CurrencyStats>(TOKEN, sc.raw(), sc.raw())
    }

    fn balance(&mut self, owner: Name, code: &str) -> Option<Asset> {
        let sc = sym(&format!("0,{code}")).code();
        self.chain
            .row::<Account>(TOKEN, owner.raw(), sc.raw())
            .map(|r| r.balance)
    }

    /// Sum of every balance row of `code` over `owners` equals the supply.
    #[track_caller]
    fn assert_conserved(&mut self, code: &str, owners: &[Name]) {
        let supply = self.stats(code).expect("token exists").supply.amount;
        let sum: i64 = owners
            .iter()
            .filter_map(|o| self.balance(*o, code))
            .map(|b| b.amount)
            .sum();
        assert_eq!(sum, supply, "sum of balances != supply");
    }
}

#[test]
fn create_stores_zero_supply_and_issuer() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    let st = t.stats("TKN").unwrap();
    assert_eq!(st.supply, a("0.000 TKN"));
    assert_eq!(st.max_supply, a("1000.000 TKN"));
    assert_eq!(st.issuer, ALICE);
}

#[test]
fn only_the_contract_can_create() {
    let mut t = Tester::new();
    let data = actions::create {
        issuer: ALICE,
        maximum_supply: a("1000.000 TKN"),
    };
    assert_fails(
        t.chain.push_action_as(TOKEN, &data, ALICE),
        "missing authority of pool.token",
    );
    assert!(t.stats("TKN").is_none());
}

#[test]
fn create_negative_max_supply_fails() {
    let mut t = Tester::new();
    assert_fails(
        t.create(ALICE, "-1000.000 TKN"),
        "max-supply must be positive",
    );
}

#[test]
fn create_zero_max_supply_fails() {
    let mut t = Tester::new();
    assert_fails(t.create(ALICE, "0.000 TKN"), "max-supply must be positive");
}

#[test]
fn create_duplicate_symbol_fails_even_with_other_precision() {
    let mut t = Tester::new();
    t.create(ALICE, "100 TKN").unwrap();
    assert_fails(
        t.create(ALICE, "100 TKN"),
        "token with symbol already exists",
    );
    assert_fails(
        t.create(BOB, "100.00 TKN"),
        "token with symbol already exists",
    );
}

#[test]
fn create_max_supply_is_2_pow_62_minus_1() {
    let mut t = Tester::new();
    t.create(ALICE, "4611686018427387903 TKN").unwrap();
    assert_eq!(t.stats("TKN").unwrap().max_supply.amount, (1i64 << 62) - 1);
    // 2^62 cannot be written as an asset string; send the raw amount.
    let data = actions::create {
        issuer: ALICE,
        maximum_supply: Asset {
            amount: 1i64 << 62,
            symbol: sym("0,NKT"),
        },
    };
    assert_fails(
        t.chain.push_action_as(TOKEN, &data, TOKEN),
        "invalid supply",
    );
}

#[test]
fn create_max_precision_18() {
    let mut t = Tester::new();
    t.create(ALICE, "1.000000000000000000 TKN").unwrap();
    assert_eq!(t.stats("TKN").unwrap().max_supply.symbol.precision(), 18);
}

#[test]
fn create_invalid_symbol_fails() {
    let mut t = Tester::new();
    let bad = Symbol::from_raw((0x61u64 << 8) | 4); // "a": lowercase code
    let data = actions::create {
        issuer: ALICE,
        maximum_supply: Asset {
            amount: 1,
            symbol: bad,
        },
    };
    assert_fails(
        t.chain.push_action_as(TOKEN, &data, TOKEN),
        "invalid supply",
    );
}

#[test]
fn issue_adds_to_supply_and_issuer_balance() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "500.000 TKN", "hola").unwrap();
    assert_eq!(t.stats("TKN").unwrap().supply, a("500.000 TKN"));
    assert_eq!(t.balance(ALICE, "TKN"), Some(a("500.000 TKN")));
}

#[test]
fn issue_over_available_supply_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "500.000 TKN", "").unwrap();
    assert_fails(
        t.issue(ALICE, "500.001 TKN", ""),
        "quantity exceeds available supply",
    );
    t.issue(ALICE, "500.000 TKN", "").unwrap();
    assert_fails(
        t.issue(ALICE, "0.001 TKN", ""),
        "quantity exceeds available supply",
    );
    t.assert_conserved("TKN", &[ALICE]);
}

#[test]
fn issue_negative_or_zero_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    assert_fails(
        t.issue(ALICE, "-1.000 TKN", ""),
        "must issue positive quantity",
    );
    assert_fails(
        t.issue(ALICE, "0.000 TKN", ""),
        "must issue positive quantity",
    );
}

#[test]
fn issue_to_non_issuer_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    assert_fails(
        t.issue_as(ALICE, BOB, "1.000 TKN", ""),
        "tokens can only be issued to issuer account",
    );
}

#[test]
fn issue_needs_the_issuers_signature() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    assert_fails(
        t.issue_as(BOB, ALICE, "1.000 TKN", ""),
        "missing authority of alice",
    );
}

#[test]
fn issue_unknown_symbol_or_wrong_precision_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    assert_fails(
        t.issue(ALICE, "1.000 XYZ", ""),
        "token with symbol does not exist, create token before issue",
    );
    assert_fails(t.issue(ALICE, "1.00 TKN", ""), "symbol precision mismatch");
}

#[test]
fn issue_memo_over_256_bytes_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "1.000 TKN", &"m".repeat(256)).unwrap();
    assert_fails(
        t.issue(ALICE, "1.000 TKN", &"m".repeat(257)),
        "memo has more than 256 bytes",
    );
}

#[test]
fn retire_reduces_supply_and_balance() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "500.000 TKN", "").unwrap();
    t.retire(ALICE, "200.000 TKN", "bye").unwrap();
    assert_eq!(t.stats("TKN").unwrap().supply, a("300.000 TKN"));
    assert_eq!(t.balance(ALICE, "TKN"), Some(a("300.000 TKN")));
    // Retired supply can be issued again up to the maximum.
    t.issue(ALICE, "700.000 TKN", "").unwrap();
    t.assert_conserved("TKN", &[ALICE]);
}

#[test]
fn retire_overdrawn_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "500.000 TKN", "").unwrap();
    t.transfer(ALICE, BOB, "200.000 TKN", "").unwrap();
    assert_fails(t.retire(ALICE, "300.001 TKN", ""), "overdrawn balance");
    assert_eq!(t.stats("TKN").unwrap().supply, a("500.000 TKN"));
}

#[test]
fn retire_checks_in_reference_order() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "500.000 TKN", "").unwrap();
    assert_fails(
        t.retire(ALICE, "1.000 XYZ", ""),
        "token with symbol does not exist",
    );
    assert_fails(t.retire(BOB, "1.000 TKN", ""), "missing authority of alice");
    assert_fails(
        t.retire(ALICE, "-1.000 TKN", ""),
        "must retire positive quantity",
    );
    assert_fails(t.retire(ALICE, "1.0 TKN", ""), "symbol precision mismatch");
    assert_fails(
        t.retire(ALICE, "1.000 TKN", &"m".repeat(257)),
        "memo has more than 256 bytes",
    );
}

#[test]
fn retire_without_balance_row_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000.000 TKN").unwrap();
    t.issue(ALICE, "1.000 TKN", "").unwrap();
    t.transfer(ALICE, BOB, "1.000 TKN", "").unwrap();
    t.close(ALICE, "3,TKN").unwrap();
    // Supply is 1.000 but alice holds no row: the balance check fails.
    assert_fails(t.retire(ALICE, "1.000 TKN", ""), "no balance object found");
}

#[test]
fn transfer_moves_balance_and_notifies_both() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    let trace = t.transfer(ALICE, BOB, "300 CERO", "hola").unwrap();
    assert_eq!(t.balance(ALICE, "CERO"), Some(a("700 CERO")));
    assert_eq!(t.balance(BOB, "CERO"), Some(a("300 CERO")));
    assert_eq!(trace.notified(), vec![ALICE, BOB]);
    t.assert_conserved("CERO", &[ALICE, BOB]);
}

#[test]
fn transfer_overdrawn_fails_and_changes_nothing() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    t.transfer(ALICE, BOB, "300 CERO", "").unwrap();
    assert_fails(t.transfer(ALICE, BOB, "701 CERO", ""), "overdrawn balance");
    assert_eq!(t.balance(ALICE, "CERO"), Some(a("700 CERO")));
    assert_eq!(t.balance(BOB, "CERO"), Some(a("300 CERO")));
}

#[test]
fn transfer_negative_or_zero_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    assert_fails(
        t.transfer(ALICE, BOB, "-1000 CERO", ""),
        "must transfer positive quantity",
    );
    assert_fails(
        t.transfer(ALICE, BOB, "0 CERO", ""),
        "must transfer positive quantity",
    );
}

#[test]
fn transfer_to_self_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    assert_fails(
        t.transfer(ALICE, ALICE, "1 CERO", ""),
        "cannot transfer to self",
    );
}

#[test]
fn transfer_to_missing_account_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    assert_fails(
        t.transfer(ALICE, name!("nobody"), "1 CERO", ""),
        "to account does not exist",
    );
}

#[test]
fn transfer_memo_over_256_bytes_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    t.transfer(ALICE, BOB, "1 CERO", &"x".repeat(256)).unwrap();
    assert_fails(
        t.transfer(ALICE, BOB, "1 CERO", &"x".repeat(257)),
        "memo has more than 256 bytes",
    );
}

#[test]
fn transfer_unknown_symbol_or_wrong_precision_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    assert_fails(t.transfer(ALICE, BOB, "1 NADA", ""), "unable to find key");
    assert_fails(
        t.transfer(ALICE, BOB, "1.0 CERO", ""),
        "symbol precision mismatch",
    );
}

#[test]
fn transfer_needs_the_senders_signature() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    let data = actions::transfer {
        from: ALICE,
        to: BOB,
        quantity: a("1 CERO"),
        memo: String::new(),
    };
    assert_fails(
        t.chain.push_action_as(TOKEN, &data, BOB),
        "missing authority of alice",
    );
    // nodeos refuses a transaction without any authorization before it
    // reaches the contract.
    assert_fails(
        t.chain.push_action(TOKEN, &data, &[]),
        "transaction must have at least one authorization",
    );
}

#[test]
fn transfer_from_account_without_balance_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    assert_fails(
        t.transfer(BOB, CAROL, "1 CERO", ""),
        "no balance object found",
    );
}

#[test]
fn new_balance_row_is_paid_by_sender_unless_recipient_signed() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();

    let bob_before = t.chain.ram_usage(BOB);
    let alice_before = t.chain.ram_usage(ALICE);
    t.transfer(ALICE, BOB, "1 CERO", "").unwrap();
    assert_eq!(
        t.chain.ram_usage(BOB),
        bob_before,
        "bob did not sign: bob pays nothing"
    );
    assert!(
        t.chain.ram_usage(ALICE) > alice_before,
        "alice pays for bob's new row"
    );

    // carol co-signs: carol pays for her own row.
    let carol_before = t.chain.ram_usage(CAROL);
    let alice_before = t.chain.ram_usage(ALICE);
    let data = actions::transfer {
        from: ALICE,
        to: CAROL,
        quantity: a("1 CERO"),
        memo: String::new(),
    };
    t.chain
        .push_action(
            TOKEN,
            &data,
            &[
                PermissionLevel::active(ALICE),
                PermissionLevel::active(CAROL),
            ],
        )
        .unwrap();
    assert!(t.chain.ram_usage(CAROL) > carol_before);
    assert_eq!(t.chain.ram_usage(ALICE), alice_before);
}

#[test]
fn open_creates_zero_balance_paid_by_ram_payer() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    let bob_before = t.chain.ram_usage(BOB);
    t.open(CAROL, "0,CERO", BOB).unwrap();
    assert_eq!(t.balance(CAROL, "CERO"), Some(a("0 CERO")));
    assert!(t.chain.ram_usage(BOB) > bob_before);
    // Opening again is a no-op.
    t.open(CAROL, "0,CERO", BOB).unwrap();
    // A later transfer into the open row costs the sender no RAM.
    t.issue(ALICE, "10 CERO", "").unwrap();
    let alice_before = t.chain.ram_usage(ALICE);
    t.transfer(ALICE, CAROL, "10 CERO", "").unwrap();
    assert_eq!(t.chain.ram_usage(ALICE), alice_before);
}

#[test]
fn open_for_missing_owner_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    assert_fails(
        t.open(name!("nobody"), "0,CERO", ALICE),
        "owner account does not exist",
    );
}

#[test]
fn open_unknown_symbol_or_wrong_precision_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    assert_fails(t.open(BOB, "0,INVALID", ALICE), "symbol does not exist");
    assert_fails(t.open(BOB, "1,CERO", ALICE), "symbol precision mismatch");
}

#[test]
fn open_needs_the_ram_payers_signature() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    let data = actions::open {
        owner: BOB,
        symbol: sym("0,CERO"),
        ram_payer: ALICE,
    };
    assert_fails(
        t.chain.push_action_as(TOKEN, &data, BOB),
        "missing authority of alice",
    );
}

#[test]
fn close_deletes_zero_balance_and_refunds_ram() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    let before = t.chain.ram_usage(ALICE);
    t.transfer(ALICE, BOB, "1000 CERO", "").unwrap();
    assert_eq!(t.balance(ALICE, "CERO"), Some(a("0 CERO")));
    t.close(ALICE, "0,CERO").unwrap();
    assert_eq!(t.balance(ALICE, "CERO"), None);
    assert!(
        t.chain.ram_usage(ALICE) < before + 1,
        "the row's RAM is released"
    );
}

#[test]
fn close_with_nonzero_balance_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    assert_fails(
        t.close(ALICE, "0,CERO"),
        "Cannot close because the balance is not zero.",
    );
}

#[test]
fn close_of_missing_row_fails() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    assert_fails(
        t.close(BOB, "0,CERO"),
        "Balance row already deleted or never existed. Action won't have any effect.",
    );
}

#[test]
fn close_needs_the_owners_signature() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.open(BOB, "0,CERO", BOB).unwrap();
    let data = actions::close {
        owner: BOB,
        symbol: sym("0,CERO"),
    };
    assert_fails(
        t.chain.push_action_as(TOKEN, &data, ALICE),
        "missing authority of bob",
    );
}

#[test]
fn unknown_action_is_rejected_by_name() {
    let mut t = Tester::new();
    let act = Action {
        account: TOKEN,
        name: name!("mint"),
        authorization: vec![PermissionLevel::active(ALICE)],
        data: vec![],
    };
    assert_fails(t.chain.push_raw(act), "unknown action: mint");
}

#[test]
fn truncated_action_data_is_rejected_and_changes_nothing() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    let full = antelope_sdk::Pack::packed(&actions::transfer {
        from: ALICE,
        to: BOB,
        quantity: a("1 CERO"),
        memo: "m".into(),
    });
    for cut in 0..full.len() {
        let act = Action {
            account: TOKEN,
            name: name!("transfer"),
            authorization: vec![PermissionLevel::active(ALICE)],
            data: full[..cut].to_vec(),
        };
        assert_fails(
            t.chain.push_raw(act),
            "datastream attempted to read past the end",
        );
    }
    let mut long = full.clone();
    long.push(0);
    let act = Action {
        account: TOKEN,
        name: name!("transfer"),
        authorization: vec![PermissionLevel::active(ALICE)],
        data: long,
    };
    assert_fails(
        t.chain.push_raw(act),
        "unexpected bytes after the end of the data",
    );
    assert_eq!(t.balance(ALICE, "CERO"), Some(a("1000 CERO")));
    assert_eq!(t.balance(BOB, "CERO"), None);
}

#[test]
fn a_failed_action_in_a_transaction_reverts_the_others() {
    let mut t = Tester::new();
    t.create(ALICE, "1000 CERO").unwrap();
    t.issue(ALICE, "1000 CERO", "").unwrap();
    let ok = actions::transfer {
        from: ALICE,
        to: BOB,
        quantity: a("10 CERO"),
        memo: String::new(),
    };
    let bad = actions::transfer {
        from: ALICE,
        to: BOB,
        quantity: a("2000 CERO"),
        memo: String::new(),
    };
    let auth = vec![PermissionLevel::active(ALICE)];
    let result = t.chain.push_transaction(vec![
        antelope_sdk::ActionData::to_action(&ok, TOKEN, auth.clone()),
        antelope_sdk::ActionData::to_action(&bad, TOKEN, auth),
    ]);
    assert_fails(result, "overdrawn balance");
    assert_eq!(t.balance(ALICE, "CERO"), Some(a("1000 CERO")));
    assert_eq!(t.balance(BOB, "CERO"), None);
}

#[test]
fn table_layout_matches_the_reference_abi() {
    let abi = pool_token::abi().expect("abi generates");
    let tables: Vec<_> = abi
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t.type_.as_str()))
        .collect();
    assert_eq!(
        tables,
        vec![("accounts", "account"), ("stat", "currency_stats")]
    );
    let actions: Vec<_> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        vec!["create", "issue", "retire", "transfer", "open", "close"]
    );
    assert!(abi.actions.iter().all(|a| !a.ricardian_contract.is_empty()));
}
