//! # The no-op contract (benchmark floor)
//!
//! One action, `noop`, that takes no arguments and does nothing: what any
//! action of a contract built with our SDK costs at least (dispatch by
//! `apply`, the SDK's entry and exit, no authorization check, no table
//! access). `scripts/perf.sh` deploys it next to the suite on the same
//! chain and reports every action's CPU as a multiple of this one.
//!
//! It lives outside `contracts/` because `scripts/bootstrap.sh` deploys
//! every contract there; this one is only for measurements.

#![no_std]

extern crate alloc;

use antelope_sdk::{action, Context};

/// Does nothing; anyone may push it (no authorization is checked).
#[action]
pub fn noop(_ctx: &Context) {}

antelope_sdk::contract! {
    actions: [noop],
    notifications: [],
    tables: [],
    ricardian: include_str!("../ricardian.md"),
}
