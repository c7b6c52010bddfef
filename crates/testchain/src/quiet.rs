//! Contract failures are panics on the host (that is how `check` unwinds
//! out of contract code). They are expected and reported as a
//! [`ChainError`](crate::ChainError), so the default hook's "thread
//! panicked at" lines would only be noise: a process-wide hook, installed
//! once, stays silent while a contract runs on this thread and hands every
//! other panic to the hook that was there before.

use antelope_sdk::host::AssertFailure;
use std::any::Any;
use std::cell::Cell;
use std::sync::Once;

thread_local! {
    /// A contract is running inside the test chain on this thread.
    static IN_CONTRACT: Cell<bool> = const { Cell::new(false) };
    /// `TestChain::read` is running: its assertion failures are re-raised
    /// with a readable message, so the original panic is not printed.
    static IN_READ: Cell<bool> = const { Cell::new(false) };
}

fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_CONTRACT.with(Cell::get) {
                return;
            }
            if IN_READ.with(Cell::get) && info.payload().is::<AssertFailure>() {
                return;
            }
            previous(info)
        }));
    });
}

/// Sets a flag for the guard's lifetime, restoring the previous value (the
/// flags nest: a read could in principle run inside a contract's test
/// closure).
pub(crate) struct FlagGuard {
    flag: &'static std::thread::LocalKey<Cell<bool>>,
    previous: bool,
}

impl Drop for FlagGuard {
    fn drop(&mut self) {
        self.flag.with(|f| f.set(self.previous));
    }
}

fn set(flag: &'static std::thread::LocalKey<Cell<bool>>) -> FlagGuard {
    install_hook();
    FlagGuard {
        flag,
        previous: flag.with(|f| f.replace(true)),
    }
}

/// Silences panics while a contract runs.
pub(crate) fn contract_running() -> FlagGuard {
    set(&IN_CONTRACT)
}

/// Silences contract assertions while `TestChain::read` runs.
pub(crate) fn reading() -> FlagGuard {
    set(&IN_READ)
}

/// The message of a panic: the assertion text for `check` failures and
/// chain errors, the panic message for any other panic (overflow, unwrap,
/// index out of bounds...).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(AssertFailure(msg)) = payload.downcast_ref::<AssertFailure>() {
        msg.clone()
    } else if let Some(s) = payload.downcast_ref::<&'static str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "contract panicked with a payload that is not a message".to_string()
    }
}
