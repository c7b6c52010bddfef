//! # pool.charter
//!
//! The pool's constitution and its arbitration.
//!
//! - **Constitution**: governance publishes versions (`newversion`: the
//!   SHA-256 of the text and where to read it), numbered 1, 2, ... and
//!   never changed. Any account signs the latest version by quoting its
//!   hash (`sign`). After a new version, a member whose signature is of an
//!   older one keeps its rights for the grace period (`constparams`), then
//!   loses voting and claiming until it signs again
//!   (`pool_shared::charter::signature_counts`, which other contracts
//!   read). Registration needs a signature of the latest version.
//! - **Arbitrators**: appointed and removed by governance (`appoint`,
//!   `unappoint`).
//! - **Cases**: a member in good standing files a case against a member
//!   (`filecase`, paying the `filecase` fee and the row); an appointed
//!   arbitrator who is not a party takes it (`takecase`) and rules
//!   (`rule`): dismiss, warn, suspend N days, forfeit the respondent's
//!   unclaimed rewards, or expel. A party may appeal within the appeal
//!   window (`appeal`); governance decides the appeal (`decide`) and
//!   ratifies expulsions (`ratify`). Once final, anyone pushes `enforce`,
//!   which sends the ruling's inline action to the members contract
//!   (`setstatus`) or the rewards contract (`forfeit`).
//!
//! ## Case life cycle
//!
//! | status | moved by | to |
//! |---|---|---|
//! | filed (0) | an appointed arbitrator, not a party: `takecase` | taken |
//! | filed (0) | the claimant: `withdraw` | withdrawn |
//! | taken (1) | the arbitrator who took it: `rule` | ruled |
//! | taken (1) | another arbitrator, once the first was unappointed: `takecase` | taken |
//! | ruled (2) | a party, before `appeal_until`: `appeal` | appealed |
//! | ruled (2) | anyone, from `appeal_until`: `enforce` | enforced / closed |
//! | ruled (2), expel | governance, from `appeal_until`: `ratify` | ratified |
//! | appealed (3) | governance: `decide` | upheld / overturned |
//! | upheld (4) | anyone: `enforce` (not expel) | enforced / closed |
//! | upheld (4), expel | governance: `ratify` | ratified |
//! | ratified (5) | anyone: `enforce` | enforced |
//! | enforced (6), closed (7), overturned (8), withdrawn (9) | nobody | (terminal) |
//!
//! The rules themselves are `pool_core::cases::next`, property-tested.
//!
//! ## Invariants
//! - Versions are append-only: a version's number, hash, url and
//!   publication time never change, and no hash is published twice.
//! - A signature row always names an existing version and its hash.
//! - No case is enforced without a ruling, before its appeal window has
//!   passed unappealed or governance upheld it, and an expulsion not
//!   before governance ratified it; an overturned ruling is never
//!   enforced. Each case is enforced at most once.
//! - Every write of a case happens before the inline action it causes.
//! - RAM: signatures, cases, appeals and ruling reasons are paid by the
//!   account that signs the action creating them; a case row never grows
//!   after filing, so nobody else's action bills the claimant. The
//!   contract pays only for what its admin creates (configuration,
//!   versions, arbitrators): nothing anyone else can trigger makes it pay.
//! - Every loop is bounded: counting a claimant's waiting cases stops at
//!   `max_open_cases` (at most 100); no other action loops.
//!
//! ## Permissions
//! The contract sends inline actions only through `pool.charter@inline`
//! (child of `active`, holding only `pool.charter@eosio.code`), linked to
//! the members contract's `setstatus`, the fees contract's `charge` and,
//! once it exists, the rewards contract's `forfeit`.

#![no_std]

extern crate alloc;

pub mod actions;
pub mod errors;
pub mod rewards;
pub mod tables;

antelope_sdk::contract! {
    actions: [
        actions::setconfig,
        actions::newversion,
        actions::sign,
        actions::appoint,
        actions::unappoint,
        actions::filecase,
        actions::takecase,
        actions::rule,
        actions::appeal,
        actions::decide,
        actions::ratify,
        actions::enforce,
        actions::withdraw,
    ],
    notifications: [],
    tables: [
        tables::Config,
        pool_shared::charter::Version,
        pool_shared::charter::SignatureRow,
        pool_shared::charter::ConstitutionParams,
        tables::VersionHash,
        tables::Arbitrator,
        tables::Case,
        tables::RulingReason,
        tables::AppealRecord,
    ],
    ricardian: include_str!("../ricardian.md"),
}
