//! The authorization checks every contract's security tests run over its
//! actions: each action refuses a wrong signer and a missing one, each
//! refuses a permission of the right signer that is linked to nothing,
//! and a contract's `inline` permission signs nothing of the token but
//! the transfers it is linked to. The loops were the same in every
//! contract; here once, with the expected messages as parameters.

use antelope_sdk::{name, Action, Name, PermissionLevel};
use antelope_testchain::{assert_fails, TestChain};

/// What the chain says when a transaction has no authorization at all
/// (nodeos refuses it before any contract runs).
pub const NO_AUTHORIZATION: &str = "transaction must have at least one authorization";

/// What the chain says when `actor@permission` signs an action whose
/// minimum permission for `actor` is `minimum` and `permission` is not
/// `minimum` or above it.
pub fn irrelevant(actor: &str, permission: &str, minimum: &str) -> String {
    format!(
        r#"action declares irrelevant authority '{{"actor":"{actor}","permission":"{permission}"}}'; minimum authority is {{"actor":"{actor}","permission":"{minimum}"}}"#
    )
}

/// For each `(action, signer, message)`: signed by `signer@active` the
/// action fails with `message`; with no authorization at all it fails
/// with [`NO_AUTHORIZATION`].
#[track_caller]
pub fn assert_wrong_signers_refused<M: AsRef<str>>(
    chain: &mut TestChain,
    cases: impl IntoIterator<Item = (Action, Name, M)>,
) {
    for (mut action, signer, message) in cases {
        action.authorization = vec![PermissionLevel::active(signer)];
        assert_fails(chain.push_raw(action.clone()), message.as_ref());
        // No signer at all: nodeos refuses before the contract runs.
        action.authorization = vec![];
        assert_fails(chain.push_raw(action), NO_AUTHORIZATION);
    }
}

/// For each `(action, signer)`: signed by `signer@unlinked` (a
/// permission below `active` linked to nothing, a hot key meant for
/// another contract) the action fails, the chain naming the minimum
/// permission `minimum(signer)` (`"active"` unless an action is linked).
#[track_caller]
pub fn assert_unlinked_permission_refused(
    chain: &mut TestChain,
    unlinked: Name,
    cases: impl IntoIterator<Item = (Action, Name)>,
    minimum: impl Fn(Name) -> &'static str,
) {
    for (mut action, signer) in cases {
        action.authorization = vec![PermissionLevel::new(signer, unlinked)];
        assert_fails(
            chain.push_raw(action),
            &irrelevant(&signer.to_string(), &unlinked.to_string(), minimum(signer)),
        );
    }
}

/// `inline` (a contract's inline permission) can neither `issue` 1.0000
/// POOL on `pool.token` nor `open` a POOL balance row for `owner`: both
/// fail with `expected`.
#[track_caller]
pub fn assert_inline_cannot_issue_or_open(
    chain: &mut TestChain,
    inline: &[PermissionLevel],
    owner: Name,
    expected: &str,
) {
    let token = name!("pool.token");
    let issue = pool_token::actions::issue {
        to: token,
        quantity: crate::fixtures::pool(10_000),
        memo: String::new(),
    };
    let open = pool_token::actions::open {
        owner,
        symbol: crate::fixtures::SYM,
        ram_payer: owner,
    };
    assert_fails(chain.push_action(token, &issue, inline), expected);
    assert_fails(chain.push_action(token, &open, inline), expected);
}
