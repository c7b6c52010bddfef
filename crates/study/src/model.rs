//! The study's world: a chain of producers ranked daily by votes, the
//! small producers the study follows, and the pool they may join.
//! [`Scenario::default`] is the setting `docs/why-pool.md` reports on.

use crate::expect::{rank_odds, Outages, RankOdds};
use pool_core::rewards::{self, Params as PoolParams};
use pool_emitter::sim::{MemberSpec, MAX_SLOTS};

/// Vote weight of the producer ranked first by base votes: the scale of
/// the integer votes (only ratios matter; this keeps rounding far below
/// any effect shown).
pub const VOTE_SCALE: f64 = 1e12;

/// One small producer the study follows.
#[derive(Clone, Debug, PartialEq)]
pub struct Producer {
    /// Its account (also its member name in the pool).
    pub name: String,
    /// Its place in the chain's ranking by base (mean) votes, 1 = first.
    pub base_rank: usize,
    /// Mean days between the starts of two outages of its node.
    pub mtbf_days: f64,
    /// Mean length of an outage, in hours.
    pub outage_hours: f64,
    /// Median latency of its blocks to the emitter (ms) and the sigma of
    /// its logarithm: they decide whose block the emitter takes, not the
    /// revenue (see the crate documentation).
    pub median_ms: f64,
    pub spread: f64,
}

/// The chain's rules for paying producers (FIO-style, see the crate
/// documentation) and its vote ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Chain {
    /// Registered producers, the study's included.
    pub producers: usize,
    /// Base votes of the producer at base rank `k` are `k^-zipf` (times
    /// [`VOTE_SCALE`]).
    pub zipf: f64,
    /// Sigma of a producer's log votes on any day (their stationary
    /// spread around the base).
    pub vote_sigma: f64,
    /// Day-to-day correlation of a producer's log votes (AR(1)).
    pub vote_rho: f64,
    /// The top `scheduled` by votes produce blocks that day.
    pub scheduled: usize,
    /// The top `paid` by votes get vote pay that day (FIO: 42).
    pub paid: usize,
    /// What the chain pays its producers per day, in units of the token.
    pub daily_budget: u64,
    /// The part of the budget paid by votes, in basis points (FIO: 60%);
    /// the rest is paid per block produced.
    pub vote_share_bps: u16,
    /// Production rounds per day: each scheduled producer has one turn
    /// of `blocks_per_turn` blocks per round (21 x 12 blocks of 0.5 s =
    /// 126 s; 686 rounds = 24 h 0 min 36 s).
    pub rounds_per_day: u64,
    pub blocks_per_turn: u64,
}

/// Everything a run depends on besides days, trials and seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub chain: Chain,
    pub members: Vec<Producer>,
    /// The pool's rewards parameters (pool.reward's defaults): its split
    /// of the pool's income among the members.
    pub pool: PoolParams,
    /// The emitter is the pool's single point of failure: while it is
    /// down, the pool produces nothing. Mean days between its outages and
    /// their mean length in hours.
    pub emitter_mtbf_days: f64,
    pub emitter_outage_hours: f64,
}

fn member(name: &str, rank: usize, mtbf: f64, hours: f64, ms: f64) -> Producer {
    Producer {
        name: name.to_string(),
        base_rank: rank,
        mtbf_days: mtbf,
        outage_hours: hours,
        median_ms: ms,
        spread: 0.6,
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            chain: Chain {
                producers: 68,
                zipf: 0.8,
                vote_sigma: 0.15,
                vote_rho: 0.9,
                scheduled: 21,
                paid: 42,
                daily_budget: 1_000_000_000,
                vote_share_bps: 6000,
                rounds_per_day: 686,
                blocks_per_turn: 12,
            },
            // Eight small producers on single, non-redundant nodes (seed
            // 001's "non-high availability infrastructures"): standbys
            // from just below the schedule (base rank 22) down to the edge
            // of the paid set (base rank 46).
            members: vec![
                member("prod1", 22, 30.0, 2.0, 80.0),
                member("prod2", 25, 20.0, 4.0, 100.0),
                member("prod3", 28, 45.0, 1.0, 120.0),
                member("prod4", 31, 15.0, 6.0, 150.0),
                member("prod5", 34, 25.0, 3.0, 90.0),
                member("prod11", 38, 10.0, 8.0, 200.0),
                member("prod12", 42, 30.0, 2.0, 130.0),
                member("prod13", 46, 20.0, 4.0, 250.0),
            ],
            pool: PoolParams::DEFAULT,
            emitter_mtbf_days: 90.0,
            emitter_outage_hours: 2.0,
        }
    }
}

