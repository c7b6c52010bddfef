//! Action data from an ABI type: well-typed values biased towards the
//! boundaries (0, 1, the maximum, i64 min and max, 2^62 - 1 and 2^62,
//! negative assets, wrong symbols and precisions, empty and 257-byte
//! strings, existing and nonexistent accounts, empty and oversized
//! lists), drawn partly from the running chain (its accounts, ids, hashes
//! and clock) so that some of them pass the contracts' checks; and the
//! adversarial encodings of such data (truncated, extended, mutated,
//! random, empty).

use crate::abi::{ContractAbi, Field};
use crate::rng::Rng;
use antelope_sdk::{name, Checksum256, Name, Pack, VarUint32};

/// A generated value: its binary encoding (built on demand) and a
/// readable rendering for reports.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Name(Name),
    /// Any other scalar: its encoding and how it reads.
    Scalar {
        bytes: Vec<u8>,
        text: String,
    },
    List(Vec<Value>),
    Struct(Vec<(String, Value)>),
    Optional(Option<Box<Value>>),
}

impl Value {
    fn scalar(bytes: Vec<u8>, text: impl Into<String>) -> Value {
        Value::Scalar {
            bytes,
            text: text.into(),
        }
    }

    /// The Antelope binary encoding.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Value::Name(n) => n.pack(out),
            Value::Scalar { bytes, .. } => out.extend_from_slice(bytes),
            Value::List(items) => {
                VarUint32(items.len() as u32).pack(out);
                for v in items {
                    v.encode(out);
                }
            }
            Value::Struct(fields) => {
                for (_, v) in fields {
                    v.encode(out);
                }
            }
            Value::Optional(None) => out.push(0),
            Value::Optional(Some(v)) => {
                out.push(1);
                v.encode(out);
            }
        }
    }

    pub fn encoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// A JSON-like rendering (long lists and strings shortened).
    pub fn render(&self) -> String {
        match self {
            Value::Name(n) => format!("\"{n}\""),
            Value::Scalar { text, .. } => text.clone(),
            Value::List(items) => {
                let shown: Vec<String> = items.iter().take(4).map(Value::render).collect();
                if items.len() > 4 {
                    format!("[{}, ... {} items]", shown.join(", "), items.len())
                } else {
                    format!("[{}]", shown.join(", "))
                }
            }
            Value::Struct(fields) => {
                let shown: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.render()))
                    .collect();
                format!("{{{}}}", shown.join(", "))
            }
            Value::Optional(None) => "null".into(),
            Value::Optional(Some(v)) => v.render(),
        }
    }

    /// The first top-level name field: the account most actions
    /// authorize (`from`, `owner`, `voter`, `emitter`, ...).
    pub fn first_name(&self) -> Option<Name> {
        match self {
            Value::Struct(fields) => fields.iter().find_map(|(_, v)| match v {
                Value::Name(n) => Some(*n),
                _ => None,
            }),
            _ => None,
        }
    }
}

/// What the chain looks like now, for values that mean something to it.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    /// Block time, seconds.
    pub now: u32,
    pub window_sec: u32,
    pub day_sec: u32,
    pub genesis: u32,
    /// Existing accounts.
    pub accounts: Vec<Name>,
    /// Valid names that are no account.
    pub ghosts: Vec<Name>,
    /// Endpoint and action names.
    pub words: Vec<Name>,
    /// Ids that exist or are next: proposals, cases, report seqs.
    pub ids: Vec<u64>,
    /// Hashes the chain knows: constitution versions, proposals' content.
    pub hashes: Vec<Checksum256>,
}

const ASCII: &[u8] = b"abcdefghijklmnopqrstuvwxyz012345 ./:-";

/// Generates values for the types of the ABIs.
pub struct Gen<'a> {
    pub rng: &'a mut Rng,
    pub ctx: &'a Ctx,
    pub abis: &'a [ContractAbi],
    /// The names generated so far for this action: a later name field
    /// sometimes repeats one (self-targets: a transfer to oneself, a
    /// claimant who is the respondent, a voter voting for itself).
    pub names: Vec<Name>,
}

