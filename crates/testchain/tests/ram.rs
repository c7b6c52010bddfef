//! RAM billing with nodeos' billable sizes (`contract_table_objects.hpp`:
//! 108 bytes per row plus its data, 128/136/152/128 bytes per idx64/idx128/
//! idx256/double entry, 108 bytes per table_id_object) and the payer rules
//! of the RAM_RESTRICTIONS protocol feature.

mod contracts;

use antelope_sdk::{name, require_recipient, sys, Name, PermissionLevel};
use antelope_testchain::{assert_fails, ChainError, TestChain, Trace};
use contracts::registry::{self, Item};
use contracts::{active, run_script, script};

const ALICE: Name = name!("alice");
const BOB: Name = name!("bob");
const REG: Name = registry::CODE;

const ROW_OVERHEAD: i64 = 108;
const TABLE: i64 = 108;
const IDX64: i64 = 128;
const IDX128: i64 = 136;
const IDX256: i64 = 152;
const IDX_DOUBLE: i64 = 128;

fn chain() -> TestChain {
    let mut chain = TestChain::new();
    chain.create_accounts(&[ALICE, BOB]);
    chain.deploy(REG, registry::apply);
    chain
}

fn item(id: u64, memo: &str) -> Item {
    Item {
        id,
        owner: ALICE,
        amount: 5,
        hash: [1, 2],
        price: 1.5,
        memo: memo.to_string(),
    }
}

/// The packed size of an `Item`: id, owner, amount, hash, price, then the
/// memo with its one-byte length.
fn item_size(memo: &str) -> i64 {
    8 + 8 + 16 + 32 + 8 + 1 + memo.len() as i64
}

fn put(
    chain: &mut TestChain,
    payer: Name,
    item: Item,
    auth: &[PermissionLevel],
) -> Result<Trace, ChainError> {
    chain.push_action(REG, &registry::put { payer, item }, auth)
}

#[test]
fn a_row_costs_its_data_plus_108_bytes_and_its_table_108_bytes_once() {
    let mut chain = chain();
    chain
        .push_action_as(REG, &registry::open { owner: ALICE }, ALICE)
        .unwrap();
    // A balance row packs to 16 bytes; alice opened the table too.
    assert_eq!(chain.ram_usage(ALICE), 16 + ROW_OVERHEAD + TABLE);
    chain
        .push_action_as(REG, &registry::open { owner: BOB }, BOB)
        .unwrap();
    assert_eq!(chain.ram_usage(BOB), 16 + ROW_OVERHEAD);
    assert_eq!(chain.ram_usage(REG), 0);
}

#[test]
fn secondary_index_entries_and_their_tables_are_billed_to_the_row_payer() {
    let mut chain = chain();
    put(&mut chain, ALICE, item(1, ""), &[active(ALICE)]).unwrap();
    let entries = IDX64 + IDX128 + IDX256 + IDX_DOUBLE;
    // Index 0's table has the row table's name ("items" ends in a zero
    // nibble), so they share one table_id_object: four tables, not five.
    assert_eq!(
        chain.ram_usage(ALICE),
        item_size("") + ROW_OVERHEAD + entries + 4 * TABLE
    );
    put(&mut chain, ALICE, item(2, "x"), &[active(ALICE)]).unwrap();
    assert_eq!(
        chain.ram_usage(ALICE),
        item_size("") + item_size("x") + 2 * (ROW_OVERHEAD + entries) + 4 * TABLE
    );
}

#[test]
fn erasing_the_last_row_refunds_the_row_its_entries_and_the_tables() {
    let mut chain = chain();
    put(&mut chain, ALICE, item(1, "memo"), &[active(ALICE)]).unwrap();
    chain
        .push_action_as(REG, &registry::erase { id: 1 }, REG)
        .unwrap();
    assert_eq!(chain.ram_usage(ALICE), 0);
    chain.read(|| {
        assert_eq!(
            sys::db_end_i64(REG.raw(), REG.raw(), name!("items").raw()),
            -1
        )
    });
}

#[test]
fn growing_or_shrinking_a_row_bills_the_difference_to_its_payer() {
    let mut chain = chain();
    put(&mut chain, ALICE, item(1, ""), &[active(ALICE)]).unwrap();
    let before = chain.ram_usage(ALICE);
    put(&mut chain, ALICE, item(1, "hello"), &[active(ALICE)]).unwrap();
    assert_eq!(chain.ram_usage(ALICE), before + 5);
    put(&mut chain, ALICE, item(1, "hi"), &[active(ALICE)]).unwrap();
    assert_eq!(chain.ram_usage(ALICE), before + 2);
}

#[test]
fn a_new_payer_takes_over_the_whole_row_and_changed_index_entries() {
    let mut chain = chain();
    put(&mut chain, ALICE, item(1, ""), &[active(ALICE)]).unwrap();
    let alice = chain.ram_usage(ALICE);
    // The contract takes the row over: alice needs not sign to be refunded.
    put(&mut chain, REG, item(1, ""), &[active(REG)]).unwrap();
    let row = item_size("") + ROW_OVERHEAD;
    assert_eq!(chain.ram_usage(REG), row);
    // Unchanged secondary keys are not rewritten (as the CDT), so their
    // entries stay with alice; the tables stay with their creator.
    assert_eq!(chain.ram_usage(ALICE), alice - row);
    // A changed key moves its entry to the new payer.
    let mut changed = item(1, "");
    changed.amount = 6;
    put(&mut chain, REG, changed, &[active(REG)]).unwrap();
    assert_eq!(chain.ram_usage(REG), row + IDX128);
    assert_eq!(chain.ram_usage(ALICE), alice - row - IDX128);
}

