//! # pool.member
//!
//! The pool's producer registry, staking and producer votes.
//!
//! - **Registry**: a producer registers (`regmember`: url, location,
//!   producer key) after signing the latest constitution (read from the
//!   charter's tables) and pays the `regmember` fee; it is pending until
//!   governance approves it (`approve`), or active at once when the pool
//!   auto-approves. Governance and the charter contract (arbitration
//!   rulings) suspend, reinstate and expel (`setstatus`); the member may
//!   `resign` and register again. A suspension ends by itself; anyone
//!   records its end for the ranking index with `endsuspend`. The rules of
//!   the life cycle are `pool_core::membership::transition`.
//! - **Staking**: after `openstake` (the owner pays its row), a transfer of
//!   the stake token from the configured token contract to this contract
//!   stakes it; `unstake` starts the refund delay, `refund` (anyone may
//!   push it) pays out after it by an inline transfer.
//! - **Votes**: `vote` lists up to 30 distinct members in good standing,
//!   weighted by the voter's stake; totals follow every vote and stake
//!   change incrementally.
//! - **Ranking**: the `byvotes` index of `members` (read it in reverse),
//!   and the views in [`views`] for other contracts.
//!
//! ## Invariants
//! - The contract's balance of the stake token at the token contract ==
//!   the sum over `stakes` of `staked + unstaking` (every credited
//!   transfer is counted, every other transfer of the stake symbol from
//!   the token contract is refused, refunds subtract before they send).
//! - Each member's `total_votes` == the sum of the `weight` of the
//!   `voters` rows listing it; each voter's `weight` == its `staked`
//!   amount (0 without a stake row). No total is ever negative.
//! - The `byvotes` key of a member == `total_votes` if its stored status
//!   is active, else 0.
//! - Member rows are never erased (an expelled account stays expelled, and
//!   votes for a resigned member stay counted).
//! - Every loop is bounded: vote lists by 30 (so at most 60 totals change
//!   per action), the ranking view by its `limit`.
//! - Rows are paid by the account they belong to, which signs the action
//!   that creates them; the configuration by the contract. Nothing anyone
//!   else can trigger makes the contract pay for RAM.
//!
//! ## Permissions
//! The contract sends inline actions only through `pool.member@inline`
//! (child of `active`, holding only `pool.member@eosio.code`, linked to
//! the token's `transfer` for refunds and to the fees contract's `charge`
//! for the `regmember` fee).

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod tables;
pub mod views;

antelope_sdk::contract! {
    actions: [
        actions::setconfig,
        actions::regmember,
        actions::update,
        actions::approve,
        actions::setstatus,
        actions::endsuspend,
        actions::resign,
        actions::openstake,
        actions::unstake,
        actions::refund,
        actions::vote,
    ],
    notifications: [actions::on_transfer],
    tables: [tables::Config, tables::Member, tables::Stake, tables::Voter],
    ricardian: include_str!("../ricardian.md"),
}
