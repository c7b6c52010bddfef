//! Security checklist 7 (deferred transactions) and 13 (time and
//! randomness from TAPOS), as tests: each contract's wasm, as
//! `scripts/build.sh` leaves it in `target/wasm/`, imports only Antelope
//! intrinsics from an allow-list (the ones `antelope-sdk` declares in
//! `crates/sdk/src/sys.rs`), never `send_deferred`, `cancel_deferred`,
//! `tapos_block_num` or `tapos_block_prefix`, and nothing from a module
//! other than `env`.
//!
//! The import section is read here by a small reader of the wasm binary
//! format (a magic number, a version, then sections of LEB128-sized
//! records), not by wabt, so that the check does not depend on how a
//! tool prints its output. `scripts/build.sh` runs the same rules with
//! `wasm-objdump`; this is the independent second reading.
//!
//! `#[ignore]`d like the rest of this package: tier 3 of
//! `scripts/test.sh` runs it (`cargo test -p pool-onchain -- --ignored`)
//! after `scripts/build.sh`. It needs no chain.

use std::fmt;
use std::path::PathBuf;

/// The contracts of the suite, by their directory under `contracts/`
/// (`scripts/build.sh` writes `target/wasm/<directory>.wasm`).
const CONTRACTS: [&str; 7] = [
    "token",
    "members",
    "charter",
    "metrics",
    "rewards",
    "fees",
    "governance",
];

/// Imports refused whatever the allow-list says, with the reason.
const FORBIDDEN: [(&str, &str); 4] = [
    (
        "send_deferred",
        "deferred transactions (checklist 7): deprecated, and a retry path an attacker controls",
    ),
    ("cancel_deferred", "deferred transactions (checklist 7)"),
    (
        "tapos_block_num",
        "TAPOS is chosen by whoever signs the transaction: no source of time or randomness (checklist 13)",
    ),
    (
        "tapos_block_prefix",
        "TAPOS is chosen by whoever signs the transaction: no source of time or randomness (checklist 13)",
    ),
];

/// Every intrinsic `antelope-sdk` may import (`crates/sdk/src/sys.rs`).
/// A contract importing anything else uses the chain in a way the suite
/// has not reviewed: adding an intrinsic means adding it to the SDK and
/// here, deliberately.
const ALLOWED: &[&str] = &[
    "read_action_data",
    "action_data_size",
    "current_receiver",
    "require_recipient",
    "require_auth",
    "require_auth2",
    "has_auth",
    "is_account",
    "send_inline",
    "eosio_assert_message",
    // The block time: the only clock contracts read (windows, days,
    // deadlines are all checked against it).
    "current_time",
    "prints_l",
    "sha256",
    "db_store_i64",
    "db_update_i64",
    "db_remove_i64",
    "db_get_i64",
    "db_next_i64",
    "db_previous_i64",
    "db_find_i64",
    "db_lowerbound_i64",
    "db_upperbound_i64",
    "db_end_i64",
    "db_idx64_store",
    "db_idx64_update",
    "db_idx64_remove",
    "db_idx64_next",
    "db_idx64_previous",
    "db_idx64_find_primary",
    "db_idx64_find_secondary",
    "db_idx64_lowerbound",
    "db_idx64_upperbound",
    "db_idx64_end",
    "db_idx128_store",
    "db_idx128_update",
    "db_idx128_remove",
    "db_idx128_next",
    "db_idx128_previous",
    "db_idx128_find_primary",
    "db_idx128_find_secondary",
    "db_idx128_lowerbound",
    "db_idx128_upperbound",
    "db_idx128_end",
    "db_idx256_store",
    "db_idx256_update",
    "db_idx256_remove",
    "db_idx256_next",
    "db_idx256_previous",
    "db_idx256_find_primary",
    "db_idx256_find_secondary",
    "db_idx256_lowerbound",
    "db_idx256_upperbound",
    "db_idx256_end",
    "db_idx_double_store",
    "db_idx_double_update",
    "db_idx_double_remove",
    "db_idx_double_next",
    "db_idx_double_previous",
    "db_idx_double_find_primary",
    "db_idx_double_find_secondary",
    "db_idx_double_lowerbound",
    "db_idx_double_upperbound",
    "db_idx_double_end",
];

// ---- the reader ------------------------------------------------------------------

/// What an import brings in (the wasm `importdesc` kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Func,
    Table,
    Memory,
    Global,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Import {
    module: String,
    field: String,
    kind: Kind,
}

impl fmt::Display for Import {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{} ({:?})", self.module, self.field, self.kind)
    }
}

