//! The [`Host`] a contract runs against: nodeos' `apply_context` for one
//! receiver (`apply_context.cpp`, `apply_context.hpp`'s `iterator_cache`
//! and `generic_index`), over the chain's [`Db`].

use crate::auth::{json, EOSIO_CODE};
use crate::db::{billable, Db, F64Key, KvRow, ObjId, SecKey, SecRow, TableData, TableId};
use crate::Core;
use antelope_sdk::host::{fail, Host};
use antelope_sdk::{Action, IndexKind, Name, Pack, PermissionLevel, SecondaryValue};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound::{Excluded, Unbounded};

/// `config::default_max_inline_action_size`: `send_inline` refuses data
/// of this size or more.
const MAX_INLINE_ACTION_SIZE: usize = 512 * 1024;

const NAN_KEY: &str = "NaN is not an allowed value for a secondary key";
const NO_PAYER: &str = "must specify a valid account to pay for new record";
const NOT_UNIQUE: &str =
    "could not insert object, most likely a uniqueness constraint was violated";
const ACCESS_VIOLATION: &str = "db access violation";

/// What an iterator handle points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ObjRef {
    table: TableId,
    pk: u64,
    id: ObjId,
}

/// `apply_context::iterator_cache`: handles `0..` for objects, `-1` for
/// "no such table", `-(i + 2)` for the end of the `i`-th table cached.
/// Handles are stable for the whole apply context and each object gets one
/// handle, whichever call found it.
#[derive(Default)]
struct IterCache {
    end_tables: Vec<TableId>,
    table_end: HashMap<TableId, i32>,
    objects: Vec<Option<ObjRef>>,
    by_object: HashMap<ObjId, i32>,
}

impl IterCache {
    fn cache_table(&mut self, table: TableId) -> i32 {
        if let Some(end) = self.table_end.get(&table) {
            return *end;
        }
        let end = -(self.end_tables.len() as i32 + 2);
        self.end_tables.push(table);
        self.table_end.insert(table, end);
        end
    }

    fn end_of(&self, table: TableId) -> i32 {
        match self.table_end.get(&table) {
            Some(end) => *end,
            None => fail("an invariant was broken, table should be in cache"),
        }
    }

    /// The table of an end iterator; `None` for a well-formed handle that
    /// was never handed out.
    fn table_of_end(&self, end: i32) -> Option<TableId> {
        if end >= -1 {
            fail("not an end iterator");
        }
        self.end_tables.get((-(end as i64) - 2) as usize).copied()
    }

    fn get(&self, it: i32) -> ObjRef {
        if it == -1 {
            fail("invalid iterator");
        }
        if it < 0 {
            fail("dereference of end iterator");
        }
        match self.objects.get(it as usize) {
            None => fail("iterator out of range"),
            Some(None) => fail("dereference of deleted object"),
            Some(Some(obj)) => *obj,
        }
    }

    fn remove(&mut self, it: i32) {
        if let Some(slot) = self.objects.get_mut(it as usize) {
            if let Some(obj) = slot.take() {
                self.by_object.remove(&obj.id);
            }
        }
    }

    fn add(&mut self, obj: ObjRef) -> i32 {
        if let Some(it) = self.by_object.get(&obj.id) {
            return *it;
        }
        self.objects.push(Some(obj));
        let it = self.objects.len() as i32 - 1;
        self.by_object.insert(obj.id, it);
        it
    }
}

/// State shared by an action and the notifications it triggers: nodeos
/// runs them all in one `apply_context`, so they share the iterator caches,
/// the recipient list and the inline action queue.
pub(crate) struct ApplyContext {
    /// Receivers in execution order, the first receiver first.
    pub notified: Vec<Name>,
    /// Inline actions queued by the action and its notifications.
    pub inline: Vec<Action>,
    /// Primary rows, then idx64, idx128, idx256, idx_double.
    caches: [IterCache; 5],
}

