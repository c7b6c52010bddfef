//! The admin rule of every DAC contract: admin actions need the configured
//! governance account; before governance is configured (empty name), the
//! contract's own account.

use antelope_sdk::{require_auth, Name};

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
