//! The actions. Each reads: authorization, then one check per
//! precondition, then the writes, then the inline actions (state is
//! written before anything is sent).

use crate::errors::*;
use crate::rewards::forfeit;
use crate::tables::{
    appeals, arbitrators, cases, claimant_key, config, rulings, verhashes, AppealRecord,
    Arbitrator, Case, Config, RulingReason, VersionHash, BY_CLAIMANT, BY_HASH,
};
use alloc::string::String;
use alloc::vec;
use antelope_sdk::{
    action, check, check_failed, check_some, current_time_point, is_account, name, require_auth,
    ActionData, Checksum256, Context, Name, PermissionLevel, SecondaryValue, TimePointSec,
    SAME_PAYER,
};
use pool_core::cases::{
    appeal_deadline, next, suspension_end, CaseStatus, Category, Event, Ruling,
};
use pool_core::constitution::{check_sign, next_version};
use pool_core::membership::{effective_status, Status};
use pool_shared::admin::{check_setconfig_admin, require_admin};
use pool_shared::charter::{
    latest_version, params, signatures, versions, ConstitutionParams, SignatureRow, Version,
};
use pool_shared::fees::charge_fee;
use pool_shared::INLINE_PERMISSION;

// ---- configuration --------------------------------------------------------

/// Admin: sets the configuration and the constitution's grace period.
/// `members` must exist; `governance`, `rewards` and `fees` are empty or
/// existing accounts. `appeal_window_sec` is 1 s to 365 days,
/// `max_open_cases` 1 to 100, `grace_period_sec` at most 365 days.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn setconfig(
    ctx: &Context,
    governance: Name,
    members: Name,
    rewards: Name,
    fees: Name,
    appeal_window_sec: u32,
    max_open_cases: u32,
    grace_period_sec: u32,
) {
    check_setconfig_admin(
        Some(current_governance(ctx.receiver)),
        governance,
        ctx.receiver,
    );
    check(is_account(members), MEMBERS_MISSING);
    check(empty_or_account(rewards), REWARDS_MISSING);
    check(empty_or_account(fees), FEES_MISSING);
    check(
        (1..=MAX_PERIOD_SEC).contains(&appeal_window_sec),
        BAD_APPEAL_WINDOW,
    );
    check(
        (1..=MAX_OPEN_CASES_LIMIT).contains(&max_open_cases),
        BAD_MAX_OPEN_CASES,
    );
    check(grace_period_sec <= MAX_PERIOD_SEC, BAD_GRACE_PERIOD);

    config(ctx.receiver).set(
        ctx.receiver,
        Config {
            governance,
            members,
            rewards,
            fees,
            appeal_window_sec,
            max_open_cases,
        },
    );
    params(ctx.receiver).set(ctx.receiver, ConstitutionParams { grace_period_sec });
}

// ---- the constitution -----------------------------------------------------

/// Admin: publishes the next constitution version (numbered 1, 2, ...)
/// with the SHA-256 of its text and where to read it. Versions are never
/// changed or removed; a hash already published is refused.
#[action]
pub fn newversion(ctx: &Context, hash: Checksum256, url: String) {
    require_admin(current_governance(ctx.receiver), ctx.receiver);
    check(hash != Checksum256::default(), EMPTY_HASH);
    check_url(&url, EMPTY_URL, URL_TOO_LONG);
    let index = verhashes(ctx.receiver);
    check(
        index
            .index(BY_HASH)
            .find(SecondaryValue::U256(hash.to_idx256()))
            .is_none(),
        VERSION_EXISTS,
    );
    let latest = latest_version(ctx.receiver).map(|v| v.version);
    let version = check_some(next_version(latest), TOO_MANY_VERSIONS);

    versions(ctx.receiver).emplace(
        ctx.receiver,
        Version {
            version,
            hash,
            url,
            published_at: now(),
        },
    );
    index.emplace(ctx.receiver, VersionHash { version, hash });
}

/// `account` signs the latest constitution version by quoting its hash
/// exactly; any account may sign (producers sign before they register).
/// The signature row is the signer's, and it pays for it.
#[action]
pub fn sign(ctx: &Context, account: Name, hash: Checksum256) {
    require_auth(account);
    let latest = latest_version(ctx.receiver);
    let table = signatures(ctx.receiver);
    let signed = table.find(account.raw()).map(|s| s.version);
    let version = match check_sign(
        latest.as_ref().map(|v| (v.version, &v.hash.0)),
        signed,
        &hash.0,
    ) {
        Ok(v) => v,
        Err(msg) => check_failed(msg),
    };

    table.upsert(
        account,
        SignatureRow {
            account,
            version,
            hash,
            signed_at: now(),
        },
    );
}

