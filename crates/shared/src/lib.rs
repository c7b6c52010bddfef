//! What the pool DAC's contracts share on chain:
//! - [`admin`]: who may run an admin action (governance, or the contract
//!   itself until governance is set);
//! - [`fees`]: the fee hook every fee-bearing action calls;
//! - [`charter`]: the constitution tables, which the charter contract
//!   writes and others read to decide whether an account signed.
//! - [`INLINE_PERMISSION`]: the one permission through which a contract
//!   sends inline actions.

#![no_std]

extern crate alloc;

pub mod admin;
pub mod charter;
pub mod fees;

use antelope_sdk::{name, Name};

/// The permission every DAC contract sends its inline actions with: a
/// child of `active` that holds only `<contract>@eosio.code` and is linked
/// (linkauth) to exactly the actions the contract must send. `active`
/// itself never holds `eosio.code`, so a bug in a contract cannot use the
/// account's full authority (security checklist 4).
pub const INLINE_PERMISSION: Name = name!("inline");
