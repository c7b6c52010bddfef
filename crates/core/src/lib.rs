//! The pool DAC's rules, as plain Rust that knows nothing of the chain:
//! no intrinsics, no tables, no SDK types. Accounts are opaque `u64` ids
//! (the raw value of an Antelope name), times are seconds, amounts are
//! integers. The contracts do authorization, validation, storage and
//! messaging around these functions; everything here is unit- and
//! property-tested natively.
//!
//! `no_std` + `alloc` so that the contracts link it into their wasm.

#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod cases;
pub mod constitution;
pub mod fees;
pub mod governance;
pub mod membership;
pub mod metrics;
pub mod rewards;
