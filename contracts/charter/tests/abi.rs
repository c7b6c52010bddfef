//! The ABI generates from the code (what `cargo run -p abigen` writes to
//! abi/): every action with its ricardian clause, every table with its
//! secondary indexes, no two types under one name.

#[test]
fn the_abi_generates_with_a_clause_per_action_and_every_table() {
    let abi = pool_charter::abi().expect("the ABI generates");
    let actions: Vec<&str> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        [
            "setconfig",
            "newversion",
            "sign",
            "appoint",
            "unappoint",
            "filecase",
            "takecase",
            "rule",
            "appeal",
            "decide",
            "ratify",
            "enforce",
            "withdraw",
        ]
    );
    for a in &abi.actions {
        assert!(
            a.ricardian_contract.contains("spec_version"),
            "{}: no clause",
            a.name
        );
    }
    let tables: Vec<&str> = abi.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tables,
        [
            "config",
            "versions",
            "signatures",
            "constparams",
            "verhashes",
            "arbitrators",
            "cases",
            "rulings",
            "appeals",
        ]
    );
    let cases = abi.tables.iter().find(|t| t.name == "cases").unwrap();
    assert_eq!(
        cases.key_names,
        ["primary", "byclaimant", "byrespondent", "bystatus"]
    );
}
