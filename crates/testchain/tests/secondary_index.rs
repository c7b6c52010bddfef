//! The four secondary index families (idx64, idx128, idx256, double) follow
//! nodeos' `generic_index`: entries ordered by (secondary key, primary key),
//! the same handle rules as the primary index, and one handle cache per
//! family. The same spec runs for each family with keys `key(0) < key(1) <
//! ... < key(7)`.

mod contracts;

use antelope_sdk::sys;
use antelope_sdk::{name, IndexKind, Name, SecondaryValue};
use antelope_testchain::{assert_fails, TestChain};
use contracts::run_script;

const T: Name = name!("t");
const OTHER: Name = name!("other");
const TBL: u64 = name!("index").raw();
const SCOPE: u64 = 3;

fn chain() -> TestChain {
    let mut chain = TestChain::new();
    chain.deploy(T, contracts::script::apply);
    chain.deploy(OTHER, contracts::script::apply);
    chain
}

/// Primary keys and their secondary key numbers, stored in this order:
/// the index order is (2, pk 4), (4, pk 2), (6, pk 1), (6, pk 3).
const ENTRIES: [(u64, u8); 4] = [(1, 6), (2, 4), (3, 6), (4, 2)];
const INDEX_ORDER: [u64; 4] = [4, 2, 1, 3];

