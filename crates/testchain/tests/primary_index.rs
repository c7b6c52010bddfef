//! The primary index intrinsics (`db_*_i64`) return the iterator handles
//! nodeos' `apply_context` returns: object handles from 0 in the order the
//! action first meets each row, `-1` when the table does not exist, and
//! `-2`, `-3`, ... for the end of each table in the order the action first
//! touches it.

mod contracts;

use antelope_sdk::sys;
use antelope_sdk::{name, Name};
use antelope_testchain::{assert_fails, TestChain};
use contracts::run_script;

const T: Name = name!("t");
const OTHER: Name = name!("other");
const TBL: u64 = name!("rows").raw();
const TBL2: u64 = name!("rows2").raw();
const SCOPE: u64 = 7;

fn chain() -> TestChain {
    let mut chain = TestChain::new();
    chain.deploy(T, contracts::script::apply);
    chain.deploy(OTHER, contracts::script::apply);
    chain
}

/// Stores rows 10, 20, 30 in `TBL` from `T`'s own action.
fn seed(chain: &mut TestChain) {
    run_script(chain, T, |_, _| {
        for pk in [10u64, 20, 30] {
            sys::db_store_i64(SCOPE, TBL, T.raw(), pk, &pk.to_le_bytes());
        }
    })
    .expect("seed");
}

#[test]
fn a_missing_table_answers_minus_one_to_every_lookup() {
    let mut chain = chain();
    run_script(&mut chain, T, |_, _| {
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 1), -1);
        assert_eq!(sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 0), -1);
        assert_eq!(sys::db_upperbound_i64(T.raw(), SCOPE, TBL, 0), -1);
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -1);
    })
    .unwrap();
}

#[test]
fn stores_hand_out_object_handles_in_order_and_the_table_gets_end_handle_minus_two() {
    let mut chain = chain();
    run_script(&mut chain, T, |_, _| {
        assert_eq!(sys::db_store_i64(SCOPE, TBL, T.raw(), 20, b"b"), 0);
        assert_eq!(sys::db_store_i64(SCOPE, TBL, T.raw(), 10, b"a"), 1);
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -2);
        // A second table gets the next end handle; handles keep counting.
        assert_eq!(sys::db_store_i64(SCOPE, TBL2, T.raw(), 1, b"x"), 2);
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL2), -3);
        // Finding a row again returns the handle it already has.
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 20), 0);
        assert_eq!(sys::db_get_i64(1), b"a");
    })
    .unwrap();
}

#[test]
fn handles_are_numbered_per_action_in_the_order_rows_are_met() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, T, |_, _| {
        // A new action has a fresh cache: the first table touched is -2,
        // the first row met is 0, whatever its key.
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 30), 0);
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -2);
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 10), 1);
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 30), 0);
    })
    .unwrap();
}

#[test]
fn find_and_bounds_return_the_end_handle_when_no_row_matches() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, T, |_, _| {
        let end = sys::db_end_i64(T.raw(), SCOPE, TBL);
        assert_eq!(end, -2);
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 25), end);
        assert_eq!(sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 31), end);
        assert_eq!(sys::db_upperbound_i64(T.raw(), SCOPE, TBL, 30), end);

        let at_20 = sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 11);
        assert_eq!(sys::db_get_i64(at_20), 20u64.to_le_bytes());
        assert_eq!(sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 20), at_20);
        let at_30 = sys::db_upperbound_i64(T.raw(), SCOPE, TBL, 20);
        assert_eq!(sys::db_get_i64(at_30), 30u64.to_le_bytes());
        let first = sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 0);
        assert_eq!(sys::db_get_i64(first), 10u64.to_le_bytes());
    })
    .unwrap();
}

