//! The chain intrinsics the SDK uses, as safe functions with one signature
//! and two back ends: on wasm32 the imports nodeos provides (module `env`),
//! on the host the [`Host`](crate::host::Host) installed by a native test
//! chain. Nothing above this module knows which one it runs on.
//!
//! Deliberately absent: `send_deferred`, `cancel_deferred` and the
//! `tapos_*` intrinsics (deferred transactions are deprecated and TAPOS is
//! not a source of time or randomness); the wasm build rejects them.

#![allow(clippy::too_many_arguments)]

pub use imp::*;

/// Index families of secondary keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexKind {
    Idx64,
    Idx128,
    Idx256,
    IdxDouble,
}

/// A secondary key value of one of the families.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SecondaryValue {
    U64(u64),
    U128(u128),
    U256([u128; 2]),
    F64(f64),
}

impl SecondaryValue {
    pub fn kind(&self) -> IndexKind {
        match self {
            SecondaryValue::U64(_) => IndexKind::Idx64,
            SecondaryValue::U128(_) => IndexKind::Idx128,
            SecondaryValue::U256(_) => IndexKind::Idx256,
            SecondaryValue::F64(_) => IndexKind::IdxDouble,
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{IndexKind, SecondaryValue};
    use alloc::vec::Vec;

    mod raw {
        #[link(wasm_import_module = "env")]
        extern "C" {
            pub fn read_action_data(msg: *mut u8, len: u32) -> u32;
            pub fn action_data_size() -> u32;
            pub fn current_receiver() -> u64;
            pub fn require_recipient(name: u64);
            pub fn require_auth(name: u64);
            pub fn require_auth2(name: u64, permission: u64);
            pub fn has_auth(name: u64) -> bool;
            pub fn is_account(name: u64) -> bool;
            pub fn send_inline(action: *const u8, size: usize);
            pub fn eosio_assert_message(test: u32, msg: *const u8, len: u32);
            pub fn current_time() -> u64;
            pub fn prints_l(s: *const u8, len: u32);
            pub fn sha256(data: *const u8, len: u32, hash: *mut [u8; 32]);

            pub fn db_store_i64(
                scope: u64,
                table: u64,
                payer: u64,
                id: u64,
                data: *const u8,
                len: u32,
            ) -> i32;
            pub fn db_update_i64(it: i32, payer: u64, data: *const u8, len: u32);
            pub fn db_remove_i64(it: i32);
            pub fn db_get_i64(it: i32, data: *mut u8, len: u32) -> i32;
            pub fn db_next_i64(it: i32, primary: *mut u64) -> i32;
            pub fn db_previous_i64(it: i32, primary: *mut u64) -> i32;
            pub fn db_find_i64(code: u64, scope: u64, table: u64, id: u64) -> i32;
            pub fn db_lowerbound_i64(code: u64, scope: u64, table: u64, id: u64) -> i32;
            pub fn db_upperbound_i64(code: u64, scope: u64, table: u64, id: u64) -> i32;
            pub fn db_end_i64(code: u64, scope: u64, table: u64) -> i32;
        }

        /// One family of secondary-index intrinsics, named `db_<fam>_<op>`.
        macro_rules! idx_family {
            ($modname:ident, $key:ty, $store:ident, $update:ident, $remove:ident, $next:ident,
             $prev:ident, $fprim:ident, $fsec:ident, $lb:ident, $ub:ident, $end:ident, $($len:ident)?) => {
                pub mod $modname {
                    #[link(wasm_import_module = "env")]
                    extern "C" {
                        pub fn $store(scope: u64, table: u64, payer: u64, id: u64, key: *const $key $(, $len: u32)?) -> i32;
                        pub fn $update(it: i32, payer: u64, key: *const $key $(, $len: u32)?);
                        pub fn $remove(it: i32);
                        pub fn $next(it: i32, primary: *mut u64) -> i32;
                        pub fn $prev(it: i32, primary: *mut u64) -> i32;
                        pub fn $fprim(code: u64, scope: u64, table: u64, key: *mut $key $(, $len: u32)?, primary: u64) -> i32;
                        pub fn $fsec(code: u64, scope: u64, table: u64, key: *const $key $(, $len: u32)?, primary: *mut u64) -> i32;
                        pub fn $lb(code: u64, scope: u64, table: u64, key: *mut $key $(, $len: u32)?, primary: *mut u64) -> i32;
                        pub fn $ub(code: u64, scope: u64, table: u64, key: *mut $key $(, $len: u32)?, primary: *mut u64) -> i32;
                        pub fn $end(code: u64, scope: u64, table: u64) -> i32;
                    }
                }
            };
        }
        idx_family!(
            idx64,
            u64,
            db_idx64_store,
            db_idx64_update,
            db_idx64_remove,
            db_idx64_next,
            db_idx64_previous,
            db_idx64_find_primary,
            db_idx64_find_secondary,
            db_idx64_lowerbound,
            db_idx64_upperbound,
            db_idx64_end,
        );
        idx_family!(
            idx128,
            u128,
            db_idx128_store,
            db_idx128_update,
            db_idx128_remove,
            db_idx128_next,
            db_idx128_previous,
            db_idx128_find_primary,
            db_idx128_find_secondary,
            db_idx128_lowerbound,
            db_idx128_upperbound,
            db_idx128_end,
        );
        idx_family!(
            idx256,
            u128,
            db_idx256_store,
            db_idx256_update,
            db_idx256_remove,
            db_idx256_next,
            db_idx256_previous,
            db_idx256_find_primary,
            db_idx256_find_secondary,
            db_idx256_lowerbound,
            db_idx256_upperbound,
            db_idx256_end,
            len
        );
        idx_family!(
            idx_double,
            f64,
            db_idx_double_store,
            db_idx_double_update,
            db_idx_double_remove,
            db_idx_double_next,
            db_idx_double_previous,
            db_idx_double_find_primary,
            db_idx_double_find_secondary,
            db_idx_double_lowerbound,
            db_idx_double_upperbound,
            db_idx_double_end,
        );
    }

    pub fn read_action_data() -> Vec<u8> {
        unsafe {
            let len = raw::action_data_size();
            let mut buf = Vec::with_capacity(len as usize);
            let got = raw::read_action_data(buf.as_mut_ptr(), len);
            buf.set_len(got.min(len) as usize);
            buf
        }
    }
    pub fn current_receiver() -> u64 {
        unsafe { raw::current_receiver() }
    }
    pub fn require_recipient(name: u64) {
        unsafe { raw::require_recipient(name) }
    }
    pub fn require_auth(name: u64) {
        unsafe { raw::require_auth(name) }
    }
    pub fn require_auth2(name: u64, permission: u64) {
        unsafe { raw::require_auth2(name, permission) }
    }
    pub fn has_auth(name: u64) -> bool {
        unsafe { raw::has_auth(name) }
    }
    pub fn is_account(name: u64) -> bool {
        unsafe { raw::is_account(name) }
    }
    pub fn send_inline(packed_action: &[u8]) {
        unsafe { raw::send_inline(packed_action.as_ptr(), packed_action.len()) }
    }
    pub fn assert_message(msg: &str) -> ! {
        unsafe { raw::eosio_assert_message(0, msg.as_ptr(), msg.len() as u32) };
        // eosio_assert_message(0, ..) never returns on chain.
        core::arch::wasm32::unreachable()
    }
    pub fn current_time() -> u64 {
        unsafe { raw::current_time() }
    }
    pub fn prints(s: &str) {
        unsafe { raw::prints_l(s.as_ptr(), s.len() as u32) }
    }
    pub fn sha256(data: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        unsafe { raw::sha256(data.as_ptr(), data.len() as u32, &mut out) };
        out
    }

    pub fn db_store_i64(scope: u64, table: u64, payer: u64, id: u64, data: &[u8]) -> i32 {
        unsafe { raw::db_store_i64(scope, table, payer, id, data.as_ptr(), data.len() as u32) }
    }
    pub fn db_update_i64(it: i32, payer: u64, data: &[u8]) {
        unsafe { raw::db_update_i64(it, payer, data.as_ptr(), data.len() as u32) }
    }
    pub fn db_remove_i64(it: i32) {
        unsafe { raw::db_remove_i64(it) }
    }
    pub fn db_get_i64(it: i32) -> Vec<u8> {
        unsafe {
            let len = raw::db_get_i64(it, core::ptr::null_mut(), 0);
            let len = len.max(0) as u32;
            let mut buf = Vec::with_capacity(len as usize);
            raw::db_get_i64(it, buf.as_mut_ptr(), len);
            buf.set_len(len as usize);
            buf
        }
    }
    pub fn db_next_i64(it: i32) -> (i32, u64) {
        let mut pk = 0u64;
        let next = unsafe { raw::db_next_i64(it, &mut pk) };
        (next, pk)
    }
    pub fn db_previous_i64(it: i32) -> (i32, u64) {
        let mut pk = 0u64;
        let prev = unsafe { raw::db_previous_i64(it, &mut pk) };
        (prev, pk)
    }
    pub fn db_find_i64(code: u64, scope: u64, table: u64, id: u64) -> i32 {
        unsafe { raw::db_find_i64(code, scope, table, id) }
    }
    pub fn db_lowerbound_i64(code: u64, scope: u64, table: u64, id: u64) -> i32 {
        unsafe { raw::db_lowerbound_i64(code, scope, table, id) }
    }
    pub fn db_upperbound_i64(code: u64, scope: u64, table: u64, id: u64) -> i32 {
        unsafe { raw::db_upperbound_i64(code, scope, table, id) }
    }
    pub fn db_end_i64(code: u64, scope: u64, table: u64) -> i32 {
        unsafe { raw::db_end_i64(code, scope, table) }
    }

    pub fn db_idx_store(scope: u64, table: u64, payer: u64, id: u64, key: SecondaryValue) -> i32 {
        unsafe {
            match key {
                SecondaryValue::U64(k) => raw::idx64::db_idx64_store(scope, table, payer, id, &k),
                SecondaryValue::U128(k) => {
                    raw::idx128::db_idx128_store(scope, table, payer, id, &k)
                }
                SecondaryValue::U256(k) => {
                    raw::idx256::db_idx256_store(scope, table, payer, id, k.as_ptr(), 2)
                }
                SecondaryValue::F64(k) => {
                    raw::idx_double::db_idx_double_store(scope, table, payer, id, &k)
                }
            }
        }
    }
    pub fn db_idx_update(it: i32, payer: u64, key: SecondaryValue) {
        unsafe {
            match key {
                SecondaryValue::U64(k) => raw::idx64::db_idx64_update(it, payer, &k),
                SecondaryValue::U128(k) => raw::idx128::db_idx128_update(it, payer, &k),
                SecondaryValue::U256(k) => raw::idx256::db_idx256_update(it, payer, k.as_ptr(), 2),
                SecondaryValue::F64(k) => raw::idx_double::db_idx_double_update(it, payer, &k),
            }
        }
    }
    pub fn db_idx_remove(kind: IndexKind, it: i32) {
        unsafe {
            match kind {
                IndexKind::Idx64 => raw::idx64::db_idx64_remove(it),
                IndexKind::Idx128 => raw::idx128::db_idx128_remove(it),
                IndexKind::Idx256 => raw::idx256::db_idx256_remove(it),
                IndexKind::IdxDouble => raw::idx_double::db_idx_double_remove(it),
            }
        }
    }
    pub fn db_idx_next(kind: IndexKind, it: i32) -> (i32, u64) {
        let mut pk = 0u64;
        let next = unsafe {
            match kind {
                IndexKind::Idx64 => raw::idx64::db_idx64_next(it, &mut pk),
                IndexKind::Idx128 => raw::idx128::db_idx128_next(it, &mut pk),
                IndexKind::Idx256 => raw::idx256::db_idx256_next(it, &mut pk),
                IndexKind::IdxDouble => raw::idx_double::db_idx_double_next(it, &mut pk),
            }
        };
        (next, pk)
    }
    pub fn db_idx_previous(kind: IndexKind, it: i32) -> (i32, u64) {
        let mut pk = 0u64;
        let prev = unsafe {
            match kind {
                IndexKind::Idx64 => raw::idx64::db_idx64_previous(it, &mut pk),
                IndexKind::Idx128 => raw::idx128::db_idx128_previous(it, &mut pk),
                IndexKind::Idx256 => raw::idx256::db_idx256_previous(it, &mut pk),
                IndexKind::IdxDouble => raw::idx_double::db_idx_double_previous(it, &mut pk),
            }
        };
        (prev, pk)
    }
    /// Finds the index entry of a primary key; returns it and its key.
    pub fn db_idx_find_primary(
        kind: IndexKind,
        code: u64,
        scope: u64,
        table: u64,
        primary: u64,
    ) -> (i32, SecondaryValue) {
        unsafe {
            match kind {
                IndexKind::Idx64 => {
                    let mut k = 0u64;
                    let it = raw::idx64::db_idx64_find_primary(code, scope, table, &mut k, primary);
                    (it, SecondaryValue::U64(k))
                }
                IndexKind::Idx128 => {
                    let mut k = 0u128;
                    let it =
                        raw::idx128::db_idx128_find_primary(code, scope, table, &mut k, primary);
                    (it, SecondaryValue::U128(k))
                }
                IndexKind::Idx256 => {
                    let mut k = [0u128; 2];
                    let it = raw::idx256::db_idx256_find_primary(
                        code,
                        scope,
                        table,
                        k.as_mut_ptr(),
                        2,
                        primary,
                    );
                    (it, SecondaryValue::U256(k))
                }
                IndexKind::IdxDouble => {
                    let mut k = 0f64;
                    let it = raw::idx_double::db_idx_double_find_primary(
                        code, scope, table, &mut k, primary,
                    );
                    (it, SecondaryValue::F64(k))
                }
            }
        }
    }
    /// Finds the first entry with exactly this key; returns it and its primary key.
    pub fn db_idx_find_secondary(
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, u64) {
        let mut pk = 0u64;
        let it = unsafe {
            match key {
                SecondaryValue::U64(k) => {
                    raw::idx64::db_idx64_find_secondary(code, scope, table, &k, &mut pk)
                }
                SecondaryValue::U128(k) => {
                    raw::idx128::db_idx128_find_secondary(code, scope, table, &k, &mut pk)
                }
                SecondaryValue::U256(k) => raw::idx256::db_idx256_find_secondary(
                    code,
                    scope,
                    table,
                    k.as_ptr(),
                    2,
                    &mut pk,
                ),
                SecondaryValue::F64(k) => {
                    raw::idx_double::db_idx_double_find_secondary(code, scope, table, &k, &mut pk)
                }
            }
        };
        (it, pk)
    }
    /// First entry with key >= `key`; returns it, its key and primary key.
    pub fn db_idx_lowerbound(
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64) {
        let mut pk = 0u64;
        unsafe {
            match key {
                SecondaryValue::U64(mut k) => {
                    let it = raw::idx64::db_idx64_lowerbound(code, scope, table, &mut k, &mut pk);
                    (it, SecondaryValue::U64(k), pk)
                }
                SecondaryValue::U128(mut k) => {
                    let it = raw::idx128::db_idx128_lowerbound(code, scope, table, &mut k, &mut pk);
                    (it, SecondaryValue::U128(k), pk)
                }
                SecondaryValue::U256(mut k) => {
                    let it = raw::idx256::db_idx256_lowerbound(
                        code,
                        scope,
                        table,
                        k.as_mut_ptr(),
                        2,
                        &mut pk,
                    );
                    (it, SecondaryValue::U256(k), pk)
                }
                SecondaryValue::F64(mut k) => {
                    let it = raw::idx_double::db_idx_double_lowerbound(
                        code, scope, table, &mut k, &mut pk,
                    );
                    (it, SecondaryValue::F64(k), pk)
                }
            }
        }
    }
    /// First entry with key > `key`; returns it, its key and primary key.
    pub fn db_idx_upperbound(
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64) {
        let mut pk = 0u64;
        unsafe {
            match key {
                SecondaryValue::U64(mut k) => {
                    let it = raw::idx64::db_idx64_upperbound(code, scope, table, &mut k, &mut pk);
                    (it, SecondaryValue::U64(k), pk)
                }
                SecondaryValue::U128(mut k) => {
                    let it = raw::idx128::db_idx128_upperbound(code, scope, table, &mut k, &mut pk);
                    (it, SecondaryValue::U128(k), pk)
                }
                SecondaryValue::U256(mut k) => {
                    let it = raw::idx256::db_idx256_upperbound(
                        code,
                        scope,
                        table,
                        k.as_mut_ptr(),
                        2,
                        &mut pk,
                    );
                    (it, SecondaryValue::U256(k), pk)
                }
                SecondaryValue::F64(mut k) => {
                    let it = raw::idx_double::db_idx_double_upperbound(
                        code, scope, table, &mut k, &mut pk,
                    );
                    (it, SecondaryValue::F64(k), pk)
                }
            }
        }
    }
    pub fn db_idx_end(kind: IndexKind, code: u64, scope: u64, table: u64) -> i32 {
        unsafe {
            match kind {
                IndexKind::Idx64 => raw::idx64::db_idx64_end(code, scope, table),
                IndexKind::Idx128 => raw::idx128::db_idx128_end(code, scope, table),
                IndexKind::Idx256 => raw::idx256::db_idx256_end(code, scope, table),
                IndexKind::IdxDouble => raw::idx_double::db_idx_double_end(code, scope, table),
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::{IndexKind, SecondaryValue};
    use crate::host::with_host;
    use alloc::vec::Vec;

    pub fn read_action_data() -> Vec<u8> {
        with_host(|h| h.read_action_data())
    }
    pub fn current_receiver() -> u64 {
        with_host(|h| h.current_receiver())
    }
    pub fn require_recipient(name: u64) {
        with_host(|h| h.require_recipient(name))
    }
    pub fn require_auth(name: u64) {
        with_host(|h| h.require_auth(name))
    }
    pub fn require_auth2(name: u64, permission: u64) {
        with_host(|h| h.require_auth2(name, permission))
    }
    pub fn has_auth(name: u64) -> bool {
        with_host(|h| h.has_auth(name))
    }
    pub fn is_account(name: u64) -> bool {
        with_host(|h| h.is_account(name))
    }
    pub fn send_inline(packed_action: &[u8]) {
        with_host(|h| h.send_inline(packed_action))
    }
    /// On the host an assertion is a panic carrying the message; the test
    /// chain catches it and rolls the transaction back.
    pub fn assert_message(msg: &str) -> ! {
        std::panic::panic_any(crate::host::AssertFailure(alloc::string::String::from(msg)))
    }
    pub fn current_time() -> u64 {
        with_host(|h| h.current_time())
    }
    pub fn prints(s: &str) {
        with_host(|h| h.prints(s))
    }
    pub fn sha256(data: &[u8]) -> [u8; 32] {
        with_host(|h| h.sha256(data))
    }
    pub fn db_store_i64(scope: u64, table: u64, payer: u64, id: u64, data: &[u8]) -> i32 {
        with_host(|h| h.db_store_i64(scope, table, payer, id, data))
    }
    pub fn db_update_i64(it: i32, payer: u64, data: &[u8]) {
        with_host(|h| h.db_update_i64(it, payer, data))
    }
    pub fn db_remove_i64(it: i32) {
        with_host(|h| h.db_remove_i64(it))
    }
    pub fn db_get_i64(it: i32) -> Vec<u8> {
        with_host(|h| h.db_get_i64(it))
    }
    pub fn db_next_i64(it: i32) -> (i32, u64) {
        with_host(|h| h.db_next_i64(it))
    }
    pub fn db_previous_i64(it: i32) -> (i32, u64) {
        with_host(|h| h.db_previous_i64(it))
    }
    pub fn db_find_i64(code: u64, scope: u64, table: u64, id: u64) -> i32 {
        with_host(|h| h.db_find_i64(code, scope, table, id))
    }
    pub fn db_lowerbound_i64(code: u64, scope: u64, table: u64, id: u64) -> i32 {
        with_host(|h| h.db_lowerbound_i64(code, scope, table, id))
    }
    pub fn db_upperbound_i64(code: u64, scope: u64, table: u64, id: u64) -> i32 {
        with_host(|h| h.db_upperbound_i64(code, scope, table, id))
    }
    pub fn db_end_i64(code: u64, scope: u64, table: u64) -> i32 {
        with_host(|h| h.db_end_i64(code, scope, table))
    }
    pub fn db_idx_store(scope: u64, table: u64, payer: u64, id: u64, key: SecondaryValue) -> i32 {
        with_host(|h| h.db_idx_store(scope, table, payer, id, key))
    }
    pub fn db_idx_update(it: i32, payer: u64, key: SecondaryValue) {
        with_host(|h| h.db_idx_update(it, payer, key))
    }
    pub fn db_idx_remove(kind: IndexKind, it: i32) {
        with_host(|h| h.db_idx_remove(kind, it))
    }
    pub fn db_idx_next(kind: IndexKind, it: i32) -> (i32, u64) {
        with_host(|h| h.db_idx_next(kind, it))
    }
    pub fn db_idx_previous(kind: IndexKind, it: i32) -> (i32, u64) {
        with_host(|h| h.db_idx_previous(kind, it))
    }
    pub fn db_idx_find_primary(
        kind: IndexKind,
        code: u64,
        scope: u64,
        table: u64,
        primary: u64,
    ) -> (i32, SecondaryValue) {
        with_host(|h| h.db_idx_find_primary(kind, code, scope, table, primary))
    }
    pub fn db_idx_find_secondary(
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, u64) {
        with_host(|h| h.db_idx_find_secondary(code, scope, table, key))
    }
    pub fn db_idx_lowerbound(
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64) {
        with_host(|h| h.db_idx_lowerbound(code, scope, table, key))
    }
    pub fn db_idx_upperbound(
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64) {
        with_host(|h| h.db_idx_upperbound(code, scope, table, key))
    }
    pub fn db_idx_end(kind: IndexKind, code: u64, scope: u64, table: u64) -> i32 {
        with_host(|h| h.db_idx_end(kind, code, scope, table))
    }
}
