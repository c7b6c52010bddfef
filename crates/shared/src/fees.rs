//! The fee hook. A fee-bearing action (regmember, filecase, propose, ...)
//! asks the fees contract to charge its payer by sending `charge` inline.
//! Until a fees contract is configured (empty name) the hook sends nothing:
//! a no-op by configuration, the code path is the same.

use crate::INLINE_PERMISSION;
use alloc::vec;
use antelope_sdk::{name, ActionData, Name, Pack, PermissionLevel};

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
/// is empty.
pub fn charge_fee(fees_contract: Name, caller: Name, payer: Name, endpoint: Name) {
    if fees_contract == Name::EMPTY {
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
