//! Every message this contract can fail with (besides the chain's own:
//! `missing authority of <account>` from `require_auth`, and decoding
//! errors of malformed action data). Messages are API: tests, scripts and
//! wallets match their text.

/// Bookkeeping failures of `pool_core::rewards` that cannot happen while
/// the books add up (`audit` would show it first).
pub use pool_core::rewards::{AMOUNT_OVERFLOW, LEDGER_INCONSISTENT, SCHEDULE_LENGTH};
/// Configuration rules, decided by `pool_core::rewards::check_params`.
pub use pool_core::rewards::{
    CLAIM_WINDOW_OUT_OF_RANGE, DAY_SEC_ZERO, INFRA_SHARE_OUT_OF_RANGE, MAX_DAYS_OUT_OF_RANGE,
    MAX_SWEEP_OUT_OF_RANGE, MIN_AVAILABILITY_OUT_OF_RANGE, PAID_OUT_OF_RANGE,
    SCHEDULED_OUT_OF_RANGE, VOTE_SHARE_OUT_OF_RANGE,
};

// --- configuration ----------------------------------------------------------
pub const NOT_CONFIGURED: &str = "rewards contract is not configured";
/// Shared by every contract's `setconfig` (`pool_shared::admin`).
pub use pool_shared::admin::GOVERNANCE_MISSING;
pub const TOKEN_MISSING: &str = "token contract account does not exist";
pub const INVALID_SYMBOL: &str = "invalid symbol";
pub const TOKEN_SYMBOL_MISSING: &str =
    "the token contract has no token with this symbol and precision";
pub const MEMBERS_MISSING: &str = "members contract account does not exist";
pub const METRICS_MISSING: &str = "metrics contract account does not exist";
pub const METRICS_NOT_CONFIGURED: &str = "the metrics contract is not configured";
pub const DAY_SEC_MISMATCH: &str = "day_sec must equal the metrics contract's day_sec";
pub const CHARTER_MISSING: &str = "charter account does not exist";
pub const INFRA_ACCOUNT_MISSING: &str = "infrastructure account does not exist";
pub const INFRA_ACCOUNT_IS_SELF: &str = "the infrastructure account cannot be the contract";
pub const TOKEN_LOCKED: &str =
    "token contract, symbol and day_sec cannot change once income was received";

// --- income -------------------------------------------------------------------
pub const WRONG_SYMBOL: &str = "wrong token symbol";

// --- rollover and sweep ---------------------------------------------------------
pub const DAY_NOT_OVER: &str = "the open day is not over yet";
pub const SWEEP_MAX_ZERO: &str = "max must be positive";
pub const NOTHING_TO_SWEEP: &str = "nothing to sweep";

// --- claims and forfeits ----------------------------------------------------------
pub const NOT_IN_GOOD_STANDING: &str = "member is not in good standing";
pub const NO_TOKEN_BALANCE_ROW: &str =
    "account has no balance row at the token contract: open one with its open action";
pub const NOTHING_TO_CLAIM: &str = "nothing to claim";
pub const TOO_MANY_ALLOCATIONS: &str =
    "member has more unclaimed allocations than one action returns: push sweep first";

// --- infrastructure ------------------------------------------------------------------
pub const INVALID_QUANTITY: &str = "invalid quantity";
pub const WITHDRAW_NOT_POSITIVE: &str = "must withdraw positive quantity";
pub const WITHDRAW_MORE_THAN_BALANCE: &str = "cannot withdraw more than the infrastructure balance";

// --- audit ---------------------------------------------------------------------------
pub const AUDIT_BALANCE: &str =
    "audit failed: token balance != pool + annual remainder + unclaimed + infrastructure";
pub const AUDIT_SCHEDULE: &str =
    "audit failed: the annual schedule does not match the annual rate and remainder";
pub const AUDIT_ALLOCATIONS: &str = "audit failed: allocation rows do not sum to unclaimed";

// --- limits ------------------------------------------------------------------------
/// Allocations one claim pays or one forfeit returns, at most. A member
/// holds at most one per closed day still in its claim window (at most 30
/// days), so this is reached only after a long catch-up.
pub const MAX_MEMBER_ROWS: usize = 256;
/// Snapshots kept, by day: a snapshot older than this many days is
/// erased when a later one is taken (one per snapshot).
pub const SNAPSHOT_DAYS_KEPT: u64 = 7;
/// Allocation rows `audit` sums, at most (it skips that check above).
pub const AUDIT_MAX_ROWS: usize = 5000;
