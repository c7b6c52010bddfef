//! The ABI generates from the code (what `cargo run -p abigen` writes to
//! abi/ once the contract is registered there): the names the emitter's
//! reporter is written against, every action with its ricardian clause,
//! every table with its secondary indexes.

use antelope_sdk::abi::AbiDef;

fn abi() -> AbiDef {
    pool_metrics::abi().expect("the ABI generates")
}

fn fields(abi: &AbiDef, name: &str) -> Vec<(String, String)> {
    abi.structs
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no struct {name}"))
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.type_.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_action_has_a_clause() {
    let abi = abi();
    let actions: Vec<&str> = abi.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        [
            "setconfig",
            "setquorum",
            "regemitter",
            "rmemitter",
            "report",
            "prune"
        ]
    );
    for a in &abi.actions {
        assert!(
            a.ricardian_contract.contains("spec_version"),
            "{}: no clause",
            a.name
        );
    }
}

#[test]
fn the_reporter_interface_is_fixed() {
    let abi = abi();
    assert_eq!(
        fields(&abi, "report"),
        pairs(&[
            ("emitter", "name"),
            ("seq", "uint64"),
            ("start", "time_point_sec"),
            ("end", "time_point_sec"),
            ("entries", "metric_entry[]"),
        ])
    );
    assert_eq!(
        fields(&abi, "metric_entry"),
        pairs(&[
            ("member", "name"),
            ("slots", "uint32"),
            ("proposed", "uint32"),
            ("selected", "uint32"),
            ("late", "uint32"),
            ("latency_ms", "uint64"),
        ])
    );
    assert_eq!(
        fields(&abi, "emitter"),
        pairs(&[
            ("emitter", "name"),
            ("last_seq", "uint64"),
            ("last_end", "time_point_sec"),
            ("reports", "uint64"),
            ("registered_at", "time_point_sec"),
        ])
    );
    assert_eq!(
        fields(&abi, "config"),
        pairs(&[
            ("governance", "name"),
            ("members", "name"),
            ("quorum", "uint8"),
            ("window_sec", "uint32"),
            ("day_sec", "uint32"),
            ("max_batch", "uint32"),
            ("retention_sec", "uint32"),
            ("genesis", "time_point_sec"),
        ])
    );
    assert_eq!(
        fields(&abi, "member_day"),
        pairs(&[
            ("member", "name"),
            ("slots", "uint64"),
            ("proposed", "uint64"),
            ("selected", "uint64"),
            ("late", "uint64"),
            ("latency_ms", "uint64"),
            ("windows", "uint32"),
        ])
    );
    assert_eq!(fields(&abi, "prune"), pairs(&[("max_rows", "uint32")]));
}

#[test]
fn every_table_with_its_indexes() {
    let abi = abi();
    let tables: Vec<(&str, &str)> = abi
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t.type_.as_str()))
        .collect();
    assert_eq!(
        tables,
        [
            ("config", "config"),
            ("state", "state"),
            ("emitters", "emitter"),
            ("retired", "retired"),
            ("windows", "window"),
            ("reports", "report_row"),
            ("days", "member_day"),
            ("daystats", "day_stats"),
        ]
    );
    let reports = abi.tables.iter().find(|t| t.name == "reports").unwrap();
    assert_eq!(reports.key_names, ["primary", "byemitseq", "bywindow"]);
    assert_eq!(reports.key_types, ["uint64", "uint128", "uint64"]);
}
