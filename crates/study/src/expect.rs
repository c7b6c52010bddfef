//! What a producer alone earns **in expectation**: the denominator of the
//! normalized revenue (the seed's `R / E[R]`).
//!
//! Everything here is computed from the model's definition, not estimated
//! from the simulation, so that "normalized revenue has mean 1 alone" is
//! something the simulation can get wrong (and a test checks that it does
//! not):
//!
//! - votes on any day follow their stationary law: `ln v = ln b + sigma Z -
//!   sigma^2 / 2` with `Z` standard normal, independently per producer
//!   ([`crate::votes`]); so the chance of ranking in the top `k` and the
//!   mean of `v` over the days ranked there are one-dimensional integrals
//!   over the producer's own votes of the Poisson-binomial count of others
//!   above them ([`rank_odds`]);
//! - a node's outages are the emitter simulator's two-state process
//!   (`pool_emitter::sim`), which starts up: the chance it is down at step
//!   `k` is `pi (1 - lambda^(k + 1))` ([`down_probability`]).

/// The standard normal cumulative distribution function, to about 1e-14
/// absolute.
///
/// Series `Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3 5) + ...)`, whose
/// terms are all of one sign (no cancellation inside the sum). Beyond
/// |x| = 9 the result is within 1e-18 of 0 or 1.
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= -9.0 {
        return 0.0;
    }
    if x >= 9.0 {
        return 1.0;
    }
    let mut term = x;
    let mut sum = x;
    let x2 = x * x;
    let mut n = 1.0;
    // The terms grow until 2n + 1 > x^2 (at most ~81), then fall fast.
    while term.abs() > 1e-17 * sum.abs() {
        n += 2.0;
        term *= x2 / n;
        sum += term;
    }
    let density = (-0.5 * x2).exp() / (2.0 * std::f64::consts::PI).sqrt();
    (0.5 + density * sum).clamp(0.0, 1.0)
}

/// `P(at most k of the events happen)` for independent events with the
/// given probabilities (the Poisson-binomial distribution), by dynamic
/// programming over the count, truncated above `k`.
pub fn at_most(probs: &[f64], k: usize) -> f64 {
    // dist[c] = P(exactly c of the events so far), for c <= k.
    let mut dist = vec![0.0; k + 1];
    dist[0] = 1.0;
    for &p in probs {
        for c in (0..=k).rev() {
            let stay = dist[c] * (1.0 - p);
            let from_below = if c > 0 { dist[c - 1] * p } else { 0.0 };
            dist[c] = stay + from_below;
        }
    }
    dist.iter().sum()
}

/// A producer's chances in the daily vote ranking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankOdds {
    /// `P(rank <= scheduled)`: the producer is in the schedule that day.
    pub scheduled: f64,
    /// `P(rank <= paid)`: the producer gets vote pay that day.
    pub paid: f64,
    /// `E[v 1{rank <= paid}]`: the mean votes the vote pay is computed on
    /// (zero on days out of the paid set).
    pub votes_if_paid: f64,
}

/// Points of the integration grid over the producer's standard normal
/// vote shock `y` in `[-GRID_HALF_WIDTH, GRID_HALF_WIDTH]`.
const GRID_INTERVALS: usize = 2000;
const GRID_HALF_WIDTH: f64 = 9.0;

