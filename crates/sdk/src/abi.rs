//! ABI generation (host only): every type that derives `Pack` also
//! describes itself here, and `contract!` assembles the contract's
//! `eosio::abi/1.2` document from its actions, tables and ricardian file.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// A Rust type's name and definitions in an ABI.
pub trait AbiType {
    /// The ABI type expression: `uint64`, `asset`, `name[]`, `string?`,
    /// `transfer`.
    fn abi_name() -> String;
    /// Adds the struct and variant definitions this type needs.
    fn abi_define(_abi: &mut AbiBuilder) {}
}

/// One field of an ABI struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiField {
    pub name: String,
    pub type_: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiStruct {
    pub name: String,
    pub base: String,
    pub fields: Vec<AbiField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiVariant {
    pub name: String,
    pub types: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiAction {
    pub name: String,
    pub type_: String,
    pub ricardian_contract: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiTable {
    pub name: String,
    pub type_: String,
    pub index_type: String,
    pub key_names: Vec<String>,
    pub key_types: Vec<String>,
}

/// Collects the definitions of an ABI. Definitions are keyed by name; two
/// different definitions under one name are an error reported by
/// [`AbiBuilder::finish`].
#[derive(Default, Debug)]
pub struct AbiBuilder {
    structs: Vec<AbiStruct>,
    variants: Vec<AbiVariant>,
    actions: Vec<AbiAction>,
    tables: Vec<AbiTable>,
    errors: Vec<String>,
}

/// A generated ABI, ready to be written as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbiDef {
    pub structs: Vec<AbiStruct>,
    pub variants: Vec<AbiVariant>,
    pub actions: Vec<AbiAction>,
    pub tables: Vec<AbiTable>,
}

impl AbiBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a struct; returns false when it was already there (so that
    /// recursive definitions stop).
    pub fn add_struct(&mut self, s: AbiStruct) -> bool {
        if let Some(existing) = self.structs.iter().find(|e| e.name == s.name) {
            if *existing != s {
                self.errors
                    .push(format!("two different structs are named `{}`", s.name));
            }
            return false;
        }
        self.structs.push(s);
        true
    }

    pub fn add_variant(&mut self, v: AbiVariant) -> bool {
        if let Some(existing) = self.variants.iter().find(|e| e.name == v.name) {
            if *existing != v {
                self.errors
                    .push(format!("two different variants are named `{}`", v.name));
            }
            return false;
        }
        self.variants.push(v);
        true
    }

    /// Adds the definitions `T` needs and returns its type name.
    pub fn add_type<T: AbiType>(&mut self) -> String {
        T::abi_define(self);
        T::abi_name()
    }

    /// Adds an action whose data is `T`; `ricardian` is the contract
    /// file's text, from which the action's clause is taken.
    pub fn add_action<T: AbiType>(&mut self, name: &str, ricardian: &str) {
        let type_ = self.add_type::<T>();
        let clause = match ricardian_clause(ricardian, name) {
            Some(c) => c,
            None => {
                self.errors
                    .push(format!("action `{name}` has no ricardian clause"));
                String::new()
            }
        };
        self.actions.push(AbiAction {
            name: name.to_owned(),
            type_,
            ricardian_contract: clause,
        });
    }

    /// Adds a table of rows `T` with its secondary indexes.
    pub fn add_table<T: AbiType + crate::Table>(&mut self) {
        let type_ = self.add_type::<T>();
        let mut key_names = Vec::new();
        let mut key_types = Vec::new();
        if !T::INDEXES.is_empty() {
            key_names.push("primary".to_owned());
            key_types.push("uint64".to_owned());
            for idx in T::INDEXES {
                key_names.push(idx.name.to_string());
                key_types.push(
                    match idx.kind {
                        crate::IndexKind::Idx64 => "uint64",
                        crate::IndexKind::Idx128 => "uint128",
                        crate::IndexKind::Idx256 => "checksum256",
                        crate::IndexKind::IdxDouble => "float64",
                    }
                    .to_owned(),
                );
            }
        }
        self.tables.push(AbiTable {
            name: T::NAME.to_string(),
            type_,
            index_type: "i64".to_owned(),
            key_names,
            key_types,
        });
    }

    /// The ABI, or every problem found (duplicate names, missing clauses).
    pub fn finish(self) -> Result<AbiDef, Vec<String>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let mut names: Vec<&str> = self.actions.iter().map(|a| a.name.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(alloc::vec![format!("action `{}` is listed twice", w[0])]);
        }
        Ok(AbiDef {
            structs: self.structs,
            variants: self.variants,
            actions: self.actions,
            tables: self.tables,
        })
    }
}

/// The clause of `action` in a ricardian file: the text after the line
/// `<h1 class="contract">action</h1>` up to the next such heading (the
/// layout of the CDT's `*.contracts.md`).
pub fn ricardian_clause(file: &str, action: &str) -> Option<String> {
    let heading = format!("<h1 class=\"contract\">{action}</h1>");
    let start = file.find(&heading)? + heading.len();
    let rest = &file[start..];
    let end = rest.find("<h1 class=\"contract\">").unwrap_or(rest.len());
    Some(rest[..end].trim().to_owned())
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_list<T>(
    out: &mut String,
    indent: &str,
    items: &[T],
    mut item: impl FnMut(&mut String, &T),
) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, it) in items.iter().enumerate() {
        out.push_str(indent);
        out.push_str("    ");
        item(out, it);
        if i + 1 < items.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str(indent);
    out.push(']');
}

fn json_strs(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_str(out, s);
    }
    out.push(']');
}

