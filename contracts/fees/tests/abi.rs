//! The ABI generates from the code (what `cargo run -p abigen` writes to
//! abi/): every action with its ricardian clause, every table, and the
//! vote list as `(endpoint, ratio)` pairs.

#[test]
fn the_abi_generates_with_a_clause_per_action_and_every_table() {
    let abi = pool_fees::abi().expect("the ABI generates");
    let actions: Vec<&str> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        [
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
            "state",
            "callers",
            "endpoints",
            "feevotes",
            "feemults",
            "bundlevotes",
            "deposits",
            "bundles",
        ]
    );
    let json = abi.to_json();
    assert!(json.contains("\"tuple_name_uint64[]\""), "{json}");
}