/// A cursor over the module's bytes; every read says what it was reading
/// when the bytes run out or are malformed.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self, what: &str) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| format!("unexpected end of the module reading {what}"))?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| format!("unexpected end of the module reading {what}"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    /// An unsigned LEB128 of at most 32 bits (`u32` in the spec): 7 bits
    /// a byte, low first, the high bit saying another byte follows.
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let mut value: u64 = 0;
        for i in 0..5 {
            let b = self.byte(what)?;
            value |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| format!("{what} does not fit 32 bits"));
            }
        }
        Err(format!("{what} is a LEB128 longer than 5 bytes"))
    }

    fn name(&mut self, what: &str) -> Result<String, String> {
        let len = self.u32(what)? as usize;
        let bytes = self.take(len, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| format!("{what} is not UTF-8"))
    }

    /// `limits`: a flag, a minimum, and a maximum when the flag is 1.
    fn limits(&mut self, what: &str) -> Result<(), String> {
        match self.byte(what)? {
            0 => self.u32(what).map(drop),
            1 => {
                self.u32(what)?;
                self.u32(what).map(drop)
            }
            flag => Err(format!("{what}: unknown limits flag {flag:#04x}")),
        }
    }
}

/// The imports of a wasm module, in order.
fn imports(module: &[u8]) -> Result<Vec<Import>, String> {
    let mut r = Reader {
        bytes: module,
        at: 0,
    };
    if r.take(4, "the magic number")? != b"\0asm" {
        return Err("not a wasm module (no \\0asm magic number)".into());
    }
    if r.take(4, "the version")? != [1, 0, 0, 0] {
        return Err("not a version 1 wasm module".into());
    }
    let mut found = Vec::new();
    while r.at < module.len() {
        let id = r.byte("a section id")?;
        let size = r.u32("a section size")? as usize;
        let body = r.take(size, "a section body")?;
        // Section 2 is the import section; every other one is skipped
        // whole by its size.
        if id != 2 {
            continue;
        }
        let mut s = Reader { bytes: body, at: 0 };
        let count = s.u32("the import count")?;
        for _ in 0..count {
            let module = s.name("an import's module name")?;
            let field = s.name("an import's field name")?;
            let kind = match s.byte("an import's kind")? {
                0x00 => {
                    s.u32("a function import's type index")?;
                    Kind::Func
                }
                0x01 => {
                    s.byte("a table import's element type")?;
                    s.limits("a table import's limits")?;
                    Kind::Table
                }
                0x02 => {
                    s.limits("a memory import's limits")?;
                    Kind::Memory
                }
                0x03 => {
                    s.byte("a global import's value type")?;
                    s.byte("a global import's mutability")?;
                    Kind::Global
                }
                k => return Err(format!("import {module}.{field}: unknown kind {k:#04x}")),
            };
            found.push(Import {
                module,
                field,
                kind,
            });
        }
        if s.at != body.len() {
            return Err("the import section has bytes after its last import".into());
        }
    }
    Ok(found)
}

/// Each import the rules refuse, with why.
fn offending(imports: &[Import]) -> Vec<String> {
    let mut out = Vec::new();
    for i in imports {
        if let Some((_, why)) = FORBIDDEN.iter().find(|(f, _)| *f == i.field) {
            out.push(format!("{i}: forbidden, {why}"));
        } else if i.module != "env" {
            out.push(format!(
                "{i}: module '{}' does not exist on chain (only env)",
                i.module
            ));
        } else if i.kind != Kind::Func {
            out.push(format!("{i}: contracts import functions only"));
        } else if !ALLOWED.contains(&i.field.as_str()) {
            out.push(format!(
                "{i}: not in the allow-list of intrinsics the suite uses (crates/sdk/src/sys.rs)"
            ));
        }
    }
    out
}

fn wasm_path(contract: &str) -> PathBuf {
    pool_onchain::root()
        .join("target/wasm")
        .join(format!("{contract}.wasm"))
}

/// Fails with the list of offending imports of `contract`'s built wasm,
/// or clearly when it has not been built.
#[track_caller]
fn assert_only_allowed_imports(contract: &str) {
    let path = wasm_path(contract);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{} is missing or unreadable ({e}): run scripts/build.sh first",
            path.display()
        )
    });
    let found = imports(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A contract always imports something (at least its action data): an
    // empty list would mean the reader missed the section.
    assert!(
        !found.is_empty(),
        "{}: no import section found",
        path.display()
    );
    let bad = offending(&found);
    assert!(
        bad.is_empty(),
        "{} imports what the suite does not allow:\n  {}",
        path.display(),
        bad.join("\n  ")
    );
}

