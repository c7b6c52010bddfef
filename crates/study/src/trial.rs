//! One trial: the same days lived twice by the same producers, once each
//! on its own account ("alone") and once as members of the pool.
//!
//! Both worlds share every random draw (common random numbers): the same
//! votes of every producer, the same outages of every node. The
//! difference between them is the pool and nothing else.
//!
//! Per day:
//! 1. Votes move ([`Votes`]).
//! 2. The day's rounds are played by the emitter simulator
//!    (`pool_emitter::sim`) with the members as its members: one simulated
//!    slot is the pool's 12-block turn in one round. A member that
//!    proposed in a round was up; that is also when its own node,
//!    alone, would have produced its turn. The emitter emits the first
//!    block delivered, so the pool produces its turn when any member is up
//!    and the emitter itself is up (its own outage process).
//! 3. Alone, member `j` is paid by the chain: vote pay if it ranks in the
//!    top `paid` by votes, and block pay for each block of its turns in
//!    the rounds it was up if it ranks in the top `scheduled`.
//! 4. In the pool, the pool's account carries the members' summed votes
//!    and is paid by the chain the same way for its own rank and turns.
//!    That income goes through pool.reward's rules (`pool_core::rewards`):
//!    infrastructure share, the day's pool, the payout snapshot (paid set
//!    by votes, scheduled set by availability from the emitter's counts
//!    via `pool_core::metrics`, the minimum waived on a day the emitter
//!    observed nothing) and the 60/40 split, remainders carried to the
//!    next day. Members claim every allocation in time.

use crate::model::{Scenario, DEADLINE_MS, START};
use crate::votes::{rank, rank_against, Votes};
use pool_core::metrics::{availability_bps, DayTotals};
use pool_core::rewards::{self, Ledger};
use pool_emitter::rng::{self, SplitMix64, Xoshiro256};
use pool_emitter::sim::{LatePolicy, SimConfig};

/// What one trial paid, in units of the token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trial {
    /// `alone[j][d]`: member `j`'s revenue on day `d` on its own account.
    pub alone: Vec<Vec<u64>>,
    /// `pool[j][d]`: member `j`'s allocation from the pool for day `d`.
    pub pool: Vec<Vec<u64>>,
    /// Days member `j` alone was in the schedule.
    pub alone_scheduled_days: Vec<u64>,
    /// Days member `j` alone was outside the paid set (no vote pay).
    pub alone_unpaid_days: Vec<u64>,
    /// Days the pool was in the schedule.
    pub pool_scheduled_days: u64,
    /// Rounds in which the pool's turn produced its blocks, and rounds in
    /// which it was scheduled.
    pub pool_turns_produced: u64,
    pub pool_turns_scheduled: u64,
    /// Member-days on which a member missed the availability minimum (and
    /// so the scheduled share).
    pub missed_minimum: u64,
    /// What the chain paid the members alone, by votes and for blocks
    /// (all members, all days).
    pub alone_vote_pay: u64,
    pub alone_block_pay: u64,
    /// What the chain paid the pool, by votes and for blocks.
    pub pool_vote_pay: u64,
    pub pool_block_pay: u64,
    /// Everything the chain paid the pool (the sum of the two).
    pub pool_income: u64,
    /// The infrastructure share set aside from it.
    pub pool_infra: u64,
    /// The pool left open after the last day (carried remainders).
    pub pool_carried: u64,
}

impl Trial {
    /// Everything the members were allocated.
    pub fn pool_paid(&self) -> u64 {
        self.pool.iter().flatten().sum()
    }
}

/// Streams of randomness, kept apart so that one purpose's draws never
/// shift another's.
const VOTES: u64 = 0x766f_7465;
const EMIT: u64 = 0x656d_6974;
const EMITTER_DOWN: u64 = 0x646f_776e;

/// The seed of one purpose in one trial.
pub fn trial_seed(seed: u64, trial: u64, purpose: u64) -> u64 {
    let base = SplitMix64::new(seed ^ purpose.rotate_left(29)).next_u64();
    SplitMix64::new(base.wrapping_add(trial)).next_u64()
}

/// The emitter's own up/down process, the same two-state process as a
/// member node's in the simulator.
struct Emitter {
    rng: Xoshiro256,
    start_prob: f64,
    mean_steps: f64,
    down_left: u64,
}

impl Emitter {
    /// Whether the emitter is up in the next round.
    fn step(&mut self) -> bool {
        if self.down_left == 0 && self.rng.bernoulli(self.start_prob) {
            self.down_left = self.rng.geometric(self.mean_steps);
        }
        if self.down_left > 0 {
            self.down_left -= 1;
            return false;
        }
        true
    }
}

fn overflow(e: &str) -> String {
    format!("pool books: {e}")
}