impl ApplyContext {
    pub fn new(first_receiver: Name) -> Self {
        ApplyContext {
            notified: vec![first_receiver],
            inline: Vec::new(),
            caches: Default::default(),
        }
    }
}

const KV: usize = 0;

fn cache_slot(kind: IndexKind) -> usize {
    match kind {
        IndexKind::Idx64 => 1,
        IndexKind::Idx128 => 2,
        IndexKind::Idx256 => 3,
        IndexKind::IdxDouble => 4,
    }
}

/// The running action, absent while serving [`TestChain::read`](crate::TestChain::read).
pub(crate) struct Exec<'a> {
    pub act: &'a Action,
    pub receiver: Name,
    pub privileged: bool,
    pub console: String,
    /// Net RAM change per account during this receiver's execution
    /// (`_account_ram_deltas`), checked against the RAM payer rules after
    /// the contract returns.
    pub ram_deltas: BTreeMap<Name, i64>,
}

pub(crate) struct ChainHost<'a> {
    core: &'a Core,
    db: &'a mut Db,
    ctx: &'a mut ApplyContext,
    exec: Option<Exec<'a>>,
    now_us: i64,
}

impl<'a> ChainHost<'a> {
    pub fn executing(
        core: &'a Core,
        db: &'a mut Db,
        ctx: &'a mut ApplyContext,
        exec: Exec<'a>,
        now_us: i64,
    ) -> Self {
        ChainHost {
            core,
            db,
            ctx,
            exec: Some(exec),
            now_us,
        }
    }

    pub fn reading(core: &'a Core, db: &'a mut Db, ctx: &'a mut ApplyContext, now_us: i64) -> Self {
        ChainHost {
            core,
            db,
            ctx,
            exec: None,
            now_us,
        }
    }

