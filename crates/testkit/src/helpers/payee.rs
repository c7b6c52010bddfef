//! A hostile payee: a contract on the account the contract under test
//! pays (a staker's refund, a depositor's withdrawal, a member's claim).
//! On a payment from [`PAYER`] it refuses the transfer (turning a push
//! payment into a denial of service), or, with [`REENTER`] set, sends
//! [`REENTRY`] inline from the notification of the payment (needs
//! `<self>@active` to hold `eosio.code`). Transfers from anyone else pass.
//!
//! Each bench says who pays and how to re-enter with [`configure`]; the
//! settings are per thread, as each test runs on its own.
//!
//! Deploy it with `chain.deploy(account, payee::apply)`.

use antelope_sdk::{check, name, notify, Asset, Context, Name};
use std::cell::Cell;

/// The message of the refusal.
pub const REFUSED: &str = "this account refuses transfers";

/// What the payee sends when it re-enters: called with its own account
/// and the quantity it is being paid.
pub type Reentry = fn(payee: Name, quantity: Asset);

thread_local! {
    /// Re-enter instead of refusing.
    pub static REENTER: Cell<bool> = const { Cell::new(false) };
    /// The contract whose payments the payee reacts to.
    pub static PAYER: Cell<Name> = const { Cell::new(name!("pool.member")) };
    /// The inline action of a re-entry.
    pub static REENTRY: Cell<Option<Reentry>> = const { Cell::new(None) };
}

/// Sets [`PAYER`] and [`REENTRY`] for this thread.
pub fn configure(payer: Name, reentry: Reentry) {
    PAYER.with(|p| p.set(payer));
    REENTRY.with(|r| r.set(Some(reentry)));
}

#[notify("pool.token::transfer")]
pub fn on_transfer(ctx: &Context, from: Name, to: Name, quantity: Asset, memo: String) {
    let _ = memo;
    if to != ctx.receiver || from != PAYER.with(Cell::get) {
        return;
    }
    if REENTER.with(Cell::get) {
        let reentry = REENTRY
            .with(Cell::get)
            .expect("payee::configure names the re-entry");
        reentry(ctx.receiver, quantity);
    } else {
        check(false, REFUSED);
    }
}

antelope_sdk::contract! {
    actions: [],
    notifications: [on_transfer],
    tables: [],
    ricardian: "",
}