impl AbiDef {
    /// The ABI as pretty JSON, in a stable layout (what `abi/*.abi` holds).
    pub fn to_json(&self) -> String {
        let mut o = String::new();
        o.push_str(
            "{\n    \"version\": \"eosio::abi/1.2\",\n    \"types\": [],\n    \"structs\": ",
        );
        json_list(&mut o, "    ", &self.structs, |o, s| {
            o.push_str("{\n            \"name\": ");
            json_str(o, &s.name);
            o.push_str(",\n            \"base\": ");
            json_str(o, &s.base);
            o.push_str(",\n            \"fields\": ");
            json_list(o, "            ", &s.fields, |o, f| {
                o.push_str("{ \"name\": ");
                json_str(o, &f.name);
                o.push_str(", \"type\": ");
                json_str(o, &f.type_);
                o.push_str(" }");
            });
            o.push_str("\n        }");
        });
        o.push_str(",\n    \"actions\": ");
        json_list(&mut o, "    ", &self.actions, |o, a| {
            o.push_str("{\n            \"name\": ");
            json_str(o, &a.name);
            o.push_str(",\n            \"type\": ");
            json_str(o, &a.type_);
            o.push_str(",\n            \"ricardian_contract\": ");
            json_str(o, &a.ricardian_contract);
            o.push_str("\n        }");
        });
        o.push_str(",\n    \"tables\": ");
        json_list(&mut o, "    ", &self.tables, |o, t| {
            o.push_str("{\n            \"name\": ");
            json_str(o, &t.name);
            o.push_str(",\n            \"type\": ");
            json_str(o, &t.type_);
            o.push_str(",\n            \"index_type\": ");
            json_str(o, &t.index_type);
            o.push_str(",\n            \"key_names\": ");
            json_strs(o, &t.key_names);
            o.push_str(",\n            \"key_types\": ");
            json_strs(o, &t.key_types);
            o.push_str("\n        }");
        });
        o.push_str(",\n    \"ricardian_clauses\": [],\n    \"error_messages\": [],\n    \"abi_extensions\": [],\n    \"variants\": ");
        json_list(&mut o, "    ", &self.variants, |o, v| {
            o.push_str("{ \"name\": ");
            json_str(o, &v.name);
            o.push_str(", \"types\": ");
            json_strs(o, &v.types);
            o.push_str(" }");
        });
        o.push_str(",\n    \"action_results\": []\n}\n");
        o
    }
}

