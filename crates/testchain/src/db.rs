//! Contract tables as nodeos keeps them (`contract_table_objects.hpp`):
//! one `table_id_object` per (code, scope, table) that counts every row
//! stored under that name (primary rows and the entries of every secondary
//! family), primary rows ordered by primary key, and per secondary family
//! an index by primary key plus one by (secondary key, primary key).
//!
//! nodeos keeps each index global and ordered by table id first; since
//! every intrinsic stays within one table, one set of maps per table is
//! equivalent.
//!
//! Every change goes through [`Db`]'s methods, which journal the previous
//! state while a transaction runs, as chainbase's undo sessions do: a
//! failed transaction is undone in time proportional to what it changed,
//! not to the size of the chain.

use antelope_sdk::{IndexKind, Name, SecondaryValue};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The identity of a `table_id_object`. Never reused, as chainbase ids.
pub(crate) type TableId = u64;
/// The identity of one row or index entry (what nodeos' iterator caches
/// hold pointers to).
pub(crate) type ObjId = u64;

/// RAM billed per object, `config::billable_size_v<...>` in nodeos.
pub(crate) mod billable {
    /// `config::overhead_per_row_per_index_ram_bytes`.
    pub const OVERHEAD_PER_ROW_PER_INDEX: i64 = 32;
    /// 44 bytes of fields, two indexes (id and code/scope/table).
    pub const TABLE_ID_OBJECT: i64 = 44 + 2 * OVERHEAD_PER_ROW_PER_INDEX;
    /// 32 bytes of fields, 8 for the data pointer, 4 for its size, two
    /// indexes; the data length is billed on top.
    pub const KEY_VALUE_OBJECT: i64 = 32 + 8 + 4 + 2 * OVERHEAD_PER_ROW_PER_INDEX;
    /// 24 bytes of fields plus the key, three indexes (id, primary,
    /// secondary).
    pub const INDEX64_OBJECT: i64 = 24 + 8 + 3 * OVERHEAD_PER_ROW_PER_INDEX;
    pub const INDEX128_OBJECT: i64 = 24 + 16 + 3 * OVERHEAD_PER_ROW_PER_INDEX;
    pub const INDEX256_OBJECT: i64 = 24 + 32 + 3 * OVERHEAD_PER_ROW_PER_INDEX;
    pub const INDEX_DOUBLE_OBJECT: i64 = 24 + 8 + 3 * OVERHEAD_PER_ROW_PER_INDEX;
}

/// A primary row (`key_value_object`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KvRow {
    pub id: ObjId,
    pub payer: Name,
    pub value: Vec<u8>,
}

/// A secondary index entry (`index64_object` and friends).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SecRow<K> {
    pub id: ObjId,
    pub payer: Name,
    pub key: K,
}

/// One secondary family of one table: nodeos' `by_primary` and
/// `by_secondary` orders.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SecIndex<K> {
    pub by_primary: BTreeMap<u64, SecRow<K>>,
    pub by_secondary: BTreeSet<(K, u64)>,
}

impl<K> Default for SecIndex<K> {
    fn default() -> Self {
        SecIndex {
            by_primary: BTreeMap::new(),
            by_secondary: BTreeSet::new(),
        }
    }
}

/// Everything stored under one (code, scope, table).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TableData {
    pub code: Name,
    pub scope: u64,
    pub table: u64,
    pub payer: Name,
    /// Rows of every kind; the table is removed when it drops to zero.
    pub count: u32,
    pub rows: BTreeMap<u64, KvRow>,
    pub idx64: SecIndex<u64>,
    pub idx128: SecIndex<u128>,
    pub idx256: SecIndex<[u128; 2]>,
    pub idx_double: SecIndex<F64Key>,
}

/// An `idx_double` key. nodeos orders them with softfloat's `f64_lt`:
/// IEEE order where -0.0 equals +0.0; NaN never gets in (the intrinsics
/// reject it), so the order is total.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F64Key(pub f64);