impl Scenario {
    /// Checks every parameter; the message names the offending one.
    pub fn validate(&self, days: u64) -> Result<(), String> {
        let c = &self.chain;
        let m = self.members.len();
        if days < 30 {
            return Err("days must be at least 30 (one month)".into());
        }
        if c.rounds_per_day == 0 || c.blocks_per_turn == 0 {
            return Err("rounds_per_day and blocks_per_turn must be positive".into());
        }
        if days.saturating_mul(c.rounds_per_day) > MAX_SLOTS {
            return Err(format!(
                "days x rounds_per_day must be at most {MAX_SLOTS} (the emitter simulator's limit): at most {} days",
                MAX_SLOTS / c.rounds_per_day
            ));
        }
        if c.scheduled == 0 || c.scheduled > c.paid || c.paid > c.producers {
            return Err("need 1 <= scheduled <= paid <= producers".into());
        }
        if !(c.zipf.is_finite() && c.zipf >= 0.0 && c.zipf <= 3.0) {
            return Err("zipf must be in 0..=3".into());
        }
        if !(c.vote_sigma > 0.0 && c.vote_sigma <= 2.0) {
            return Err("vote sigma must be in (0, 2]".into());
        }
        if !(0.0..1.0).contains(&c.vote_rho) {
            return Err("vote rho must be in [0, 1)".into());
        }
        if c.daily_budget == 0 || c.daily_budget > 1 << 50 {
            return Err("daily budget must be in 1..=2^50".into());
        }
        if u64::from(c.vote_share_bps) > rewards::BPS_ONE {
            return Err("chain vote share must be at most 10000 bps".into());
        }
        if self.block_pay() == 0 && c.vote_share_bps < 10_000 {
            return Err("the block part of the budget is less than one unit per block".into());
        }
        rewards::check_params(&self.pool).map_err(|e| format!("pool parameters: {e}"))?;
        if m == 0 || m > usize::from(self.pool.paid) || m >= c.producers {
            return Err(format!(
                "1 to {} members (the pool's paid set), fewer than the chain's producers",
                self.pool.paid
            ));
        }
        let mut ranks: Vec<usize> = self.members.iter().map(|p| p.base_rank).collect();
        ranks.sort_unstable();
        ranks.dedup();
        if ranks.len() != m || ranks[0] == 0 || ranks[m - 1] > c.producers {
            return Err("members' base ranks must be distinct, in 1..=producers".into());
        }
        for p in &self.members {
            if !(p.mtbf_days.is_finite() && p.mtbf_days > 0.0) {
                return Err(format!("{}: mtbf must be positive", p.name));
            }
            if !(p.outage_hours.is_finite() && p.outage_hours > 0.0) {
                return Err(format!("{}: outage length must be positive", p.name));
            }
        }
        if !(self.emitter_mtbf_days > 0.0 && self.emitter_outage_hours > 0.0) {
            return Err("emitter mtbf and outage length must be positive".into());
        }
        // Names, latencies: the emitter simulator's own checks.
        pool_emitter::sim::SimConfig {
            start: START,
            slots: days * c.rounds_per_day,
            seed: 0,
            deadline_ms: DEADLINE_MS,
            late_policy: pool_emitter::sim::LatePolicy::Fallback,
            members: self.member_specs(),
        }
        .validate()
    }

    /// Base (mean) votes of every producer: the members first (in their
    /// order), then the others, who take the base ranks the members do not.
    pub fn base_votes(&self) -> Vec<u64> {
        let curve = |k: usize| (VOTE_SCALE * (k as f64).powf(-self.chain.zipf)).round() as u64;
        let mut v: Vec<u64> = self.members.iter().map(|p| curve(p.base_rank)).collect();
        let taken: Vec<usize> = self.members.iter().map(|p| p.base_rank).collect();
        v.extend(
            (1..=self.chain.producers)
                .filter(|k| !taken.contains(k))
                .map(curve),
        );
        v
    }

    /// The sum of the base votes: the chain's vote pay per unit of vote is
    /// `vote part / total` (see the crate documentation).
    pub fn total_votes(&self) -> u128 {
        self.base_votes().iter().map(|v| u128::from(*v)).sum()
    }

    /// The vote part of the chain's daily budget.
    pub fn vote_part(&self) -> u64 {
        rewards::bps_of(self.chain.daily_budget, self.chain.vote_share_bps)
    }

    /// The pay for one block produced: the block part of the budget over
    /// the blocks of a day's schedule, rounded down.
    pub fn block_pay(&self) -> u64 {
        let c = &self.chain;
        let blocks = c.scheduled as u64 * c.rounds_per_day * c.blocks_per_turn;
        (c.daily_budget - self.vote_part()) / blocks
    }

