//! Accounts, permissions and linkauth, with the checks of nodeos'
//! `authorization_manager.cpp` and `authority_checker.hpp`.
//!
//! An authority here is threshold 1 over weight-1 entries: the account
//! permissions set with [`TestChain::set_permission`](crate::TestChain::set_permission)
//! plus one implicit key that the test wallet always holds. So a
//! transaction's own declared authorizations are always signed, and an
//! inline action's are satisfied only through `<sender>@eosio.code`, as
//! on chain.

use antelope_sdk::{name, Action, Name, PermissionLevel};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const OWNER: Name = name!("owner");
pub(crate) const ACTIVE: Name = name!("active");
pub(crate) const EOSIO_CODE: Name = name!("eosio.code");
pub(crate) const EOSIO_ANY: Name = name!("eosio.any");

/// `config::default_max_auth_depth`.
const MAX_AUTHORITY_DEPTH: u16 = 6;
/// `config::default_max_trx_delay` (45 days), in ms, as the unsatisfied
/// authorization message prints it.
const MAX_TRX_DELAY_MS: u64 = 45 * 24 * 3600 * 1000;

/// A permission of an account: its parent (none for `owner`) and the
/// account permissions in its authority.
#[derive(Clone, Debug)]
pub(crate) struct Permission {
    pub parent: Option<Name>,
    pub accounts: BTreeSet<PermissionLevel>,
}

/// Permissions and links of every account.
#[derive(Clone, Debug, Default)]
pub(crate) struct Authorities {
    pub permissions: BTreeMap<PermissionLevel, Permission>,
    /// (account, code, action) -> required permission; action `""` is the
    /// contract-wide default.
    pub links: BTreeMap<(Name, Name, Name), Name>,
}

/// `permission_level` as fc prints it in messages.
pub(crate) fn json(level: &PermissionLevel) -> String {
    format!(
        r#"{{"actor":"{}","permission":"{}"}}"#,
        level.actor, level.permission
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    BeingEvaluated,
    Unsatisfied,
    Satisfied,
}

impl Authorities {
    pub fn exists(&self, level: &PermissionLevel) -> bool {
        self.permissions.contains_key(level)
    }

    /// `lookup_linked_permission`: the link for the action, else the
    /// contract-wide link.
    fn linked_permission(&self, account: Name, code: Name, action: Name) -> Option<Name> {
        self.links
            .get(&(account, code, action))
            .or_else(|| self.links.get(&(account, code, Name::EMPTY)))
            .copied()
    }

    /// `lookup_minimum_permission`: `active` unless linked; `None` for
    /// `eosio.any` (any permission of the account will do).
    pub fn minimum_permission(&self, account: Name, code: Name, action: Name) -> Option<Name> {
        match self.linked_permission(account, code, action) {
            None => Some(ACTIVE),
            Some(p) if p == EOSIO_ANY => None,
            Some(p) => Some(p),
        }
    }

    /// `permission_object::satisfies`: `declared` is `min` or one of its
    /// ancestors (owner satisfies active and everything below it).
    pub fn satisfies(&self, declared: &PermissionLevel, min: &PermissionLevel) -> bool {
        if declared.actor != min.actor {
            return false;
        }
        let mut current = Some(min.permission);
        while let Some(p) = current {
            if p == declared.permission {
                return true;
            }
            current = self
                .permissions
                .get(&PermissionLevel::new(min.actor, p))
                .and_then(|perm| perm.parent);
        }
        false
    }

    /// `authority_checker::satisfied` for one permission level: provided
    /// permissions are satisfied outright, others through their
    /// authority's entries, recursively up to the authority depth.
    fn level_satisfied(
        &self,
        level: &PermissionLevel,
        cache: &mut BTreeMap<PermissionLevel, Status>,
        depth: u16,
        keys_provided: bool,
    ) -> bool {
        let any = PermissionLevel::new(level.actor, Name::EMPTY);
        if let Some(status) = cache.get(level).or_else(|| cache.get(&any)) {
            return *status == Status::Satisfied;
        }
        if depth >= MAX_AUTHORITY_DEPTH {
            return false;
        }
        let Some(permission) = self.permissions.get(level) else {
            return false;
        };
        cache.insert(*level, Status::BeingEvaluated);
        // Threshold 1, every entry weight 1: one satisfied account entry or
        // the key suffices. Accounts are visited first, as nodeos does at
        // equal weight.
        let ok = permission
            .accounts
            .iter()
            .any(|entry| self.level_satisfied(entry, cache, depth + 1, keys_provided))
            || keys_provided;
        cache.insert(
            *level,
            if ok {
                Status::Satisfied
            } else {
                Status::Unsatisfied
            },
        );
        ok
    }

    /// `authorization_manager::check_authorization` for `actions`, given
    /// the provided permissions and whether the signing keys are provided
    /// (always for a pushed transaction, never for an inline action).
    pub fn check_authorization(
        &self,
        actions: &[Action],
        provided: &[PermissionLevel],
        keys_provided: bool,
    ) -> Result<(), String> {
        let mut to_satisfy = BTreeSet::new();
        for act in actions {
            for declared in &act.authorization {
                if let Some(min) = self.minimum_permission(declared.actor, act.account, act.name) {
                    let min = PermissionLevel::new(declared.actor, min);
                    if !self.exists(&min) {
                        return Err(format!("Failed to retrieve permission: {}", json(&min)));
                    }
                    if !self.satisfies(declared, &min) {
                        return Err(format!(
                            "action declares irrelevant authority '{}'; minimum authority is {}",
                            json(declared),
                            json(&min)
                        ));
                    }
                }
                to_satisfy.insert(*declared);
            }
        }
        // Ascending (actor, permission) order, as nodeos checks them.
        for level in &to_satisfy {
            let mut cache: BTreeMap<PermissionLevel, Status> =
                provided.iter().map(|p| (*p, Status::Satisfied)).collect();
            if !self.level_satisfied(level, &mut cache, 0, keys_provided) {
                let provided: Vec<String> = provided.iter().map(json).collect();
                return Err(format!(
                    "transaction declares authority '{}', but does not have signatures for it under a \
                     provided delay of 0 ms, provided permissions [{}], provided keys [], and a delay \
                     max limit of {} ms",
                    json(level),
                    provided.join(","),
                    MAX_TRX_DELAY_MS
                ));
            }
        }
        Ok(())
    }
}
