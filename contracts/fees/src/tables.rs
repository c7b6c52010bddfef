//! The contract's tables. All are in scope = the contract account except
//! `feevotes`, whose scope is the voting producer. Layouts are API (other
//! contracts and `cleos get table` read them): change them only by
//! appending fields or adding tables.
//!
//! Who pays: `config`, `state`, `callers` and `endpoints` by the contract
//! (written by the admin, or changed in place by others without growing);
//! `feevotes`, `feemults` and `bundlevotes` by the voting producer;
//! `deposits` and `bundles` by their owner (`opendeposit`).

use antelope_sdk::{
    Asset, Checksum256, MultiIndex, Name, Pack, Singleton, Symbol, Table, TimePointSec,
};

/// The configuration; table `config`, a singleton.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "config", singleton)]
pub struct Config {
    /// The admin; empty until governance is handed over (the contract's
    /// own account is the admin until then).
    pub governance: Name,
    /// The members contract whose ranking elects the voters.
    pub members: Name,
    /// The token contract of deposits and fees (eosio.token layout).
    pub token_contract: Name,
    /// The fee token's symbol (precision and code).
    pub fee_symbol: Symbol,
    /// Where collected fees go (the rewards contract).
    pub rewards: Name,
    /// The size of the elected set: the first `scheduled` members of the
    /// ranking in good standing vote (1 to 42).
    pub scheduled: u16,
    /// The fewest counted votes that set a fee or the bundle count
    /// (1 to `scheduled`).
    pub min_votes: u16,
    /// The most fees (the bundle count included) one `computefees`
    /// computes (1 to 25).
    pub max_compute_per_call: u16,
}

/// What the contract computed last; table `state`, a singleton, paid by
/// the contract.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "state", singleton)]
pub struct State {
    /// SHA-256 of the elected set at the last `computefees` (its names'
    /// raw values, sorted, little-endian). When the current set hashes
    /// differently, every fee is due. A hash, not the list, so that the
    /// row never grows in an action anyone may push.
    pub elected_hash: Checksum256,
    /// The size of that elected set.
    pub elected_count: u16,
    /// Free fee-bearing calls per payer per 365 days (the median of the
    /// bundle votes; 0 until voted).
    pub bundled_calls_per_year: u32,
    /// Whether bundle votes changed since the last computation.
    pub bundle_pending: bool,
    /// How many bundle votes counted at the last computation.
    pub bundle_votes_counted: u16,
    /// When the bundle count was last computed.
    pub bundle_computed_at: TimePointSec,
}

// `callers` and `endpoints` are declared in `pool_shared::fees`: the fee
// hook of every DAC contract reads them to know whether there is a fee to
// charge at all.
pub use pool_shared::fees::{callers, endpoints, Caller, Endpoint};

/// One producer's ratio for one endpoint; table `feevotes`, **scope = the
/// producer**, primary key = the endpoint (`cleos get table pool.fees
/// <producer> feevotes`). Paid by the producer.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "feevotes", primary = self.endpoint.raw())]
pub struct FeeVote {
    pub endpoint: Name,
    pub ratio: u64,
    pub updated_at: TimePointSec,
}

/// A producer's fee multiplier (6 decimals: 1000000 = 1.0); table
/// `feemults`, primary key = the producer, paid by the producer.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "feemults", primary = self.producer.raw())]
pub struct FeeMult {
    pub producer: Name,
    pub multiplier: u64,
    pub updated_at: TimePointSec,
}

/// A producer's vote for the bundled calls per year; table `bundlevotes`,
/// primary key = the producer, paid by the producer.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "bundlevotes", primary = self.producer.raw())]
pub struct BundleVote {
    pub producer: Name,
    pub count: u32,
    pub updated_at: TimePointSec,
}

/// An account's fee deposit; table `deposits`, primary key = the owner,
/// paid by the owner (`opendeposit`).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "deposits", primary = self.owner.raw())]
pub struct Deposit {
    pub owner: Name,
    pub balance: Asset,
}

/// An account's use of its bundled free calls; table `bundles`, primary
/// key = the account, paid by the account (`opendeposit`).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "bundles", primary = self.account.raw())]
pub struct Bundle {
    pub account: Name,
    /// Start of the current 365-day period (0: none yet).
    pub period_start: TimePointSec,
    /// Free calls used in it.
    pub used: u32,
}

pub fn config(code: Name) -> Singleton<Config> {
    Singleton::new(code, code.raw())
}

pub fn state(code: Name) -> Singleton<State> {
    Singleton::new(code, code.raw())
}

/// The ratios of `producer`.
pub fn feevotes(code: Name, producer: Name) -> MultiIndex<FeeVote> {
    MultiIndex::new(code, producer.raw())
}

pub fn feemults(code: Name) -> MultiIndex<FeeMult> {
    MultiIndex::new(code, code.raw())
}

pub fn bundlevotes(code: Name) -> MultiIndex<BundleVote> {
    MultiIndex::new(code, code.raw())
}

pub fn deposits(code: Name) -> MultiIndex<Deposit> {
    MultiIndex::new(code, code.raw())
}

pub fn bundles(code: Name) -> MultiIndex<Bundle> {
    MultiIndex::new(code, code.raw())
}

/// The fee of `endpoint` at the fees contract `code`, if registered: for
/// other contracts and tools that want to show it before charging.
pub fn fee_of(code: Name, endpoint: Name) -> Option<Asset> {
    endpoints(code).find(endpoint.raw()).map(|e| e.fee)
}
