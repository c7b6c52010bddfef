//! The seeded quick run that is part of the test command: a fixed seed,
//! sized to take well under 30 s in the debug test profile. Every action
//! of every ABI must have been tried, the happy path must have got
//! through (a fuzzer stuck at authorization tests nothing), and nothing
//! may be found: no panic but a contract's assertion, no state changed by
//! a failed transaction, no invariant broken after any step.

use pool_fuzz::{abi, Fuzzer, RunConfig};

/// The quick run's seed and length. Changing them changes what is
/// covered: keep the assertions below passing.
const SEED: u64 = 20_260_101;
const STEPS: u64 = 6_000;

#[test]
fn seeded_quick_run_keeps_every_invariant() {
    let report = Fuzzer::run(&RunConfig {
        seed: SEED,
        steps: STEPS,
        trace_from: None,
        progress_every: None,
    });
    let abis = abi::load_all().unwrap();
    println!("{}", report.table(&abis));
    println!("{}", report.messages(5));

    assert!(
        report.findings.is_empty(),
        "the fuzzer found {} problem(s) (replay with scripts/fuzz.sh STEP {SEED} --trace STEP):\n{}",
        report.findings.len(),
        report.table(&abis)
    );
    assert_eq!(
        report.untried(&abis),
        Vec::<String>::new(),
        "actions never tried"
    );
    // The happy path gets through for the users' everyday actions.
    for (contract, action) in [
        ("pool.token", "transfer"),
        ("pool.member", "vote"),
        ("pool.metrics", "report"),
        ("pool.fees", "setfeevote"),
        ("pool.gov", "vote"),
        ("pool.gov", "propose"),
    ] {
        let key = (
            antelope_sdk::Name::try_from_str(contract).unwrap(),
            antelope_sdk::Name::try_from_str(action).unwrap(),
        );
        let ok = report.by_action.get(&key).map_or(0, |s| s.happy_ok);
        assert!(
            ok > 0,
            "{contract}::{action} never succeeded on the happy path"
        );
    }
    // Data from the ABIs gets past decoding and authorization sometimes.
    let abi_ok: u64 = report.by_action.values().map(|s| s.abi_ok).sum();
    assert!(abi_ok > 0, "no ABI-driven action ever succeeded");
    assert!(
        report.invariant_checks > STEPS / 4,
        "{} invariant checks",
        report.invariant_checks
    );
    assert!(
        report.digest_checks > STEPS / 4,
        "{} digest checks",
        report.digest_checks
    );
}
