//! Multi-index tables and singletons with the CDT's on-chain layout: rows
//! in `db_*_i64` under (code, scope, table), secondary index `i` in the
//! table named `(table & !0xf) | i`, each index entry pointing at the
//! primary key. Anything the CDT reads, this reads, and vice versa.

use crate::sys::{self, IndexKind, SecondaryValue};
use crate::{check, check_failed, Name, Pack};
use core::marker::PhantomData;
use core::ops::Deref;

/// A secondary index of a table: its name (for the ABI and for humans)
/// and its key family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecondaryIndex {
    pub name: Name,
    pub kind: IndexKind,
}

/// A row type stored in a table.
///
/// Implement it with `#[derive(Table)]` and `#[table(name = "accounts",
/// primary = expr)]`, plus `#[index(name = "byvotes", kind = idx128,
/// key = expr)]` per secondary index (up to 16).
pub trait Table: Pack {
    /// The table's on-chain name.
    const NAME: Name;
    /// Secondary indexes, in position order.
    const INDEXES: &'static [SecondaryIndex] = &[];
    /// The primary key of this row.
    fn primary_key(&self) -> u64;
    /// The key of this row in secondary index `position`.
    fn secondary_key(&self, position: usize) -> SecondaryValue {
        let _ = position;
        check_failed("table has no secondary index at this position")
    }
}

/// The payer that keeps a row's current RAM payer on `modify` (the CDT's
/// `same_payer`).
pub const SAME_PAYER: Name = Name::EMPTY;

/// The name of the table that stores secondary index `position`.
pub const fn index_table_name(table: Name, position: usize) -> u64 {
    (table.raw() & 0xFFFF_FFFF_FFFF_FFF0) | (position as u64 & 0xf)
}

fn read_row<T: Table>(it: i32) -> T {
    let bytes = sys::db_get_i64(it);
    match T::unpack_exact(&bytes) {
        Ok(v) => v,
        Err(e) => check_failed(e.message()),
    }
}

/// A row read from a table: the value and the chain iterator it came from.
/// Dereferences to the value.
#[derive(Debug)]
pub struct Row<T> {
    it: i32,
    value: T,
}

impl<T> Row<T> {
    /// The value, consuming the row.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Row<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A table of `T` rows owned by `code` in `scope`.
pub struct MultiIndex<T: Table> {
    code: Name,
    scope: u64,
    _row: PhantomData<T>,
}

impl<T: Table> Clone for MultiIndex<T> {
    fn clone(&self) -> Self {
        MultiIndex {
            code: self.code,
            scope: self.scope,
            _row: PhantomData,
        }
    }
}

impl<T: Table> MultiIndex<T> {
    /// The table in `scope` of the contract at `code`. Only the contract
    /// itself (`code` == receiver) can write; anyone can read.
    pub fn new(code: Name, scope: u64) -> Self {
        MultiIndex {
            code,
            scope,
            _row: PhantomData,
        }
    }

    pub fn code(&self) -> Name {
        self.code
    }

    pub fn scope(&self) -> u64 {
        self.scope
    }

    fn table(&self) -> u64 {
        T::NAME.raw()
    }

    /// The row with this primary key.
    pub fn find(&self, pk: u64) -> Option<Row<T>> {
        let it = sys::db_find_i64(self.code.raw(), self.scope, self.table(), pk);
        (it >= 0).then(|| Row {
            it,
            value: read_row(it),
        })
    }

    /// The row with this primary key, or an assertion with `msg`.
    pub fn get(&self, pk: u64, msg: &str) -> Row<T> {
        match self.find(pk) {
            Some(row) => row,
            None => check_failed(msg),
        }
    }

    /// Whether a row with this primary key exists (without decoding it).
    pub fn contains(&self, pk: u64) -> bool {
        sys::db_find_i64(self.code.raw(), self.scope, self.table(), pk) >= 0
    }

    fn check_writable(&self) {
        check(
            self.code.raw() == sys::current_receiver(),
            "cannot modify objects in table of another contract",
        );
    }