macro_rules! family_spec {
    ($family:ident, $kind:expr, $key:expr) => {
        mod $family {
            use super::*;

            const KIND: IndexKind = $kind;

            fn key(n: u8) -> SecondaryValue {
                #[allow(clippy::redundant_closure_call)]
                ($key)(n)
            }

            fn seed(chain: &mut TestChain) {
                run_script(chain, T, |_, _| {
                    for (pk, k) in ENTRIES {
                        sys::db_idx_store(SCOPE, TBL, T.raw(), pk, key(k));
                    }
                })
                .expect("seed");
            }

            #[test]
            fn a_missing_table_answers_minus_one() {
                let mut chain = chain();
                run_script(&mut chain, T, |_, _| {
                    assert_eq!(
                        sys::db_idx_find_secondary(T.raw(), SCOPE, TBL, key(2)).0,
                        -1
                    );
                    assert_eq!(sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(0)).0, -1);
                    assert_eq!(sys::db_idx_upperbound(T.raw(), SCOPE, TBL, key(0)).0, -1);
                    assert_eq!(sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 1).0, -1);
                    assert_eq!(sys::db_idx_end(KIND, T.raw(), SCOPE, TBL), -1);
                })
                .unwrap();
            }

            #[test]
            fn stores_hand_out_handles_in_order_with_the_end_handle_minus_two() {
                let mut chain = chain();
                run_script(&mut chain, T, |_, _| {
                    for (i, (pk, k)) in ENTRIES.into_iter().enumerate() {
                        assert_eq!(sys::db_idx_store(SCOPE, TBL, T.raw(), pk, key(k)), i as i32);
                    }
                    assert_eq!(sys::db_idx_end(KIND, T.raw(), SCOPE, TBL), -2);
                })
                .unwrap();
            }

            #[test]
            fn iteration_is_by_key_then_primary_key_both_ways() {
                let mut chain = chain();
                seed(&mut chain);
                run_script(&mut chain, T, |_, _| {
                    let (mut it, k, mut pk) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(0));
                    assert_eq!(k, key(2));
                    let mut forward = Vec::new();
                    while it >= 0 {
                        forward.push(pk);
                        (it, pk) = sys::db_idx_next(KIND, it);
                    }
                    assert_eq!(forward, INDEX_ORDER);
                    let end = sys::db_idx_end(KIND, T.raw(), SCOPE, TBL);
                    assert_eq!(it, end, "next after the last entry is the end handle");
                    assert_eq!(sys::db_idx_next(KIND, end).0, -1);

                    let mut backward = Vec::new();
                    let (mut it, mut pk) = sys::db_idx_previous(KIND, end);
                    while it >= 0 {
                        backward.push(pk);
                        (it, pk) = sys::db_idx_previous(KIND, it);
                    }
                    assert_eq!(it, -1, "previous before the first entry is -1");
                    let mut expected = INDEX_ORDER;
                    expected.reverse();
                    assert_eq!(backward, expected);
                })
                .unwrap();
            }

            #[test]
            fn find_secondary_returns_the_lowest_primary_key_with_that_key() {
                let mut chain = chain();
                seed(&mut chain);
                run_script(&mut chain, T, |_, _| {
                    let end = sys::db_idx_end(KIND, T.raw(), SCOPE, TBL);
                    let (it, pk) = sys::db_idx_find_secondary(T.raw(), SCOPE, TBL, key(6));
                    assert!(it >= 0);
                    assert_eq!(pk, 1);
                    assert_eq!(
                        sys::db_idx_find_secondary(T.raw(), SCOPE, TBL, key(5)).0,
                        end
                    );
                })
                .unwrap();
            }

            #[test]
            fn bounds_report_the_entry_found_or_the_end_handle() {
                let mut chain = chain();
                seed(&mut chain);
                run_script(&mut chain, T, |_, _| {
                    let end = sys::db_idx_end(KIND, T.raw(), SCOPE, TBL);
                    let (_, k, pk) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(4));
                    assert_eq!((k, pk), (key(4), 2));
                    let (_, k, pk) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(3));
                    assert_eq!((k, pk), (key(4), 2));
                    let (_, k, pk) = sys::db_idx_upperbound(T.raw(), SCOPE, TBL, key(4));
                    assert_eq!((k, pk), (key(6), 1));
                    // Past the last key: the end handle, the key left as given.
                    let (it, k, pk) = sys::db_idx_upperbound(T.raw(), SCOPE, TBL, key(6));
                    assert_eq!((it, k, pk), (end, key(6), 0));
                    let (it, k, _) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(7));
                    assert_eq!((it, k), (end, key(7)));
                })
                .unwrap();
            }

            #[test]
            fn find_primary_returns_the_entry_and_its_key() {
                let mut chain = chain();
                seed(&mut chain);
                run_script(&mut chain, T, |_, _| {
                    let end = sys::db_idx_end(KIND, T.raw(), SCOPE, TBL);
                    let (it, k) = sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 3);
                    assert_eq!(k, key(6));
                    // The same entry found another way has the same handle.
                    let (_, _, _) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(5));
                    let (next, pk) = sys::db_idx_next(
                        KIND,
                        sys::db_idx_find_secondary(T.raw(), SCOPE, TBL, key(6)).0,
                    );
                    assert_eq!((next, pk), (it, 3));
                    assert_eq!(
                        sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 9).0,
                        end
                    );
                })
                .unwrap();
            }

            #[test]
            fn update_moves_the_entry_in_key_order() {
                let mut chain = chain();
                seed(&mut chain);
                run_script(&mut chain, T, |_, _| {
                    let (it, _) = sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 4);
                    sys::db_idx_update(it, 0, key(7));
                    let (first, _, pk) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, key(0));
                    assert_eq!(pk, 2);
                    let end = sys::db_idx_end(KIND, T.raw(), SCOPE, TBL);
                    let (last, pk) = sys::db_idx_previous(KIND, end);
                    assert_eq!((last, pk), (it, 4));
                    assert_ne!(first, it);
                })
                .unwrap();
            }

            #[test]
            fn remove_frees_the_entry_and_the_last_one_the_table() {
                let mut chain = chain();
                seed(&mut chain);
                let result = run_script(&mut chain, T, |_, _| {
                    for pk in 1..=4 {
                        let (it, _) = sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, pk);
                        sys::db_idx_remove(KIND, it);
                    }
                    assert_eq!(sys::db_idx_end(KIND, T.raw(), SCOPE, TBL), -1);
                    let (it, _) = sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 1);
                    assert_eq!(it, -1);
                    // Handle 0 was the entry of pk 1.
                    sys::db_idx_next(KIND, 0);
                });
                assert_fails(result, "dereference of deleted object");
            }

            #[test]
            fn bad_handles_fail_with_the_nodeos_messages() {
                let mut chain = chain();
                seed(&mut chain);
                assert_fails(
                    run_script(&mut chain, T, |_, _| {
                        sys::db_idx_next(KIND, -1);
                    }),
                    "invalid iterator",
                );
                assert_fails(
                    run_script(&mut chain, T, |_, _| {
                        let end = sys::db_idx_end(KIND, T.raw(), SCOPE, TBL);
                        sys::db_idx_remove(KIND, end);
                    }),
                    "dereference of end iterator",
                );
                assert_fails(
                    run_script(&mut chain, T, |_, _| {
                        sys::db_idx_previous(KIND, 0);
                    }),
                    "iterator out of range",
                );
                assert_fails(
                    run_script(&mut chain, T, |_, _| {
                        sys::db_idx_previous(KIND, -2);
                    }),
                    "not a valid end iterator",
                );
            }

            #[test]
            fn a_primary_key_has_one_entry_per_index() {
                let mut chain = chain();
                seed(&mut chain);
                assert_fails(
                    run_script(&mut chain, T, |_, _| {
                        sys::db_idx_store(SCOPE, TBL, T.raw(), 1, key(0));
                    }),
                    "could not insert object, most likely a uniqueness constraint was violated",
                );
            }

            #[test]
            fn only_the_owner_writes() {
                let mut chain = chain();
                seed(&mut chain);
                assert_fails(
                    run_script(&mut chain, OTHER, |_, _| {
                        let (it, _) = sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 1);
                        sys::db_idx_update(it, OTHER.raw(), key(0));
                    }),
                    "db access violation",
                );
                assert_fails(
                    run_script(&mut chain, OTHER, |_, _| {
                        let (it, _) = sys::db_idx_find_primary(KIND, T.raw(), SCOPE, TBL, 1);
                        sys::db_idx_remove(KIND, it);
                    }),
                    "db access violation",
                );
                assert_fails(
                    run_script(&mut chain, T, |_, _| {
                        sys::db_idx_store(SCOPE, TBL, 0, 9, key(0));
                    }),
                    "must specify a valid account to pay for new record",
                );
            }
        }
    };
}

