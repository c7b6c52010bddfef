//! The contract's own tables, all in scope = the contract account. The
//! constitution tables (`versions`, `signatures`, `constparams`) are
//! declared in `pool_shared::charter`, because other contracts read them.
//! Layouts are API (other contracts and `cleos get table` read them):
//! change them only by appending fields or adding tables.

use alloc::string::String;
use antelope_sdk::{Checksum256, MultiIndex, Name, Pack, Singleton, Table, TimePointSec};
use pool_core::cases::{CaseFacts, CaseStatus, Ruling};

/// The configuration; table `config`, a singleton, paid by the contract.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "config", singleton)]
pub struct Config {
    /// The admin; empty until governance is handed over (the contract's
    /// own account is the admin until then).
    pub governance: Name,
    /// The members contract: whose members may file and be respondents,
    /// and which enforces suspensions and expulsions (`setstatus`).
    pub members: Name,
    /// The rewards contract that implements `forfeit`; empty: a forfeit
    /// ruling is enforced as a no-op.
    pub rewards: Name,
    /// The fees contract charging `filecase`; empty: no fee.
    pub fees: Name,
    /// Seconds after a ruling during which a party may appeal.
    pub appeal_window_sec: u32,
    /// How many cases of one claimant may wait for a ruling (filed or
    /// taken) at the same time.
    pub max_open_cases: u32,
}

/// The hash of each published version, indexed, so that publishing the
/// same text twice is refused without scanning `versions`; table
/// `verhashes`, primary key = version number, paid by the contract.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "verhashes", primary = self.version)]
#[index(name = "byhash", kind = idx256, key = self.hash.to_idx256())]
pub struct VersionHash {
    pub version: u64,
    pub hash: Checksum256,
}

/// An appointed arbitrator; table `arbitrators`, primary key = the
/// account, paid by the contract (only the admin adds rows).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "arbitrators", primary = self.account.raw())]
pub struct Arbitrator {
    pub account: Name,
    pub appointed_at: TimePointSec,
}

/// An arbitration case; table `cases`, primary key = the case id (1, 2,
/// ...), row paid by the claimant. The row has the same size from filing
/// on: later actions (signed by others) never grow it, so they never bill
/// the claimant; the texts of rulings and appeals live in their own rows,
/// paid by their authors.
///
/// Secondary indexes (cleos `--index` = position + 2):
/// - `byclaimant` (idx128, position 0): `claimant << 64 | status`, so a
///   claimant's cases are contiguous and grouped by status;
/// - `byrespondent` (idx64, position 1): the respondent;
/// - `bystatus` (idx64, position 2): the status (filed cases first: what
///   arbitrators look for).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "cases", primary = self.id)]
#[index(name = "byclaimant", kind = idx128, key = claimant_key(self.claimant, self.status))]
#[index(name = "byrespondent", kind = idx64, key = self.respondent.raw())]
#[index(name = "bystatus", kind = idx64, key = self.status as u64)]
pub struct Case {
    pub id: u64,
    pub claimant: Name,
    pub respondent: Name,
    /// A `pool_core::cases::Category` value.
    pub category: u8,
    /// Where the claim is written up (at most 256 bytes).
    pub summary_url: String,
    /// SHA-256 of the write-up.
    pub summary_hash: Checksum256,
    /// A metric dispute's cited report: the emitter account...
    pub report_emitter: Name,
    /// ... and the report's sequence number. Empty and 0 otherwise.
    pub report_seq: u64,
    /// A `pool_core::cases::CaseStatus` value.
    pub status: u8,
    /// The arbitrator who took the case (empty before).
    pub arbitrator: Name,
    /// A `pool_core::cases::Ruling` code; meaningful once ruled (status
    /// ruled and later, except withdrawn).
    pub ruling: u8,
    /// Days of a suspend ruling; 0 otherwise.
    pub suspend_days: u16,
    pub filed_at: TimePointSec,
    pub taken_at: TimePointSec,
    pub ruled_at: TimePointSec,
    /// End (exclusive) of the appeal window.
    pub appeal_until: TimePointSec,
    /// When the case reached a terminal status (enforced, closed,
    /// overturned, withdrawn).
    pub closed_at: TimePointSec,
}

impl Case {
    /// The stored status; a value the contract never writes fails.
    pub fn case_status(&self) -> Option<CaseStatus> {
        CaseStatus::from_u8(self.status)
    }

    /// The stored ruling, once ruled.
    pub fn case_ruling(&self) -> Option<Ruling> {
        match self.case_status() {
            Some(s) if s.has_ruling() => Ruling::from_parts(self.ruling, self.suspend_days).ok(),
            _ => None,
        }
    }

    /// What the state machine needs besides the status.
    pub fn facts(&self) -> CaseFacts {
        CaseFacts {
            claimant: self.claimant.raw(),
            respondent: self.respondent.raw(),
            arbitrator: self.arbitrator.raw(),
            ruling: self.case_ruling(),
            appeal_until: self.appeal_until.secs(),
        }
    }
}

/// The `byclaimant` key of a case.
pub fn claimant_key(claimant: Name, status: u8) -> u128 {
    ((claimant.raw() as u128) << 64) | status as u128
}

/// An arbitrator's reasons for a ruling; table `rulings`, primary key =
/// the case id, paid by the arbitrator.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "rulings", primary = self.case_id)]
pub struct RulingReason {
    pub case_id: u64,
    pub arbitrator: Name,
    /// Where the reasons are written up (at most 256 bytes).
    pub reason_url: String,
}

/// The appeal of a case (at most one); table `appeals`, primary key = the
/// case id, paid by the appellant.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "appeals", primary = self.case_id)]
pub struct AppealRecord {
    pub case_id: u64,
    /// The party that appealed.
    pub appellant: Name,
    /// Where the grounds of the appeal are written up (at most 256 bytes).
    pub reason_url: String,
    pub appealed_at: TimePointSec,
}

/// Positions of the secondary indexes of [`cases`].
pub const BY_CLAIMANT: usize = 0;
pub const BY_RESPONDENT: usize = 1;
pub const BY_STATUS: usize = 2;

pub fn config(code: Name) -> Singleton<Config> {
    Singleton::new(code, code.raw())
}

pub fn verhashes(code: Name) -> MultiIndex<VersionHash> {
    MultiIndex::new(code, code.raw())
}

/// Position of the `byhash` index of [`verhashes`].
pub const BY_HASH: usize = 0;

pub fn arbitrators(code: Name) -> MultiIndex<Arbitrator> {
    MultiIndex::new(code, code.raw())
}

pub fn cases(code: Name) -> MultiIndex<Case> {
    MultiIndex::new(code, code.raw())
}

pub fn rulings(code: Name) -> MultiIndex<RulingReason> {
    MultiIndex::new(code, code.raw())
}

pub fn appeals(code: Name) -> MultiIndex<AppealRecord> {
    MultiIndex::new(code, code.raw())
}
