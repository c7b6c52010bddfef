//! Every message this contract can fail with (besides the chain's own:
//! `missing authority of <account>` from `require_auth`, and decoding
//! errors of malformed action data). Messages are API: tests, scripts and
//! wallets match their text.

/// Status transitions, decided by `pool_core::membership::transition`.
pub use pool_core::membership::{
    ALREADY_EXPELLED, ALREADY_REGISTERED, EXPELLED_FOREVER, NOT_PENDING, NOT_REGISTERED,
    NOT_RESIGNABLE, NOT_SUSPENDABLE, NOT_SUSPENDED, NO_RESIGN_WHILE_SUSPENDED,
    ONLY_GOVERNANCE_APPROVES, ONLY_GOVERNANCE_OR_CHARTER, ONLY_SELF_REGISTERS, ONLY_SELF_RESIGNS,
};
/// Vote lists, checked by `pool_core::membership::validate_vote`.
pub use pool_core::membership::{DUPLICATE_PRODUCER, TOO_MANY_PRODUCERS};

// --- configuration --------------------------------------------------------
pub const NOT_CONFIGURED: &str = "members contract is not configured";
pub const INVALID_STAKE_SYMBOL: &str = "invalid stake symbol";
/// Shared by every contract's `setconfig` (`pool_shared::admin`).
pub use pool_shared::admin::GOVERNANCE_MISSING;
pub const TOKEN_MISSING: &str = "token contract account does not exist";
pub const STAKE_TOKEN_MISSING: &str =
    "the token contract has no token with the stake symbol and precision";
pub const CHARTER_MISSING: &str = "charter account does not exist";
pub const FEES_MISSING: &str = "fees account does not exist";
pub const REFUND_DELAY_TOO_LONG: &str = "refund delay is longer than 365 days";
pub const STAKE_TOKEN_LOCKED: &str =
    "token contract and stake symbol cannot change once stakes exist";

// --- registration and status ------------------------------------------------
pub const CONSTITUTION_NOT_SIGNED: &str = "sign the latest constitution first";
pub const URL_TOO_LONG: &str = "url has more than 256 bytes";
pub const NULL_PRODUCER_KEY: &str = "producer key must not be the null key";
pub const CANNOT_UPDATE: &str = "an expelled or resigned member cannot update its registration";
pub const BAD_STATUS: &str = "status must be 1 (active), 2 (suspended) or 3 (expelled)";
pub const SUSPENSION_NOT_FUTURE: &str = "suspension must end in the future";
pub const REASON_TOO_LONG: &str = "reason has more than 256 bytes";
pub const NO_ENDED_SUSPENSION: &str = "the member has no suspension that has ended";

// --- staking ----------------------------------------------------------------
pub const WRONG_SYMBOL: &str = "wrong token symbol";
pub const OPEN_STAKE_FIRST: &str = "open a stake row first with openstake";
pub const NO_STAKE_ROW: &str = "account has no stake row";
pub const INVALID_QUANTITY: &str = "invalid quantity";
pub const UNSTAKE_NOT_POSITIVE: &str = "must unstake positive quantity";
pub const UNSTAKE_MORE_THAN_STAKED: &str = "cannot unstake more than staked";
pub const STAKE_OVERFLOW: &str = "stake overflow";
pub const REFUND_TIME_OVERFLOW: &str = "refund time overflows";
pub const NOTHING_TO_REFUND: &str = "nothing to refund";
pub const REFUND_NOT_DUE: &str = "refund is not due yet";
pub const NO_TOKEN_BALANCE_ROW: &str =
    "owner has no balance row at the token contract: open one with its open action";

// --- votes ------------------------------------------------------------------
/// Appended to the producer's name: `prod1 is not an active member`. Also
/// the message for a member whose constitution signature no longer counts.
pub const NOT_ACTIVE_MEMBER_SUFFIX: &str = " is not an active member";
/// A vote total would leave `u64` (cannot happen: totals are sums of
/// stakes, bounded by the token supply).
pub const VOTE_TOTAL_OUT_OF_RANGE: &str = "vote total out of range";

// --- limits -----------------------------------------------------------------
/// The longest url and reason, in bytes.
pub const MAX_TEXT_BYTES: usize = 256;
/// The longest refund delay: a year.
pub const MAX_REFUND_DELAY_SEC: u32 = 365 * 24 * 3600;
