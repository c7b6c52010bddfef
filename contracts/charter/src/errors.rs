//! Every message this contract can fail with (besides the chain's own,
//! such as `missing authority of <account>`). They are API: tests and
//! tools match their text.

// The life cycle of a case, the rulings and the categories
// (`pool_core::cases`), and the constitution rule
// (`pool_core::constitution`), whose messages this contract passes on
// unchanged.
pub use pool_core::cases::{
    ALREADY_APPEALED, ALREADY_RATIFIED, APPEAL_WINDOW_CLOSED, ARBITRATOR_IS_PARTY, CANNOT_WITHDRAW,
    CASE_CLOSED, DAYS_ONLY_FOR_SUSPEND, METRIC_DISPUTE_NEEDS_REPORT, NEEDS_RATIFICATION,
    NOT_APPEALABLE, NOT_APPOINTED, NOT_AWAITING_RULING, NOT_A_PARTY, NOT_CASE_ARBITRATOR,
    NOT_UNDER_APPEAL, NOT_WAITING_FOR_ARBITRATOR, NO_RULING, ONLY_CLAIMANT_WITHDRAWS,
    ONLY_EXPEL_RATIFIED, ONLY_METRIC_DISPUTE_CITES_REPORT, OVERTURNED, STILL_APPEALABLE,
    SUSPEND_DAYS_OUT_OF_RANGE, UNDER_APPEAL, UNKNOWN_CATEGORY, UNKNOWN_RULING,
};
pub use pool_core::constitution::{ALREADY_SIGNED, HASH_MISMATCH, NO_VERSION};

// setconfig
/// Shared by every contract's `setconfig` (`pool_shared::admin`).
pub use pool_shared::admin::GOVERNANCE_MISSING;
pub const MEMBERS_MISSING: &str = "members account does not exist";
pub const REWARDS_MISSING: &str = "rewards account does not exist";
pub const FEES_MISSING: &str = "fees account does not exist";
pub const BAD_APPEAL_WINDOW: &str = "appeal window must be between 1 second and 365 days";
pub const BAD_MAX_OPEN_CASES: &str = "max open cases must be between 1 and 100";
pub const BAD_GRACE_PERIOD: &str = "grace period must be at most 365 days";

// newversion
pub const EMPTY_HASH: &str = "hash is empty";
pub const EMPTY_URL: &str = "url is empty";
pub const URL_TOO_LONG: &str = "url is longer than 256 bytes";
pub const VERSION_EXISTS: &str = "a version with this hash already exists";
pub const TOO_MANY_VERSIONS: &str = "no more versions can be numbered";

// appoint, unappoint
pub const ARBITRATOR_MISSING: &str = "arbitrator account does not exist";
pub const ALREADY_ARBITRATOR: &str = "account is already an arbitrator";
pub const NOT_ARBITRATOR: &str = "account is not an arbitrator";

// cases
pub const NOT_CONFIGURED: &str = "contract is not configured";
pub const SAME_PARTIES: &str = "claimant and respondent must differ";
pub const EMPTY_SUMMARY_URL: &str = "summary url is empty";
pub const SUMMARY_URL_TOO_LONG: &str = "summary url is longer than 256 bytes";
pub const EMPTY_SUMMARY_HASH: &str = "summary hash is empty";
pub const EMITTER_MISSING: &str = "report emitter account does not exist";
pub const CLAIMANT_NOT_IN_GOOD_STANDING: &str = "claimant is not a member in good standing";
pub const RESPONDENT_NOT_MEMBER: &str = "respondent is not a registered member";
pub const RESPONDENT_EXPELLED: &str = "respondent is already expelled";
pub const TOO_MANY_OPEN_CASES: &str = "claimant has too many cases waiting for a ruling";
pub const NO_CASE: &str = "case does not exist";
pub const BAD_CASE_STATUS: &str = "case has an unknown status";
pub const EMPTY_REASON_URL: &str = "reason url is empty";
pub const REASON_URL_TOO_LONG: &str = "reason url is longer than 256 bytes";
pub const SUSPENSION_OUT_OF_RANGE: &str = "suspension would end after the last representable time";

/// The longest url, in bytes.
pub const MAX_URL_BYTES: usize = 256;
/// The longest appeal window and grace period: 365 days.
pub const MAX_PERIOD_SEC: u32 = 365 * 86_400;
/// The highest per-claimant limit of cases waiting for a ruling.
pub const MAX_OPEN_CASES_LIMIT: u32 = 100;
