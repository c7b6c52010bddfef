//! Daily votes of every producer, and the ranking the chain makes of them.
//!
//! A producer's log votes drift around its base b:
//! `ln v_t = ln b + sigma X_t - sigma^2 / 2`, where `X` is a stationary
//! AR(1) process with unit variance, `X_{t+1} = rho X_t + sqrt(1 - rho^2) Z`,
//! started from its
//! stationary law. So on any day `E[v] = b`, and the law of one day's
//! votes is the one [`crate::expect`] integrates over; `rho` makes a
//! producer that dropped out of the schedule likely to stay out for a
//! while (voters and proxies move slowly), as on a real chain.

use pool_emitter::rng::{self, Xoshiro256};

/// The votes of every producer, one day at a time.
pub struct Votes {
    base: Vec<f64>,
    shock: Vec<f64>,
    rngs: Vec<Xoshiro256>,
    sigma: f64,
    rho: f64,
    today: Vec<u64>,
}

impl Votes {
    /// Day 0's votes, drawn from the stationary law. Producer `k` draws
    /// from its own stream of `seed`: its votes do not depend on how many
    /// producers there are.
    pub fn new(base: &[u64], sigma: f64, rho: f64, seed: u64) -> Votes {
        let mut rngs: Vec<Xoshiro256> = (0..base.len())
            .map(|k| rng::stream(seed, k as u64))
            .collect();
        let shock = rngs.iter_mut().map(|r| r.normal()).collect();
        let mut v = Votes {
            base: base.iter().map(|b| *b as f64).collect(),
            shock,
            rngs,
            sigma,
            rho,
            today: Vec::new(),
        };
        v.fix_today();
        v
    }

    fn fix_today(&mut self) {
        let shift = self.sigma * self.sigma / 2.0;
        self.today = self
            .base
            .iter()
            .zip(&self.shock)
            .map(|(b, x)| (b * (self.sigma * x - shift).exp()).round() as u64)
            .collect();
    }

    /// Today's votes, in the order of the base votes.
    pub fn today(&self) -> &[u64] {
        &self.today
    }

    /// Moves to the next day.
    pub fn advance(&mut self) {
        let keep = self.rho;
        let fresh = (1.0 - self.rho * self.rho).sqrt();
        for (x, r) in self.shock.iter_mut().zip(&mut self.rngs) {
            *x = keep * *x + fresh * r.normal();
        }
        self.fix_today();
    }
}

/// The rank (1 = first) of a producer with votes `v` at position `me` of
/// `all`: one plus the producers with more votes, or with equal votes
/// earlier in the list (so every rank is taken exactly once).
pub fn rank(all: &[u64], me: usize) -> usize {
    let v = all[me];
    1 + all
        .iter()
        .enumerate()
        .filter(|(k, x)| **x > v || (**x == v && *k < me))
        .count()
}

/// The rank of an outsider with votes `v` (the pool) against `others`:
/// one plus those with more votes (the pool wins ties).
pub fn rank_against(others: &[u64], v: u64) -> usize {
    1 + others.iter().filter(|x| **x > v).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats;

    #[test]
    fn ranks_are_a_permutation_even_with_ties() {
        let all = [5, 9, 5, 1, 9];
        let mut ranks: Vec<usize> = (0..all.len()).map(|i| rank(&all, i)).collect();
        assert_eq!(ranks, vec![3, 1, 4, 5, 2]);
        ranks.sort_unstable();
        assert_eq!(ranks, vec![1, 2, 3, 4, 5]);
        assert_eq!(rank_against(&all, 9), 1);
        assert_eq!(rank_against(&all, 6), 3);
    }

    #[test]
    fn votes_have_their_base_as_mean_and_the_stated_persistence() {
        // 2,000 producers of base 1,000,000 over 3 days: on each day the
        // mean is the base within four standard errors, and the day-to-day
        // correlation of the log shocks is rho within four standard
        // errors of a correlation estimate (about 1 / sqrt(n)).
        let n = 2000;
        let (sigma, rho) = (0.3, 0.8);
        let mut v = Votes::new(&vec![1_000_000; n], sigma, rho, 11);
        let logs = |v: &Votes| -> Vec<f64> { v.today().iter().map(|x| (*x as f64).ln()).collect() };
        let mut days = vec![logs(&v)];
        for _ in 0..2 {
            let xs: Vec<f64> = v.today().iter().map(|x| *x as f64).collect();
            let sd = stats::std_dev(&xs);
            let se = sd / (n as f64).sqrt();
            assert!((stats::mean(&xs) - 1e6).abs() < 4.0 * se);
            v.advance();
            days.push(logs(&v));
        }
        let (a, b) = (&days[0], &days[1]);
        let (ma, mb) = (stats::mean(a), stats::mean(b));
        let cov: f64 = a
            .iter()
            .zip(b)
            .map(|(x, y)| (x - ma) * (y - mb))
            .sum::<f64>();
        let corr = cov / (stats::std_dev(a) * stats::std_dev(b) * (n - 1) as f64);
        let tol = 4.0 * (1.0 - rho * rho) / (n as f64).sqrt();
        assert!((corr - rho).abs() < tol, "corr {corr}");
        assert!((stats::std_dev(a) - sigma).abs() < 4.0 * sigma / (2.0 * n as f64).sqrt());
    }
}