impl PartialEq for F64Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for F64Key {}
impl PartialOrd for F64Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for F64Key {
    fn cmp(&self, other: &Self) -> Ordering {
        // NaN is refused before a key reaches an index; treat it as equal
        // rather than panic if that invariant were ever broken.
        self.0.partial_cmp(&other.0).unwrap_or(Ordering::Equal)
    }
}

/// A secondary key family: its key type, billable size and where its index
/// lives in a table.
pub(crate) trait SecKey: Copy + Ord + std::fmt::Debug {
    const KIND: IndexKind;
    const BILLABLE: i64;
    fn index(t: &TableData) -> &SecIndex<Self>;
    fn index_mut(t: &mut TableData) -> &mut SecIndex<Self>;
    /// The key of `v`, which the caller has checked is of this family.
    fn from_value(v: SecondaryValue) -> Self;
    fn to_value(self) -> SecondaryValue;
    /// The value the SDK's out-parameter holds when nothing was found.
    fn zero() -> Self;
    fn is_nan(self) -> bool {
        false
    }
    /// The journal entry restoring entry `pk` of this family to `old`.
    fn undo(table: TableId, pk: u64, old: Option<SecRow<Self>>) -> Undo;
}

impl SecKey for u64 {
    const KIND: IndexKind = IndexKind::Idx64;
    const BILLABLE: i64 = billable::INDEX64_OBJECT;
    fn index(t: &TableData) -> &SecIndex<Self> {
        &t.idx64
    }
    fn index_mut(t: &mut TableData) -> &mut SecIndex<Self> {
        &mut t.idx64
    }
    fn from_value(v: SecondaryValue) -> Self {
        match v {
            SecondaryValue::U64(k) => k,
            other => unreachable!("idx64 key expected, got {other:?}"),
        }
    }
    fn to_value(self) -> SecondaryValue {
        SecondaryValue::U64(self)
    }
    fn zero() -> Self {
        0
    }
    fn undo(table: TableId, pk: u64, old: Option<SecRow<Self>>) -> Undo {
        Undo::Idx64(table, pk, old)
    }
}

impl SecKey for u128 {
    const KIND: IndexKind = IndexKind::Idx128;
    const BILLABLE: i64 = billable::INDEX128_OBJECT;
    fn index(t: &TableData) -> &SecIndex<Self> {
        &t.idx128
    }
    fn index_mut(t: &mut TableData) -> &mut SecIndex<Self> {
        &mut t.idx128
    }
    fn from_value(v: SecondaryValue) -> Self {
        match v {
            SecondaryValue::U128(k) => k,
            other => unreachable!("idx128 key expected, got {other:?}"),
        }
    }
    fn to_value(self) -> SecondaryValue {
        SecondaryValue::U128(self)
    }
    fn zero() -> Self {
        0
    }
    fn undo(table: TableId, pk: u64, old: Option<SecRow<Self>>) -> Undo {
        Undo::Idx128(table, pk, old)
    }
}

/// `std::array<uint128_t, 2>` compared with `std::less`: lexicographic,
/// word 0 first, which is exactly Rust's array order.
impl SecKey for [u128; 2] {
    const KIND: IndexKind = IndexKind::Idx256;
    const BILLABLE: i64 = billable::INDEX256_OBJECT;
    fn index(t: &TableData) -> &SecIndex<Self> {
        &t.idx256
    }
    fn index_mut(t: &mut TableData) -> &mut SecIndex<Self> {
        &mut t.idx256
    }
    fn from_value(v: SecondaryValue) -> Self {
        match v {
            SecondaryValue::U256(k) => k,
            other => unreachable!("idx256 key expected, got {other:?}"),
        }
    }
    fn to_value(self) -> SecondaryValue {
        SecondaryValue::U256(self)
    }
    fn zero() -> Self {
        [0, 0]
    }
    fn undo(table: TableId, pk: u64, old: Option<SecRow<Self>>) -> Undo {
        Undo::Idx256(table, pk, old)
    }
}

