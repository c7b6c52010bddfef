//! The pool's block emitter, off chain: a simulator of the pool and the
//! reporter that feeds `pool.metrics`.
//!
//! - [`sim`]: members propose a block per 0.5 s slot with sampled latency
//!   and outages; the emitter emits the first delivered. Deterministic from
//!   a seed ([`rng`]: our own xoshiro256** and distributions).
//! - [`event`]: the event log, one JSON line per slot, and its validating
//!   reader.
//! - [`window`]: the log cut into aligned windows and summed per member,
//!   exactly as the `report` action takes them; the contract's checks.
//! - [`report`]: pushing windows with resume from the chain, retries, and
//!   irreversibility, against the [`report::Node`] trait; [`node`] is the
//!   real node (HTTP reads, `cleos` pushes), [`http`] a minimal client.
//! - [`summary`]: per-member totals and the printed table.
//!
//! Invariants (property-tested): a simulation replays bit for bit from its
//! seed and one member's behaviour does not depend on the others;
//! aggregation conserves every count (slots, proposals, selections, late
//! proposals, latency) and every window passes the contract's checks; the
//! reporter never pushes a window the chain has, never skips or reorders
//! one, and never counts a report done before it is irreversible.

pub mod event;
pub mod http;
pub mod name;
pub mod node;
pub mod report;
pub mod rng;
pub mod sim;
pub mod summary;
pub mod time;
pub mod window;