// ---- arbitrators ----------------------------------------------------------

/// Admin: appoints `arbitrator` (an existing account).
#[action]
pub fn appoint(ctx: &Context, arbitrator: Name) {
    require_admin(current_governance(ctx.receiver), ctx.receiver);
    check(is_account(arbitrator), ARBITRATOR_MISSING);
    let table = arbitrators(ctx.receiver);
    check(!table.contains(arbitrator.raw()), ALREADY_ARBITRATOR);
    table.emplace(
        ctx.receiver,
        Arbitrator {
            account: arbitrator,
            appointed_at: now(),
        },
    );
}

/// Admin: removes `arbitrator`. It can no longer take or rule on cases; a
/// case it had taken can be taken by another arbitrator.
#[action]
pub fn unappoint(ctx: &Context, arbitrator: Name) {
    require_admin(current_governance(ctx.receiver), ctx.receiver);
    let table = arbitrators(ctx.receiver);
    let row = table.get(arbitrator.raw(), NOT_ARBITRATOR);
    table.erase(row);
}

// ---- cases ----------------------------------------------------------------

/// `claimant` files a case against `respondent`; the claimant pays the
/// case row and the `filecase` fee. The claimant must be a member in good
/// standing, the respondent a registered member not expelled (a resigned
/// member can still answer for what it did). A metric dispute cites an
/// emitter report (`report_emitter`, `report_seq`); other categories cite
/// none.
#[action]
#[allow(clippy::too_many_arguments)]
pub fn filecase(
    ctx: &Context,
    claimant: Name,
    respondent: Name,
    category: u8,
    summary_url: String,
    summary_hash: Checksum256,
    report_emitter: Name,
    report_seq: u64,
) {
    require_auth(claimant);
    let cfg = get_config(ctx.receiver);
    check(claimant != respondent, SAME_PARTIES);
    let category = ok_or_fail(Category::from_u8(category));
    check_url(&summary_url, EMPTY_SUMMARY_URL, SUMMARY_URL_TOO_LONG);
    check(summary_hash != Checksum256::default(), EMPTY_SUMMARY_HASH);
    ok_or_fail(category.check_report(report_emitter.raw(), report_seq));
    if report_emitter != Name::EMPTY {
        check(is_account(report_emitter), EMITTER_MISSING);
    }
    let now = now();
    check(
        pool_members::views::in_good_standing(cfg.members, claimant, now.secs()),
        CLAIMANT_NOT_IN_GOOD_STANDING,
    );
    let respondent_row = check_some(
        pool_members::views::member(cfg.members, respondent),
        RESPONDENT_NOT_MEMBER,
    );
    check(
        respondent_row.status != Status::Expelled.as_u8(),
        RESPONDENT_EXPELLED,
    );
    let table = cases(ctx.receiver);
    check(
        waiting_cases(ctx.receiver, claimant, cfg.max_open_cases) < cfg.max_open_cases,
        TOO_MANY_OPEN_CASES,
    );

    // Ids are never reused: cases are never erased.
    let id = table.rev_iter().next().map_or(1, |last| last.id + 1);
    table.emplace(
        claimant,
        Case {
            id,
            claimant,
            respondent,
            category: category.code(),
            summary_url,
            summary_hash,
            report_emitter,
            report_seq,
            status: CaseStatus::Filed.code(),
            arbitrator: Name::EMPTY,
            ruling: 0,
            suspend_days: 0,
            filed_at: now,
            taken_at: TimePointSec::default(),
            ruled_at: TimePointSec::default(),
            appeal_until: TimePointSec::default(),
            closed_at: TimePointSec::default(),
        },
    );
    charge_fee(cfg.fees, ctx.receiver, claimant, name!("filecase"));
}

/// An appointed arbitrator who is not a party takes a filed case (or a
/// case whose arbitrator has been removed since).
#[action]
pub fn takecase(ctx: &Context, arbitrator: Name, case_id: u64) {
    require_auth(arbitrator);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let arbs = arbitrators(ctx.receiver);
    let current_appointed = case.arbitrator != Name::EMPTY && arbs.contains(case.arbitrator.raw());
    let to = transition(
        &case,
        Event::Take {
            arbitrator: arbitrator.raw(),
            appointed: arbs.contains(arbitrator.raw()),
            current_appointed,
        },
    );

    let now = now();
    table.modify(&mut case, SAME_PAYER, |c| {
        c.status = to.code();
        c.arbitrator = arbitrator;
        c.taken_at = now;
    });
}

