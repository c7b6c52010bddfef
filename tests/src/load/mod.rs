//! The load test on a local chain (`scripts/load.sh`, binary `load`): a
//! bounded number of transactions mixing token transfers, producer votes,
//! metric reports, fee votes and reward claims from many accounts, pushed
//! as fast as the node accepts them by several threads; then proof that
//! every accepted effect is on chain and every invariant holds.
//!
//! - [`setup`]: the pool the load runs on (not counted), and the reading
//!   of the state before and after;
//! - [`mix`]: the kinds of transaction, their weights, the deterministic
//!   draw of each one, the expected rejections;
//! - [`wire`]: packing, signing by keosd and pushing over HTTP, without a
//!   cleos process per transaction;
//! - [`run`]: the load threads;
//! - [`verify`]: inclusion in irreversible blocks and the state checks.

pub mod mix;
pub mod run;
pub mod setup;
pub mod verify;
pub mod wire;
