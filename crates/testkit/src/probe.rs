//! Which failures were clean assertions.
//!
//! On the native chain a contract's `check` is a panic whose payload is
//! [`AssertFailure`]; the host's own errors (a missing authority, a bad
//! iterator) are raised the same way. Any other panic in contract or host
//! code (an arithmetic overflow, an `unwrap` on `None`, an index out of
//! bounds, an `expect` in the test chain) is a bug: on chain it would be a
//! wasm trap, with no message. The test chain turns both into a
//! [`ChainError`](antelope_testchain::ChainError) with the panic's text,
//! so the difference is only visible while the panic happens: this module
//! installs a panic hook that records, per thread, every panic whose
//! payload is not an `AssertFailure`.
//!
//! ```ignore
//! let probe = pool_testkit::probe::Probe::install(&mut chain);
//! probe.reset();
//! let result = chain.push_action_as(..);
//! if let Some(p) = probe.take() { /* not a clean assertion: p.message, p.location */ }
//! ```

use antelope_sdk::host::AssertFailure;
use antelope_testchain::TestChain;
use std::cell::{Cell, RefCell};
use std::sync::Once;

/// A panic that was not a contract assertion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignPanic {
    /// The panic's message (or a note that the payload is not text).
    pub message: String,
    /// `file:line:column` where it was raised.
    pub location: String,
}

thread_local! {
    static SEEN: RefCell<Option<ForeignPanic>> = const { RefCell::new(None) };
    /// Inside [`Probe::quietly`]: panics are expected, neither recorded
    /// nor printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// The handle of the installed hook (it is process-wide and installed
/// once; the record is per thread, so parallel tests do not mix).
#[derive(Clone, Copy, Debug)]
pub struct Probe(());

impl Probe {
    /// Installs the hook (once per process). It must sit on top of the
    /// test chain's own hook, which silences panics while a contract runs
    /// and never passes them on: so the chain's hook is installed first,
    /// by a read.
    pub fn install(chain: &mut TestChain) -> Probe {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            chain.read(|| ());
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if QUIET.with(Cell::get) {
                    return;
                }
                if !info.payload().is::<AssertFailure>() {
                    let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                        (*s).to_string()
                    } else if let Some(s) = info.payload().downcast_ref::<String>() {
                        s.clone()
                    } else {
                        "a panic whose payload is not a message".to_string()
                    };
                    let location = info
                        .location()
                        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                        .unwrap_or_else(|| "unknown location".to_string());
                    SEEN.with(|s| {
                        // The first one: later panics are usually its
                        // consequences (a poisoned state, a second unwind).
                        let mut seen = s.borrow_mut();
                        if seen.is_none() {
                            *seen = Some(ForeignPanic { message, location });
                        }
                    });
                }
                previous(info)
            }));
        });
        Probe(())
    }

    /// Forgets what was recorded on this thread.
    pub fn reset(&self) {
        SEEN.with(|s| s.borrow_mut().take());
    }

    /// The first panic on this thread since the last reset that was not
    /// an assertion, if any; clears it.
    pub fn take(&self) -> Option<ForeignPanic> {
        SEEN.with(|s| s.borrow_mut().take())
    }

    /// Runs `f`, catching a panic silently: for reads that may meet rows
    /// they cannot decode (another contract's table of the same name,
    /// behind a configuration that points at the wrong account), where a
    /// failure only means "nothing to do".
    pub fn quietly<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        let previous = QUIET.with(|q| q.replace(true));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        QUIET.with(|q| q.set(previous));
        result.ok()
    }
}
