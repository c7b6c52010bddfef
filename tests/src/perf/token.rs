//! pool.token next to the C++ `eosio.token`: both deployed to fresh
//! accounts and driven with the same six actions, interleaved run by run
//! (ours, reference, ours, ...) so that both see the same node state.

use super::code::REFERENCE_TOKEN;
use super::stats::Samples;
use super::tx::{action, push};
use super::Run;
use serde_json::json;

/// A symbol code of letters only, distinct per run (`CRAA`, `CRAB`, ...).
fn symbol_code(i: usize) -> String {
    let a = (b'A' + (i / 26 % 26) as u8) as char;
    let b = (b'A' + (i % 26) as u8) as char;
    format!("CR{a}{b}")
}

pub fn run(r: &mut Run) {
    let chain = r.chain;
    let n = r.runs;
    let accounts = chain.create_accounts("tk", 4, &mut r.report.setup);
    let (ours, reference, issuer, receiver) =
        (&accounts[0], &accounts[1], &accounts[2], &accounts[3]);
    // One fresh owner per run for `open` (which then creates a row) and
    // `close` (which erases it); the same owner at both contracts.
    let owners = chain.create_accounts("tko", n, &mut r.report.setup);
    r.code.deploy(chain, ours, "token");
    r.code.deploy(chain, reference, REFERENCE_TOKEN);
    let sym = "4,TKN";
    let amount = |u: u64| format!("{}.{:04} TKN", u / 10_000, u % 10_000);
    for c in [ours, reference] {
        let seed = [
            action(
                c,
                "create",
                c,
                json!({"issuer": issuer, "maximum_supply": "1000000000.0000 TKN"}),
            ),
            action(
                c,
                "issue",
                issuer,
                json!({"to": issuer, "quantity": amount(1_000_000_000), "memo": "seed"}),
            ),
            // The receiver's row exists: every measured transfer modifies
            // two existing rows.
            action(
                c,
                "transfer",
                issuer,
                json!({"from": issuer, "to": receiver, "quantity": amount(10_000), "memo": "seed"}),
            ),
        ];
        chain.push_batches("token seed", &seed, 3, &mut r.report.setup);
    }

    const ACTIONS: [&str; 6] = ["create", "issue", "retire", "transfer", "open", "close"];
    let mut series: Vec<[Samples; 2]> = vec![Default::default(); ACTIONS.len()];
    for (i, owner) in owners.iter().enumerate() {
        for (k, c) in [ours, reference].into_iter().enumerate() {
            let memo = format!("run {i}");
            let code = symbol_code(i);
            let pushed = [
                push(
                    chain,
                    c,
                    "create",
                    c,
                    json!({"issuer": issuer, "maximum_supply": format!("1000.0000 {code}")}),
                ),
                push(
                    chain,
                    c,
                    "issue",
                    issuer,
                    json!({"to": issuer, "quantity": amount(1), "memo": memo}),
                ),
                push(
                    chain,
                    c,
                    "retire",
                    issuer,
                    json!({"quantity": amount(1), "memo": memo}),
                ),
                push(
                    chain,
                    c,
                    "transfer",
                    issuer,
                    json!({"from": issuer, "to": receiver, "quantity": amount(1), "memo": memo}),
                ),
                push(
                    chain,
                    c,
                    "open",
                    issuer,
                    json!({"owner": owner, "symbol": sym, "ram_payer": issuer}),
                ),
                push(
                    chain,
                    c,
                    "close",
                    owner,
                    json!({"owner": owner, "symbol": sym}),
                ),
            ];
            for (s, p) in series.iter_mut().zip(&pushed) {
                s[k].add(p);
            }
        }
    }
    let cases = [
        "a new symbol (its `stat` row, in a scope of its own)",
        "0.0001 to the issuer's existing balance",
        "0.0001 from the issuer's balance",
        "0.0001 between two existing balances, memo of 5-6 bytes (both parties notified)",
        "a zero balance for a fresh account, paid by the issuer",
        "that zero balance, by its owner",
    ];
    for ((name, case), [o, rf]) in ACTIONS.iter().zip(cases).zip(series) {
        r.report.action_vs("token", name, case, o, rf);
    }
}

#[cfg(test)]
mod tests {
    use super::symbol_code;

    #[test]
    fn symbol_codes_are_distinct_letters() {
        let codes: Vec<String> = (0..26 * 26).map(symbol_code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len());
        assert!(codes
            .iter()
            .all(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_uppercase())));
    }
}