/// The odds of producer `j` among producers with base (mean) votes `base`,
/// all with log-normal vote noise of sigma `sigma` (see the module
/// documentation): composite Simpson's rule on the producer's own shock,
/// with the Poisson-binomial count of the others above it.
pub fn rank_odds(base: &[u64], j: usize, sigma: f64, scheduled: usize, paid: usize) -> RankOdds {
    assert!(sigma > 0.0 && j < base.len() && scheduled >= 1 && paid >= scheduled);
    let shift = sigma * sigma / 2.0;
    let own = (base[j] as f64).ln();
    let others: Vec<f64> = base
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != j)
        .map(|(_, b)| (*b as f64).ln())
        .collect();
    let h = 2.0 * GRID_HALF_WIDTH / GRID_INTERVALS as f64;
    let mut probs = vec![0.0; others.len()];
    let (mut s, mut p, mut vp) = (0.0, 0.0, 0.0);
    for i in 0..=GRID_INTERVALS {
        let y = -GRID_HALF_WIDTH + h * i as f64;
        let ln_v = own + sigma * y - shift;
        // Another producer is above v when its own shock exceeds
        // (ln v - ln b_k + shift) / sigma.
        for (q, ln_b) in probs.iter_mut().zip(&others) {
            *q = 1.0 - normal_cdf((ln_v - ln_b + shift) / sigma);
        }
        let in_scheduled = at_most(&probs, scheduled - 1);
        let in_paid = at_most(&probs, paid - 1);
        let weight = if i == 0 || i == GRID_INTERVALS {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let density = (-0.5 * y * y).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let w = weight * density * h / 3.0;
        s += w * in_scheduled;
        p += w * in_paid;
        vp += w * in_paid * ln_v.exp();
    }
    RankOdds {
        scheduled: s,
        paid: p,
        votes_if_paid: vp,
    }
}

/// The emitter simulator's outage process for one node, per step: an up
/// node starts an outage with probability `start_prob` (the outage
/// includes that step), an outage lasts a geometric number of steps of
/// mean `mean_steps`. It is a two-state Markov chain; from "up" before
/// step 0, `P(down at step k) = pi (1 - lambda^(k + 1))` with `lambda =
/// (1 - p)(1 - q)`, `q = 1 / mean_steps` and the long-run share of down
/// steps `pi = p / (1 - lambda)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outages {
    pub start_prob: f64,
    pub mean_steps: f64,
}

impl Outages {
    fn lambda(&self) -> f64 {
        let q = 1.0 / self.mean_steps.max(1.0);
        (1.0 - self.start_prob) * (1.0 - q)
    }

    /// The long-run share of steps down.
    pub fn down_share(&self) -> f64 {
        if self.start_prob <= 0.0 {
            return 0.0;
        }
        self.start_prob / (1.0 - self.lambda())
    }

    /// `P(down at step k)`, counting from the first simulated step.
    pub fn down_probability(&self, k: u64) -> f64 {
        self.down_share() * (1.0 - self.lambda().powf(k as f64 + 1.0))
    }

