//! # pool.token
//!
//! The pool's token, behaving exactly like the reference `eosio.token`:
//! the same actions (`create`, `issue`, `retire`, `transfer`, `open`,
//! `close`), the same `stat` and `accounts` tables (so `cleos get currency
//! balance` and wallets work unchanged) and the same error messages for the
//! same bad input, checked in the same order.
//!
//! ## Invariants
//! - For every symbol, `stat.supply` equals the sum of all `accounts`
//!   balances of that symbol, and `0 <= supply <= max_supply <= 2^62 - 1`.
//! - No balance is ever negative.
//! - A balance row is paid by its owner, except a row created by a
//!   transfer to an account that did not sign, which the sender pays
//!   (`has_auth(to) ? to : from`, as the reference).
//!
//! The contract sends no inline actions and needs no `eosio.code`.

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod tables;

antelope_sdk::contract! {
    actions: [
        actions::create,
        actions::issue,
        actions::retire,
        actions::transfer,
        actions::open,
        actions::close,
    ],
    notifications: [],
    tables: [tables::Account, tables::CurrencyStats],
    ricardian: include_str!("../ricardian.md"),
}