macro_rules! abi_builtin {
    ($($t:ty => $name:literal),* $(,)?) => {$(
        impl AbiType for $t {
            fn abi_name() -> String {
                $name.to_owned()
            }
        }
    )*};
}
abi_builtin!(
    bool => "bool", u8 => "uint8", i8 => "int8", u16 => "uint16", i16 => "int16",
    u32 => "uint32", i32 => "int32", u64 => "uint64", i64 => "int64",
    u128 => "uint128", i128 => "int128", f32 => "float32", f64 => "float64",
    String => "string", crate::Name => "name", crate::SymbolCode => "symbol_code",
    crate::Symbol => "symbol", crate::Asset => "asset", crate::ExtendedAsset => "extended_asset",
    crate::TimePoint => "time_point", crate::TimePointSec => "time_point_sec",
    crate::Checksum256 => "checksum256", crate::PublicKey => "public_key",
    crate::Signature => "signature", crate::VarUint32 => "varuint32",
);

/// `bytes` for `Vec<u8>`, `T[]` otherwise.
impl<T: AbiType> AbiType for Vec<T> {
    fn abi_name() -> String {
        let inner = T::abi_name();
        if inner == "uint8" {
            "bytes".to_owned()
        } else {
            format!("{inner}[]")
        }
    }
    fn abi_define(abi: &mut AbiBuilder) {
        T::abi_define(abi)
    }
}

impl<T: AbiType, const N: usize> AbiType for [T; N] {
    fn abi_name() -> String {
        format!("{}[{N}]", T::abi_name())
    }
    fn abi_define(abi: &mut AbiBuilder) {
        T::abi_define(abi)
    }
}

impl<T: AbiType> AbiType for Option<T> {
    fn abi_name() -> String {
        format!("{}?", T::abi_name())
    }
    fn abi_define(abi: &mut AbiBuilder) {
        T::abi_define(abi)
    }
}

impl<T: AbiType> AbiType for crate::BinaryExtension<T> {
    fn abi_name() -> String {
        format!("{}$", T::abi_name())
    }
    fn abi_define(abi: &mut AbiBuilder) {
        T::abi_define(abi)
    }
}

impl<T: AbiType> AbiType for alloc::boxed::Box<T> {
    fn abi_name() -> String {
        T::abi_name()
    }
    fn abi_define(abi: &mut AbiBuilder) {
        T::abi_define(abi)
    }
}

/// Rust tuples become structs `tuple_<types>` with fields `field_0`, ...
/// (the CDT's naming for `std::tuple`).
macro_rules! abi_tuple {
    ($($name:ident),+) => {
        impl<$($name: AbiType),+> AbiType for ($($name,)+) {
            fn abi_name() -> String {
                let parts: Vec<String> = alloc::vec![$(sanitize(&$name::abi_name())),+];
                format!("tuple_{}", parts.join("_"))
            }
            fn abi_define(abi: &mut AbiBuilder) {
                let types: Vec<String> = alloc::vec![$(abi.add_type::<$name>()),+];
                let fields = types
                    .into_iter()
                    .enumerate()
                    .map(|(i, type_)| AbiField { name: format!("field_{i}"), type_ })
                    .collect();
                abi.add_struct(AbiStruct { name: Self::abi_name(), base: String::new(), fields });
            }
        }
    };
}

fn sanitize(t: &str) -> String {
    t.replace("[]", "_arr")
        .replace('?', "_opt")
        .replace('$', "_ext")
        .replace(['[', ']'], "_")
}

abi_tuple!(A, B);
abi_tuple!(A, B, C);
abi_tuple!(A, B, C, D);
