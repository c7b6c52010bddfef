//! Authorization as nodeos checks it: the transaction's declared
//! permissions must exist and meet the linkauth minimum; `require_auth`
//! looks at the declared actors; an inline action must be satisfied by the
//! sending contract's `eosio.code` permission.

mod contracts;

use antelope_sdk::{
    has_auth, name, print, require_auth, require_auth2, Action, Name, PermissionLevel,
};
use antelope_testchain::{assert_fails, TestChain};
use antelope_testchain::{ChainError, Trace};
use contracts::{active, script};

const ALICE: Name = name!("alice");
const BOB: Name = name!("bob");
/// A contract that sends inline actions.
const SENDER: Name = name!("sender");
/// A contract that receives them.
const TARGET: Name = name!("target");
const ACTIVE: Name = name!("active");
const OWNER: Name = name!("owner");
const CUSTOM: Name = name!("custom");

fn level(actor: Name, permission: Name) -> PermissionLevel {
    PermissionLevel::new(actor, permission)
}

fn chain() -> TestChain {
    let mut chain = TestChain::new();
    chain.create_accounts(&[ALICE, BOB]);
    chain.deploy(SENDER, script::apply);
    chain.deploy(TARGET, script::apply);
    chain
}

fn run_as(
    chain: &mut TestChain,
    contract: Name,
    auth: &[PermissionLevel],
) -> Result<Trace, ChainError> {
    chain.push_action(contract, &script::run { arg: 0 }, auth)
}

/// `SENDER` sends `TARGET::run` inline with `auth`.
fn send_inline(chain: &mut TestChain, auth: Vec<PermissionLevel>) -> Result<Trace, ChainError> {
    script::set(SENDER, move |_, _| script::run { arg: 0 }.send_as(&auth));
    run_as(chain, SENDER, &[active(SENDER)])
}

trait SendAs {
    fn send_as(&self, auth: &[PermissionLevel]);
}

impl SendAs for script::run {
    fn send_as(&self, auth: &[PermissionLevel]) {
        use antelope_sdk::ActionData;
        self.send(TARGET, auth.to_vec())
    }
}

fn unsatisfied(auth: &str, sender: &str) -> String {
    format!(
        "transaction declares authority '{auth}', but does not have signatures for it under a provided delay of 0 ms, \
         provided permissions [{{\"actor\":\"{sender}\",\"permission\":\"eosio.code\"}}], provided keys [], \
         and a delay max limit of 3888000000 ms"
    )
}

#[test]
fn require_auth_needs_an_authorization_by_that_actor_with_any_permission() {
    let mut chain = chain();
    script::set(TARGET, |_, _| require_auth(ALICE));
    assert_fails(
        run_as(&mut chain, TARGET, &[active(BOB)]),
        "missing authority of alice",
    );
    run_as(&mut chain, TARGET, &[active(BOB), level(ALICE, OWNER)]).unwrap();
    run_as(&mut chain, TARGET, &[active(ALICE)]).unwrap();
}

#[test]
fn require_auth2_needs_exactly_that_permission() {
    let mut chain = chain();
    script::set(TARGET, |_, _| require_auth2(ALICE, OWNER));
    assert_fails(
        run_as(&mut chain, TARGET, &[active(ALICE)]),
        "missing authority of alice/owner",
    );
    run_as(&mut chain, TARGET, &[level(ALICE, OWNER)]).unwrap();
}

#[test]
fn has_auth_tells_whether_an_actor_authorized_the_action() {
    let mut chain = chain();
    script::set(TARGET, |_, _| {
        print(if has_auth(ALICE) {
            "alice "
        } else {
            "no alice "
        });
        print(if has_auth(BOB) { "bob" } else { "no bob" });
    });
    let trace = run_as(&mut chain, TARGET, &[active(ALICE)]).unwrap();
    assert_eq!(trace.console(), "alice no bob");
}

