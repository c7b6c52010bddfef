//! The contracts' ABIs (`abi/<dir>.abi`, generated from the code by
//! `crates/abigen` and checked for drift), read with serde_json: what the
//! fuzzer generates data for.

use antelope_sdk::Name;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The ABI files, by contract directory, compiled in so that the fuzzer
/// runs from any directory. `every_abi_file_is_fuzzed` checks that this
/// list is exactly the contents of `abi/`.
pub const ABI_FILES: [(&str, &str); 7] = [
    ("token", include_str!("../../../abi/token.abi")),
    ("members", include_str!("../../../abi/members.abi")),
    ("charter", include_str!("../../../abi/charter.abi")),
    ("metrics", include_str!("../../../abi/metrics.abi")),
    ("rewards", include_str!("../../../abi/rewards.abi")),
    ("fees", include_str!("../../../abi/fees.abi")),
    ("governance", include_str!("../../../abi/governance.abi")),
];

#[derive(Debug, Deserialize)]
struct AbiFile {
    #[serde(default)]
    types: Vec<TypeDef>,
    structs: Vec<StructDef>,
    actions: Vec<ActionDef>,
}

#[derive(Debug, Deserialize)]
struct TypeDef {
    new_type_name: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct StructDef {
    pub name: String,
    #[serde(default)]
    pub base: String,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Deserialize)]
struct ActionDef {
    name: String,
    #[serde(rename = "type")]
    ty: String,
}

/// One contract's ABI.
#[derive(Clone, Debug)]
pub struct ContractAbi {
    /// `contracts/<dir>`.
    pub dir: &'static str,
    /// The account it is deployed to.
    pub account: Name,
    /// Its actions: name and data type, in ABI order.
    pub actions: Vec<(Name, String)>,
    structs: BTreeMap<String, StructDef>,
    aliases: BTreeMap<String, String>,
}

impl ContractAbi {
    /// Parses `json` for the contract in `dir` deployed at `account`.
    pub fn parse(dir: &'static str, account: Name, json: &str) -> Result<ContractAbi, String> {
        let file: AbiFile =
            serde_json::from_str(json).map_err(|e| format!("abi/{dir}.abi: {e}"))?;
        let mut actions = Vec::new();
        for a in file.actions {
            let name = Name::try_from_str(&a.name)
                .map_err(|_| format!("abi/{dir}.abi: action name {:?} is not a name", a.name))?;
            actions.push((name, a.ty));
        }
        Ok(ContractAbi {
            dir,
            account,
            actions,
            structs: file
                .structs
                .into_iter()
                .map(|s| (s.name.clone(), s))
                .collect(),
            aliases: file
                .types
                .into_iter()
                .map(|t| (t.new_type_name, t.ty))
                .collect(),
        })
    }

    /// `ty` with its aliases resolved.
    pub fn resolve<'a>(&'a self, ty: &'a str) -> &'a str {
        let mut t = ty;
        // Bounded: an alias cycle would be a broken ABI.
        for _ in 0..8 {
            match self.aliases.get(t) {
                Some(next) => t = next,
                None => break,
            }
        }
        t
    }

    /// The fields of struct `name`, its bases' first.
    pub fn fields(&self, name: &str) -> Option<Vec<Field>> {
        let s = self.structs.get(self.resolve(name))?;
        let mut out = if s.base.is_empty() {
            Vec::new()
        } else {
            self.fields(&s.base)?
        };
        out.extend(s.fields.iter().cloned());
        Some(out)
    }

    /// The data type of action `action`.
    pub fn action_type(&self, action: Name) -> Option<&str> {
        self.actions
            .iter()
            .find(|(n, _)| *n == action)
            .map(|(_, t)| t.as_str())
    }
}

/// Every contract's ABI, with the accounts of `pool_testkit::accounts`.
pub fn load_all() -> Result<Vec<ContractAbi>, String> {
    ABI_FILES
        .iter()
        .map(|(dir, json)| {
            let account = pool_testkit::accounts::CONTRACTS
                .iter()
                .find(|(d, _)| d == dir)
                .map(|(_, a)| *a)
                .ok_or_else(|| {
                    format!("contracts/{dir} has no account in pool_testkit::accounts")
                })?;
            ContractAbi::parse(dir, account, json)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_abi_file_is_fuzzed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../abi");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("abi/ exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".abi"))
            .collect();
        on_disk.sort();
        let mut fuzzed: Vec<String> = ABI_FILES.iter().map(|(d, _)| format!("{d}.abi")).collect();
        fuzzed.sort();
        assert_eq!(
            on_disk, fuzzed,
            "abi/ and ABI_FILES must list the same contracts"
        );
        let contracts = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../contracts"))
            .expect("contracts/ exists")
            .count();
        assert_eq!(contracts, ABI_FILES.len(), "one ABI per contract");
    }

    #[test]
    fn every_abi_parses_and_every_action_has_a_struct() {
        let abis = load_all().unwrap();
        for abi in &abis {
            assert!(!abi.actions.is_empty(), "abi/{}.abi has no action", abi.dir);
            for (name, ty) in &abi.actions {
                assert!(
                    abi.fields(ty).is_some(),
                    "{}::{name}: no struct {ty}",
                    abi.dir
                );
            }
        }
    }
}
