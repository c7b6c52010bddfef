//! Every message this contract can fail with (besides the chain's own:
//! `missing authority of <account>` from `require_auth`, decoding errors
//! of malformed action data, and whatever an executed proposal's inline
//! action fails with, which rolls the whole `exec` back). Messages are
//! API: tests, scripts and wallets match their text.

/// The passing rules and the life cycle, decided by `pool_core::governance`.
pub use pool_core::governance::{
    ALREADY_EXECUTED, BAD_BALLOT, BAD_MAX_ACTIONS, BAD_MAX_CITES, BAD_MAX_ELIGIBLE_SCAN,
    BAD_MAX_LIFETIME, BAD_QUORUM, BAD_THRESHOLD, BELOW_THRESHOLD, CANCELLED, CITE_NOT_OLDER,
    DUPLICATE_CITE, EXPIRED, EXPIRY_NOT_FUTURE, EXPIRY_TOO_FAR, NO_MAJORITY, NO_QUORUM,
    TOO_MANY_CITES, UNREACHABLE_THRESHOLD,
};

// --- configuration --------------------------------------------------------------
pub const NOT_CONFIGURED: &str = "governance contract is not configured";
pub const MEMBERS_MISSING: &str = "members contract account does not exist";
pub const MEMBERS_NOT_CONFIGURED: &str = "the members contract is not configured";
pub const FEES_MISSING: &str = "fees account does not exist";
/// `setconfig` with a scan bound below the current size of the members
/// table: `exec` could not count the eligible members.
pub const SCAN_BELOW_MEMBERS: &str =
    "max_eligible_scan is below the number of rows in the members table";

// --- proposals ------------------------------------------------------------------
pub const PROPOSER_NOT_MEMBER: &str = "proposer is not a member in good standing";
pub const EMPTY_TITLE: &str = "title must not be empty";
pub const TITLE_TOO_LONG: &str = "title has more than 256 bytes";
pub const URL_TOO_LONG: &str = "url has more than 256 bytes";
pub const TOO_MANY_ACTIONS: &str = "too many actions in the proposal";
/// An action whose authorization is anything but exactly
/// `[<this contract>@active]`: a proposal acts only with the DAC's own
/// authority, never with anyone else's.
pub const FOREIGN_AUTHORITY: &str =
    "every action of a proposal must be authorized by exactly the governance account's active permission";
pub const ACTION_ACCOUNT_MISSING: &str = "action's contract account does not exist";
pub const CITED_MISSING: &str = "cited proposal does not exist";
pub const NO_SUCH_PROPOSAL: &str = "proposal does not exist";
pub const NOT_PROPOSER: &str = "only the proposer can amend or cancel the proposal";
pub const AMENDMENT_CHANGES_NOTHING: &str = "the amendment does not change the proposal";
pub const ID_OVERFLOW: &str = "proposal id overflow";

// --- votes ----------------------------------------------------------------------
pub const VOTER_NOT_MEMBER: &str = "voter is not a member in good standing";
pub const WRONG_CONTENT: &str = "vote is for different proposal content";

// --- execution --------------------------------------------------------------------
/// The members table has more rows than `max_eligible_scan`: governance
/// must raise the bound (by a proposal) before the table reaches it.
pub const SCAN_LIMIT: &str =
    "too many rows in the members table to count the eligible members: raise max_eligible_scan";
/// More vote rows than `max_eligible_scan` (cannot happen while the
/// members table is within the bound: every voter has a member row, and
/// member rows are never erased).
pub const TOO_MANY_VOTES: &str = "too many votes to count: raise max_eligible_scan";

// --- cleanup ----------------------------------------------------------------------
pub const BAD_CLEANUP_MAX: &str = "max must be between 1 and 500";
pub const NOTHING_TO_CLEAN: &str = "nothing to clean up";

// --- limits -----------------------------------------------------------------------
/// The longest title and url, in bytes.
pub const MAX_TEXT_BYTES: usize = 256;