#[test]
fn declared_authorizations_must_name_existing_accounts_and_permissions() {
    let mut chain = chain();
    assert_fails(
        run_as(&mut chain, TARGET, &[active(name!("nobody"))]),
        "action's authorizing actor 'nobody' does not exist",
    );
    assert_fails(
        run_as(&mut chain, TARGET, &[level(ALICE, CUSTOM)]),
        r#"action's authorizations include a non-existent permission: {"actor":"alice","permission":"custom"}"#,
    );
    assert_fails(
        run_as(&mut chain, TARGET, &[]),
        "transaction must have at least one authorization",
    );
}

#[test]
fn one_authorization_in_the_transaction_is_enough_to_push_it() {
    // nodeos requires at least one authorization per transaction, not per
    // action: an unauthorized action then fails in the contract.
    let mut chain = chain();
    script::set(TARGET, |_, _| require_auth(ALICE));
    let run = |auth: Vec<PermissionLevel>| Action {
        account: TARGET,
        name: name!("run"),
        authorization: auth,
        data: vec![0; 8],
    };
    assert_fails(
        chain.push_transaction(vec![run(vec![active(ALICE)]), run(vec![])]),
        "missing authority of alice",
    );
    assert_fails(
        chain.push_transaction(vec![run(vec![])]),
        "transaction must have at least one authorization",
    );
}

#[test]
fn a_permission_below_active_is_irrelevant_unless_linked() {
    let mut chain = chain();
    chain.set_permission(ALICE, CUSTOM, ACTIVE, &[]);
    assert_fails(
        run_as(&mut chain, TARGET, &[level(ALICE, CUSTOM)]),
        r#"action declares irrelevant authority '{"actor":"alice","permission":"custom"}'; minimum authority is {"actor":"alice","permission":"active"}"#,
    );
    chain.link_auth(ALICE, TARGET, name!("run"), CUSTOM);
    run_as(&mut chain, TARGET, &[level(ALICE, CUSTOM)]).unwrap();
    // A parent of the minimum permission satisfies it too.
    run_as(&mut chain, TARGET, &[active(ALICE)]).unwrap();
    run_as(&mut chain, TARGET, &[level(ALICE, OWNER)]).unwrap();
}

#[test]
fn a_sibling_of_the_linked_permission_is_irrelevant() {
    let mut chain = chain();
    chain.set_permission(ALICE, CUSTOM, ACTIVE, &[]);
    chain.set_permission(ALICE, name!("other"), ACTIVE, &[]);
    // A contract-wide link (empty action name).
    chain.link_auth(ALICE, TARGET, Name::EMPTY, CUSTOM);
    assert_fails(
        run_as(&mut chain, TARGET, &[level(ALICE, name!("other"))]),
        r#"action declares irrelevant authority '{"actor":"alice","permission":"other"}'; minimum authority is {"actor":"alice","permission":"custom"}"#,
    );
}

#[test]
fn linking_to_owner_makes_active_irrelevant() {
    let mut chain = chain();
    chain.link_auth(ALICE, TARGET, name!("run"), OWNER);
    assert_fails(
        run_as(&mut chain, TARGET, &[active(ALICE)]),
        r#"action declares irrelevant authority '{"actor":"alice","permission":"active"}'; minimum authority is {"actor":"alice","permission":"owner"}"#,
    );
    run_as(&mut chain, TARGET, &[level(ALICE, OWNER)]).unwrap();
}

#[test]
fn linking_to_eosio_any_accepts_any_permission() {
    let mut chain = chain();
    chain.set_permission(ALICE, CUSTOM, ACTIVE, &[]);
    chain.link_auth(ALICE, TARGET, name!("run"), name!("eosio.any"));
    run_as(&mut chain, TARGET, &[level(ALICE, CUSTOM)]).unwrap();
}