    pub fn into_exec(self) -> Option<Exec<'a>> {
        self.exec
    }

    /// The running action; outside one (in `TestChain::read`) the intrinsic
    /// is refused: reads must not write, and there is no action to ask
    /// about.
    fn exec(&mut self, intrinsic: &str) -> &mut Exec<'a> {
        match &mut self.exec {
            Some(e) => e,
            None => panic!(
                "TestChain::read is read-only: `{intrinsic}` is not available inside it \
                 (push an action to write, authorize or send)"
            ),
        }
    }

    fn receiver(&mut self, intrinsic: &str) -> Name {
        self.exec(intrinsic).receiver
    }

    /// `apply_context::update_db_usage` with RAM restrictions active: bill
    /// now, check the payer rules when the receiver's code returns.
    fn update_db_usage(&mut self, payer: Name, delta: i64) {
        self.db.add_ram(payer, delta);
        if let Some(e) = &mut self.exec {
            *e.ram_deltas.entry(payer).or_insert(0) += delta;
        }
    }

    fn find_or_create_table(&mut self, code: Name, scope: u64, table: u64, payer: Name) -> TableId {
        if let Some(t) = self.db.find_table(code, scope, table) {
            return t;
        }
        self.update_db_usage(payer, billable::TABLE_ID_OBJECT);
        self.db.create_table(code, scope, table, payer)
    }

    /// `remove_table` once the last row of any kind is gone.
    fn release_row(&mut self, table: TableId) {
        if self.db.add_count(table, -1) == 0 {
            let payer = self.table(table).payer;
            self.update_db_usage(payer, -billable::TABLE_ID_OBJECT);
            self.db.remove_table(table);
        }
    }

    fn find_table(&self, code: u64, scope: u64, table: u64) -> Option<TableId> {
        self.db.find_table(Name::from_raw(code), scope, table)
    }

    fn table(&self, id: TableId) -> &TableData {
        match self.db.table(id) {
            Some(t) => t,
            None => fail("dereference of deleted object"),
        }
    }

    /// Checks that the table is the receiver's (writes go to own tables
    /// only).
    fn check_own_table(&mut self, table: TableId, intrinsic: &str) {
        let receiver = self.receiver(intrinsic);
        if self.table(table).code != receiver {
            fail(ACCESS_VIOLATION);
        }
    }

    // ---- primary index ------------------------------------------------

    fn kv_get(&self, it: i32) -> (ObjRef, &KvRow) {
        let obj = self.ctx.caches[KV].get(it);
        match self.db.table(obj.table).and_then(|t| t.rows.get(&obj.pk)) {
            Some(row) if row.id == obj.id => (obj, row),
            _ => fail("dereference of deleted object"),
        }
    }

    fn kv_add(&mut self, table: TableId, pk: u64) -> i32 {
        let id = self.table(table).rows[&pk].id;
        self.ctx.caches[KV].add(ObjRef { table, pk, id })
    }

    /// The first row of `table` in `range` of primary keys, as an iterator,
    /// else the table's end iterator, else -1 when the table does not
    /// exist.
    fn kv_seek(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        range: (std::ops::Bound<u64>, std::ops::Bound<u64>),
    ) -> i32 {
        let Some(tid) = self.find_table(code, scope, table) else {
            return -1;
        };
        let end = self.ctx.caches[KV].cache_table(tid);
        match self.table(tid).rows.range(range).next().map(|(pk, _)| *pk) {
            Some(pk) => self.kv_add(tid, pk),
            None => end,
        }
    }

    // ---- secondary indexes --------------------------------------------

    fn idx_get<K: SecKey>(&self, it: i32) -> (ObjRef, &SecRow<K>) {
        let obj = self.ctx.caches[cache_slot(K::KIND)].get(it);
        match self
            .db
            .table(obj.table)
            .and_then(|t| K::index(t).by_primary.get(&obj.pk))
        {
            Some(row) if row.id == obj.id => (obj, row),
            _ => fail("dereference of deleted object"),
        }
    }

    fn idx_add<K: SecKey>(&mut self, table: TableId, pk: u64) -> i32 {
        let id = K::index(self.table(table)).by_primary[&pk].id;
        self.ctx.caches[cache_slot(K::KIND)].add(ObjRef { table, pk, id })
    }

    fn idx_store<K: SecKey>(&mut self, scope: u64, table: u64, payer: u64, id: u64, key: K) -> i32 {
        if key.is_nan() {
            fail(NAN_KEY);
        }
        let receiver = self.receiver("db_idx_store");
        let payer = Name::from_raw(payer);
        if payer == Name::EMPTY {
            fail(NO_PAYER);
        }
        let tid = self.find_or_create_table(receiver, scope, table, payer);
        if K::index(self.table(tid)).by_primary.contains_key(&id) {
            fail(NOT_UNIQUE);
        }
        let obj = self.db.new_id();
        self.db.set_entry::<K>(
            tid,
            id,
            Some(SecRow {
                id: obj,
                payer,
                key,
            }),
        );
        self.db.add_count(tid, 1);
        self.update_db_usage(payer, K::BILLABLE);
        let cache = &mut self.ctx.caches[cache_slot(K::KIND)];
        cache.cache_table(tid);
        cache.add(ObjRef {
            table: tid,
            pk: id,
            id: obj,
        })
    }

    fn idx_update<K: SecKey>(&mut self, it: i32, payer: u64, key: K) {
        if key.is_nan() {
            fail(NAN_KEY);
        }
        self.receiver("db_idx_update");
        let (obj, row) = self.idx_get::<K>(it);
        let old_payer = row.payer;
        self.check_own_table(obj.table, "db_idx_update");
        let payer = if payer == 0 {
            old_payer
        } else {
            Name::from_raw(payer)
        };
        if payer != old_payer {
            self.update_db_usage(old_payer, -K::BILLABLE);
            self.update_db_usage(payer, K::BILLABLE);
        }
        let entry = SecRow {
            id: obj.id,
            payer,
            key,
        };
        self.db.set_entry::<K>(obj.table, obj.pk, Some(entry));
    }

    fn idx_remove<K: SecKey>(&mut self, it: i32) {
        self.receiver("db_idx_remove");
        let (obj, row) = self.idx_get::<K>(it);
        let payer = row.payer;
        self.check_own_table(obj.table, "db_idx_remove");
        self.update_db_usage(payer, -K::BILLABLE);
        self.db.set_entry::<K>(obj.table, obj.pk, None);
        self.release_row(obj.table);
        self.ctx.caches[cache_slot(K::KIND)].remove(it);
    }

    fn idx_next<K: SecKey>(&mut self, it: i32) -> (i32, u64) {
        if it < -1 {
            // Cannot increment past the end iterator.
            return (-1, 0);
        }
        let (obj, row) = self.idx_get::<K>(it);
        let after = (row.key, obj.pk);
        let next = K::index(self.table(obj.table))
            .by_secondary
            .range((Excluded(after), Unbounded))
            .next()
            .map(|(_, pk)| *pk);
        match next {
            Some(pk) => (self.idx_add::<K>(obj.table, pk), pk),
            None => (self.ctx.caches[cache_slot(K::KIND)].end_of(obj.table), 0),
        }
    }

    fn idx_previous<K: SecKey>(&mut self, it: i32) -> (i32, u64) {
        let slot = cache_slot(K::KIND);
        let (table, prev) = if it < -1 {
            let Some(tid) = self.ctx.caches[slot].table_of_end(it) else {
                fail("not a valid end iterator");
            };
            // The table may be gone since (its last row removed): empty.
            let last = self
                .db
                .table(tid)
                .and_then(|t| K::index(t).by_secondary.iter().next_back())
                .map(|(_, pk)| *pk);
            (tid, last)
        } else {
            let (obj, row) = self.idx_get::<K>(it);
            let before = (row.key, obj.pk);
            let prev = K::index(self.table(obj.table))
                .by_secondary
                .range(..before)
                .next_back()
                .map(|(_, pk)| *pk);
            (obj.table, prev)
        };
        match prev {
            Some(pk) => (self.idx_add::<K>(table, pk), pk),
            None => (-1, 0),
        }
    }

    fn idx_find_primary<K: SecKey>(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        primary: u64,
    ) -> (i32, SecondaryValue) {
        let Some(tid) = self.find_table(code, scope, table) else {
            return (-1, K::zero().to_value());
        };
        let end = self.ctx.caches[cache_slot(K::KIND)].cache_table(tid);
        match K::index(self.table(tid))
            .by_primary
            .get(&primary)
            .map(|row| row.key)
        {
            Some(key) => (self.idx_add::<K>(tid, primary), key.to_value()),
            None => (end, K::zero().to_value()),
        }
    }

    /// `find_secondary`, `lowerbound_secondary`, `upperbound_secondary`:
    /// the entry found as an iterator with its key and primary key, else
    /// the table's end iterator (or -1 without a table) and `key` unchanged.
    fn idx_seek<K: SecKey>(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: K,
        mode: Seek,
    ) -> (i32, K, u64) {
        if key.is_nan() {
            fail(NAN_KEY);
        }
        let Some(tid) = self.find_table(code, scope, table) else {
            return (-1, key, 0);
        };
        let end = self.ctx.caches[cache_slot(K::KIND)].cache_table(tid);
        let index = &K::index(self.table(tid)).by_secondary;
        let found = match mode {
            Seek::Exact => index.range((key, 0)..).next().filter(|(k, _)| *k == key),
            Seek::Lower => index.range((key, 0)..).next(),
            Seek::Upper => index.range((Excluded((key, u64::MAX)), Unbounded)).next(),
        }
        .copied();
        match found {
            Some((k, pk)) => (self.idx_add::<K>(tid, pk), k, pk),
            None => (end, key, 0),
        }
    }

    fn idx_end(&mut self, kind: IndexKind, code: u64, scope: u64, table: u64) -> i32 {
        match self.find_table(code, scope, table) {
            Some(tid) => self.ctx.caches[cache_slot(kind)].cache_table(tid),
            None => -1,
        }
    }

    // ---- inline actions -----------------------------------------------

    /// `apply_context::execute_inline`.
    fn execute_inline(&mut self, a: Action) {
        let core = self.core;
        let exec = self.exec("send_inline");
        if !core.accounts.contains_key(&a.account) {
            fail(&format!(
                "inline action's code account {} does not exist",
                a.account
            ));
        }
        for auth in &a.authorization {
            if !core.accounts.contains_key(&auth.actor) {
                fail(&format!(
                    "inline action's authorizing actor {} does not exist",
                    auth.actor
                ));
            }
            if !core.auth.exists(auth) {
                fail(&format!(
                    "inline action's authorizations include a non-existent permission: {}",
                    json(auth)
                ));
            }
        }
        // Privileged contracts skip the check; everyone else authorizes
        // inline actions only through `<receiver>@eosio.code` (no parent
        // authorizations are inherited since RESTRICT_ACTION_TO_SELF).
        if !exec.privileged {
            let provided = [PermissionLevel::new(exec.receiver, EOSIO_CODE)];
            if let Err(msg) =
                core.auth
                    .check_authorization(std::slice::from_ref(&a), &provided, false)
            {
                fail(&msg);
            }
        }
        self.ctx.inline.push(a);
    }
}

