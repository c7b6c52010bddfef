//! Values the tests of every contract need, and the notification
//! forwarder of the security tests (the hostile payee is
//! [`crate::helpers::payee`]).

use antelope_sdk::{Asset, Checksum256, Name, PublicKey, Symbol};
use sha2::{Digest, Sha256};

/// The pool's token: `4,POOL`.
pub const SYM: Symbol = antelope_sdk::symbol!("4,POOL");

/// `units` of the smallest unit of POOL (4 decimals): `pool(12345)` is
/// 1.2345 POOL.
pub fn pool(units: i64) -> Asset {
    Asset {
        amount: units,
        symbol: SYM,
    }
}

/// An asset from its text (`"1.0000 POOL"`).
///
/// # Panics
/// On a malformed literal (a bug in the test).
pub fn asset(s: &str) -> Asset {
    Asset::try_from_str(s).unwrap_or_else(|e| panic!("asset literal {s:?}: {}", e.message()))
}

/// A name from its text.
///
/// # Panics
/// On an invalid name (a bug in the test).
pub fn name(s: &str) -> Name {
    Name::try_from_str(s).unwrap_or_else(|_| panic!("invalid name literal {s:?}"))
}

/// `prefix` followed by two letters for `i` (< 676): `prodaa`, `prodab`...
///
/// # Panics
/// When `i` is 676 or more, or the result is not a name.
pub fn nth(prefix: &str, i: usize) -> Name {
    assert!(i < 26 * 26, "nth: {i} needs more than two letters");
    let s = format!(
        "{prefix}{}{}",
        (b'a' + (i / 26) as u8) as char,
        (b'a' + (i % 26) as u8) as char
    );
    name(&s)
}

/// A K1 public key that is not the null key (the contracts refuse the
/// null key), distinct for each `n`.
pub fn key(n: u8) -> PublicKey {
    let mut bytes = vec![0u8; 34];
    bytes[1] = 2;
    bytes[2] = n;
    bytes[33] = 1;
    PublicKey(bytes)
}

/// A stand-in document hash: 32 bytes of `n`.
pub fn h(n: u8) -> Checksum256 {
    Checksum256([n; 32])
}

/// SHA-256 of `bytes`, computed off chain (what `sha256sum` prints).
pub fn sha256(bytes: &[u8]) -> Checksum256 {
    Checksum256(Sha256::digest(bytes).into())
}

/// `docs/constitution-v1.md`, the constitution a running pool publishes.
pub const CONSTITUTION_V1: &str = include_str!("../../../docs/constitution-v1.md");
/// Where the demo says it is published.
pub const CONSTITUTION_V1_URL: &str = "https://pool.example/docs/constitution-v1.md";

/// The hash members quote when they sign version 1.
pub fn constitution_v1_hash() -> Checksum256 {
    sha256(CONSTITUTION_V1.as_bytes())
}

/// A contract that forwards every transfer notification it receives to
/// [`forwarder::TARGET`] (pool.reward unless a test sets another): when
/// one account pays another, the target sees a transfer of the real token
/// whose `to` is not itself (the forged-`to` attack).
pub mod forwarder {
    use antelope_sdk::{name, notify, require_recipient, Asset, Context, Name};
    use std::cell::Cell;

    thread_local! {
        /// Where notifications are forwarded.
        pub static TARGET: Cell<Name> = const { Cell::new(name!("pool.reward")) };
    }

    #[notify("*::transfer")]
    pub fn on_transfer(_ctx: &Context, from: Name, to: Name, quantity: Asset, memo: String) {
        let _ = (from, to, quantity, memo);
        require_recipient(TARGET.with(Cell::get));
    }

    antelope_sdk::contract! {
        actions: [],
        notifications: [on_transfer],
        tables: [],
        ricardian: "",
    }
}
