//! The `inline` permission of a contract: every contract of the pool
//! sends its inline actions as `<contract>@inline`, a child of `active`
//! holding only `<contract>@eosio.code`, linked to exactly the actions it
//! sends. Each bench sets it up the same way; here once.

use antelope_sdk::{name, Name};
use antelope_testchain::TestChain;

/// The permission's name.
pub const INLINE: Name = name!("inline");

/// Creates `account@inline` (child of `active`, no keys), gives it
/// `account@eosio.code` and links it to each `(code, action)` of `links`.
pub fn inline(chain: &mut TestChain, account: Name, links: &[(Name, Name)]) {
    chain.set_permission(account, INLINE, name!("active"), &[]);
    chain.add_code(account, INLINE);
    for &(code, action) in links {
        chain.link_auth(account, code, action, INLINE);
    }
}
