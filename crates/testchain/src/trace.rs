//! What a transaction returns: its action traces, or the error that
//! reverted it.

use antelope_sdk::{Name, Pack, PermissionLevel, UnpackError};
use std::fmt;

/// The actions a transaction executed, in execution order: each action,
/// then its notifications, then the inline actions they queued
/// (depth-first).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    pub actions: Vec<ActionTrace>,
}

/// One execution of a contract: an action at its first receiver, or a
/// notification of it at another account.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionTrace {
    /// The account whose code ran.
    pub receiver: Name,
    /// The contract the action was sent to (the first receiver).
    pub account: Name,
    pub name: Name,
    pub data: Vec<u8>,
    pub authorization: Vec<PermissionLevel>,
    /// What the receiver printed.
    pub console: String,
    /// 0 for the transaction's own actions, n for inline actions sent at
    /// depth n - 1; a notification has the depth of its action.
    pub depth: u32,
    /// `receiver != account`.
    pub is_notification: bool,
}

impl ActionTrace {
    /// The action data decoded as `T`.
    pub fn data_as<T: Pack>(&self) -> Result<T, UnpackError> {
        T::unpack_exact(&self.data)
    }
}

impl Trace {
    /// Everything printed, in execution order.
    pub fn console(&self) -> String {
        self.actions.iter().map(|a| a.console.as_str()).collect()
    }

    /// The inline actions (depth > 0, notifications excluded), in execution
    /// order.
    pub fn inline_actions(&self) -> impl Iterator<Item = &ActionTrace> {
        self.actions
            .iter()
            .filter(|a| a.depth > 0 && !a.is_notification)
    }

    /// The accounts notified, in execution order (an account notified of
    /// several actions appears once per action).
    pub fn notified(&self) -> Vec<Name> {
        self.actions
            .iter()
            .filter(|a| a.is_notification)
            .map(|a| a.receiver)
            .collect()
    }
}

/// Why a transaction failed; nothing it did was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainError {
    /// The assertion text exactly as the contract passed it to `check`, the
    /// nodeos error text for a chain-level failure, or the panic message of
    /// any other panic in contract code.
    pub message: String,
}

impl ChainError {
    pub fn new(message: impl Into<String>) -> Self {
        ChainError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ChainError {}

/// Asserts that a transaction failed with exactly `expected_message`.
///
/// # Panics
/// When it succeeded, or failed with another message (both are shown).
#[track_caller]
pub fn assert_fails<T: fmt::Debug>(result: Result<T, ChainError>, expected_message: &str) {
    match result {
        Err(e) if e.message == expected_message => {}
        Err(e) => panic!(
            "the transaction failed with another message\n  expected: {expected_message:?}\n    actual: {:?}",
            e.message
        ),
        Ok(value) => panic!(
            "the transaction succeeded but was expected to fail\n  expected: {expected_message:?}\n  result: {value:?}"
        ),
    }
}