impl SecKey for F64Key {
    const KIND: IndexKind = IndexKind::IdxDouble;
    const BILLABLE: i64 = billable::INDEX_DOUBLE_OBJECT;
    fn index(t: &TableData) -> &SecIndex<Self> {
        &t.idx_double
    }
    fn index_mut(t: &mut TableData) -> &mut SecIndex<Self> {
        &mut t.idx_double
    }
    fn from_value(v: SecondaryValue) -> Self {
        match v {
            SecondaryValue::F64(k) => F64Key(k),
            other => unreachable!("idx_double key expected, got {other:?}"),
        }
    }
    fn to_value(self) -> SecondaryValue {
        SecondaryValue::F64(self.0)
    }
    fn zero() -> Self {
        F64Key(0.0)
    }
    fn is_nan(self) -> bool {
        self.0.is_nan()
    }
    fn undo(table: TableId, pk: u64, old: Option<SecRow<Self>>) -> Undo {
        Undo::IdxDouble(table, pk, old)
    }
}

/// The previous state of one thing a transaction changed.
#[derive(Debug)]
pub(crate) enum Undo {
    CreateTable(TableId),
    /// Tables are removed empty, so this is small.
    RemoveTable(TableId, TableData),
    Count(TableId, u32),
    Row(TableId, u64, Option<KvRow>),
    Idx64(TableId, u64, Option<SecRow<u64>>),
    Idx128(TableId, u64, Option<SecRow<u128>>),
    Idx256(TableId, u64, Option<SecRow<[u128; 2]>>),
    IdxDouble(TableId, u64, Option<SecRow<F64Key>>),
    Ram(Name, i64),
}

/// Puts entry `pk` of family `K` back to `old` (absent if `None`).
fn set_entry<K: SecKey>(t: &mut TableData, pk: u64, new: Option<SecRow<K>>) -> Option<SecRow<K>> {
    let index = K::index_mut(t);
    let old = index.by_primary.remove(&pk);
    if let Some(old) = &old {
        index.by_secondary.remove(&(old.key, pk));
    }
    if let Some(new) = new {
        index.by_secondary.insert((new.key, pk));
        index.by_primary.insert(pk, new);
    }
    old
}

/// All contract state a transaction can change, and the RAM billed for it.
#[derive(Default)]
pub(crate) struct Db {
    table_ids: BTreeMap<(Name, u64, u64), TableId>,
    tables: HashMap<TableId, TableData>,
    ram: HashMap<Name, i64>,
    /// Object ids are not rolled back: they only need to be unique.
    next_id: u64,
    /// The undo journal of the running transaction.
    journal: Option<Vec<Undo>>,
    /// SHA-256 of each table's content, for [`Db::digest`]; an entry is
    /// dropped whenever its table may change (every write and undo goes
    /// through `table_mut`, `create_table`, `remove_table` or rollback's
    /// table moves), so only changed tables are hashed again.
    table_digests: HashMap<TableId, [u8; 32]>,
}

impl Db {
    /// Starts journaling a transaction.
    pub fn begin(&mut self) {
        assert!(self.journal.is_none(), "a transaction is already running");
        self.journal = Some(Vec::new());
    }

    /// Keeps the transaction's changes.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Undoes the transaction's changes, newest first.
    pub fn rollback(&mut self) {
        let journal = self.journal.take().unwrap_or_default();
        for undo in journal.into_iter().rev() {
            match undo {
                Undo::CreateTable(id) => {
                    self.table_digests.remove(&id);
                    if let Some(t) = self.tables.remove(&id) {
                        self.table_ids.remove(&(t.code, t.scope, t.table));
                    }
                }
                Undo::RemoveTable(id, t) => {
                    self.table_digests.remove(&id);
                    self.table_ids.insert((t.code, t.scope, t.table), id);
                    self.tables.insert(id, t);
                }
                Undo::Count(id, count) => self.table_mut(id).count = count,
                Undo::Row(id, pk, old) => {
                    let rows = &mut self.table_mut(id).rows;
                    match old {
                        Some(row) => rows.insert(pk, row),
                        None => rows.remove(&pk),
                    };
                }
                Undo::Idx64(id, pk, old) => {
                    set_entry(self.table_mut(id), pk, old);
                }
                Undo::Idx128(id, pk, old) => {
                    set_entry(self.table_mut(id), pk, old);
                }
                Undo::Idx256(id, pk, old) => {
                    set_entry(self.table_mut(id), pk, old);
                }
                Undo::IdxDouble(id, pk, old) => {
                    set_entry(self.table_mut(id), pk, old);
                }
                Undo::Ram(account, delta) => *self.ram.entry(account).or_insert(0) -= delta,
            }
        }
    }

