//! Every message this contract can fail with (besides the chain's own:
//! `missing authority of <account>` from `require_auth`, and decoding
//! errors of malformed action data). Messages are API: tests, scripts and
//! wallets match their text. A `_PREFIX`/`_SUFFIX` pair surrounds a name:
//! `NOT_ELECTED_SUFFIX` gives `prod9 is not an elected producer`.

/// Vote lists, checked by `pool_core::fees::validate_ratios`.
pub use pool_core::fees::{DUPLICATE_ENDPOINT, EMPTY_RATIOS, TOO_MANY_RATIOS};

// --- configuration --------------------------------------------------------
pub const NOT_CONFIGURED: &str = "fees contract is not configured";
/// Shared by every contract's `setconfig` (`pool_shared::admin`).
pub use pool_shared::admin::GOVERNANCE_MISSING;
pub const MEMBERS_MISSING: &str = "members account does not exist";
pub const TOKEN_MISSING: &str = "token contract account does not exist";
pub const INVALID_FEE_SYMBOL: &str = "invalid fee symbol";
pub const FEE_TOKEN_MISSING: &str =
    "the token contract has no token with the fee symbol and precision";
pub const REWARDS_MISSING: &str = "rewards account does not exist";
pub const REWARDS_IS_SELF: &str = "rewards account cannot be the fees contract";
pub const BAD_SCHEDULED: &str = "scheduled must be between 1 and 42";
pub const BAD_MIN_VOTES: &str = "min_votes must be between 1 and scheduled";
pub const BAD_MAX_COMPUTE: &str = "max_compute_per_call must be between 1 and 25";
pub const FEE_TOKEN_LOCKED: &str =
    "token contract and fee symbol cannot change once deposits or endpoints exist";

// --- callers and endpoints ----------------------------------------------------
pub const CALLER_MISSING: &str = "caller account does not exist";
pub const ALREADY_CALLER: &str = "contract is already a registered caller";
pub const NOT_A_CALLER: &str = "contract is not a registered caller";
pub const EMPTY_ENDPOINT: &str = "endpoint name must not be empty";
pub const TOO_MANY_ENDPOINTS: &str = "too many endpoints (at most 50)";
/// `regmember is not a fee endpoint`.
pub const NOT_ENDPOINT_SUFFIX: &str = " is not a fee endpoint";

// --- votes -----------------------------------------------------------------------
/// `prod9 is not an elected producer`: not among the first `scheduled`
/// members of the ranking in good standing.
pub const NOT_ELECTED_SUFFIX: &str = " is not an elected producer";
/// `too soon since the last vote on the regmember fee: once per 3600 s`.
pub const FEE_VOTE_TOO_SOON_PREFIX: &str = "too soon since the last vote on the ";
pub const FEE_VOTE_TOO_SOON_SUFFIX: &str = " fee: once per 3600 s";
pub const MULT_TOO_SOON: &str = "too soon since the last multiplier vote: once per 120 s";
pub const BUNDLE_TOO_SOON: &str = "too soon since the last bundle vote: once per 120 s";
pub const MULTIPLIER_NOT_POSITIVE: &str = "multiplier must be positive";
/// `the regmember fee voted (ratio x multiplier) exceeds the largest
/// asset amount`.
pub const FEE_TOO_LARGE_PREFIX: &str = "the ";
pub const FEE_TOO_LARGE_SUFFIX: &str =
    " fee voted (ratio x multiplier) exceeds the largest asset amount";

// --- computation -------------------------------------------------------------------
pub const NO_WORK: &str = "no fees to compute";

// --- charging ------------------------------------------------------------------------
pub const CALLER_NOT_REGISTERED: &str = "only a registered DAC contract may charge fees";
pub const PAYER_NO_DEPOSIT: &str = "payer has no fee deposit: open one with opendeposit";
/// `deposit too low for the regmember fee`.
pub const DEPOSIT_TOO_LOW_PREFIX: &str = "deposit too low for the ";
pub const DEPOSIT_TOO_LOW_SUFFIX: &str = " fee";
pub const REWARDS_NO_BALANCE_ROW: &str =
    "rewards account has no balance row at the token contract: open one with its open action";

// --- deposits --------------------------------------------------------------------------
pub const WRONG_SYMBOL: &str = "wrong token symbol";
pub const OPEN_DEPOSIT_FIRST: &str = "open a deposit first with opendeposit";
pub const NO_DEPOSIT: &str = "account has no fee deposit";
pub const INVALID_QUANTITY: &str = "invalid quantity";
pub const WITHDRAW_NOT_POSITIVE: &str = "must withdraw positive quantity";
pub const OVERDRAWN_DEPOSIT: &str = "overdrawn deposit";
pub const DEPOSIT_OVERFLOW: &str = "deposit overflow";
pub const NO_TOKEN_BALANCE_ROW: &str =
    "owner has no balance row at the token contract: open one with its open action";
