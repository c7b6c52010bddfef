//! The fee hook. A fee-bearing action (regmember, filecase, propose, ...)
//! asks the fees contract to charge its payer by sending `charge` inline.
//! The hook sends nothing until a fees contract is configured (empty
//! name), and nothing while the fees contract does not list the calling
//! contract among its `callers` or the action among its `endpoints`: the
//! fees admin ends a fee by removing either.
//!
//! The last rule keeps governance alive. Were the hook to send `charge`
//! regardless, a passed proposal removing `pool.gov` from the callers (or
//! the `propose` endpoint) would make every later `propose` fail, and with
//! it the only way to undo the change (a lock-out found by the fuzzer,
//! `crates/fuzz/tests/governance_lockout.rs`).
//!
//! The two tables are declared here, not in the fees contract, because
//! every contract with a fee reads them.

use crate::INLINE_PERMISSION;
use alloc::vec;
use antelope_sdk::{
    name, ActionData, Asset, MultiIndex, Name, Pack, PermissionLevel, Table, TimePointSec,
};

/// A DAC contract allowed to `charge`; table `callers` of the fees
/// contract, scope = the fees contract, primary key = the contract.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "callers", primary = self.contract.raw())]
pub struct Caller {
    pub contract: Name,
}

/// A fee endpoint (an action of a DAC contract that costs a fee); table
/// `endpoints` of the fees contract, scope = the fees contract, primary
/// key = the endpoint name.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "endpoints", primary = self.endpoint.raw())]
pub struct Endpoint {
    pub endpoint: Name,
    /// Registration-type: its fees go to rewards as annual income.
    pub annual: bool,
    /// The fee in force (0 until enough votes set it).
    pub fee: Asset,
    /// Whether votes (or the elected set) changed since `computed_at`.
    pub pending: bool,
    /// How many votes counted at the last computation.
    pub votes_counted: u16,
    /// When the fee was last computed (0: never).
    pub computed_at: TimePointSec,
}

/// The `callers` table of `fees_contract`.
pub fn callers(fees_contract: Name) -> MultiIndex<Caller> {
    MultiIndex::new(fees_contract, fees_contract.raw())
}

/// The `endpoints` table of `fees_contract`.
pub fn endpoints(fees_contract: Name) -> MultiIndex<Endpoint> {
    MultiIndex::new(fees_contract, fees_contract.raw())
}

/// The data of the fees contract's `charge` action: `caller` (a registered
/// DAC contract, which must authorize it) charges `payer` the fee of
/// `endpoint`.
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Pack)]
pub struct charge {
    pub caller: Name,
    pub payer: Name,
    pub endpoint: Name,
}

impl ActionData for charge {
    const NAME: Name = name!("charge");
}

/// Charges `payer` the fee of `endpoint` through `fees_contract`, sent by
/// `caller` with its [`INLINE_PERMISSION`]; nothing when `fees_contract`
/// is empty, `caller` is not one of its callers or `endpoint` not one of
/// its endpoints (see the module comment).
pub fn charge_fee(fees_contract: Name, caller: Name, payer: Name, endpoint: Name) {
    if fees_contract == Name::EMPTY
        || !callers(fees_contract).contains(caller.raw())
        || !endpoints(fees_contract).contains(endpoint.raw())
    {
        return;
    }
    charge {
        caller,
        payer,
        endpoint,
    }
    .send(
        fees_contract,
        vec![PermissionLevel::new(caller, INLINE_PERMISSION)],
    );
}