/// Which entry `idx_seek` looks for, in (key, primary key) order.
#[derive(Clone, Copy)]
enum Seek {
    /// The first entry with exactly this key (nodeos' partial-key `find`
    /// is a lower bound plus an equality check, so the lowest primary key).
    Exact,
    /// The first entry with a key >= this one.
    Lower,
    /// The first entry with a key > this one, whatever its primary key.
    Upper,
}

/// Runs `$body` with `$K` the key type of index family `$kind`.
macro_rules! with_kind {
    ($kind:expr, $K:ident => $body:expr) => {
        match $kind {
            IndexKind::Idx64 => {
                type $K = u64;
                $body
            }
            IndexKind::Idx128 => {
                type $K = u128;
                $body
            }
            IndexKind::Idx256 => {
                type $K = [u128; 2];
                $body
            }
            IndexKind::IdxDouble => {
                type $K = F64Key;
                $body
            }
        }
    };
}

impl Host for ChainHost<'_> {
    fn read_action_data(&mut self) -> Vec<u8> {
        self.exec("read_action_data").act.data.clone()
    }

    fn current_receiver(&mut self) -> u64 {
        self.receiver("current_receiver").raw()
    }

    fn require_recipient(&mut self, name: u64) {
        self.exec("require_recipient");
        let name = Name::from_raw(name);
        // Deduplicated over the whole apply context, which starts with the
        // first receiver, so notifying oneself is a no-op.
        if !self.ctx.notified.contains(&name) {
            self.ctx.notified.push(name);
        }
    }

    fn require_auth(&mut self, name: u64) {
        let act = self.exec("require_auth").act;
        let name = Name::from_raw(name);
        if !act.authorization.iter().any(|a| a.actor == name) {
            fail(&format!("missing authority of {name}"));
        }
    }

    fn require_auth2(&mut self, name: u64, permission: u64) {
        let act = self.exec("require_auth2").act;
        let (name, permission) = (Name::from_raw(name), Name::from_raw(permission));
        if !act
            .authorization
            .iter()
            .any(|a| a.actor == name && a.permission == permission)
        {
            fail(&format!("missing authority of {name}/{permission}"));
        }
    }

    fn has_auth(&mut self, name: u64) -> bool {
        let act = self.exec("has_auth").act;
        act.authorization.iter().any(|a| a.actor.raw() == name)
    }

    fn is_account(&mut self, name: u64) -> bool {
        self.core.accounts.contains_key(&Name::from_raw(name))
    }

    fn send_inline(&mut self, packed_action: &[u8]) {
        self.exec("send_inline");
        if packed_action.len() >= MAX_INLINE_ACTION_SIZE {
            fail("inline action too big");
        }
        // fc::raw::unpack ignores trailing bytes.
        let mut input = packed_action;
        match Action::unpack(&mut input) {
            Ok(a) => self.execute_inline(a),
            Err(e) => fail(e.message()),
        }
    }

    fn current_time(&mut self) -> u64 {
        self.now_us as u64
    }

    fn prints(&mut self, s: &str) {
        // Inside `TestChain::read` there is no trace to print to.
        if let Some(e) = &mut self.exec {
            e.console.push_str(s);
        }
    }

    fn sha256(&mut self, data: &[u8]) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(data).into()
    }

    fn db_store_i64(&mut self, scope: u64, table: u64, payer: u64, id: u64, data: &[u8]) -> i32 {
        let receiver = self.receiver("db_store_i64");
        let payer = Name::from_raw(payer);
        // nodeos finds or creates the table before checking the payer.
        let tid = self.find_or_create_table(receiver, scope, table, payer);
        if payer == Name::EMPTY {
            fail(NO_PAYER);
        }
        if self.table(tid).rows.contains_key(&id) {
            fail(NOT_UNIQUE);
        }
        let obj = self.db.new_id();
        let row = KvRow {
            id: obj,
            payer,
            value: data.to_vec(),
        };
        self.db.set_row(tid, id, Some(row));
        self.db.add_count(tid, 1);
        self.update_db_usage(payer, data.len() as i64 + billable::KEY_VALUE_OBJECT);
        let cache = &mut self.ctx.caches[KV];
        cache.cache_table(tid);
        cache.add(ObjRef {
            table: tid,
            pk: id,
            id: obj,
        })
    }

    fn db_update_i64(&mut self, it: i32, payer: u64, data: &[u8]) {
        self.receiver("db_update_i64");
        let (obj, row) = self.kv_get(it);
        let (old_payer, old_len) = (row.payer, row.value.len() as i64);
        self.check_own_table(obj.table, "db_update_i64");
        let overhead = billable::KEY_VALUE_OBJECT;
        let (old_size, new_size) = (old_len + overhead, data.len() as i64 + overhead);
        let payer = if payer == 0 {
            old_payer
        } else {
            Name::from_raw(payer)
        };
        if payer != old_payer {
            // The new payer takes over the whole row.
            self.update_db_usage(old_payer, -old_size);
            self.update_db_usage(payer, new_size);
        } else if old_size != new_size {
            self.update_db_usage(old_payer, new_size - old_size);
        }
        let row = KvRow {
            id: obj.id,
            payer,
            value: data.to_vec(),
        };
        self.db.set_row(obj.table, obj.pk, Some(row));
    }

    fn db_remove_i64(&mut self, it: i32) {
        self.receiver("db_remove_i64");
        let (obj, row) = self.kv_get(it);
        let (payer, len) = (row.payer, row.value.len() as i64);
        self.check_own_table(obj.table, "db_remove_i64");
        self.update_db_usage(payer, -(len + billable::KEY_VALUE_OBJECT));
        self.db.set_row(obj.table, obj.pk, None);
        self.release_row(obj.table);
        self.ctx.caches[KV].remove(it);
    }

    fn db_get_i64(&mut self, it: i32) -> Vec<u8> {
        self.kv_get(it).1.value.clone()
    }

    fn db_next_i64(&mut self, it: i32) -> (i32, u64) {
        if it < -1 {
            // Cannot increment past the end iterator.
            return (-1, 0);
        }
        let (obj, _) = self.kv_get(it);
        let next = self
            .table(obj.table)
            .rows
            .range((Excluded(obj.pk), Unbounded))
            .next()
            .map(|(pk, _)| *pk);
        match next {
            Some(pk) => (self.kv_add(obj.table, pk), pk),
            None => (self.ctx.caches[KV].end_of(obj.table), 0),
        }
    }

    fn db_previous_i64(&mut self, it: i32) -> (i32, u64) {
        let (table, prev) = if it < -1 {
            let Some(tid) = self.ctx.caches[KV].table_of_end(it) else {
                fail("not a valid end iterator");
            };
            let last = self
                .db
                .table(tid)
                .and_then(|t| t.rows.keys().next_back().copied());
            (tid, last)
        } else {
            let (obj, _) = self.kv_get(it);
            (
                obj.table,
                self.table(obj.table)
                    .rows
                    .range(..obj.pk)
                    .next_back()
                    .map(|(pk, _)| *pk),
            )
        };
        match prev {
            Some(pk) => (self.kv_add(table, pk), pk),
            None => (-1, 0),
        }
    }

    fn db_find_i64(&mut self, code: u64, scope: u64, table: u64, id: u64) -> i32 {
        let Some(tid) = self.find_table(code, scope, table) else {
            return -1;
        };
        let end = self.ctx.caches[KV].cache_table(tid);
        if self.table(tid).rows.contains_key(&id) {
            self.kv_add(tid, id)
        } else {
            end
        }
    }

    fn db_lowerbound_i64(&mut self, code: u64, scope: u64, table: u64, id: u64) -> i32 {
        self.kv_seek(
            code,
            scope,
            table,
            (std::ops::Bound::Included(id), Unbounded),
        )
    }

    fn db_upperbound_i64(&mut self, code: u64, scope: u64, table: u64, id: u64) -> i32 {
        self.kv_seek(code, scope, table, (Excluded(id), Unbounded))
    }

    fn db_end_i64(&mut self, code: u64, scope: u64, table: u64) -> i32 {
        match self.find_table(code, scope, table) {
            Some(tid) => self.ctx.caches[KV].cache_table(tid),
            None => -1,
        }
    }

    fn db_idx_store(
        &mut self,
        scope: u64,
        table: u64,
        payer: u64,
        id: u64,
        key: SecondaryValue,
    ) -> i32 {
        with_kind!(key.kind(), K => self.idx_store::<K>(scope, table, payer, id, K::from_value(key)))
    }

    fn db_idx_update(&mut self, it: i32, payer: u64, key: SecondaryValue) {
        with_kind!(key.kind(), K => self.idx_update::<K>(it, payer, K::from_value(key)))
    }

    fn db_idx_remove(&mut self, kind: IndexKind, it: i32) {
        with_kind!(kind, K => self.idx_remove::<K>(it))
    }

    fn db_idx_next(&mut self, kind: IndexKind, it: i32) -> (i32, u64) {
        with_kind!(kind, K => self.idx_next::<K>(it))
    }

    fn db_idx_previous(&mut self, kind: IndexKind, it: i32) -> (i32, u64) {
        with_kind!(kind, K => self.idx_previous::<K>(it))
    }

    fn db_idx_find_primary(
        &mut self,
        kind: IndexKind,
        code: u64,
        scope: u64,
        table: u64,
        primary: u64,
    ) -> (i32, SecondaryValue) {
        with_kind!(kind, K => self.idx_find_primary::<K>(code, scope, table, primary))
    }

    fn db_idx_find_secondary(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, u64) {
        with_kind!(key.kind(), K => {
            let (it, _, pk) = self.idx_seek::<K>(code, scope, table, K::from_value(key), Seek::Exact);
            (it, pk)
        })
    }

    fn db_idx_lowerbound(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64) {
        with_kind!(key.kind(), K => {
            let (it, k, pk) = self.idx_seek::<K>(code, scope, table, K::from_value(key), Seek::Lower);
            (it, k.to_value(), pk)
        })
    }

    fn db_idx_upperbound(
        &mut self,
        code: u64,
        scope: u64,
        table: u64,
        key: SecondaryValue,
    ) -> (i32, SecondaryValue, u64) {
        with_kind!(key.kind(), K => {
            let (it, k, pk) = self.idx_seek::<K>(code, scope, table, K::from_value(key), Seek::Upper);
            (it, k.to_value(), pk)
        })
    }

    fn db_idx_end(&mut self, kind: IndexKind, code: u64, scope: u64, table: u64) -> i32 {
        self.idx_end(kind, code, scope, table)
    }
}
