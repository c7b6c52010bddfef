//! The ABI generates from the code (what `cargo run -p abigen` writes to
//! abi/): every action with its ricardian clause, every table with its
//! index, and the `action` / `permission_level` structs a proposal's
//! actions are written in.

#[test]
fn the_abi_generates_with_a_clause_per_action_and_every_table() {
    let abi = pool_governance::abi().expect("the ABI generates");
    let actions: Vec<&str> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        [
            "setconfig",
            "propose",
            "amend",
            "vote",
            "exec",
            "cancel",
            "cleanup"
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
        ["config", "state", "proposals", "votes", "citations"]
    );
    let json = abi.to_json();
    for needle in [
        r#""name": "action""#,
        r#""name": "permission_level""#,
        r#""type": "action[]""#,
        r#""type": "bytes""#,
        r#""type": "checksum256""#,
        "byclose",
    ] {
        assert!(json.contains(needle), "{needle} missing from {json}");
    }
}
