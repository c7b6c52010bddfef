//! The ABI generates from the code (what `cargo run -p abigen` writes to
//! abi/ once the contract is registered there): every action with its
//! ricardian clause, every table with its secondary indexes.

#[test]
fn the_abi_generates_with_a_clause_per_action_and_every_table() {
    let abi = pool_rewards::abi().expect("the ABI generates");
    let actions: Vec<&str> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        [
            "setconfig",
            "rollover",
            "claim",
            "sweep",
            "forfeit",
            "infraclaim",
            "audit",
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
    assert_eq!(tables, ["config", "state", "annual", "snapshots", "allocs"]);
    let allocs = abi.tables.iter().find(|t| t.name == "allocs").unwrap();
    assert_eq!(allocs.key_names, ["primary", "bymember"]);
}

/// The charter sends `forfeit` with its own copy of the action's data
/// (`pool_charter::rewards::forfeit`): both encode the same.
#[test]
fn the_charter_interface_matches_the_action() {
    use antelope_sdk::{name, Pack};
    let ours = pool_rewards::actions::forfeit {
        member: name!("prodaa"),
    };
    let theirs = pool_charter::rewards::forfeit {
        member: name!("prodaa"),
    };
    assert_eq!(ours.packed(), theirs.packed());
    assert_eq!(
        <pool_rewards::actions::forfeit as antelope_sdk::ActionData>::NAME,
        <pool_charter::rewards::forfeit as antelope_sdk::ActionData>::NAME
    );
}