    /// The expected number of up steps among steps `from..to`.
    pub fn expected_up_steps(&self, from: u64, to: u64) -> f64 {
        let n = to.saturating_sub(from) as f64;
        let pi = self.down_share();
        if pi == 0.0 {
            return n;
        }
        let l = self.lambda();
        // sum over k of lambda^(k + 1) = lambda^(from + 1) (1 - lambda^n) / (1 - lambda)
        let geometric = l.powf(from as f64 + 1.0) * (1.0 - l.powf(n)) / (1.0 - l);
        n - pi * (n - geometric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pool_emitter::rng;

    #[test]
    fn normal_cdf_matches_reference_values() {
        // Reference values of Phi (to 16 digits).
        let cases = [
            (0.0, 0.5),
            (1.0, 0.841_344_746_068_542_9),
            (-1.0, 0.158_655_253_931_457_05),
            (1.959_963_984_540_054, 0.975),
            (-3.0, 0.001_349_898_031_630_094_6),
            (5.0, 0.999_999_713_348_428_1),
            (-6.0, 9.865_876_450_376_982e-10),
        ];
        for (x, want) in cases {
            let got = normal_cdf(x);
            assert!((got - want).abs() < 1e-14, "Phi({x}) = {got}, want {want}");
        }
        assert_eq!(normal_cdf(-12.0), 0.0);
        assert_eq!(normal_cdf(12.0), 1.0);
    }

    #[test]
    fn at_most_equals_enumeration_of_every_outcome() {
        let probs = [0.1, 0.5, 0.9, 0.3, 0.65];
        for k in 0..=probs.len() {
            let mut want = 0.0;
            for mask in 0u32..(1 << probs.len()) {
                if mask.count_ones() as usize > k {
                    continue;
                }
                let mut p = 1.0;
                for (i, q) in probs.iter().enumerate() {
                    p *= if mask & (1 << i) != 0 { *q } else { 1.0 - q };
                }
                want += p;
            }
            assert!((at_most(&probs, k) - want).abs() < 1e-15, "k = {k}");
        }
    }

    #[test]
    fn rank_odds_of_identical_producers_are_symmetric() {
        // Ten producers with the same base votes: each ranks in the top 3
        // with probability 3/10 and in the top 7 with 7/10, and the mean
        // votes over the top-7 days exceed 7/10 of the mean (the top days
        // are the high-vote days).
        let base = vec![1_000_000_u64; 10];
        let odds = rank_odds(&base, 4, 0.2, 3, 7);
        assert!((odds.scheduled - 0.3).abs() < 1e-9, "{odds:?}");
        assert!((odds.paid - 0.7).abs() < 1e-9, "{odds:?}");
        assert!(odds.votes_if_paid > 0.7 * 1_000_000.0);
        // Everyone in the paid set: the mean votes are the base votes.
        let all = rank_odds(&base, 0, 0.2, 3, 10);
        assert!((all.paid - 1.0).abs() < 1e-9);
        assert!((all.votes_if_paid / 1_000_000.0 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn rank_odds_agree_with_sampling() {
        // 20 producers, sampled 40,000 times; the tolerance is four
        // binomial standard errors.
        let base: Vec<u64> = (1..=20u64).map(|k| 1_000_000 / k).collect();
        let (j, sigma, sched, paid) = (6, 0.3, 5, 10);
        let odds = rank_odds(&base, j, sigma, sched, paid);
        let n = 40_000;
        let mut r = rng::stream(7, 1);
        let (mut in_s, mut in_p) = (0u32, 0u32);
        for _ in 0..n {
            let v: Vec<f64> = base
                .iter()
                .map(|b| *b as f64 * (sigma * r.normal() - sigma * sigma / 2.0).exp())
                .collect();
            let above = v.iter().filter(|x| **x > v[j]).count();
            in_s += u32::from(above < sched);
            in_p += u32::from(above < paid);
        }
        for (hits, p) in [(in_s, odds.scheduled), (in_p, odds.paid)] {
            let tol = 4.0 * (p * (1.0 - p) / n as f64).sqrt();
            let freq = f64::from(hits) / n as f64;
            assert!((freq - p).abs() < tol, "sampled {freq}, computed {p}");
        }
    }

    #[test]
    fn outage_probabilities_match_the_emitter_simulator() {
        use pool_emitter::sim::{LatePolicy, MemberSpec, SimConfig};
        use pool_emitter::time::TimeMs;
        // Many independent short runs of the real simulator: at each step,
        // the share of runs down is within four binomial standard errors
        // of the formula (which starts from "up").
        let out = Outages {
            start_prob: 0.05,
            mean_steps: 6.0,
        };
        let (runs, steps) = (3000u64, 40u64);
        let mut down = vec![0u32; steps as usize];
        for seed in 0..runs {
            let mut m = MemberSpec::new("prod1");
            m.outage_prob = out.start_prob;
            m.outage_mean_slots = out.mean_steps;
            let cfg = SimConfig {
                start: TimeMs::from_secs(1_767_225_600),
                slots: steps,
                seed,
                deadline_ms: 300,
                late_policy: LatePolicy::Fallback,
                members: vec![m],
            };
            for (k, ev) in cfg.run().unwrap().enumerate() {
                down[k] += u32::from(!ev.missed.is_empty());
            }
        }
        for (k, d) in down.iter().enumerate() {
            let p = out.down_probability(k as u64);
            let tol = 4.0 * (p * (1.0 - p) / runs as f64).sqrt();
            let freq = f64::from(*d) / runs as f64;
            assert!((freq - p).abs() < tol, "step {k}: {freq} vs {p}");
        }
        // The closed form of the expected up steps is the sum of the
        // per-step probabilities.
        let sum: f64 = (5..31).map(|k| 1.0 - out.down_probability(k)).sum();
        assert!((out.expected_up_steps(5, 31) - sum).abs() < 1e-9);
        assert!((out.down_probability(10_000) - out.down_share()).abs() < 1e-12);
        let never = Outages {
            start_prob: 0.0,
            mean_steps: 10.0,
        };
        assert_eq!(never.expected_up_steps(0, 100), 100.0);
    }
}
