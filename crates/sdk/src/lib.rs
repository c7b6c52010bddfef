//! A thin contract layer for Antelope (EOS-family) chains, `no_std` +
//! `alloc`, built for `wasm32v1-none`.
//!
//! - Types with the C++ CDT's exact binary encoding and string forms:
//!   [`Name`], [`SymbolCode`], [`Symbol`], [`Asset`], [`ExtendedAsset`],
//!   [`TimePoint`], [`TimePointSec`], [`Checksum256`], [`PublicKey`],
//!   [`Signature`], [`VarUint32`], [`BinaryExtension`].
//! - [`Pack`]: the binary format, derivable (`#[derive(Pack)]`), which also
//!   describes the type to the ABI generator.
//! - Tables: [`MultiIndex`] with secondary indexes and [`Singleton`], in
//!   the CDT's on-chain layout (`#[derive(Table)]`).
//! - Actions: `#[action]` turns a handler into an action with its data
//!   struct; `#[notify]` handles another contract's notifications;
//!   [`contract!`] generates the dispatcher and the ABI.
//! - On the host every intrinsic is served by a [`host::Host`], so the
//!   same contract code runs natively against a test chain.
//!
//! Every failure is an assertion with a stable message ([`check`]); on
//! chain it aborts the transaction, on the host it is a panic that the
//! test chain turns into a rolled-back transaction.

#![no_std]

pub extern crate alloc;
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

// Lets the derives refer to `::antelope_sdk` from inside this crate too.
extern crate self as antelope_sdk;

#[doc(hidden)]
pub use ::alloc as __alloc;

#[cfg(not(target_arch = "wasm32"))]
pub mod abi;
mod asset;
mod contract;
mod crypto;
#[cfg(not(target_arch = "wasm32"))]
pub mod host;
mod name;
mod pack;
#[cfg(target_arch = "wasm32")]
mod runtime;
mod symbol;
pub mod sys;
mod table;
mod time;
mod varint;

pub use antelope_sdk_macros::{action, notify, Pack, Table};
pub use asset::{Asset, AssetError, ExtendedAsset};
pub use contract::{
    read_action, unknown_action, Action, ActionData, ActionHandler, Context, NotificationHandler,
    PermissionLevel,
};
pub use crypto::{Checksum256, PublicKey, Signature};
pub use name::{Name, NameError};
pub use pack::{pack_len, take, take_array, unpack_len, Pack, UnpackError};
pub use symbol::{Symbol, SymbolCode, SymbolError, MAX_PRECISION};
pub use sys::{IndexKind, SecondaryValue};
pub use table::{
    index_table_name, IndexIter, IndexRevIter, IndexView, Iter, MultiIndex, RevIter, Row,
    SecondaryIndex, Singleton, Table, SAME_PAYER,
};
pub use time::{TimePoint, TimePointSec};
pub use varint::{BinaryExtension, VarUint32};

/// Fails the action with `msg` unless `cond` holds: the only way a
/// contract reports an error. Nothing the action wrote survives.
#[inline]
pub fn check(cond: bool, msg: &str) {
    if !cond {
        check_failed(msg)
    }
}

/// Fails the action with `msg`.
#[cold]
#[inline(never)]
pub fn check_failed(msg: &str) -> ! {
    sys::assert_message(msg)
}

/// Unwraps `Some`, or fails the action with `msg`.
#[inline]
pub fn check_some<T>(value: Option<T>, msg: &str) -> T {
    match value {
        Some(v) => v,
        None => check_failed(msg),
    }
}

/// Fails with `missing authority of <account>` unless `account` signed.
pub fn require_auth(account: Name) {
    sys::require_auth(account.raw())
}

/// Fails unless `account@permission` (or a parent of it) signed.
pub fn require_auth2(account: Name, permission: Name) {
    sys::require_auth2(account.raw(), permission.raw())
}

/// Whether `account` signed the running action.
pub fn has_auth(account: Name) -> bool {
    sys::has_auth(account.raw())
}

/// Notifies `account`: its contract's handler for this action runs after
/// the current action, with `first_receiver` = this contract.
pub fn require_recipient(account: Name) {
    sys::require_recipient(account.raw())
}

/// Whether an account of this name exists.
pub fn is_account(account: Name) -> bool {
    sys::is_account(account.raw())
}

/// The account whose code is running.
pub fn current_receiver() -> Name {
    Name::from_raw(sys::current_receiver())
}

/// The block time of the running transaction's block.
pub fn current_time_point() -> TimePoint {
    TimePoint(sys::current_time() as i64)
}

/// SHA-256 of `data`, computed by the chain.
pub fn sha256(data: &[u8]) -> Checksum256 {
    Checksum256(sys::sha256(data))
}

/// Prints to the action's console (seen with `--contracts-console` and in
/// traces).
pub fn print(s: &str) {
    sys::prints(s)
}
