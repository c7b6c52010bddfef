//! The host back end of the intrinsics: a native test chain implements
//! [`Host`] and runs contract code inside [`with_installed_host`]. Only
//! compiled for non-wasm targets.

use crate::sys::{IndexKind, SecondaryValue};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

/// The payload of the panic that stands for a failed `eosio_assert` on the
/// host. A test chain catches it and reports the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssertFailure(pub String);

/// The intrinsics a contract may call, with the semantics of nodeos'
/// `apply_context`. Failures (missing authority, bad iterator, RAM payer
/// rules) are reported by [`fail`], exactly as a contract assertion.
#[allow(clippy::too_many_arguments)]
pub trait Host {
    fn read_action_data(&mut self) -> Vec<u8>;
    fn current_receiver(&mut self) -> u64;
    fn require_recipient(&mut self, name: u64);
    fn require_auth(&mut self, name: u64);
    fn require_auth2(&mut self, name: u64, permission: u64);
    fn has_auth(&mut self, name: u64) -> bool;
    fn is_account(&mut self, name: u64) -> bool;
    fn send_inline(&mut self, packed_action: &[u8]);
    fn current_time(&mut self) -> u64;
    fn prints(&mut self, s: &str);
    fn sha256(&mut self, data: &[u8]) -> [u8; 32];

    fn db_store_i64(&mut self, scope: u64, table: u64, payer: u64, id: u64, data: &[u8]) -> i32;
    fn db_update_i64(&mut self, it: i32, payer: u64, data: &[u8]);
    fn db_remove_i64(&mut self, it: i32);
    fn db_get_i64(&mut self, it: i32) -> Vec<u8>;
    fn db_next_i64(&mut self, it: i32) -> (i32, u64);
    fn db_previous_i64(&mut self, it: i32) -> (i32, u64);
    fn db_find_i64(&mut self, code: u64, scope: u64, table: u64, id: u64) -> i32;
    fn db_lowerbound_i64(&mut self, code: u64, scope: u64, table: u64, id: u64) -> i32;
    fn db_upperbound_i64(&mut self, code: u64, scope: u64, table: u64, id: u64) -> i32;
    fn db_end_i64(&mut self, code: u64, scope: u64, table: u64) -> i32;

    fn db_idx_store(
        &mut self,
        scope: u64,
        table: u64,
        payer: u64,
        id: u64,
        key: SecondaryValue,
    ) -> i32;
    fn db_idx_update(&mut self, it: i32, payer: u64, key: SecondaryValue);
    fn db_idx_remove(&mut self, kind: IndexKind, it: i32);
    fn db_idx_next(&mut self, kind: IndexKind, it: i32) -> (i32, u64);
    fn db_idx_previous(&mut self, kind: IndexKind, it: i32) -> (i32, u64);
    fn db_idx_find_primary(
        &mut self,
        kind: IndexKind,
        code: u64,
        scope: u64,
        table: u64,
        primary: u64,
    ) -> (i32, SecondaryValue);
    fn db_idx_find_secondary(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, u64);
    fn db_idx_lowerbound(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64);
    fn db_idx_upperbound(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64);
    fn db_idx_end(&mut self, kind: IndexKind, code: u64, scope: u64, table: u64) -> i32;
}

/// Fails the running action with `msg`, as `eosio_assert_message` does.
pub fn fail(msg: &str) -> ! {
    crate::sys::assert_message(msg)
}

std::thread_local! {
    static HOST: Cell<Option<*mut (dyn Host + 'static)>> = const { Cell::new(None) };
}

/// Runs `f` (a contract's `apply`) with `host` serving its intrinsics on
/// this thread. The previous host, if any, is restored afterwards, also
/// when `f` panics.
pub fn with_installed_host<R>(host: &mut dyn Host, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<*mut (dyn Host + 'static)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            HOST.with(|h| h.set(self.0));
        }
    }
    // SAFETY: the pointer is only dereferenced by `with_host` while this
    // frame is alive (the guard clears it on every exit path), and
    // `with_host` takes it out of the cell for the duration of the call, so
    // no two `&mut` to the host exist at once.
    let ptr: *mut (dyn Host + '_) = host;
    let ptr: *mut (dyn Host + 'static) = unsafe { core::mem::transmute(ptr) };
    let _restore = Restore(HOST.with(|h| h.replace(Some(ptr))));
    f()
}

/// Calls `f` with the installed host.
///
/// # Panics
/// When contract code runs on the host outside a test chain.
pub fn with_host<R>(f: impl FnOnce(&mut dyn Host) -> R) -> R {
    struct PutBack(*mut (dyn Host + 'static));
    impl Drop for PutBack {
        fn drop(&mut self) {
            HOST.with(|h| h.set(Some(self.0)));
        }
    }
    let ptr = HOST
        .with(|h| h.take())
        .expect("contract code ran on the host outside a test chain (no Host installed)");
    let _put_back = PutBack(ptr);
    // SAFETY: see `with_installed_host`; the cell is empty while `f` runs.
    f(unsafe { &mut *ptr })
}