impl Gen<'_> {
    /// Well-typed data for an action whose data type is `ty` in `abi`.
    pub fn action_data(&mut self, abi: &ContractAbi, ty: &str) -> Value {
        self.value(abi, ty, "", 0)
    }

    fn value(&mut self, abi: &ContractAbi, ty: &str, field: &str, depth: u32) -> Value {
        let ty = abi.resolve(ty);
        if let Some(inner) = ty.strip_suffix("[]") {
            return self.list(abi, inner, field, depth);
        }
        if let Some(inner) = ty.strip_suffix('?') {
            return Value::Optional(
                self.rng
                    .percent(50)
                    .then(|| Box::new(self.value(abi, inner, field, depth))),
            );
        }
        if let Some(inner) = ty.strip_suffix('$') {
            // A binary extension: present, or absent (nothing at all).
            return if self.rng.percent(50) {
                self.value(abi, inner, field, depth)
            } else {
                Value::Struct(vec![])
            };
        }
        match ty {
            "bool" => self.boolean(),
            "uint8" => self.unsigned(1, field),
            "uint16" => self.unsigned(2, field),
            "uint32" => self.unsigned(4, field),
            "uint64" => self.unsigned(8, field),
            "int8" | "int16" | "int32" | "int64" => {
                let width = match ty {
                    "int8" => 1,
                    "int16" => 2,
                    "int32" => 4,
                    _ => 8,
                };
                self.signed(width)
            }
            "uint128" => self.u128(),
            "varuint32" => {
                let v = self.pick_u64(&[0, 1, 127, 128, 16_383, 16_384, u32::MAX as u64]) as u32;
                Value::scalar(VarUint32(v).packed(), v.to_string())
            }
            "name" => Value::Name(self.name()),
            "string" => self.string(),
            "bytes" => self.bytes(depth),
            "asset" => self.asset(),
            "symbol" => {
                let (raw, text) = self.symbol();
                Value::scalar(raw.to_le_bytes().to_vec(), format!("\"{text}\""))
            }
            "checksum256" => self.checksum(),
            "public_key" => self.public_key(),
            "time_point_sec" => {
                let t = self.time();
                Value::scalar(t.to_le_bytes().to_vec(), t.to_string())
            }
            "time_point" => {
                let t = i64::from(self.time()) * 1_000_000;
                Value::scalar(t.to_le_bytes().to_vec(), t.to_string())
            }
            "action" if depth < 2 => self.action(depth),
            other => match abi.fields(other) {
                Some(fields) => self.structure(abi, &fields, depth),
                // An unknown type: random bytes (the ABI test makes sure
                // none of the contracts' types ends here).
                None => {
                    let n = self.rng.below(16) as usize;
                    Value::scalar(self.rng.bytes(n), format!("<{n} bytes of unknown {other}>"))
                }
            },
        }
    }

    fn structure(&mut self, abi: &ContractAbi, fields: &[Field], depth: u32) -> Value {
        Value::Struct(
            fields
                .iter()
                .map(|f| (f.name.clone(), self.value(abi, &f.ty, &f.name, depth)))
                .collect(),
        )
    }

    fn list(&mut self, abi: &ContractAbi, inner: &str, field: &str, depth: u32) -> Value {
        let scalar = matches!(
            abi.resolve(inner),
            "name" | "uint64" | "uint8" | "uint16" | "uint32" | "bool"
        );
        let len = match self.rng.weighted(&[15, 35, 25, 12, 8, 5]) {
            0 => 0,
            1 => 1,
            2 => self.rng.range(2, 3),
            3 => self.rng.range(4, 8),
            // Around the contracts' caps (30 votes, 50 ratios, 10 actions).
            4 => *self
                .rng
                .pick(&[9, 10, 11, 16, 17, 29, 30, 31, 49, 50, 51])
                .unwrap_or(&30),
            // Oversized.
            _ if scalar => self.rng.range(100, 1200),
            _ => self.rng.range(33, 60),
        } as usize;
        let len = if depth > 0 { len.min(12) } else { len };
        Value::List(
            (0..len)
                .map(|_| self.value(abi, inner, field, depth))
                .collect(),
        )
    }

    fn boolean(&mut self) -> Value {
        let b = match self.rng.weighted(&[45, 45, 10]) {
            0 => 0u8,
            1 => 1,
            _ => self.rng.range(2, 255) as u8,
        };
        Value::scalar(
            vec![b],
            if b < 2 {
                (b == 1).to_string()
            } else {
                format!("<bool byte {b}>")
            },
        )
    }

    fn pick_u64(&mut self, items: &[u64]) -> u64 {
        *self.rng.pick(items).unwrap_or(&0)
    }

    fn unsigned(&mut self, width: usize, field: &str) -> Value {
        let max = if width == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * width)) - 1
        };
        let id_like = field.contains("id") || field.contains("seq") || field == "cites";
        let v = match self.rng.weighted(&[12, 8, 4, 10, 4, 30, 15, 17]) {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => max,
            4 => max - 1,
            5 => self.rng.range(1, 100),
            6 => self.rng.next_u64(),
            _ if width == 8 && (id_like || self.rng.percent(30)) && !self.ctx.ids.is_empty() => {
                self.pick_u64(&self.ctx.ids.clone())
            }
            _ if width == 8 => self.pick_u64(&[(1 << 62) - 1, 1 << 62, i64::MAX as u64, 1 << 63]),
            _ => self.rng.range(0, 10),
        } & max;
        Value::scalar(v.to_le_bytes()[..width].to_vec(), v.to_string())
    }

    fn signed(&mut self, width: usize) -> Value {
        let v: i64 = match self.rng.weighted(&[10, 10, 10, 10, 10, 50]) {
            0 => 0,
            1 => -1,
            2 => i64::MIN,
            3 => i64::MAX,
            4 => 1,
            _ => self.rng.next_u64() as i64,
        };
        Value::scalar(v.to_le_bytes()[..width].to_vec(), v.to_string())
    }

    fn u128(&mut self) -> Value {
        let v: u128 = match self.rng.weighted(&[20, 20, 20, 40]) {
            0 => 0,
            1 => 1,
            2 => u128::MAX,
            _ => (u128::from(self.rng.next_u64()) << 64) | u128::from(self.rng.next_u64()),
        };
        Value::scalar(v.to_le_bytes().to_vec(), v.to_string())
    }

    /// An account (often), a name of no account, the empty name, an
    /// endpoint or action name, or any 64 bits.
    pub fn name(&mut self) -> Name {
        if !self.names.is_empty() && self.rng.percent(12) {
            return *self.rng.pick(&self.names).unwrap_or(&Name::EMPTY);
        }
        let n = match self.rng.weighted(&[60, 15, 8, 10, 7]) {
            0 => *self.rng.pick(&self.ctx.accounts).unwrap_or(&Name::EMPTY),
            1 => *self.rng.pick(&self.ctx.ghosts).unwrap_or(&name!("nobody")),
            2 => Name::EMPTY,
            3 => *self.rng.pick(&self.ctx.words).unwrap_or(&name!("transfer")),
            _ => Name::from_raw(self.rng.next_u64()),
        };
        self.names.push(n);
        n
    }

    fn string(&mut self) -> Value {
        let bytes: Vec<u8> = match self.rng.weighted(&[15, 25, 15, 10, 10, 10, 5, 5, 5]) {
            0 => vec![],
            1 => {
                let n = self.rng.range(1, 20) as usize;
                (0..n)
                    .map(|_| ASCII[self.rng.below(ASCII.len() as u64) as usize])
                    .collect()
            }
            2 => self
                .rng
                .pick(&[
                    "annual", "stake", "deposit", "income", "fee", "refund", "withdraw",
                ])
                .unwrap_or(&"annual")
                .as_bytes()
                .to_vec(),
            3 => b"https://pool.example/doc.md".to_vec(),
            4 => vec![b'a'; 256],
            5 => vec![b'b'; 257],
            6 => vec![b'c'; 1000],
            // Not UTF-8.
            7 => vec![0xff, 0xfe, b'x', 0xc3],
            // 258 bytes in 129 characters.
            _ => "é".repeat(129).into_bytes(),
        };
        let text = if bytes.len() > 24 {
            format!("<string of {} bytes>", bytes.len())
        } else {
            format!("{:?}", String::from_utf8_lossy(&bytes))
        };
        let mut out = Vec::new();
        VarUint32(bytes.len() as u32).pack(&mut out);
        out.extend_from_slice(&bytes);
        Value::scalar(out, text)
    }

    fn bytes(&mut self, depth: u32) -> Value {
        let data = match self.rng.weighted(&[25, 40, 35]) {
            0 => vec![],
            1 => {
                let n = self.rng.range(1, 40) as usize;
                self.rng.bytes(n)
            }
            _ => {
                let (_, _, v) = self.random_action(depth + 1);
                v.encoded()
            }
        };
        let mut out = Vec::new();
        VarUint32(data.len() as u32).pack(&mut out);
        let text = format!("<{} bytes>", data.len());
        out.extend_from_slice(&data);
        Value::scalar(out, text)
    }

    /// A symbol (raw value, text): mostly the pool's `4,POOL`, else
    /// another precision, another code, a precision above 18 or a code
    /// that is not upper case.
    pub fn symbol(&mut self) -> (u64, String) {
        let (precision, code): (u8, &[u8]) = match self.rng.weighted(&[75, 7, 6, 3, 3, 3, 3]) {
            0 => (4, b"POOL"),
            1 => (3, b"POOL"),
            2 => (4, b"EOS"),
            3 => (0, b"POOL"),
            4 => (19, b"POOL"),
            5 => (4, b"pool"),
            _ => (4, b""),
        };
        let mut raw = u64::from(precision);
        for (i, c) in code.iter().enumerate() {
            raw |= u64::from(*c) << (8 * (i + 1));
        }
        (
            raw,
            format!("{precision},{}", String::from_utf8_lossy(code)),
        )
    }

    fn asset(&mut self) -> Value {
        let amount: i64 = match self.rng.weighted(&[45, 8, 5, 4, 3, 5, 5, 3, 3, 4]) {
            0 => self.rng.range(1, 10_000_000) as i64,
            1 => 0,
            2 => 1,
            3 => -1,
            4 => -(self.rng.range(1, 1 << 40) as i64),
            5 => (1 << 62) - 1,
            6 => 1 << 62,
            7 => i64::MAX,
            8 => i64::MIN,
            _ => self.rng.next_u64() as i64,
        };
        let (symbol, text) = self.symbol();
        let mut out = amount.to_le_bytes().to_vec();
        out.extend_from_slice(&symbol.to_le_bytes());
        Value::scalar(out, format!("\"{amount} units of {text}\""))
    }

    fn checksum(&mut self) -> Value {
        let h = match self.rng.weighted(&[60, 15, 20, 5]) {
            0 if !self.ctx.hashes.is_empty() => *self
                .rng
                .pick(&self.ctx.hashes)
                .unwrap_or(&Checksum256::default()),
            0 | 1 => Checksum256::default(),
            2 => {
                let b = self.rng.bytes(32);
                Checksum256(b.try_into().unwrap_or([7; 32]))
            }
            _ => Checksum256([0xff; 32]),
        };
        let text = format!(
            "\"{}..\"",
            h.0[..4]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Value::scalar(h.0.to_vec(), text)
    }

    fn public_key(&mut self) -> Value {
        let (bytes, what): (Vec<u8>, &str) = match self.rng.weighted(&[60, 10, 10, 5, 5, 10]) {
            0 => (
                pool_testkit::fixtures::key(self.rng.below(200) as u8).0,
                "K1 key",
            ),
            1 => (vec![0; 34], "null key"),
            2 => {
                let mut k = vec![1, 2];
                k.extend(self.rng.bytes(32));
                (k, "R1 key")
            }
            3 => {
                // WebAuthn: type 2, 33 bytes, user presence, rpid.
                let mut k = vec![2, 3];
                k.extend(self.rng.bytes(32));
                k.push(1);
                k.push(5);
                k.extend_from_slice(b"a.com");
                (k, "WA key")
            }
            4 => {
                let mut k = vec![9];
                k.extend(self.rng.bytes(33));
                (k, "key of unknown type")
            }
            _ => (vec![0, 2, 1, 2, 3], "truncated key"),
        };
        Value::scalar(bytes, format!("<{what}>"))
    }

    /// A time: now, aligned windows around it, day starts, a week ahead,
    /// genesis, 0, the maximum, any.
    pub fn time(&mut self) -> u32 {
        let c = self.ctx;
        let window = c.window_sec.max(1);
        let day = c.day_sec.max(1);
        match self.rng.weighted(&[15, 20, 10, 5, 10, 15, 10, 5, 10]) {
            0 => c.now,
            1 => (c.now / window).saturating_sub(self.rng.range(0, 4) as u32) * window,
            2 => c.now.saturating_add(self.rng.range(1, 600) as u32),
            3 => c.genesis,
            4 => (c.now / day).saturating_sub(self.rng.below(3) as u32) * day,
            5 => c.now.saturating_add(7 * 86_400),
            6 => 0,
            7 => u32::MAX,
            _ => self.rng.next_u64() as u32,
        }
    }

    /// A governance `action` struct: usually a well-typed action of one
    /// of the contracts with `pool.gov@active`, sometimes another
    /// authorization or garbage data.
    fn action(&mut self, depth: u32) -> Value {
        let (account, action, data) = self.random_action(depth + 1);
        let gov = pool_testkit::accounts::GOV;
        let auth: Vec<(Name, Name)> = match self.rng.weighted(&[75, 10, 10, 5]) {
            0 => vec![(gov, name!("active"))],
            1 => vec![(self.name(), name!("active"))],
            2 => vec![],
            _ => vec![(gov, name!("active")), (gov, name!("owner"))],
        };
        let data_bytes = if self.rng.percent(90) {
            data.encoded()
        } else {
            let n = self.rng.below(20) as usize;
            self.rng.bytes(n)
        };
        let mut packed = Vec::new();
        VarUint32(data_bytes.len() as u32).pack(&mut packed);
        packed.extend_from_slice(&data_bytes);
        Value::Struct(vec![
            ("account".into(), Value::Name(account)),
            ("name".into(), Value::Name(action)),
            (
                "authorization".into(),
                Value::List(
                    auth.into_iter()
                        .map(|(a, p)| {
                            Value::Struct(vec![
                                ("actor".into(), Value::Name(a)),
                                ("permission".into(), Value::Name(p)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "data".into(),
                Value::scalar(
                    packed,
                    format!("<{} bytes: {}>", data_bytes.len(), data.render()),
                ),
            ),
        ])
    }

    /// Any action of any contract with well-typed data.
    pub fn random_action(&mut self, depth: u32) -> (Name, Name, Value) {
        let abis = self.abis;
        let abi = &abis[self.rng.below(abis.len() as u64) as usize];
        let (action, ty) = abi.actions[self.rng.below(abi.actions.len() as u64) as usize].clone();
        let data = self.value(abi, &ty, "", depth);
        (abi.account, action, data)
    }
}

/// How the encoding of well-typed data is damaged (or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    WellTyped,
    Truncated,
    TrailingBytes,
    Mutated,
    RandomBytes,
    Empty,
}

impl Shape {
    pub fn label(self) -> &'static str {
        match self {
            Shape::WellTyped => "well-typed",
            Shape::Truncated => "truncated",
            Shape::TrailingBytes => "extra trailing bytes",
            Shape::Mutated => "mutated",
            Shape::RandomBytes => "random bytes",
            Shape::Empty => "empty",
        }
    }
}

/// Damages `data` according to a random [`Shape`].
pub fn shape(rng: &mut Rng, data: Vec<u8>) -> (Shape, Vec<u8>) {
    match rng.weighted(&[50, 13, 12, 10, 10, 5]) {
        0 => (Shape::WellTyped, data),
        1 if !data.is_empty() => {
            let keep = rng.below(data.len() as u64) as usize;
            (Shape::Truncated, data[..keep].to_vec())
        }
        2 => {
            let mut d = data;
            let n = rng.range(1, 16) as usize;
            d.extend(rng.bytes(n));
            (Shape::TrailingBytes, d)
        }
        3 if !data.is_empty() => {
            let mut d = data;
            for _ in 0..rng.range(1, 4) {
                let i = rng.below(d.len() as u64) as usize;
                d[i] = match rng.below(3) {
                    0 => d[i] ^ (1 << rng.below(8)),
                    1 => 0xff,
                    _ => rng.next_u64() as u8,
                };
            }
            (Shape::Mutated, d)
        }
        4 => {
            let n = if rng.percent(90) {
                rng.below(80)
            } else {
                rng.range(200, 700)
            } as usize;
            (Shape::RandomBytes, rng.bytes(n))
        }
        _ => (Shape::Empty, vec![]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::load_all;
    use antelope_sdk::UnpackError;

    fn ctx() -> Ctx {
        Ctx {
            now: 1_767_225_600,
            window_sec: 600,
            day_sec: 3600,
            genesis: 1_767_225_600,
            accounts: vec![name!("alice"), name!("pool.token")],
            ghosts: vec![name!("nobody")],
            words: vec![name!("regmember")],
            ids: vec![1, 2],
            hashes: vec![Checksum256([3; 32])],
        }
    }

    #[test]
    fn well_typed_data_decodes_as_the_contracts_own_types() {
        // The data the generator calls well-typed is what the contracts'
        // own action structs read back, byte for byte, unless a value is
        // one the type itself refuses (a string that is not UTF-8, a
        // symbol whose code is not upper case).
        let abis = load_all().unwrap();
        let token = abis.iter().find(|a| a.dir == "token").unwrap();
        let ctx = ctx();
        let mut rng = Rng::new(5);
        let mut decoded = 0;
        for _ in 0..500 {
            let mut g = Gen {
                rng: &mut rng,
                ctx: &ctx,
                abis: &abis,
                names: vec![],
            };
            let v = g.action_data(token, "transfer");
            let bytes = v.encoded();
            match pool_token::actions::transfer::unpack_exact(&bytes) {
                Ok(t) => {
                    assert_eq!(t.packed(), bytes);
                    assert_eq!(Some(t.from), v.first_name());
                    decoded += 1;
                }
                Err(e) => assert!(
                    matches!(e, UnpackError::BadUtf8 | UnpackError::BadValue(_)),
                    "{e:?} for {}",
                    v.render()
                ),
            }
        }
        assert!(decoded > 400, "{decoded} of 500 decoded");
        let members = abis.iter().find(|a| a.dir == "members").unwrap();
        for _ in 0..500 {
            let mut g = Gen {
                rng: &mut rng,
                ctx: &ctx,
                abis: &abis,
                names: vec![],
            };
            let bytes = g.action_data(members, "vote").encoded();
            // Names and lists of names always decode.
            let v = pool_members::actions::vote::unpack_exact(&bytes).unwrap();
            assert_eq!(v.packed(), bytes);
        }
    }

    #[test]
    fn the_shapes_damage_as_labelled() {
        let mut rng = Rng::new(9);
        let data: Vec<u8> = (1..=40).collect();
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..2000 {
            let (s, d) = shape(&mut rng, data.clone());
            match s {
                Shape::WellTyped => assert_eq!(d, data),
                Shape::Truncated => assert!(d.len() < data.len() && data.starts_with(&d)),
                Shape::TrailingBytes => assert!(d.len() > data.len() && d.starts_with(&data)),
                Shape::Mutated => assert_eq!(d.len(), data.len()),
                Shape::RandomBytes => assert!(d.len() < 700),
                Shape::Empty => assert!(d.is_empty()),
            }
            seen.insert(s.label());
        }
        assert_eq!(seen.len(), 6);
    }
}