    fn journal(&mut self, undo: Undo) {
        if let Some(journal) = &mut self.journal {
            journal.push(undo);
        }
    }

    pub fn find_table(&self, code: Name, scope: u64, table: u64) -> Option<TableId> {
        self.table_ids.get(&(code, scope, table)).copied()
    }

    pub fn create_table(&mut self, code: Name, scope: u64, table: u64, payer: Name) -> TableId {
        let id = self.new_id();
        self.table_ids.insert((code, scope, table), id);
        let data = TableData {
            code,
            scope,
            table,
            payer,
            count: 0,
            rows: BTreeMap::new(),
            idx64: SecIndex::default(),
            idx128: SecIndex::default(),
            idx256: SecIndex::default(),
            idx_double: SecIndex::default(),
        };
        self.tables.insert(id, data);
        self.journal(Undo::CreateTable(id));
        id
    }

    pub fn remove_table(&mut self, id: TableId) {
        self.table_digests.remove(&id);
        if let Some(t) = self.tables.remove(&id) {
            self.table_ids.remove(&(t.code, t.scope, t.table));
            self.journal(Undo::RemoveTable(id, t));
        }
    }

    /// A table that exists (`None` once removed).
    pub fn table(&self, id: TableId) -> Option<&TableData> {
        self.tables.get(&id)
    }

    /// Only for the journaled setters below and rollback.
    fn table_mut(&mut self, id: TableId) -> &mut TableData {
        self.table_digests.remove(&id);
        self.tables.get_mut(&id).expect("table exists")
    }

    /// Sets the row count of a table, returning the new count.
    pub fn add_count(&mut self, id: TableId, delta: i32) -> u32 {
        let t = self.table_mut(id);
        let old = t.count;
        t.count = old
            .checked_add_signed(delta)
            .expect("row count stays in range");
        let new = t.count;
        self.journal(Undo::Count(id, old));
        new
    }

    /// Stores, replaces (`Some`) or removes (`None`) primary row `pk`.
    pub fn set_row(&mut self, id: TableId, pk: u64, row: Option<KvRow>) {
        let rows = &mut self.table_mut(id).rows;
        let old = match row {
            Some(row) => rows.insert(pk, row),
            None => rows.remove(&pk),
        };
        self.journal(Undo::Row(id, pk, old));
    }

    /// Stores, replaces (`Some`) or removes (`None`) the entry of `pk` in
    /// secondary family `K`.
    pub fn set_entry<K: SecKey>(&mut self, id: TableId, pk: u64, entry: Option<SecRow<K>>) {
        let old = set_entry(self.table_mut(id), pk, entry);
        self.journal(K::undo(id, pk, old));
    }

    pub fn new_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn add_ram(&mut self, account: Name, delta: i64) {
        *self.ram.entry(account).or_insert(0) += delta;
        self.journal(Undo::Ram(account, delta));
    }

    pub fn ram(&self, account: Name) -> i64 {
        self.ram.get(&account).copied().unwrap_or(0)
    }

    /// The scopes holding a table `table` of `code`, ascending.
    pub fn scopes(&self, code: Name, table: u64) -> Vec<u64> {
        self.table_ids
            .keys()
            .filter(|(c, _, t)| *c == code && *t == table)
            .map(|(_, scope, _)| *scope)
            .collect()
    }