/// The arbitrator who took the case rules: `ruling` 0 dismiss, 1 warn,
/// 2 suspend (`suspend_days` 1 to 3650; 0 for every other ruling),
/// 3 forfeit, 4 expel. The appeal window opens; the arbitrator pays for
/// the row holding `reason_url`.
#[action]
pub fn rule(
    ctx: &Context,
    arbitrator: Name,
    case_id: u64,
    ruling: u8,
    suspend_days: u16,
    reason_url: String,
) {
    require_auth(arbitrator);
    let ruling = ok_or_fail(Ruling::from_parts(ruling, suspend_days));
    check_url(&reason_url, EMPTY_REASON_URL, REASON_URL_TOO_LONG);
    let cfg = get_config(ctx.receiver);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let to = transition(
        &case,
        Event::Rule {
            arbitrator: arbitrator.raw(),
            appointed: arbitrators(ctx.receiver).contains(arbitrator.raw()),
            ruling,
        },
    );

    let now = now();
    let until = appeal_deadline(now.secs(), cfg.appeal_window_sec);
    table.modify(&mut case, SAME_PAYER, |c| {
        c.status = to.code();
        c.ruling = ruling.code();
        c.suspend_days = ruling.days();
        c.ruled_at = now;
        c.appeal_until = TimePointSec::from_secs(until);
    });
    rulings(ctx.receiver).emplace(
        arbitrator,
        RulingReason {
            case_id,
            arbitrator,
            reason_url,
        },
    );
}

/// A party appeals the ruling before the window closes; governance decides
/// (`decide`). At most one appeal per case; the appellant pays for its row.
#[action]
pub fn appeal(ctx: &Context, party: Name, case_id: u64, reason_url: String) {
    require_auth(party);
    check_url(&reason_url, EMPTY_REASON_URL, REASON_URL_TOO_LONG);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let now = now();
    let to = transition(
        &case,
        Event::Appeal {
            by: party.raw(),
            now: now.secs(),
        },
    );

    table.modify(&mut case, SAME_PAYER, |c| c.status = to.code());
    appeals(ctx.receiver).emplace(
        party,
        AppealRecord {
            case_id,
            appellant: party,
            reason_url,
            appealed_at: now,
        },
    );
}

/// Admin (a governance proposal): decides an appeal. Upheld, the ruling is
/// final; overturned, the case ends and nothing is enforced.
#[action]
pub fn decide(ctx: &Context, case_id: u64, uphold: bool) {
    require_admin(current_governance(ctx.receiver), ctx.receiver);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let to = transition(&case, Event::Decide { uphold });

    let now = now();
    table.modify(&mut case, SAME_PAYER, |c| {
        c.status = to.code();
        if to.is_terminal() {
            c.closed_at = now;
        }
    });
}

/// Admin: ratifies a final expel ruling, which can then be enforced.
#[action]
pub fn ratify(ctx: &Context, case_id: u64) {
    require_admin(current_governance(ctx.receiver), ctx.receiver);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let to = transition(&case, Event::Ratify { now: now().secs() });

    table.modify(&mut case, SAME_PAYER, |c| c.status = to.code());
}

/// Anyone: makes a final ruling take effect. Suspend: the members contract
/// suspends the respondent for the ruled days from now (unless it is not
/// an active or suspended member any more, or already suspended longer).
/// Expel (ratified): the members contract expels the respondent (unless it
/// already is). Forfeit: the rewards contract's `forfeit`, when one is
/// configured. Dismiss and warn: the case closes, nothing is sent.
#[action]
pub fn enforce(ctx: &Context, case_id: u64) {
    let cfg = get_config(ctx.receiver);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let now = now();
    let to = transition(&case, Event::Enforce { now: now.secs() });
    let ruling = check_some(case.case_ruling(), NO_RULING);
    // Computed before the writes so that a failure changes nothing.
    let suspend_until = match ruling {
        Ruling::Suspend { days } => Some(TimePointSec::from_secs(check_some(
            suspension_end(now.secs(), days),
            SUSPENSION_OUT_OF_RANGE,
        ))),
        _ => None,
    };

    table.modify(&mut case, SAME_PAYER, |c| {
        c.status = to.code();
        c.closed_at = now;
    });

    let respondent = case.respondent;
    let member = pool_members::views::member(cfg.members, respondent);
    let inline = vec![PermissionLevel::new(ctx.receiver, INLINE_PERMISSION)];
    match ruling {
        Ruling::Suspend { .. } => {
            let (Some(m), Some(until)) = (member, suspend_until) else {
                return;
            };
            let status = effective_status(m.stored_status(), m.suspended_until.secs(), now.secs());
            let applies = match status {
                Status::Active => true,
                // Suspensions do not add up; a shorter one never cuts a
                // longer one short.
                Status::Suspended => m.suspended_until < until,
                _ => false,
            };
            if applies {
                set_status(&cfg, respondent, Status::Suspended, until, case_id, inline);
            }
        }
        Ruling::Expel => {
            if member.is_some_and(|m| m.stored_status() != Status::Expelled) {
                set_status(
                    &cfg,
                    respondent,
                    Status::Expelled,
                    TimePointSec::default(),
                    case_id,
                    inline,
                );
            }
        }
        Ruling::Forfeit => {
            if cfg.rewards != Name::EMPTY {
                forfeit { member: respondent }.send(cfg.rewards, inline);
            }
        }
        Ruling::Dismiss | Ruling::Warn => {}
    }
}