    /// Stores a new row paid by `payer` (which must have authorized the
    /// action, unless it is the contract itself).
    pub fn emplace(&self, payer: Name, value: T) -> Row<T> {
        self.check_writable();
        let pk = value.primary_key();
        let it = sys::db_store_i64(self.scope, self.table(), payer.raw(), pk, &value.packed());
        for (i, _) in T::INDEXES.iter().enumerate() {
            let table = index_table_name(T::NAME, i);
            sys::db_idx_store(self.scope, table, payer.raw(), pk, value.secondary_key(i));
        }
        Row { it, value }
    }

    /// Changes a row in place; `payer` pays for any growth (and takes over
    /// the whole row's RAM if it differs from the current payer;
    /// [`SAME_PAYER`] keeps the current one). The primary key must not
    /// change.
    pub fn modify(&self, row: &mut Row<T>, payer: Name, f: impl FnOnce(&mut T)) {
        self.check_writable();
        let old = self.secondary_keys(&row.value);
        let pk = row.value.primary_key();
        f(&mut row.value);
        self.write_back(row, pk, payer, old);
    }

    /// The row's secondary keys; empty (and free) for tables without
    /// secondary indexes.
    fn secondary_keys(&self, value: &T) -> alloc::vec::Vec<SecondaryValue> {
        if T::INDEXES.is_empty() {
            return alloc::vec::Vec::new();
        }
        (0..T::INDEXES.len())
            .map(|i| value.secondary_key(i))
            .collect()
    }

    /// The part of `modify` that does not depend on the closure (one copy
    /// per row type in the wasm, not one per call site).
    fn write_back(
        &self,
        row: &Row<T>,
        pk: u64,
        payer: Name,
        old_keys: alloc::vec::Vec<SecondaryValue>,
    ) {
        check(
            row.value.primary_key() == pk,
            "updater cannot change primary key when modifying an object",
        );
        sys::db_update_i64(row.it, payer.raw(), &row.value.packed());
        if T::INDEXES.is_empty() {
            return;
        }
        for (i, old) in old_keys.into_iter().enumerate() {
            let new = row.value.secondary_key(i);
            // Bitwise comparison, as the CDT's memcmp (so -0.0 != 0.0).
            if !same_key(&old, &new) {
                let (idx_it, _) = sys::db_idx_find_primary(
                    T::INDEXES[i].kind,
                    self.code.raw(),
                    self.scope,
                    index_table_name(T::NAME, i),
                    pk,
                );
                check(idx_it >= 0, "secondary index entry of the row is missing");
                sys::db_idx_update(idx_it, payer.raw(), new);
            }
        }
    }

    /// Stores `value` under its primary key: modifies the row if present,
    /// emplaces it otherwise.
    pub fn upsert(&self, payer: Name, value: T) {
        match self.find(value.primary_key()) {
            Some(mut row) => self.modify(&mut row, payer, |v| *v = value),
            None => {
                self.emplace(payer, value);
            }
        }
    }

    /// Removes a row and its secondary index entries.
    pub fn erase(&self, row: Row<T>) {
        self.check_writable();
        let pk = row.value.primary_key();
        for (i, index) in T::INDEXES.iter().enumerate() {
            let (idx_it, _) = sys::db_idx_find_primary(
                index.kind,
                self.code.raw(),
                self.scope,
                index_table_name(T::NAME, i),
                pk,
            );
            if idx_it >= 0 {
                sys::db_idx_remove(index.kind, idx_it);
            }
        }
        sys::db_remove_i64(row.it);
    }

    /// Rows in ascending primary-key order.
    pub fn iter(&self) -> Iter<T> {
        self.lower_bound(0)
    }

    /// Rows with primary key >= `pk`, ascending.
    pub fn lower_bound(&self, pk: u64) -> Iter<T> {
        let first = sys::db_lowerbound_i64(self.code.raw(), self.scope, self.table(), pk);
        Iter {
            it: first,
            _row: PhantomData,
        }
    }

