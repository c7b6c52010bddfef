//! The set-up helpers of the performance driver that the load generator
//! (`crate::load`) uses too; they live in [`crate::perf::tx`].

pub use crate::perf::tx::{action, SetupCost, ACTIONS_PER_TX};
