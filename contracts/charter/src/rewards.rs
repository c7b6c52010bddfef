//! The interface the rewards contract will implement for forfeiture
//! rulings. Until a rewards contract is configured (`config.rewards`
//! empty), a forfeit ruling is enforced as a no-op by configuration.

use antelope_sdk::{name, ActionData, Name, Pack};

/// The data of the rewards contract's `forfeit` action, sent inline by the
/// charter (with `<charter>@inline`) when a forfeit ruling is enforced:
/// `member`'s unclaimed allocations return to the current day's pool. The
/// rewards contract must accept it only with the charter's authorization.
#[allow(non_camel_case_types)]
#[derive(Clone, Debug, PartialEq, Pack)]
pub struct forfeit {
    pub member: Name,
}

impl ActionData for forfeit {
    const NAME: Name = name!("forfeit");
}
