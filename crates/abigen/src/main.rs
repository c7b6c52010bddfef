//! `cargo run -p abigen` writes every contract's ABI to `abi/<contract>.abi`
//! from the Rust definitions; `cargo run -p abigen -- --check` fails when
//! a checked-in ABI differs from what the code generates (CI runs it).

use antelope_sdk::abi::AbiDef;
use std::path::PathBuf;
use std::process::ExitCode;

type AbiFn = fn() -> Result<AbiDef, Vec<String>>;

/// Every contract of the workspace: its directory name under `contracts/`
/// (which is also the ABI file name) and its generated ABI.
const CONTRACTS: &[(&str, AbiFn)] = &[
    ("token", pool_token::abi),
    ("members", pool_members::abi),
    ("charter", pool_charter::abi),
    ("fees", pool_fees::abi),
    ("metrics", pool_metrics::abi),
    ("rewards", pool_rewards::abi),
    ("governance", pool_governance::abi),
];

fn abi_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../abi")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.as_slice() {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("usage: cargo run -p abigen [-- --check]");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for (name, abi) in CONTRACTS {
        let path = abi_dir().join(format!("{name}.abi"));
        let json = match abi() {
            Ok(def) => def.to_json(),
            Err(problems) => {
                for p in problems {
                    eprintln!("{name}: {p}");
                }
                failed = true;
                continue;
            }
        };
        if check {
            match std::fs::read_to_string(&path) {
                Ok(existing) if existing == json => println!("abi/{name}.abi is up to date"),
                Ok(_) => {
                    eprintln!("abi/{name}.abi differs from the code: run `cargo run -p abigen` and commit it");
                    failed = true;
                }
                Err(_) => {
                    eprintln!("abi/{name}.abi is missing: run `cargo run -p abigen` and commit it");
                    failed = true;
                }
            }
        } else {
            if let Err(e) = std::fs::write(&path, &json) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("wrote abi/{name}.abi");
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
