//! The contract's tables. Layouts are API (`cleos get table` and other
//! contracts read them): change them only by appending fields or adding
//! tables.
//!
//! | table | scope | primary key | paid by |
//! |---|---|---|---|
//! | `config` (singleton) | the contract | - | the contract |
//! | `state` (singleton) | the contract | - | the contract |
//! | `proposals` | the contract | proposal id | the proposer |
//! | `votes` | proposal id | voter | the voter |
//! | `citations` | **cited** proposal id | citing proposal id | the citing proposal's proposer |

use alloc::string::String;
use alloc::vec::Vec;
use antelope_sdk::{Action, Checksum256, MultiIndex, Name, Pack, Singleton, Table, TimePointSec};
use pool_core::governance::{close_key, Rules, Stage, Status};

/// The configuration; table `config`, a singleton, paid by the contract.
/// Set by `setconfig`, whose admin is the contract itself: once the
/// account's keys are gone, only a passed proposal changes it.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "config", singleton)]
pub struct Config {
    /// The members contract: who is a member in good standing.
    pub members: Name,
    /// The fees contract charging `propose`; empty: no fee.
    pub fees: Name,
    /// Passing needs yes >= floor(eligible x threshold_num /
    /// threshold_den) + threshold_plus ...
    pub threshold_num: u32,
    pub threshold_den: u32,
    pub threshold_plus: u32,
    /// ... and votes cast x quorum_den >= eligible x quorum_num.
    pub quorum_num: u32,
    pub quorum_den: u32,
    /// The most actions one proposal carries.
    pub max_actions: u16,
    /// The most proposals one proposal cites.
    pub max_cites: u16,
    /// The longest time from proposing (or amending) to expiry.
    pub max_lifetime_sec: u32,
    /// The most rows of the members table `exec` reads to count the
    /// eligible members (and the most votes it reads).
    pub max_eligible_scan: u16,
}

impl Config {
    /// The passing rules.
    pub fn rules(&self) -> Rules {
        Rules {
            threshold_num: self.threshold_num,
            threshold_den: self.threshold_den,
            threshold_plus: self.threshold_plus,
            quorum_num: self.quorum_num,
            quorum_den: self.quorum_den,
        }
    }
}

/// Counters; table `state`, a singleton created by the first `setconfig`,
/// paid by the contract (fixed size: proposals never grow it).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "state", singleton)]
pub struct State {
    /// The id the next proposal gets (ids start at 1 and are never
    /// reused, so a citation or a vote never meets another proposal under
    /// the same id).
    pub next_id: u64,
}

/// A proposal; table `proposals`, scope = the contract, primary key = its
/// id, row paid by the proposer.
///
/// Secondary index `byclose` (idx64, position 0, `--index 2` in cleos):
/// when cleanup may remove the proposal (`pool_core::governance::close_key`:
/// 0 when cancelled, the expiry when open, `u64::MAX` when executed).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "proposals", primary = self.id)]
#[index(name = "byclose", kind = idx64, key = self.close_key())]
pub struct Proposal {
    pub id: u64,
    pub proposer: Name,
    /// At most 256 bytes, not empty.
    pub title: String,
    /// Where the full text is (at most 256 bytes).
    pub url: String,
    /// sha256 of the full text at `url`.
    pub hash: Checksum256,
    /// What `exec` sends, in order; each authorized by exactly
    /// `[<this contract>@active]`.
    pub actions: Vec<Action>,
    /// The older proposals this one builds on, amends or replaces.
    pub cites: Vec<u64>,
    /// The proposal is open while the block time is before this.
    pub expires: TimePointSec,
    /// sha256 of the packed (title, url, hash, actions, cites, expires):
    /// what a vote quotes and is bound to.
    pub content_hash: Checksum256,
    /// A `pool_core::governance::Status` value: 0 open, 1 executed,
    /// 2 cancelled (an open proposal past `expires` is expired).
    pub status: u8,
    pub proposed_at: TimePointSec,
    /// The last amendment (0 if never amended).
    pub amended_at: TimePointSec,
    /// When it was executed or cancelled (0 while open).
    pub closed_at: TimePointSec,
    /// The tally that passed it, recorded by `exec` (0 before).
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub eligible: u32,
}

impl Proposal {
    /// The stored status (a row with an unknown value reads as
    /// cancelled, which allows nothing but cleanup; the contract never
    /// writes one).
    pub fn stored_status(&self) -> Status {
        Status::from_u8(self.status).unwrap_or(Status::Cancelled)
    }

    /// The stage at `now` (seconds).
    pub fn stage(&self, now: u32) -> Stage {
        pool_core::governance::stage(self.stored_status(), self.expires.secs(), now)
    }

    /// The `byclose` key.
    pub fn close_key(&self) -> u64 {
        close_key(self.stored_status(), self.expires.secs())
    }
}

/// A member's vote on one proposal; table `votes`, scope = the proposal
/// id, primary key = the voter, row paid by the voter. It counts only
/// while `content_hash` is the proposal's current one and the voter is
/// in good standing.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "votes", primary = self.voter.raw())]
pub struct VoteRow {
    pub voter: Name,
    /// 0 no, 1 yes, 2 abstain.
    pub vote: u8,
    /// The content hash the voter quoted.
    pub content_hash: Checksum256,
    pub voted_at: TimePointSec,
}

/// One edge of the citation graph; table `citations`, scope = the
/// **cited** proposal id, primary key = the citing proposal id, row paid
/// by the citing proposal's proposer. "Which proposals cite #N" is the
/// table in scope N: `cleos get table pool.gov N citations`.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "citations", primary = self.citing)]
pub struct Citation {
    pub citing: u64,
}

/// The configuration of the governance contract at `code`.
pub fn config(code: Name) -> Singleton<Config> {
    Singleton::new(code, code.raw())
}

pub fn state(code: Name) -> Singleton<State> {
    Singleton::new(code, code.raw())
}

pub fn proposals(code: Name) -> MultiIndex<Proposal> {
    MultiIndex::new(code, code.raw())
}

/// Position of the `byclose` index of [`proposals`].
pub const BY_CLOSE: usize = 0;

/// The votes on proposal `id`.
pub fn votes(code: Name, id: u64) -> MultiIndex<VoteRow> {
    MultiIndex::new(code, id)
}

/// The proposals citing proposal `cited`.
pub fn citations(code: Name, cited: u64) -> MultiIndex<Citation> {
    MultiIndex::new(code, cited)
}
