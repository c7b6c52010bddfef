//! The contract's tables, all in scope = the contract account. Layouts are
//! API (`cleos get table` and other contracts read them): change them only
//! by appending fields or adding tables.
//!
//! Amounts are integers in the smallest unit of the configured symbol
//! (with `4,POOL`, 12345 is 1.2345 POOL), as in `pool_core::rewards`.

use alloc::vec::Vec;
use antelope_sdk::{MultiIndex, Name, Pack, Singleton, Symbol, Table, TimePointSec};
use pool_core::rewards::{Ledger, Params};

/// The configuration; table `config`, a singleton, paid by the contract
/// (set by the admin).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "config", singleton)]
pub struct Config {
    /// The admin; empty until governance is handed over (the contract's
    /// own account is the admin until then).
    pub governance: Name,
    /// The token contract whose transfers are income (eosio.token layout).
    pub token_contract: Name,
    /// The income token's symbol (precision and code).
    pub symbol: Symbol,
    /// The members contract: ranking and good standing.
    pub members: Name,
    /// The metrics contract: availability per day and emitter outages.
    pub metrics: Name,
    /// The charter contract: the only account whose `forfeit` counts.
    pub charter: Name,
    /// The infrastructure account: receives the infrastructure share
    /// (`infraclaim`).
    pub infra_account: Name,
    /// Size of the paid set.
    pub paid: u16,
    /// Size of the scheduled set.
    pub scheduled: u16,
    /// Vote-weighted part of a day's pool, basis points.
    pub vote_share_bps: u16,
    /// Infrastructure share of every income, basis points.
    pub infra_share_bps: u16,
    /// Availability needed for the scheduled share, basis points.
    pub min_availability_bps: u16,
    /// Seconds an allocation may be claimed after its snapshot.
    pub claim_window_sec: u32,
    /// Seconds per day; equal to the metrics contract's.
    pub day_sec: u32,
    /// Days one rollover closes, at most.
    pub max_days_per_rollover: u16,
    /// Expired allocations one sweep returns, at most (>= `paid`).
    pub max_sweep: u16,
}

impl Config {
    /// The parameters of the rules.
    pub fn params(&self) -> Params {
        Params {
            paid: self.paid,
            scheduled: self.scheduled,
            vote_share_bps: self.vote_share_bps,
            infra_share_bps: self.infra_share_bps,
            min_availability_bps: self.min_availability_bps,
            claim_window_sec: self.claim_window_sec,
            day_sec: self.day_sec,
            max_days_per_rollover: self.max_days_per_rollover,
            max_sweep: self.max_sweep,
        }
    }
}

/// The books; table `state`, a singleton, paid by the contract. Invariant
/// (`audit`): the contract's token balance == `pool + annual_pending +
/// unclaimed + infra`.
#[derive(Clone, Debug, Default, PartialEq, Pack, Table)]
#[table(name = "state", singleton)]
pub struct State {
    /// The open day (`time / day_sec`): income goes to its pool, and it
    /// closes at the first action after its end.
    pub day: u64,
    /// The open day's pool so far.
    pub pool: u64,
    /// What each following day receives from annual income.
    pub annual_rate: u64,
    /// Annual income not yet released into a day's pool.
    pub annual_pending: u64,
    /// Sum of the `allocs` rows.
    pub unclaimed: u64,
    /// The infrastructure balance.
    pub infra: u64,
    /// Income received since the start (saturating; statistics, and the
    /// lock on token, symbol and day length).
    pub received: u64,
    /// Paid to members by claims since the start (saturating).
    pub claimed: u64,
}

impl State {
    pub fn ledger(&self) -> Ledger {
        Ledger {
            day: self.day,
            pool: self.pool,
            annual_rate: self.annual_rate,
            annual_pending: self.annual_pending,
            unclaimed: self.unclaimed,
            infra: self.infra,
        }
    }

    pub fn set_ledger(&mut self, l: &Ledger) {
        self.day = l.day;
        self.pool = l.pool;
        self.annual_rate = l.annual_rate;
        self.annual_pending = l.annual_pending;
        self.unclaimed = l.unclaimed;
        self.infra = l.infra;
    }
}

/// The difference table of the annual spreading; table `annual`, a
/// singleton of 365 slots created by the first `setconfig`, paid by the
/// contract. `ends[d mod 365]` leaves the daily rate when day `d` opens.
/// Fixed size: no income ever makes it grow.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "annual", singleton)]
pub struct AnnualSchedule {
    pub ends: Vec<u64>,
}

/// A paid member of a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Pack)]
pub struct PaidMember {
    pub member: Name,
    /// Its votes when the snapshot was taken.
    pub votes: u64,
    /// `floor(vote_part x votes / vote_sum)`.
    pub vote_share: u64,
    /// Its allocation: the vote share, plus `scheduled_share` if scheduled.
    pub amount: u64,
}

/// The payout snapshot of a closed day; table `snapshots`, primary key =
/// the day, paid by the contract; one per closed day whose pool was not
/// empty, kept for [`crate::errors::SNAPSHOT_DAYS_KEPT`] days.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "snapshots", primary = self.day)]
pub struct Snapshot {
    pub day: u64,
    pub taken_at: TimePointSec,
    /// Allocations of this snapshot not claimed before this time return
    /// to the pool.
    pub claim_until: TimePointSec,
    /// The emitter finalized no observed window that day: everybody in
    /// the paid set counted as available.
    pub availability_waived: bool,
    /// The day's pool R.
    pub pool: u64,
    /// `floor(R x vote_share_bps / 10000)`.
    pub vote_part: u64,
    /// `R - vote_part`.
    pub scheduled_part: u64,
    /// The sum of the paid members' votes.
    pub vote_sum: u128,
    /// Each scheduled member's share of the scheduled part.
    pub scheduled_share: u64,
    /// Carried into the next day's pool.
    pub carried: u64,
    /// The paid set, in ranking order.
    pub paid: Vec<PaidMember>,
    /// The scheduled set, in ranking order.
    pub scheduled: Vec<Name>,
}

/// What a member may claim from one snapshot; table `allocs`, primary key
/// = `day x 256 + position in the paid set` (ascending ids are ascending
/// days), paid by the contract. Created only for the paid set's members
/// with a non-zero amount; erased when claimed, expired or forfeited.
///
/// Secondary index `bymember` (idx64, `--index 2` in cleos): the member.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "allocs", primary = self.id)]
#[index(name = "bymember", kind = idx64, key = self.member.raw())]
pub struct Allocation {
    pub id: u64,
    pub member: Name,
    pub day: u64,
    pub amount: u64,
    pub claim_until: TimePointSec,
}

/// Position of the `bymember` index of [`allocs`].
pub const BY_MEMBER: usize = 0;

/// The configuration of the rewards contract at `code`.
pub fn config(code: Name) -> Singleton<Config> {
    Singleton::new(code, code.raw())
}

/// The books of the rewards contract at `code`.
pub fn state(code: Name) -> Singleton<State> {
    Singleton::new(code, code.raw())
}

/// The annual schedule of the rewards contract at `code`.
pub fn annual(code: Name) -> Singleton<AnnualSchedule> {
    Singleton::new(code, code.raw())
}

/// The snapshots of the rewards contract at `code`.
pub fn snapshots(code: Name) -> MultiIndex<Snapshot> {
    MultiIndex::new(code, code.raw())
}

/// The allocations of the rewards contract at `code`.
pub fn allocs(code: Name) -> MultiIndex<Allocation> {
    MultiIndex::new(code, code.raw())
}