#[test]
fn a_contract_needs_its_own_eosio_code_to_send_inline_with_its_own_authority() {
    let mut chain = chain();
    assert_fails(
        send_inline(&mut chain, vec![active(SENDER)]),
        &unsatisfied(r#"{"actor":"sender","permission":"active"}"#, "sender"),
    );
    chain.add_code(SENDER, ACTIVE);
    let trace = send_inline(&mut chain, vec![active(SENDER)]).unwrap();
    assert_eq!(trace.actions[1].receiver, TARGET);
    assert_eq!(trace.actions[1].authorization, [active(SENDER)]);
}

#[test]
fn a_contract_acts_for_a_user_only_if_the_user_granted_its_eosio_code() {
    let mut chain = chain();
    script::set(TARGET, |_, _| require_auth(ALICE));
    assert_fails(
        send_inline(&mut chain, vec![active(ALICE)]),
        &unsatisfied(r#"{"actor":"alice","permission":"active"}"#, "sender"),
    );
    // Another contract's eosio.code does not help.
    chain.set_permission(ALICE, ACTIVE, OWNER, &[level(TARGET, name!("eosio.code"))]);
    assert_fails(
        send_inline(&mut chain, vec![active(ALICE)]),
        &unsatisfied(r#"{"actor":"alice","permission":"active"}"#, "sender"),
    );
    chain.set_permission(ALICE, ACTIVE, OWNER, &[level(SENDER, name!("eosio.code"))]);
    send_inline(&mut chain, vec![active(ALICE)]).unwrap();
}

#[test]
fn eosio_code_can_be_granted_through_another_accounts_permission() {
    let mut chain = chain();
    chain.set_permission(BOB, ACTIVE, OWNER, &[level(SENDER, name!("eosio.code"))]);
    chain.set_permission(ALICE, ACTIVE, OWNER, &[active(BOB)]);
    send_inline(&mut chain, vec![active(ALICE)]).unwrap();
}

#[test]
fn a_grant_on_a_linked_permission_covers_only_the_linked_action() {
    let mut chain = chain();
    chain.set_permission(ALICE, CUSTOM, ACTIVE, &[level(SENDER, name!("eosio.code"))]);
    // Not linked yet: custom is below the minimum (active).
    assert_fails(
        send_inline(&mut chain, vec![level(ALICE, CUSTOM)]),
        r#"action declares irrelevant authority '{"actor":"alice","permission":"custom"}'; minimum authority is {"actor":"alice","permission":"active"}"#,
    );
    chain.link_auth(ALICE, TARGET, name!("run"), CUSTOM);
    send_inline(&mut chain, vec![level(ALICE, CUSTOM)]).unwrap();
    // The grant is on custom only: active still lacks it.
    assert_fails(
        send_inline(&mut chain, vec![active(ALICE)]),
        &unsatisfied(r#"{"actor":"alice","permission":"active"}"#, "sender"),
    );
}

#[test]
fn inline_actions_must_name_existing_accounts_and_permissions() {
    let mut chain = chain();
    chain.add_code(SENDER, ACTIVE);
    let send = |chain: &mut TestChain, action: Action| {
        script::set(SENDER, move |_, _| action.send());
        run_as(chain, SENDER, &[active(SENDER)])
    };
    let action = |account: Name, auth: PermissionLevel| Action {
        account,
        name: name!("run"),
        authorization: vec![auth],
        data: vec![0; 8],
    };
    assert_fails(
        send(&mut chain, action(name!("nobody"), active(SENDER))),
        "inline action's code account nobody does not exist",
    );
    assert_fails(
        send(&mut chain, action(TARGET, active(name!("nobody")))),
        "inline action's authorizing actor nobody does not exist",
    );
    // eosio.code is virtual: it can be granted, never declared.
    assert_fails(
        send(
            &mut chain,
            action(TARGET, level(SENDER, name!("eosio.code"))),
        ),
        r#"inline action's authorizations include a non-existent permission: {"actor":"sender","permission":"eosio.code"}"#,
    );
}

#[test]
fn the_inline_authorization_is_checked_when_the_action_is_sent() {
    let mut chain = chain();
    script::set(SENDER, |_, _| {
        script::run { arg: 0 }.send_as(&[active(ALICE)]);
        // Never reached: the send itself fails.
        antelope_sdk::check(false, "after the send");
    });
    let result = run_as(&mut chain, SENDER, &[active(SENDER)]);
    assert_fails(
        result,
        &unsatisfied(r#"{"actor":"alice","permission":"active"}"#, "sender"),
    );
}

#[test]
#[should_panic(expected = "set_permission: parent permission alice@nope does not exist")]
fn setting_a_permission_under_a_missing_parent_is_a_test_bug() {
    let mut chain = chain();
    chain.set_permission(ALICE, CUSTOM, name!("nope"), &[]);
}