/// Plays trial `trial` of `days` days. Deterministic in `(scenario, days,
/// seed, trial)`.
pub fn run(sc: &Scenario, days: u64, seed: u64, trial: u64) -> Result<Trial, String> {
    sc.validate(days)?;
    let c = &sc.chain;
    let m = sc.members.len();
    let rpd = c.rounds_per_day;
    let base = sc.base_votes();
    let total_votes = sc.total_votes();
    let vote_part = u128::from(sc.vote_part());
    let turn_pay = sc.block_pay() * c.blocks_per_turn;
    let vote_pay = |v: u64| -> u64 {
        // vote_part x v < 2^50 x 2^64; the quotient is at most vote_part
        // for v <= total.
        (vote_part * u128::from(v) / total_votes) as u64
    };
    let mut votes = Votes::new(
        &base,
        c.vote_sigma,
        c.vote_rho,
        trial_seed(seed, trial, VOTES),
    );
    let mut rounds = SimConfig {
        start: START,
        slots: days * rpd,
        seed: trial_seed(seed, trial, EMIT),
        deadline_ms: DEADLINE_MS,
        late_policy: LatePolicy::Fallback,
        members: sc.member_specs(),
    }
    .run()?;
    let eo = sc.outages(sc.emitter_mtbf_days, sc.emitter_outage_hours);
    let mut emitter = Emitter {
        rng: rng::stream(trial_seed(seed, trial, EMITTER_DOWN), 0),
        start_prob: eo.start_prob,
        mean_steps: eo.mean_steps,
        down_left: 0,
    };
    let ids: Vec<u64> = sc
        .members
        .iter()
        .map(|p| pool_emitter::name::value(&p.name))
        .collect::<Result<_, _>>()?;
    let mut t = Trial {
        alone: vec![Vec::with_capacity(days as usize); m],
        pool: vec![Vec::with_capacity(days as usize); m],
        alone_scheduled_days: vec![0; m],
        alone_unpaid_days: vec![0; m],
        ..Trial::default()
    };
    let mut ledger = Ledger::new(0);
    let mut ends = rewards::empty_schedule();
    let p = &sc.pool;
    for day in 0..days {
        if day > 0 {
            votes.advance();
        }
        let v = votes.today();
        // The day's rounds.
        let mut up = vec![0u64; m]; // rounds each member's node was up
        let mut proposed = vec![0u64; m]; // ... and the emitter saw it
        let mut observed = 0u64; // rounds the emitter was up
        let mut emitted = 0u64; // rounds the pool's turn was produced
        let mut day_totals = DayTotals::default();
        for _ in 0..rpd {
            let ev = rounds.next().ok_or("the simulator ended early")?;
            let emitter_up = emitter.step();
            for prop in &ev.proposals {
                let j = sc
                    .members
                    .iter()
                    .position(|p| p.name == prop.member)
                    .ok_or("the simulator named an unknown member")?;
                up[j] += 1;
                proposed[j] += u64::from(emitter_up);
            }
            if emitter_up {
                observed += 1;
                emitted += u64::from(ev.selected.is_some());
            }
            // One observed window per round: with entries when the
            // emitter was up, empty (its outage) when not.
            day_totals = day_totals
                .add_window(1, if emitter_up { m } else { 0 })
                .ok_or("day totals overflow")?;
        }

        // Alone: each member on its own account.
        for j in 0..m {
            let r = rank(v, j);
            let by_votes = if r <= c.paid { vote_pay(v[j]) } else { 0 };
            let for_blocks = if r <= c.scheduled {
                turn_pay * up[j]
            } else {
                0
            };
            t.alone_unpaid_days[j] += u64::from(r > c.paid);
            t.alone_scheduled_days[j] += u64::from(r <= c.scheduled);
            t.alone_vote_pay += by_votes;
            t.alone_block_pay += for_blocks;
            t.alone[j].push(by_votes + for_blocks);
        }

        // In the pool: the pool's account stands where the members stood.
        let pool_votes: u64 = v[..m].iter().sum();
        let r = rank_against(&v[m..], pool_votes);
        let by_votes = if r <= c.paid { vote_pay(pool_votes) } else { 0 };
        let for_blocks = if r <= c.scheduled {
            turn_pay * emitted
        } else {
            0
        };
        if r <= c.scheduled {
            t.pool_scheduled_days += 1;
            t.pool_turns_produced += emitted;
            t.pool_turns_scheduled += rpd;
        }
        let income = by_votes + for_blocks;
        t.pool_vote_pay += by_votes;
        t.pool_block_pay += for_blocks;
        t.pool_income += income;
        let booked = rewards::book_income(income, false, p.infra_share_bps).map_err(overflow)?;
        ledger.credit(&mut ends, &booked).map_err(overflow)?;

        // The payout snapshot: members ranked by their votes (ties: the
        // higher account first, as pool.member ranks), all in good standing.
        let mut ranked: Vec<(u64, u64)> = ids.iter().zip(v).map(|(id, v)| (*id, *v)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        let paid_set = rewards::select_paid(&ranked, usize::from(p.paid), |_| true);
        let waived = !day_totals.has_observed_window();
        let index = |acct: u64| ids.iter().position(|id| *id == acct).expect("a member");
        let scheduled = rewards::select_scheduled(&paid_set, usize::from(p.scheduled), |acct| {
            let j = index(acct);
            let availability = (observed > 0).then(|| availability_bps(proposed[j], observed));
            let meets = rewards::meets_availability(availability, p.min_availability_bps, waived);
            t.missed_minimum += u64::from(!meets);
            meets
        });
        let member_votes: Vec<u64> = paid_set.iter().map(|(_, v)| *v).collect();
        let split = rewards::split(ledger.pool, p.vote_share_bps, &member_votes, &scheduled)
            .map_err(overflow)?;
        ledger
            .close_day(&mut ends, split.allocated())
            .map_err(overflow)?;
        ledger.pay_out(split.allocated()).map_err(overflow)?;
        let mut today = vec![0u64; m];
        for ((acct, _), amount) in paid_set.iter().zip(&split.amounts) {
            today[index(*acct)] = *amount;
        }
        for (j, amount) in today.into_iter().enumerate() {
            t.pool[j].push(amount);
        }
    }
    t.pool_infra = ledger.infra;
    t.pool_carried = ledger.pool;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;

    /// A small, fast scenario (short days) for the tests.
    fn small() -> Scenario {
        let mut s = Scenario::default();
        s.chain.rounds_per_day = 48;
        // Outages that matter at this scale: a few rounds long, often.
        for p in &mut s.members {
            p.mtbf_days = 3.0;
            p.outage_hours = 2.0;
        }
        s.emitter_mtbf_days = 5.0;
        s
    }

    #[test]
    fn the_pool_pays_out_exactly_what_it_earned() {
        let s = small();
        for trial in 0..3 {
            let t = run(&s, 60, 5, trial).unwrap();
            assert!(t.pool_income > 0);
            assert_eq!(t.pool_income, t.pool_vote_pay + t.pool_block_pay);
            let alone: u64 = t.alone.iter().flatten().sum();
            assert_eq!(alone, t.alone_vote_pay + t.alone_block_pay);
            // Every unit the chain paid the pool is a member's allocation,
            // the infrastructure share, or carried in the open pool.
            assert_eq!(
                t.pool_paid() + t.pool_infra + t.pool_carried,
                t.pool_income,
                "trial {trial}"
            );
            // The infrastructure share is 5% of each day's income, rounded
            // down each day.
            assert!(t.pool_infra <= t.pool_income / 20);
            assert!(t.pool_infra + 60 > t.pool_income / 20);
        }
    }

    #[test]
    fn a_trial_replays_from_its_seed() {
        let s = small();
        let a = run(&s, 30, 9, 2).unwrap();
        assert_eq!(a, run(&s, 30, 9, 2).unwrap());
        assert_ne!(a, run(&s, 30, 9, 3).unwrap());
        assert_ne!(a, run(&s, 30, 10, 2).unwrap());
    }

    #[test]
    fn alone_pay_follows_the_chain_rules() {
        // A member ranked first by far is always scheduled and paid: it
        // earns vote pay on its votes plus 12 blocks per round it was up.
        let mut s = small();
        s.members[0].base_rank = 1;
        s.chain.vote_sigma = 0.01;
        let t = run(&s, 30, 1, 0).unwrap();
        assert_eq!(t.alone_scheduled_days[0], 30);
        assert_eq!(t.alone_unpaid_days[0], 0);
        let min_vote_pay = s.vote_part() as f64 * 0.9 / s.total_votes() as f64 * 1e12;
        let max_day = min_vote_pay / 0.9 * 1.2 + (s.block_pay() * 12 * 48) as f64;
        for d in &t.alone[0] {
            assert!((*d as f64) > min_vote_pay && (*d as f64) < max_day, "{d}");
        }
    }

    #[test]
    fn the_pool_loses_its_turns_only_while_the_emitter_or_every_member_is_down() {
        // No emitter outage to speak of, and members that are never down:
        // every scheduled turn is produced.
        let mut s = small();
        s.emitter_mtbf_days = 1e12;
        for p in &mut s.members {
            p.mtbf_days = 1e12;
        }
        let t = run(&s, 30, 3, 0).unwrap();
        assert!(t.pool_turns_scheduled > 0);
        assert_eq!(t.pool_turns_produced, t.pool_turns_scheduled);
        assert_eq!(t.missed_minimum, 0);
        // An emitter that is down half the time loses about half.
        s.emitter_mtbf_days = 0.2;
        s.emitter_outage_hours = 4.8;
        let t = run(&s, 30, 3, 0).unwrap();
        let share = t.pool_turns_produced as f64 / t.pool_turns_scheduled as f64;
        assert!(share > 0.3 && share < 0.7, "{share}");
    }
}