#[test]
fn a_contract_cannot_bill_an_account_that_did_not_authorize_the_action() {
    let mut chain = chain();
    assert_fails(
        put(&mut chain, BOB, item(1, ""), &[active(ALICE)]),
        "unprivileged contract cannot increase RAM usage of another account that has not authorized the action: bob",
    );
    // Moving an existing row to alice needs her signature too.
    put(&mut chain, REG, item(1, ""), &[active(REG)]).unwrap();
    assert_fails(
        put(&mut chain, ALICE, item(1, ""), &[active(REG)]),
        "unprivileged contract cannot increase RAM usage of another account that has not authorized the action: alice",
    );
    put(
        &mut chain,
        ALICE,
        item(1, ""),
        &[active(REG), active(ALICE)],
    )
    .unwrap();
}

#[test]
fn a_notified_contract_can_only_bill_itself() {
    let [a, b] = [name!("a"), name!("b")];
    let mut chain = chain();
    chain.deploy(a, script::apply);
    chain.deploy(b, script::apply);
    script::set(a, move |_, _| require_recipient(b));
    script::set(b, |_, arg| {
        let payer = if arg == 0 { name!("b") } else { name!("a") };
        sys::db_store_i64(0, name!("log").raw(), payer.raw(), arg, b"seen");
    });
    chain.push_action_as(a, &script::run { arg: 0 }, a).unwrap();
    assert_eq!(
        chain.ram_usage(b),
        b"seen".len() as i64 + ROW_OVERHEAD + TABLE
    );
    // `a` signed the action, but b runs in a notification.
    assert_fails(
        chain.push_action_as(a, &script::run { arg: 1 }, a),
        "unprivileged contract cannot increase RAM usage of another account within a notify context: a",
    );
}

#[test]
fn a_contract_may_free_an_accounts_ram_without_its_authorization() {
    let mut chain = chain();
    put(&mut chain, ALICE, item(1, ""), &[active(ALICE)]).unwrap();
    chain
        .push_action_as(REG, &registry::erase { id: 1 }, REG)
        .unwrap();
    assert_eq!(chain.ram_usage(ALICE), 0);
}

#[test]
fn the_payer_rule_looks_at_net_changes_of_the_whole_receiver_execution() {
    let a = name!("a");
    let mut chain = chain();
    chain.deploy(a, script::apply);
    // Only `a` signs. A row billed to alice and freed again in the same
    // action leaves her no net increase: allowed.
    run_script(&mut chain, a, |_, _| {
        let it = sys::db_store_i64(0, name!("tmp").raw(), ALICE.raw(), 1, b"x");
        sys::db_remove_i64(it);
    })
    .unwrap();
    assert_eq!(chain.ram_usage(ALICE), 0);
    // Kept, it is refused when the code returns.
    assert_fails(
        run_script(&mut chain, a, |_, _| {
            sys::db_store_i64(0, name!("tmp").raw(), ALICE.raw(), 1, b"x");
        }),
        "unprivileged contract cannot increase RAM usage of another account that has not authorized the action: alice",
    );
}

#[test]
fn spam_accounts_pay_for_their_own_rows_and_cannot_make_the_contract_pay() {
    let mut chain = chain();
    let letter = |i: usize| char::from(b'a' + i as u8);
    let spammers: Vec<Name> = (0..50)
        .map(|i| Name::parse(&format!("spam{}{}", letter(i / 10), letter(i % 10))))
        .collect();
    chain.create_accounts(&spammers);
    for s in &spammers {
        chain
            .push_action_as(REG, &registry::open { owner: *s }, *s)
            .unwrap();
    }
    assert_eq!(chain.ram_usage(REG), 0, "the contract pays nothing");
    assert_eq!(chain.ram_usage(spammers[0]), 16 + ROW_OVERHEAD + TABLE);
    for s in &spammers[1..] {
        assert_eq!(chain.ram_usage(*s), 16 + ROW_OVERHEAD);
    }
    // Opening for someone else needs their signature.
    assert_fails(
        chain.push_action_as(REG, &registry::open { owner: ALICE }, spammers[0]),
        "missing authority of alice",
    );
    assert_eq!(
        chain.rows::<registry::Balance>(REG, REG.raw()).len(),
        spammers.len()
    );
}

#[test]
fn a_failed_transaction_refunds_what_it_billed() {
    let mut chain = chain();
    let put_action = antelope_sdk::ActionData::to_action(
        &registry::put {
            payer: ALICE,
            item: item(1, ""),
        },
        REG,
        vec![active(ALICE)],
    );
    let bad_erase =
        antelope_sdk::ActionData::to_action(&registry::erase { id: 9 }, REG, vec![active(REG)]);
    assert_fails(
        chain.push_transaction(vec![put_action, bad_erase]),
        "no such item",
    );
    assert_eq!(chain.ram_usage(ALICE), 0);
}
