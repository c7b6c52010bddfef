//! Shared set-up of the contracts' own integration tests
//! (`contracts/<c>/tests/common/mod.rs`): what every contract's bench
//! needs around the contract under test, written once.
//!
//! - [`token`]: create, issue, transfer and read balances of a copy of
//!   `pool-token` (free functions, and the [`token::TokenBench`] trait
//!   that gives a bench the usual `token_create` ... `balance` methods);
//! - [`constitution`]: a stand-in for the charter contract's
//!   constitution state (`pool_shared::charter` tables), for benches that
//!   do not deploy the real charter;
//! - [`fees`]: a stand-in for the fees contract's `charge`, for benches
//!   that do not deploy the real one;
//! - [`members`]: pool.member's configuration in the other contracts'
//!   benches;
//! - [`payee`]: a hostile payee that refuses, or re-enters, a payment
//!   from the contract under test;
//! - [`signers`]: the "every action refuses a wrong signer" loops of
//!   the security tests;
//! - [`permissions`]: the `inline` permission a contract sends its inline
//!   actions with, as `scripts/bootstrap.sh` sets it up.
//!
//! The forged-`to` forwarder is in [`crate::fixtures`].

pub mod constitution;
pub mod fees;
pub mod members;
pub mod payee;
pub mod permissions;
pub mod signers;
pub mod token;
