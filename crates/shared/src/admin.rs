//! The admin rule of every DAC contract: admin actions need the configured
//! governance account; before governance is configured (empty name), the
//! contract's own account.

use antelope_sdk::{check, is_account, require_auth, Name};

/// Requires the admin of a contract: `governance`, or `receiver` while
/// `governance` is empty. Fails with `missing authority of <account>`.
pub fn require_admin(governance: Name, receiver: Name) {
    require_auth(admin_of(governance, receiver))
}

/// The account that administers a contract.
pub fn admin_of(governance: Name, receiver: Name) -> Name {
    if governance == Name::EMPTY {
        receiver
    } else {
        governance
    }
}

/// The message when a `setconfig` names a governance account that does
/// not exist.
pub const GOVERNANCE_MISSING: &str = "governance account does not exist";

/// What every contract's `setconfig` checks first: the current admin (the
/// configured governance, or the contract itself before the first
/// configuration and while governance is empty) signed, and the new
/// `governance` is empty or an existing account.
pub fn check_setconfig_admin(current_governance: Option<Name>, governance: Name, receiver: Name) {
    require_admin(current_governance.unwrap_or(Name::EMPTY), receiver);
    check(
        governance == Name::EMPTY || is_account(governance),
        GOVERNANCE_MISSING,
    );
}