family_spec!(idx64, IndexKind::Idx64, |n: u8| SecondaryValue::U64(
    u64::from(n) * 10
));
// Keys above 2^64 to show the whole width counts.
family_spec!(idx128, IndexKind::Idx128, |n: u8| SecondaryValue::U128(
    u128::from(n) << 64
));
// Word 0 decides before word 1: word 1 decreases while the keys increase.
family_spec!(idx256, IndexKind::Idx256, |n: u8| SecondaryValue::U256([
    u128::from(n),
    u128::MAX - u128::from(n)
]));
// Negative, zero and positive keys.
family_spec!(idx_double, IndexKind::IdxDouble, |n: u8| {
    SecondaryValue::F64((f64::from(n) - 3.0) * 1.5)
});

#[test]
fn families_and_the_primary_index_number_handles_independently() {
    let mut chain = chain();
    run_script(&mut chain, T, |_, _| {
        // One table name holds rows of every kind (one table_id_object).
        assert_eq!(sys::db_store_i64(SCOPE, TBL, T.raw(), 1, b"row"), 0);
        assert_eq!(
            sys::db_idx_store(SCOPE, TBL, T.raw(), 1, SecondaryValue::U64(5)),
            0
        );
        assert_eq!(
            sys::db_idx_store(SCOPE, TBL, T.raw(), 1, SecondaryValue::U128(5)),
            0
        );
        assert_eq!(sys::db_end_i64(T.raw(), SCOPE, TBL), -2);
        assert_eq!(sys::db_idx_end(IndexKind::Idx64, T.raw(), SCOPE, TBL), -2);
        // The table exists, so a family without entries answers its end
        // handle rather than -1.
        let (it, _, _) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, SecondaryValue::U256([0, 0]));
        assert_eq!(it, -2);
        assert_eq!(
            sys::db_idx_end(IndexKind::IdxDouble, T.raw(), SCOPE, TBL),
            -2
        );
    })
    .unwrap();
}

#[test]
fn double_keys_refuse_nan() {
    let mut chain = chain();
    for probe in 0..3 {
        let result = run_script(&mut chain, T, move |_, _| {
            let nan = SecondaryValue::F64(f64::NAN);
            match probe {
                0 => {
                    sys::db_idx_store(SCOPE, TBL, T.raw(), 1, nan);
                }
                1 => {
                    sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, nan);
                }
                _ => {
                    sys::db_idx_find_secondary(T.raw(), SCOPE, TBL, nan);
                }
            }
        });
        assert_fails(result, "NaN is not an allowed value for a secondary key");
    }
}

#[test]
fn double_keys_treat_negative_zero_as_zero_and_order_infinities_at_the_ends() {
    let mut chain = chain();
    run_script(&mut chain, T, |_, _| {
        let f = SecondaryValue::F64;
        sys::db_idx_store(SCOPE, TBL, T.raw(), 1, f(f64::INFINITY));
        sys::db_idx_store(SCOPE, TBL, T.raw(), 2, f(-0.0));
        sys::db_idx_store(SCOPE, TBL, T.raw(), 3, f(f64::NEG_INFINITY));
        sys::db_idx_store(SCOPE, TBL, T.raw(), 4, f(0.0));
        sys::db_idx_store(SCOPE, TBL, T.raw(), 5, f(-1e-300));

        let (mut it, _, mut pk) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, f(f64::NEG_INFINITY));
        let mut order = Vec::new();
        while it >= 0 {
            order.push(pk);
            (it, pk) = sys::db_idx_next(IndexKind::IdxDouble, it);
        }
        // -0.0 and 0.0 are one key, ordered by primary key.
        assert_eq!(order, [3, 5, 2, 4, 1]);
        let (_, pk) = sys::db_idx_find_secondary(T.raw(), SCOPE, TBL, f(0.0));
        assert_eq!(pk, 2);
        // The stored key comes back bit for bit.
        let (_, k, _) = sys::db_idx_lowerbound(T.raw(), SCOPE, TBL, f(0.0));
        assert!(matches!(k, SecondaryValue::F64(x) if x == 0.0 && x.is_sign_negative()));
        let (_, k, pk) = sys::db_idx_upperbound(T.raw(), SCOPE, TBL, f(0.0));
        assert_eq!((k, pk), (f(f64::INFINITY), 1));
    })
    .unwrap();
}