// ---- the contracts ----------------------------------------------------------------

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn token_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("token");
}

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn members_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("members");
}

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn charter_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("charter");
}

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn metrics_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("metrics");
}

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn rewards_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("rewards");
}

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn fees_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("fees");
}

#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn governance_imports_no_deferred_or_tapos_intrinsic() {
    assert_only_allowed_imports("governance");
}

/// Every directory under `contracts/` is one of [`CONTRACTS`]: a new
/// contract cannot escape the check by not being listed.
#[test]
#[ignore = "tier 3: needs target/wasm from scripts/build.sh (scripts/test.sh runs it with --ignored)"]
fn every_contract_of_the_suite_is_checked() {
    let dir = pool_onchain::root().join("contracts");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<String> = CONTRACTS.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "contracts/ and CONTRACTS differ");
}

// ---- the reader and the rules, on hand-built modules -------------------------------------

/// An unsigned LEB128.
fn leb(mut v: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

fn name_bytes(s: &str) -> Vec<u8> {
    let mut out = leb(s.len() as u32);
    out.extend_from_slice(s.as_bytes());
    out
}

fn section(id: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![id];
    out.extend(leb(body.len() as u32));
    out.extend_from_slice(body);
    out
}

/// A module with a type section (one `() -> ()`), the given function
/// imports, a memory import from `env`, and a custom section after.
fn module(funcs: &[(&str, &str)]) -> Vec<u8> {
    let mut m = b"\0asm".to_vec();
    m.extend([1, 0, 0, 0]);
    m.extend(section(1, &[1, 0x60, 0, 0]));
    let mut body = leb(funcs.len() as u32 + 1);
    for (module, field) in funcs {
        body.extend(name_bytes(module));
        body.extend(name_bytes(field));
        body.extend([0x00, 0x00]);
    }
    body.extend(name_bytes("env"));
    body.extend(name_bytes("memory"));
    // Memory with limits min 1, max 300 (a two-byte LEB128).
    body.extend([0x02, 0x01, 0x01]);
    body.extend(leb(300));
    m.extend(section(2, &body));
    m.extend(section(0, &name_bytes("name")));
    m
}

#[test]
#[ignore = "tier 3: runs with the import checks it validates (scripts/test.sh, --ignored)"]
fn the_reader_reports_every_offending_import_of_a_hand_built_module() {
    let m = module(&[
        ("env", "require_auth"),
        ("env", "send_deferred"),
        ("env", "tapos_block_prefix"),
        ("env", "get_active_producers"),
        ("wasi", "fd_write"),
    ]);
    let found = imports(&m).unwrap();
    let fields: Vec<&str> = found.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "require_auth",
            "send_deferred",
            "tapos_block_prefix",
            "get_active_producers",
            "fd_write",
            "memory"
        ]
    );
    assert_eq!(found[5].kind, Kind::Memory);
    let bad = offending(&found);
    assert_eq!(bad.len(), 5, "{bad:#?}");
    assert!(bad[0].starts_with("env.send_deferred (Func): forbidden, deferred"));
    assert!(bad[1].starts_with("env.tapos_block_prefix (Func): forbidden, TAPOS"));
    assert!(bad[2].starts_with("env.get_active_producers (Func): not in the allow-list"));
    assert!(bad[3].starts_with("wasi.fd_write (Func): module 'wasi' does not exist"));
    assert_eq!(
        bad[4],
        "env.memory (Memory): contracts import functions only"
    );
    // Only allowed intrinsics: nothing to report.
    let clean = module(&[("env", "read_action_data"), ("env", "db_idx256_end")]);
    let found = imports(&clean).unwrap();
    assert_eq!(offending(&found[..2]), Vec::<String>::new());
}

#[test]
#[ignore = "tier 3: runs with the import checks it validates (scripts/test.sh, --ignored)"]
fn the_reader_refuses_what_is_not_a_whole_wasm_module() {
    assert_eq!(
        imports(b"\x7fELF\x01\x00\x00\x00").unwrap_err(),
        "not a wasm module (no \\0asm magic number)"
    );
    assert_eq!(
        imports(b"\0asm\x02\x00\x00\x00").unwrap_err(),
        "not a version 1 wasm module"
    );
    let m = module(&[("env", "require_auth")]);
    // Cut inside the import section.
    assert_eq!(
        imports(&m[..m.len() - 12]).unwrap_err(),
        "unexpected end of the module reading a section body"
    );
    // A LEB128 that never ends.
    let mut bad = b"\0asm\x01\x00\x00\x00\x02".to_vec();
    bad.extend([0xff; 6]);
    assert_eq!(
        imports(&bad).unwrap_err(),
        "a section size is a LEB128 longer than 5 bytes"
    );
}