    /// SHA-256 over everything a transaction can change, in a fixed order:
    /// every table (code, scope, name) with the SHA-256 of its content
    /// (payer, count, rows with key, payer and bytes, secondary entries
    /// with key, payer and secondary key), and every non-zero RAM balance.
    /// Object ids are left out: they are never rolled back (see
    /// `next_id`), so two equal states may differ in them. A table's
    /// content hash is kept until the table changes.
    pub fn digest(&mut self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        fn entries<K: SecKey>(h: &mut Sha256, index: &SecIndex<K>, key: impl Fn(K) -> Vec<u8>) {
            h.update((index.by_primary.len() as u64).to_le_bytes());
            for (pk, row) in &index.by_primary {
                h.update(pk.to_le_bytes());
                h.update(row.payer.raw().to_le_bytes());
                h.update(key(row.key));
            }
        }
        fn content(t: &TableData) -> [u8; 32] {
            let mut h = Sha256::new();
            h.update(t.payer.raw().to_le_bytes());
            h.update(t.count.to_le_bytes());
            h.update((t.rows.len() as u64).to_le_bytes());
            for (pk, row) in &t.rows {
                h.update(pk.to_le_bytes());
                h.update(row.payer.raw().to_le_bytes());
                h.update((row.value.len() as u64).to_le_bytes());
                h.update(&row.value);
            }
            entries(&mut h, &t.idx64, |k| k.to_le_bytes().to_vec());
            entries(&mut h, &t.idx128, |k| k.to_le_bytes().to_vec());
            entries(&mut h, &t.idx256, |k| {
                [k[0].to_le_bytes(), k[1].to_le_bytes()].concat()
            });
            entries(&mut h, &t.idx_double, |k| {
                k.0.to_bits().to_le_bytes().to_vec()
            });
            h.finalize().into()
        }
        let mut h = Sha256::new();
        for ((code, scope, table), id) in &self.table_ids {
            let Some(t) = self.tables.get(id) else {
                continue;
            };
            let d = *self.table_digests.entry(*id).or_insert_with(|| content(t));
            h.update(code.raw().to_le_bytes());
            h.update(scope.to_le_bytes());
            h.update(table.to_le_bytes());
            h.update(d);
        }
        let mut ram: Vec<(Name, i64)> = self
            .ram
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(k, v)| (*k, *v))
            .collect();
        ram.sort();
        for (account, bytes) in ram {
            h.update(account.raw().to_le_bytes());
            h.update(bytes.to_le_bytes());
        }
        h.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency needed).
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    type Snapshot = (
        BTreeMap<(Name, u64, u64), TableId>,
        Vec<(TableId, TableData)>,
        BTreeMap<Name, i64>,
    );

    fn snapshot(db: &Db) -> Snapshot {
        let mut tables: Vec<_> = db.tables.iter().map(|(id, t)| (*id, t.clone())).collect();
        tables.sort_by_key(|(id, _)| *id);
        // An account whose RAM went back to zero is the same as one never
        // billed.
        let ram = db
            .ram
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(k, v)| (*k, *v))
            .collect();
        (db.table_ids.clone(), tables, ram)
    }

    /// One random change, the way the host makes them.
    fn random_change(db: &mut Db, rng: &mut Lcg) {
        let code = Name::from_raw(1 + rng.below(2));
        let (scope, table) = (rng.below(2), rng.below(3));
        let payer = Name::from_raw(10 + rng.below(3));
        let tid = match db.find_table(code, scope, table) {
            Some(t) => t,
            None => db.create_table(code, scope, table, payer),
        };
        let pk = rng.below(6);
        match rng.below(4) {
            0 => {
                let row = KvRow {
                    id: db.new_id(),
                    payer,
                    value: vec![rng.below(255) as u8; rng.below(4) as usize],
                };
                let new = !db.table(tid).unwrap().rows.contains_key(&pk);
                db.set_row(tid, pk, Some(row));
                if new {
                    db.add_count(tid, 1);
                }
            }
            1 => {
                let key = rng.below(4);
                let new = !db.table(tid).unwrap().idx64.by_primary.contains_key(&pk);
                db.set_entry::<u64>(
                    tid,
                    pk,
                    Some(SecRow {
                        id: db.next_id,
                        payer,
                        key,
                    }),
                );
                if new {
                    db.add_count(tid, 1);
                }
            }
            2 => {
                let key = F64Key(rng.below(3) as f64 - 1.0);
                let new = !db
                    .table(tid)
                    .unwrap()
                    .idx_double
                    .by_primary
                    .contains_key(&pk);
                db.set_entry::<F64Key>(
                    tid,
                    pk,
                    Some(SecRow {
                        id: db.next_id,
                        payer,
                        key,
                    }),
                );
                if new {
                    db.add_count(tid, 1);
                }
            }
            _ => {
                if db.table(tid).unwrap().rows.contains_key(&pk) {
                    db.set_row(tid, pk, None);
                    db.add_count(tid, -1);
                }
                if db.table(tid).unwrap().idx64.by_primary.contains_key(&pk) {
                    db.set_entry::<u64>(tid, pk, None);
                    db.add_count(tid, -1);
                }
            }
        }
        db.add_ram(payer, rng.below(100) as i64 - 50);
        if db.table(tid).unwrap().count == 0 {
            db.remove_table(tid);
        }
    }

    /// Per table: payer, count, rows (payer, bytes) and idx64 and
    /// idx_double entries (payer, key); and the non-zero RAM. The state
    /// without object ids, which the digest covers.
    type Content = (
        Vec<(
            (Name, u64, u64),
            Name,
            u32,
            Vec<(u64, Name, Vec<u8>)>,
            Vec<(u64, Name, u64)>,
            Vec<(u64, Name, u64)>,
        )>,
        Vec<(Name, i64)>,
    );

    fn content(db: &Db) -> Content {
        let tables = db
            .table_ids
            .iter()
            .map(|(key, id)| {
                let t = &db.tables[id];
                (
                    *key,
                    t.payer,
                    t.count,
                    t.rows
                        .iter()
                        .map(|(pk, r)| (*pk, r.payer, r.value.clone()))
                        .collect(),
                    t.idx64
                        .by_primary
                        .iter()
                        .map(|(pk, r)| (*pk, r.payer, r.key))
                        .collect(),
                    t.idx_double
                        .by_primary
                        .iter()
                        .map(|(pk, r)| (*pk, r.payer, r.key.0.to_bits()))
                        .collect(),
                )
            })
            .collect();
        let mut ram: Vec<(Name, i64)> = db
            .ram
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(k, v)| (*k, *v))
            .collect();
        ram.sort();
        (tables, ram)
    }

    #[test]
    fn the_digest_follows_the_state_and_survives_rollback() {
        let mut rng = Lcg(11);
        let mut db = Db::default();
        for round in 0..200 {
            let before = db.digest();
            let snap = content(&db);
            db.begin();
            for _ in 0..1 + rng.below(10) {
                random_change(&mut db, &mut rng);
            }
            if round % 2 == 0 {
                db.commit();
                assert_eq!(
                    db.digest() == before,
                    content(&db) == snap,
                    "round {round}: the digest changes exactly when the content does"
                );
            } else {
                db.rollback();
                assert_eq!(db.digest(), before, "round {round}");
            }
            // The kept table hashes are those of the tables as they are.
            let kept = db.digest();
            db.table_digests.clear();
            assert_eq!(db.digest(), kept, "round {round}: a stale table hash");
        }
    }

    #[test]
    fn rollback_restores_exactly_the_state_before_the_transaction() {
        let mut rng = Lcg(7);
        let mut db = Db::default();
        for round in 0..300 {
            let before = snapshot(&db);
            db.begin();
            for _ in 0..rng.below(20) {
                random_change(&mut db, &mut rng);
            }
            if round % 3 == 0 {
                db.commit();
            } else {
                db.rollback();
                assert_eq!(snapshot(&db), before, "round {round}");
            }
        }
    }
}
