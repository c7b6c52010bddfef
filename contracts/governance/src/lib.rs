//! # pool.gov
//!
//! The pool's governance: members propose, members vote, and a passed
//! proposal's actions run with the governance account's authority, which
//! is the admin of every contract of the suite.
//!
//! - **Proposals** (`propose`): a member in good standing (active, its
//!   constitution signature counting) proposes a title, the url and
//!   sha256 of the full text, the actions to run if it passes, the older
//!   proposals it cites, and an expiry; it pays the `propose` fee through
//!   the fees contract. The proposer may `amend` it while it is open and
//!   `cancel` it.
//! - **Votes** (`vote`): a member in good standing votes no, yes or
//!   abstain and quotes the proposal's content hash; it may change its
//!   vote until the proposal closes.
//! - **Execution** (`exec`): anyone executes an open, unexpired proposal
//!   that passes (`pool_core::governance`: quorum, threshold, majority,
//!   counted at execution); its actions are sent inline.
//! - **Cleanup** (`cleanup`): anyone removes cancelled and expired
//!   proposals with their votes, a bounded number of rows per call.
//! - **Citation graph**: table `citations`, scope = the cited proposal,
//!   one row per citing proposal ([`tables::Citation`]).
//!
//! ## Invariants
//! - A proposal acts only with the DAC's own authority: every stored
//!   action is authorized by exactly `[<this contract>@active]` (checked
//!   by `propose` and `amend`), never by another account.
//! - A vote counts only while it is bound to the proposal's current
//!   content hash (sha256 of the packed title, url, hash, actions, cites
//!   and expiry) and its voter is a member in good standing at the time
//!   of the count: amending a proposal voids every vote cast on the old
//!   content, and a member who left, was suspended or expelled, or whose
//!   constitution signature lapsed no longer counts.
//! - One vote row per member and proposal (the voter is the row's key).
//! - A proposal is executed at most once: `exec` writes `executed` (and
//!   the tally) before it sends the actions, so a second `exec`, even one
//!   sent by the proposal's own actions, is refused; if an action fails,
//!   the whole transaction reverts and the proposal stays open.
//! - Cited proposals are older (a smaller id) and existed when cited: the
//!   citation graph has no cycle. Ids are never reused.
//! - No configuration can lock governance out: the rules must let a
//!   unanimous vote pass for any number of members, `max_actions` is at
//!   least 1, and `max_eligible_scan` covers the members table when set.
//! - Every loop is bounded: actions and citations by `max_actions` and
//!   `max_cites` (hard caps 16 and 32), the count of eligible members and
//!   votes by `max_eligible_scan` (cap 5000; above it `exec` fails
//!   clearly), cleanup by its `max` (cap 500).
//! - Rows are paid by the account that benefits and signs: proposals and
//!   citation rows by the proposer, votes by the voter; the contract pays
//!   only its two fixed-size singletons.
//!
//! ## Permissions
//! `pool.gov@active` holds `pool.gov@eosio.code`: the contract's code is
//! the only way to use it once the account's keys are removed, and the
//! code uses it only to send the actions of passed proposals. The fee
//! hook uses `pool.gov@inline` (child of `active`, only
//! `pool.gov@eosio.code`, linked to the fees contract's `charge`). See
//! docs/governance.md.

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod tables;
pub mod views;

antelope_sdk::contract! {
    actions: [
        actions::setconfig,
        actions::propose,
        actions::amend,
        actions::vote,
        actions::exec,
        actions::cancel,
        actions::cleanup,
    ],
    notifications: [],
    tables: [
        tables::Config,
        tables::State,
        tables::Proposal,
        tables::VoteRow,
        tables::Citation,
    ],
    ricardian: include_str!("../ricardian.md"),
}
