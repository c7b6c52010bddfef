//! # pool.fees
//!
//! The pool's fees: FIO-style median fee voting by the elected producers,
//! bundled free calls, fee deposits, and the `charge` hook the other DAC
//! contracts call. The rules are `pool_core::fees`; docs/fees.md is the
//! user's guide.
//!
//! - **Endpoints**: governance registers the DAC actions that cost a fee
//!   (`regendpoint`, `rmendpoint`; at most 50), each registration-type
//!   (`annual`) or not, and the DAC contracts that may charge them
//!   (`addcaller`, `rmcaller`).
//! - **Voters**: the elected producers, the first `scheduled` members of
//!   pool.member's ranking who are in good standing. Each votes a ratio per
//!   endpoint (`setfeevote`, once per endpoint per 3600 s), one multiplier
//!   with 6 decimals (`setfeemult`, once per 120 s) and a number of bundled
//!   calls per year (`bundlevote`, once per 120 s). Its fee for an endpoint
//!   is `floor(ratio x multiplier / 1000000)`, exact integer arithmetic.
//! - **Fees**: `computefees` (anyone) sets each pending fee to the median
//!   of the elected voters' values (even count: floor of the mean of the
//!   two middle ones) when at least `min_votes` count, at most
//!   `max_compute_per_call` fees per call. A vote marks what it changes
//!   pending; a change of the elected set (compared by hash with the set
//!   of the last computation) makes every fee due, so votes of producers
//!   who are no longer elected stop counting.
//! - **Charging**: payers `opendeposit` (paying their rows) and deposit by
//!   token transfer; `withdraw` pays back. A registered caller's `charge`
//!   uses a bundled free call first, else debits the deposit and forwards
//!   the fee to rewards (memo `annual` for registration-type endpoints,
//!   `fee` otherwise).
//!
//! ## Invariants
//! - The contract's balance of the fee token at the token contract ==
//!   the sum of `deposits` balances: every credited transfer is counted,
//!   every other transfer of the fee symbol from the token contract is
//!   refused, and every debit is sent on (to rewards or back to the owner)
//!   in the same action.
//! - Every endpoint's fee is 0 or the median of at least `min_votes`
//!   values, each at most 2^62 - 1; no deposit is ever negative.
//! - A bundle's `used` never exceeds the bundled calls per year in force
//!   when each call was made.
//! - Every loop is bounded: endpoints by 50, vote lists by 50, the
//!   elected set by `scheduled` (at most 42; the ranking scan by twice
//!   that), the fees computed per call by `max_compute_per_call` (at most
//!   25).
//! - Rows are paid by the account they belong to, which signs the action
//!   that creates them; the configuration, state, callers and endpoints
//!   by the contract through admin actions. `computefees`, `charge` and
//!   the transfer notification only change fixed-size fields in place:
//!   nothing anyone else can trigger makes the contract pay for RAM.
//!
//! ## Permissions
//! The contract sends inline actions only through `pool.fees@inline`
//! (child of `active`, holding only `pool.fees@eosio.code`, linked to the
//! token's `transfer`: withdrawals and forwarded fees). Callers send
//! `charge` with their own `<caller>@inline`, linked to `pool.fees::charge`.

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod tables;

antelope_sdk::contract! {
    actions: [
        actions::setconfig,
        actions::addcaller,
        actions::rmcaller,
        actions::regendpoint,
        actions::rmendpoint,
        actions::setfeevote,
        actions::setfeemult,
        actions::bundlevote,
        actions::computefees,
        actions::charge,
        actions::opendeposit,
        actions::withdraw,
    ],
    notifications: [actions::on_transfer],
    tables: [
        tables::Config,
        tables::State,
        tables::Caller,
        tables::Endpoint,
        tables::FeeVote,
        tables::FeeMult,
        tables::BundleVote,
        tables::Deposit,
        tables::Bundle,
    ],
    ricardian: include_str!("../ricardian.md"),
}
