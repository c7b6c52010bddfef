//! Tests read tables with the SDK's own typed `MultiIndex` outside any
//! transaction, through `TestChain::read`, `rows` and `row`.

mod contracts;

use antelope_sdk::{name, MultiIndex, Name, Row, SecondaryValue};
use antelope_testchain::TestChain;
use contracts::active;
use contracts::registry::{self, Balance, Item};

const ALICE: Name = name!("alice");
const BOB: Name = name!("bob");
const REG: Name = registry::CODE;

fn item(id: u64, owner: Name, amount: u128, price: f64) -> Item {
    Item {
        id,
        owner,
        amount,
        hash: [amount, 0],
        price,
        memo: format!("item {id}"),
    }
}

fn chain_with_items() -> TestChain {
    let mut chain = TestChain::new();
    chain.create_accounts(&[ALICE, BOB]);
    chain.deploy(REG, registry::apply);
    for it in [
        item(3, BOB, 10, 2.5),
        item(1, ALICE, 30, -1.0),
        item(2, ALICE, 20, 0.0),
    ] {
        chain
            .push_action(
                REG,
                &registry::put {
                    payer: REG,
                    item: it,
                },
                &[active(REG)],
            )
            .unwrap();
    }
    chain
}

#[test]
fn rows_returns_every_row_by_primary_key() {
    let mut chain = chain_with_items();
    let ids: Vec<u64> = chain
        .rows::<Item>(REG, REG.raw())
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn row_finds_one_row_or_none() {
    let mut chain = chain_with_items();
    assert_eq!(
        chain.row::<Item>(REG, REG.raw(), 2),
        Some(item(2, ALICE, 20, 0.0))
    );
    assert_eq!(chain.row::<Item>(REG, REG.raw(), 9), None);
    // Another scope, or a table never written, is simply empty.
    assert_eq!(chain.rows::<Item>(REG, 42), []);
    assert_eq!(chain.rows::<Balance>(REG, REG.raw()), []);
}

#[test]
fn read_runs_the_sdk_tables_including_secondary_indexes() {
    let mut chain = chain_with_items();
    let (by_amount, by_price_desc, alices) = chain.read(|| {
        let items = MultiIndex::<Item>::new(REG, REG.raw());
        let by_amount: Vec<u64> = items.index(1).iter().map(|r| r.id).collect();
        let by_price_desc: Vec<u64> = items.index(3).rev_iter().map(|r| r.id).collect();
        let alices: Vec<u64> = items
            .index(0)
            .lower_bound(SecondaryValue::U64(ALICE.raw()))
            .take_while(|r| r.owner == ALICE)
            .map(|r| r.id)
            .collect();
        (by_amount, by_price_desc, alices)
    });
    assert_eq!(by_amount, [3, 2, 1]);
    assert_eq!(by_price_desc, [3, 2, 1]);
    assert_eq!(alices, [1, 2]);
}

#[test]
fn read_sees_the_block_time() {
    let mut chain = TestChain::new();
    chain.advance_time(10);
    assert_eq!(chain.read(antelope_sdk::current_time_point), chain.now());
}

#[test]
#[should_panic(expected = "TestChain::read is read-only: `current_receiver` is not available")]
fn writing_inside_read_panics() {
    let mut chain = chain_with_items();
    chain.read(|| {
        MultiIndex::<Balance>::new(REG, REG.raw()).emplace(
            ALICE,
            Balance {
                owner: ALICE,
                amount: 1,
            },
        );
    });
}

#[test]
#[should_panic(expected = "TestChain::read is read-only: `require_auth` is not available")]
fn authorization_checks_inside_read_panic() {
    let mut chain = TestChain::new();
    chain.read(|| antelope_sdk::require_auth(ALICE));
}

#[test]
#[should_panic(expected = "assertion failed inside TestChain::read: no such item")]
fn a_contract_assertion_inside_read_panics_with_its_message() {
    let mut chain = chain_with_items();
    chain.read(|| {
        MultiIndex::<Item>::new(REG, REG.raw())
            .get(9, "no such item")
            .into_inner()
    });
}

#[test]
fn reads_do_not_change_state_or_ram() {
    let mut chain = chain_with_items();
    let ram = chain.ram_usage(REG);
    let first: Option<Item> = chain.read(|| {
        MultiIndex::<Item>::new(REG, REG.raw())
            .iter()
            .next()
            .map(Row::into_inner)
    });
    assert_eq!(first.map(|i| i.id), Some(1));
    assert_eq!(chain.ram_usage(REG), ram);
}

#[test]
fn reverse_iteration_of_a_table_never_written_is_empty() {
    let mut chain = TestChain::new();
    let code = antelope_sdk::name!("nobody");
    let rows: Vec<u64> = chain.read(|| {
        antelope_sdk::MultiIndex::<contracts::registry::Item>::new(code, 0)
            .rev_iter()
            .map(|r| r.id)
            .collect()
    });
    assert!(rows.is_empty());
    let by_index: Vec<u64> = chain.read(|| {
        antelope_sdk::MultiIndex::<contracts::registry::Item>::new(code, 0)
            .index(0)
            .rev_iter()
            .map(|r| r.id)
            .collect()
    });
    assert!(by_index.is_empty());
}