#[test]
fn next_walks_up_to_the_end_handle_and_stops_there() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, T, |_, _| {
        let first = sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 0);
        let (second, pk) = sys::db_next_i64(first);
        assert_eq!(pk, 20);
        let (third, pk) = sys::db_next_i64(second);
        assert_eq!(pk, 30);
        let (end, _) = sys::db_next_i64(third);
        assert_eq!(end, sys::db_end_i64(T.raw(), SCOPE, TBL));
        // Incrementing an end iterator gives -1.
        assert_eq!(sys::db_next_i64(end).0, -1);
    })
    .unwrap();
}

#[test]
fn previous_from_the_end_handle_is_the_last_row_and_before_the_first_is_minus_one() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, T, |_, _| {
        let end = sys::db_end_i64(T.raw(), SCOPE, TBL);
        let (last, pk) = sys::db_previous_i64(end);
        assert_eq!(pk, 30);
        assert_eq!(sys::db_get_i64(last), 30u64.to_le_bytes());
        let first = sys::db_find_i64(T.raw(), SCOPE, TBL, 10);
        assert_eq!(sys::db_previous_i64(first).0, -1);
    })
    .unwrap();
}

#[test]
fn previous_from_the_end_of_an_emptied_table_is_minus_one() {
    let mut chain = chain();
    run_script(&mut chain, T, |_, _| {
        let it = sys::db_store_i64(SCOPE, TBL, T.raw(), 1, b"x");
        let end = sys::db_end_i64(T.raw(), SCOPE, TBL);
        sys::db_remove_i64(it);
        // The last row took the table with it.
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -1);
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 1), -1);
        assert_eq!(sys::db_previous_i64(end).0, -1);
    })
    .unwrap();
}

#[test]
fn tables_are_separate_per_code_scope_and_name() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, T, |_, _| {
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE + 1, TBL, 10), -1);
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL2, 10), -1);
        assert_eq!(sys::db_find_i64(OTHER.raw(), SCOPE, TBL, 10), -1);
        let (last_of_scope, _) = sys::db_previous_i64(sys::db_end_i64(T.raw(), SCOPE, TBL));
        assert_eq!(
            sys::db_next_i64(last_of_scope).0,
            sys::db_end_i64(T.raw(), SCOPE, TBL)
        );
    })
    .unwrap();
}

#[test]
fn a_removed_row_keeps_its_handle_but_cannot_be_dereferenced() {
    let mut chain = chain();
    seed(&mut chain);
    let result = run_script(&mut chain, T, |_, _| {
        let it = sys::db_find_i64(T.raw(), SCOPE, TBL, 20);
        sys::db_remove_i64(it);
        assert_eq!(
            sys::db_find_i64(T.raw(), SCOPE, TBL, 20),
            sys::db_end_i64(T.raw(), SCOPE, TBL)
        );
        // Storing the key again makes a new object with a new handle.
        assert_ne!(sys::db_store_i64(SCOPE, TBL, T.raw(), 20, b"again"), it);
        sys::db_get_i64(it);
    });
    assert_fails(result, "dereference of deleted object");
}

#[test]
fn bad_handles_fail_with_the_nodeos_messages() {
    let mut chain = chain();
    seed(&mut chain);
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_get_i64(-1);
        }),
        "invalid iterator",
    );
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_next_i64(-1);
        }),
        "invalid iterator",
    );
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_previous_i64(-1);
        }),
        "invalid iterator",
    );
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            let end = sys::db_end_i64(T.raw(), SCOPE, TBL);
            sys::db_get_i64(end);
        }),
        "dereference of end iterator",
    );
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            let end = sys::db_end_i64(T.raw(), SCOPE, TBL);
            sys::db_remove_i64(end);
        }),
        "dereference of end iterator",
    );
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_get_i64(5);
        }),
        "iterator out of range",
    );
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_previous_i64(-9);
        }),
        "not a valid end iterator",
    );
}

#[test]
fn storing_an_existing_primary_key_fails() {
    let mut chain = chain();
    seed(&mut chain);
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_store_i64(SCOPE, TBL, T.raw(), 20, b"dup");
        }),
        "could not insert object, most likely a uniqueness constraint was violated",
    );
}