/// The claimant withdraws its case before an arbitrator takes it.
#[action]
pub fn withdraw(ctx: &Context, claimant: Name, case_id: u64) {
    require_auth(claimant);
    let table = cases(ctx.receiver);
    let mut case = table.get(case_id, NO_CASE);
    let to = transition(&case, Event::Withdraw { by: claimant.raw() });

    let now = now();
    table.modify(&mut case, SAME_PAYER, |c| {
        c.status = to.code();
        c.closed_at = now;
    });
}

// ---- helpers --------------------------------------------------------------

fn now() -> TimePointSec {
    current_time_point().to_sec()
}

fn get_config(receiver: Name) -> Config {
    config(receiver).get_or_fail(NOT_CONFIGURED)
}

/// The governance account, empty before the contract is configured.
fn current_governance(receiver: Name) -> Name {
    config(receiver).get().map_or(Name::EMPTY, |c| c.governance)
}

fn empty_or_account(account: Name) -> bool {
    account == Name::EMPTY || is_account(account)
}

fn check_url(url: &str, empty: &str, too_long: &str) {
    check(!url.is_empty(), empty);
    check(url.len() <= MAX_URL_BYTES, too_long);
}

fn ok_or_fail<T>(result: Result<T, &'static str>) -> T {
    match result {
        Ok(v) => v,
        Err(msg) => check_failed(msg),
    }
}

/// The status `event` moves `case` to, or the action fails with the life
/// cycle's message.
fn transition(case: &Case, event: Event) -> CaseStatus {
    let status = check_some(case.case_status(), BAD_CASE_STATUS);
    ok_or_fail(next(status, &case.facts(), &event))
}

/// How many of `claimant`'s cases wait for a ruling (filed or taken),
/// counting at most `limit`: a walk over the `byclaimant` index bounded by
/// the configured limit.
fn waiting_cases(receiver: Name, claimant: Name, limit: u32) -> u32 {
    let first = claimant_key(claimant, CaseStatus::Filed.code());
    let end = claimant_key(claimant, CaseStatus::Ruled.code());
    let mut count = 0;
    for row in cases(receiver)
        .index(BY_CLAIMANT)
        .lower_bound(SecondaryValue::U128(first))
    {
        if count >= limit || claimant_key(row.claimant, row.status) >= end {
            break;
        }
        count += 1;
    }
    count
}

/// Sends the members contract's `setstatus` for a ruling of case
/// `case_id`, with the reason `case <id>`.
fn set_status(
    cfg: &Config,
    account: Name,
    status: Status,
    until: TimePointSec,
    case_id: u64,
    auth: alloc::vec::Vec<PermissionLevel>,
) {
    pool_members::actions::setstatus {
        account,
        status: status.as_u8(),
        until,
        reason: case_reason(case_id),
    }
    .send(cfg.members, auth);
}

/// `case <id>` without `core::fmt` (which would add kilobytes to the wasm).
fn case_reason(id: u64) -> String {
    let mut digits = [0u8; 20];
    let mut n = id;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut s = String::from("case ");
    for d in digits.get(i..).unwrap_or_default() {
        s.push(*d as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::case_reason;

    #[test]
    fn case_reason_writes_the_id_in_decimal() {
        assert_eq!(case_reason(0), "case 0");
        assert_eq!(case_reason(7), "case 7");
        assert_eq!(case_reason(1234567890), "case 1234567890");
        assert_eq!(case_reason(u64::MAX), "case 18446744073709551615");
    }
}
