//! Found by the fuzzer (an ABI-driven `pool.fees::rmcaller` signed by
//! pool.gov, after which every `propose` of the run failed): the fee hook
//! of `propose` sends `pool.fees::charge`, which refuses a caller that is
//! not registered and an endpoint that does not exist before it looks at
//! the fee, even a zero fee. So a passed proposal that removes pool.gov
//! from the fee callers, or removes the `propose` endpoint, makes every
//! later proposal fail, including the one that would undo it: governance
//! is locked out for good once the account's keys are gone, against
//! docs/governance.md ("No configuration can lock governance out").
//!
//! Fixed in the fee hook (`pool_shared::fees::charge_fee`): it sends
//! `charge` only while the calling contract is one of the fees contract's
//! callers and the action one of its endpoints, so removing either ends
//! the fee instead of the action. These tests keep it that way.

use antelope_sdk::{name, ActionData, PermissionLevel};
use pool_testkit::accounts::*;
use pool_testkit::{Pool, PoolConfig};

fn handed_over() -> Pool {
    Pool::running(PoolConfig {
        handover: true,
        ..PoolConfig::default()
    })
}

#[test]
fn governance_can_still_propose_after_it_stopped_being_a_fee_caller() {
    let mut p = handed_over();
    let remove = pool_fees::actions::rmcaller { contract: GOV }
        .to_action(FEES, vec![PermissionLevel::active(GOV)]);
    p.pass_proposal(FOUNDERS[0], "pool.gov stops charging fees", vec![remove])
        .expect("the proposal passes");
    let restore = pool_fees::actions::addcaller { contract: GOV }
        .to_action(FEES, vec![PermissionLevel::active(GOV)]);
    let undo = p.pass_proposal(FOUNDERS[0], "pool.gov charges fees again", vec![restore]);
    assert!(undo.is_ok(), "governance is locked out: {undo:?}");
}

#[test]
fn governance_can_still_propose_after_the_propose_endpoint_is_removed() {
    let mut p = handed_over();
    let remove = pool_fees::actions::rmendpoint {
        endpoint: name!("propose"),
    }
    .to_action(FEES, vec![PermissionLevel::active(GOV)]);
    p.pass_proposal(FOUNDERS[0], "proposals cost no fee endpoint", vec![remove])
        .expect("the proposal passes");
    let restore = pool_fees::actions::regendpoint {
        endpoint: name!("propose"),
        annual: false,
    }
    .to_action(FEES, vec![PermissionLevel::active(GOV)]);
    let undo = p.pass_proposal(FOUNDERS[0], "the propose endpoint again", vec![restore]);
    assert!(undo.is_ok(), "governance is locked out: {undo:?}");
}