#[test]
fn storing_without_a_payer_fails() {
    let mut chain = chain();
    assert_fails(
        run_script(&mut chain, T, |_, _| {
            sys::db_store_i64(SCOPE, TBL, 0, 1, b"");
        }),
        "must specify a valid account to pay for new record",
    );
}

#[test]
fn any_contract_reads_but_only_the_owner_writes() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, OTHER, |_, _| {
        let it = sys::db_find_i64(T.raw(), SCOPE, TBL, 10);
        assert_eq!(sys::db_get_i64(it), 10u64.to_le_bytes());
    })
    .unwrap();
    assert_fails(
        run_script(&mut chain, OTHER, |_, _| {
            let it = sys::db_find_i64(T.raw(), SCOPE, TBL, 10);
            sys::db_update_i64(it, OTHER.raw(), b"mine");
        }),
        "db access violation",
    );
    assert_fails(
        run_script(&mut chain, OTHER, |_, _| {
            let it = sys::db_find_i64(T.raw(), SCOPE, TBL, 10);
            sys::db_remove_i64(it);
        }),
        "db access violation",
    );
    // A store always goes to the receiver's own table.
    run_script(&mut chain, OTHER, |_, _| {
        sys::db_store_i64(SCOPE, TBL, OTHER.raw(), 10, b"own");
    })
    .unwrap();
    run_script(&mut chain, T, |_, _| {
        let it = sys::db_find_i64(OTHER.raw(), SCOPE, TBL, 10);
        assert_eq!(sys::db_get_i64(it), b"own");
        let it = sys::db_find_i64(T.raw(), SCOPE, TBL, 10);
        assert_eq!(sys::db_get_i64(it), 10u64.to_le_bytes());
    })
    .unwrap();
}

#[test]
fn update_keeps_the_handle_and_replaces_the_data() {
    let mut chain = chain();
    seed(&mut chain);
    run_script(&mut chain, T, |_, _| {
        let it = sys::db_find_i64(T.raw(), SCOPE, TBL, 20);
        sys::db_update_i64(it, 0, b"longer data");
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 20), it);
        assert_eq!(sys::db_get_i64(it), b"longer data");
    })
    .unwrap();
}

#[test]
fn an_action_and_its_notifications_share_one_handle_cache() {
    let mut chain = chain();
    // nodeos runs the notifications in the action's apply_context: a row
    // the action met keeps its handle in the notified contract.
    contracts::script::set(OTHER, |ctx, _| {
        assert!(ctx.is_notification());
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -2);
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 10), 0);
        assert_eq!(sys::db_lowerbound_i64(T.raw(), SCOPE, TBL, 11), 1);
    });
    run_script(&mut chain, T, |_, _| {
        assert_eq!(sys::db_store_i64(SCOPE, TBL, T.raw(), 10, b"a"), 0);
        assert_eq!(sys::db_store_i64(SCOPE, TBL, T.raw(), 30, b"c"), 1);
        antelope_sdk::require_recipient(OTHER);
    })
    .unwrap();
}

#[test]
fn an_inline_action_starts_with_a_fresh_handle_cache() {
    let mut chain = chain();
    chain.add_code(T, name!("active"));
    contracts::script::set(OTHER, |ctx, _| {
        assert!(!ctx.is_notification());
        assert_eq!(sys::db_find_i64(T.raw(), SCOPE, TBL, 30), 0);
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -2);
    });
    run_script(&mut chain, T, |_, _| {
        sys::db_store_i64(SCOPE, TBL2, T.raw(), 1, b"x");
        sys::db_store_i64(SCOPE, TBL, T.raw(), 10, b"a");
        sys::db_store_i64(SCOPE, TBL, T.raw(), 30, b"c");
        antelope_sdk::ActionData::send(
            &contracts::script::run { arg: 0 },
            OTHER,
            vec![antelope_sdk::PermissionLevel::active(T)],
        );
    })
    .unwrap();
}