    /// A node's outage process per round (one step of the simulator).
    pub fn outages(&self, mtbf_days: f64, hours: f64) -> Outages {
        let rpd = self.chain.rounds_per_day as f64;
        Outages {
            start_prob: (1.0 / (mtbf_days * rpd)).min(1.0),
            mean_steps: (hours * rpd / 24.0).max(1.0),
        }
    }

    /// The members as the emitter simulator takes them: one simulated
    /// slot stands for the pool's turn in one round.
    pub fn member_specs(&self) -> Vec<MemberSpec> {
        self.members
            .iter()
            .map(|p| {
                let o = self.outages(p.mtbf_days, p.outage_hours);
                let mut s = MemberSpec::new(&p.name);
                s.median_ms = p.median_ms;
                s.spread = p.spread;
                s.outage_prob = o.start_prob;
                s.outage_mean_slots = o.mean_steps;
                s
            })
            .collect()
    }

    /// Member `j`'s odds in the daily ranking when every producer stands
    /// alone.
    pub fn alone_odds(&self, j: usize) -> RankOdds {
        rank_odds(
            &self.base_votes(),
            j,
            self.chain.vote_sigma,
            self.chain.scheduled,
            self.chain.paid,
        )
    }

    /// What member `j` alone earns in expectation on each day `0..days`
    /// (vote pay plus block pay; the transient of its outage process,
    /// which starts up, makes the first day slightly better).
    pub fn expected_alone(&self, j: usize, days: u64) -> Vec<f64> {
        let odds = self.alone_odds(j);
        let p = &self.members[j];
        let out = self.outages(p.mtbf_days, p.outage_hours);
        let vote_rate = self.vote_part() as f64 / self.total_votes() as f64;
        let vote_pay = vote_rate * odds.votes_if_paid;
        let per_turn = (self.block_pay() * self.chain.blocks_per_turn) as f64;
        let rpd = self.chain.rounds_per_day;
        (0..days)
            .map(|d| {
                let up = out.expected_up_steps(d * rpd, (d + 1) * rpd);
                vote_pay + per_turn * odds.scheduled * up
            })
            .collect()
    }
}

/// The first simulated round (any time on a slot boundary would do).
pub const START: pool_emitter::time::TimeMs = pool_emitter::time::TimeMs(1_767_225_600_000);

/// The emitter simulator's delivery deadline (its default). With the
/// "fallback" policy a late block is still emitted, so it only marks
/// blocks late and never changes the revenue.
pub const DEADLINE_MS: u64 = 300;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_is_valid() {
        let s = Scenario::default();
        assert_eq!(s.validate(365), Ok(()));
        assert_eq!(s.base_votes().len(), s.chain.producers);
    }

    #[test]
    fn base_votes_put_members_at_their_ranks() {
        let s = Scenario::default();
        let v = s.base_votes();
        for (j, p) in s.members.iter().enumerate() {
            let above = v.iter().filter(|x| **x > v[j]).count();
            assert_eq!(above + 1, p.base_rank, "{}", p.name);
        }
    }

    #[test]
    fn the_chain_budget_is_split_as_stated() {
        let s = Scenario::default();
        assert_eq!(s.vote_part(), 600_000_000);
        // 400,000,000 over 21 x 686 x 12 = 172,872 blocks: 2,313.8.
        assert_eq!(s.block_pay(), 2_313);
    }

    #[test]
    fn bad_parameters_are_named() {
        let d = Scenario::default();
        assert_eq!(
            d.validate(29),
            Err("days must be at least 30 (one month)".into())
        );
        assert_eq!(
            d.validate(8000),
            Err("days x rounds_per_day must be at most 5184000 (the emitter simulator's limit): at most 7556 days".into())
        );
        let mut s = d.clone();
        s.members[1].base_rank = s.members[0].base_rank;
        assert_eq!(
            s.validate(365),
            Err("members' base ranks must be distinct, in 1..=producers".into())
        );
        let mut s = d.clone();
        s.members[0].name = "Prod1".into();
        assert!(s.validate(365).unwrap_err().contains("bad account name"));
        let mut s = d.clone();
        s.pool.vote_share_bps = 10_001;
        assert_eq!(
            s.validate(365),
            Err("pool parameters: vote_share_bps must be at most 10000".into())
        );
        let mut s = d;
        s.chain.vote_sigma = 0.0;
        assert_eq!(s.validate(365), Err("vote sigma must be in (0, 2]".into()));
    }
}