    /// Rows with primary key > `pk`, ascending.
    pub fn upper_bound(&self, pk: u64) -> Iter<T> {
        let first = sys::db_upperbound_i64(self.code.raw(), self.scope, self.table(), pk);
        Iter {
            it: first,
            _row: PhantomData,
        }
    }

    /// Rows in descending primary-key order.
    pub fn rev_iter(&self) -> RevIter<T> {
        let end = sys::db_end_i64(self.code.raw(), self.scope, self.table());
        RevIter {
            next_from: absent_if_no_table(end),
            _row: PhantomData,
        }
    }

    /// Whether the table has no row in this scope.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Secondary index `position` (as declared with `#[index]`).
    pub fn index(&self, position: usize) -> IndexView<T> {
        check(
            position < T::INDEXES.len(),
            "table has no secondary index at this position",
        );
        IndexView {
            table: self.clone(),
            position,
        }
    }
}

/// The starting point of a reverse iteration from an end iterator: `-1`
/// means the table does not exist (never written in this scope), and
/// nodeos rejects stepping back from it, so there is nothing to iterate.
fn absent_if_no_table(end: i32) -> i32 {
    if end == -1 {
        i32::MIN
    } else {
        end
    }
}

fn same_key(a: &SecondaryValue, b: &SecondaryValue) -> bool {
    match (a, b) {
        (SecondaryValue::F64(x), SecondaryValue::F64(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// Ascending iteration over primary keys.
pub struct Iter<T: Table> {
    it: i32,
    _row: PhantomData<T>,
}

impl<T: Table> Iterator for Iter<T> {
    type Item = Row<T>;
    fn next(&mut self) -> Option<Row<T>> {
        if self.it < 0 {
            return None;
        }
        let row = Row {
            it: self.it,
            value: read_row(self.it),
        };
        self.it = sys::db_next_i64(self.it).0;
        Some(row)
    }
}

/// Descending iteration over primary keys.
pub struct RevIter<T: Table> {
    next_from: i32,
    _row: PhantomData<T>,
}

impl<T: Table> Iterator for RevIter<T> {
    type Item = Row<T>;
    fn next(&mut self) -> Option<Row<T>> {
        if self.next_from == i32::MIN {
            return None;
        }
        let (prev, _) = sys::db_previous_i64(self.next_from);
        if prev < 0 {
            self.next_from = i32::MIN;
            return None;
        }
        self.next_from = prev;
        Some(Row {
            it: prev,
            value: read_row(prev),
        })
    }
}

/// A secondary index of a table, ordered by (key, primary key). Iteration
/// yields the rows the entries point to, like the CDT's index iterators.
pub struct IndexView<T: Table> {
    table: MultiIndex<T>,
    position: usize,
}

impl<T: Table> IndexView<T> {
    fn kind(&self) -> IndexKind {
        T::INDEXES[self.position].kind
    }

    fn idx_table(&self) -> u64 {
        index_table_name(T::NAME, self.position)
    }

    fn iter_at(&self, it: i32, primary_key: u64) -> IndexIter<T> {
        IndexIter {
            kind: self.kind(),
            it,
            primary_key,
            table: self.table.clone(),
        }
    }

    /// Rows with key >= `key`, ascending by (key, primary key).
    pub fn lower_bound(&self, key: SecondaryValue) -> IndexIter<T> {
        check(
            key.kind() == self.kind(),
            "secondary key type does not match the index",
        );
        let (it, _, pk) = sys::db_idx_lowerbound(
            self.table.code.raw(),
            self.table.scope,
            self.idx_table(),
            key,
        );
        self.iter_at(it, pk)
    }

    /// Rows with key > `key`, ascending.
    pub fn upper_bound(&self, key: SecondaryValue) -> IndexIter<T> {
        check(
            key.kind() == self.kind(),
            "secondary key type does not match the index",
        );
        let (it, _, pk) = sys::db_idx_upperbound(
            self.table.code.raw(),
            self.table.scope,
            self.idx_table(),
            key,
        );
        self.iter_at(it, pk)
    }

    /// All rows, ascending by key then primary key.
    pub fn iter(&self) -> IndexIter<T> {
        let min = match self.kind() {
            IndexKind::Idx64 => SecondaryValue::U64(0),
            IndexKind::Idx128 => SecondaryValue::U128(0),
            IndexKind::Idx256 => SecondaryValue::U256([0, 0]),
            IndexKind::IdxDouble => SecondaryValue::F64(f64::NEG_INFINITY),
        };
        self.lower_bound(min)
    }

    /// All rows, descending by key then primary key.
    pub fn rev_iter(&self) -> IndexRevIter<T> {
        let end = sys::db_idx_end(
            self.kind(),
            self.table.code.raw(),
            self.table.scope,
            self.idx_table(),
        );
        IndexRevIter {
            kind: self.kind(),
            next_from: absent_if_no_table(end),
            table: self.table.clone(),
        }
    }

    /// The first row (lowest primary key) whose key equals `key`.
    pub fn find(&self, key: SecondaryValue) -> Option<Row<T>> {
        check(
            key.kind() == self.kind(),
            "secondary key type does not match the index",
        );
        let (it, pk) = sys::db_idx_find_secondary(
            self.table.code.raw(),
            self.table.scope,
            self.idx_table(),
            key,
        );
        (it >= 0).then(|| {
            self.table
                .get(pk, "secondary index points to a missing row")
        })
    }
}

/// Ascending iteration over a secondary index.
pub struct IndexIter<T: Table> {
    kind: IndexKind,
    it: i32,
    primary_key: u64,
    table: MultiIndex<T>,
}

impl<T: Table> Iterator for IndexIter<T> {
    type Item = Row<T>;
    fn next(&mut self) -> Option<Row<T>> {
        if self.it < 0 {
            return None;
        }
        let row = self
            .table
            .get(self.primary_key, "secondary index points to a missing row");
        let (next, pk) = sys::db_idx_next(self.kind, self.it);
        self.it = next;
        self.primary_key = pk;
        Some(row)
    }
}

/// Descending iteration over a secondary index.
pub struct IndexRevIter<T: Table> {
    kind: IndexKind,
    next_from: i32,
    table: MultiIndex<T>,
}

impl<T: Table> Iterator for IndexRevIter<T> {
    type Item = Row<T>;
    fn next(&mut self) -> Option<Row<T>> {
        if self.next_from == i32::MIN {
            return None;
        }
        let (prev, pk) = sys::db_idx_previous(self.kind, self.next_from);
        if prev < 0 {
            self.next_from = i32::MIN;
            return None;
        }
        self.next_from = prev;
        Some(
            self.table
                .get(pk, "secondary index points to a missing row"),
        )
    }
}

/// A table holding at most one row, keyed by the table's own name (the
/// CDT's `singleton`): configuration and global state.
pub struct Singleton<T: Table> {
    table: MultiIndex<T>,
}

impl<T: Table> Singleton<T> {
    pub fn new(code: Name, scope: u64) -> Self {
        Singleton {
            table: MultiIndex::new(code, scope),
        }
    }

    fn pk() -> u64 {
        T::NAME.raw()
    }

    pub fn exists(&self) -> bool {
        self.table.contains(Self::pk())
    }

    /// The value, or `None` before the first `set`.
    pub fn get(&self) -> Option<T> {
        self.table.find(Self::pk()).map(Row::into_inner)
    }

    /// The value, or an assertion with `msg`.
    pub fn get_or_fail(&self, msg: &str) -> T {
        self.table.get(Self::pk(), msg).into_inner()
    }

    /// Stores the value, paid by `payer`.
    pub fn set(&self, payer: Name, value: T) {
        check(
            value.primary_key() == Self::pk(),
            "singleton row must use the table name as primary key",
        );
        self.table.upsert(payer, value);
    }

    /// Removes the value if present.
    pub fn remove(&self) {
        if let Some(row) = self.table.find(Self::pk()) {
            self.table.erase(row);
        }
    }
}
