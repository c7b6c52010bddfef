//! Every message this contract can fail with (besides the chain's own:
//! `missing authority of <account>` from `require_auth`, and decoding
//! errors of malformed action data). Messages are API: tests, the
//! emitter's reporter and scripts match their text.

/// Reports, decided by `pool_core::metrics::check_report`, in the order
/// it checks them.
pub use pool_core::metrics::{
    BATCH_TOO_LARGE, DUPLICATE_MEMBER, LATE_ABOVE_PROPOSED, PROPOSED_ABOVE_SLOTS,
    SELECTED_ABOVE_PROPOSED, SELECTED_ABOVE_WINDOW, SEQ_NOT_INCREASING, SLOTS_ABOVE_WINDOW,
    WINDOW_BEFORE_GENESIS, WINDOW_GAP, WINDOW_IN_FUTURE, WINDOW_NOT_ALIGNED, WINDOW_OVERLAPS,
    WINDOW_PRUNED, WINDOW_WRONG_LENGTH,
};
/// Configuration and emitter registration, decided by
/// `pool_core::metrics::{check_params, check_quorum, check_registration,
/// check_removal}`.
pub use pool_core::metrics::{
    BELOW_QUORUM, DAY_NOT_MULTIPLE, MAX_BATCH_OUT_OF_RANGE, QUORUM_ABOVE_EMITTERS, QUORUM_ZERO,
    RETENTION_TOO_SHORT, TOO_MANY_EMITTERS, WINDOW_NOT_POSITIVE,
};

// --- configuration ----------------------------------------------------------
pub const NOT_CONFIGURED: &str = "metrics contract is not configured";
/// Shared by every contract's `setconfig` (`pool_shared::admin`).
pub use pool_shared::admin::GOVERNANCE_MISSING;
pub const MEMBERS_MISSING: &str = "members contract account does not exist";
pub const TIMING_LOCKED: &str = "window_sec, day_sec and genesis cannot change once reports exist";

// --- emitters ---------------------------------------------------------------
pub const EMITTER_MISSING: &str = "emitter account does not exist";
pub const ALREADY_EMITTER: &str = "account is already a registered emitter";
pub const NOT_EMITTER: &str = "emitter is not registered";

// --- reports ----------------------------------------------------------------
/// Followed by the member's name: `unknown member: prod9` (no row in the
/// members contract's `members` table).
pub const UNKNOWN_MEMBER_PREFIX: &str = "unknown member: ";
pub const WINDOW_REPORTS_FULL: &str = "window has the maximum number of reports";
/// A day total or a counter would leave its integer type (only a member
/// reported with summed latencies near 2^64 in one day gets there).
pub const AGGREGATE_OVERFLOW: &str = "aggregate overflow";

// --- pruning ----------------------------------------------------------------
pub const PRUNE_ZERO: &str = "max_rows must be positive";
pub const NOTHING_TO_PRUNE: &str = "nothing to prune";
