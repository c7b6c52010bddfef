//! The contract's tables, all in scope = the contract account. Layouts are
//! API (other contracts and `cleos get table` read them): change them only
//! by appending fields or adding tables.

use alloc::string::String;
use alloc::vec::Vec;
use antelope_sdk::{
    Asset, MultiIndex, Name, Pack, PublicKey, Singleton, Symbol, Table, TimePointSec,
};
use pool_core::membership::Status;

/// The configuration; table `config`, a singleton, paid by the contract.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "config", singleton)]
pub struct Config {
    /// The admin; empty until governance is handed over (the contract's
    /// own account is the admin until then).
    pub governance: Name,
    /// The token contract whose transfers are stakes (eosio.token layout).
    pub token_contract: Name,
    /// The staked token's symbol (precision and code).
    pub stake_symbol: Symbol,
    /// The charter contract: the only account besides the admin that may
    /// change a member's status (`setstatus`), and where constitution
    /// signatures are read.
    pub charter: Name,
    /// The fees contract charging `regmember`; empty: no fee.
    pub fees: Name,
    /// Whether a registration is active at once (the pool is open) rather
    /// than pending governance's approval.
    pub auto_approve: bool,
    /// Seconds between `unstake` and the earliest `refund`.
    pub refund_delay_sec: u32,
}

/// A registered producer; table `members`, primary key = the account, row
/// paid by the account.
///
/// Secondary index `byvotes` (idx64, position 0, `--index 2` in cleos):
/// `total_votes` for a member whose stored status is `Active`, 0
/// otherwise. Read it in reverse for the ranking and stop at the first 0
/// ([`crate::views::ranking`]). The key is a function of the row, so every
/// write of the row keeps it right.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "members", primary = self.account.raw())]
#[index(name = "byvotes", kind = idx64, key = self.ranking_key())]
pub struct Member {
    pub account: Name,
    /// The producer's web page (at most 256 bytes).
    pub url: String,
    /// Location code (as eosio.system's `location`: an ISO 3166 numeric
    /// country code by convention).
    pub location: u16,
    /// The key of the member's producing node.
    pub producer_key: PublicKey,
    /// A [`Status`] value (0 pending, 1 active, 2 suspended, 3 expelled,
    /// 4 resigned).
    pub status: u8,
    /// End of the suspension when `status` is 2; 0 otherwise.
    pub suspended_until: TimePointSec,
    /// Sum of the weights of the voters listing this member.
    pub total_votes: u64,
    /// When the account (last) registered.
    pub registered_at: TimePointSec,
}

impl Member {
    /// The stored status (a row with an unknown value reads as pending,
    /// which has no rights; the contract never writes one).
    pub fn stored_status(&self) -> Status {
        Status::from_u8(self.status).unwrap_or(Status::Pending)
    }

    /// The `byvotes` key: the total votes of an active member, else 0.
    pub fn ranking_key(&self) -> u64 {
        if self.status == Status::Active.as_u8() {
            self.total_votes
        } else {
            0
        }
    }
}

/// An account's stake; table `stakes`, primary key = the owner, row paid
/// by the owner (`openstake`). Both assets are in the stake symbol.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "stakes", primary = self.owner.raw())]
pub struct Stake {
    pub owner: Name,
    /// Staked: the owner's vote weight.
    pub staked: Asset,
    /// Unstaked, waiting for `refund`.
    pub unstaking: Asset,
    /// Earliest `refund` of `unstaking`.
    pub refund_at: TimePointSec,
}

/// A voter's current vote; table `voters`, primary key = the voter, row
/// paid by the voter. `weight` always equals the voter's `staked` amount
/// (0 without a stake row).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "voters", primary = self.voter.raw())]
pub struct Voter {
    pub voter: Name,
    /// At most 30 distinct members, active when the vote was cast.
    pub producers: Vec<Name>,
    pub weight: u64,
}

/// The configuration of the members contract at `code`.
pub fn config(code: Name) -> Singleton<Config> {
    Singleton::new(code, code.raw())
}

/// The members of the members contract at `code`.
pub fn members(code: Name) -> MultiIndex<Member> {
    MultiIndex::new(code, code.raw())
}

/// Position of the `byvotes` index of [`members`].
pub const BY_VOTES: usize = 0;

/// The stakes of the members contract at `code`.
pub fn stakes(code: Name) -> MultiIndex<Stake> {
    MultiIndex::new(code, code.raw())
}

/// The voters of the members contract at `code`.
pub fn voters(code: Name) -> MultiIndex<Voter> {
    MultiIndex::new(code, code.raw())
}
