//! Helpers shared by the integration tests: asserting that an operation
//! fails the way a contract assertion (`check`) does on the host.

#![allow(dead_code)]

use antelope_sdk::host::AssertFailure;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

static QUIET: Once = Once::new();

/// Keeps expected assertion panics out of the test output; every other
/// panic still reaches the default hook.
pub fn quiet_assert_panics() {
    QUIET.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<AssertFailure>().is_none() {
                default(info);
            }
        }));
    });
}

/// The assertion message `f` failed with, or `None` when it returned.
/// Any panic that is not a contract assertion fails the test.
pub fn assert_message<R>(f: impl FnOnce() -> R) -> Option<String> {
    quiet_assert_panics();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => None,
        Err(payload) => match payload.downcast::<AssertFailure>() {
            Ok(failure) => Some(failure.0),
            Err(other) => {
                let text = other
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| other.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("expected a contract assertion, got another panic: {text}")
            }
        },
    }
}

/// `f` must fail with exactly `check(false, msg)`.
#[track_caller]
pub fn assert_check_fails<R>(msg: &str, f: impl FnOnce() -> R) {
    match assert_message(f) {
        Some(got) => assert_eq!(got, msg, "wrong assertion message"),
        None => panic!("expected the assertion `{msg}`, but the operation succeeded"),
    }
}

/// `f` must not assert; returns its value.
#[track_caller]
pub fn assert_no_check<R>(f: impl FnOnce() -> R) -> R {
    quiet_assert_panics();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => match payload.downcast::<AssertFailure>() {
            Ok(failure) => panic!("unexpected assertion `{}`", failure.0),
            Err(other) => std::panic::resume_unwind(other),
        },
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of a hex string (spaces allowed for readability).
pub fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {s:?}"
    );
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}
