//! Many trials, normalized: every producer's revenue on every day divided
//! by what it earns alone in expectation on that day (the seed's
//! `R / E[R]`), alone and in the pool alike. So a normalized revenue of 1
//! is "what my votes and my node are worth on their own, on average", the
//! spread around it is the risk a producer carries, and the pool's mean
//! says what pooling costs or gains in expectation.

use crate::model::Scenario;
use crate::stats::{self, Summary};
use crate::trial::{self, Trial};

/// Days per month in the monthly figures (months are whole: a run's last
/// `days mod 30` days are left out of them).
pub const MONTH_DAYS: usize = 30;

/// Which side of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum World {
    Alone,
    Pool,
}

impl World {
    pub fn label(self) -> &'static str {
        match self {
            World::Alone => "alone",
            World::Pool => "in the pool",
        }
    }
}

/// A finished study.
pub struct Study {
    pub scenario: Scenario,
    pub days: u64,
    pub seed: u64,
    /// `expected[j][d]`: member `j`'s expected revenue alone on day `d`.
    pub expected: Vec<Vec<f64>>,
    pub trials: Vec<Trial>,
}

/// Percentiles across trials at one point of a series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub x: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Study {
    /// Runs `trials` trials on up to `threads` threads. The result does not
    /// depend on `threads`: trial `i` is always the same trial.
    pub fn run(
        scenario: &Scenario,
        days: u64,
        trials: u64,
        seed: u64,
        threads: usize,
    ) -> Result<Study, String> {
        scenario.validate(days)?;
        if trials < 2 {
            return Err("at least 2 trials".into());
        }
        let expected = (0..scenario.members.len())
            .map(|j| scenario.expected_alone(j, days))
            .collect();
        let threads = threads.clamp(1, trials as usize);
        let mut slots: Vec<Option<Result<Trial, String>>> = vec![None; trials as usize];
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|w| {
                    s.spawn(move || {
                        (w as u64..trials)
                            .step_by(threads)
                            .map(|i| (i, trial::run(scenario, days, seed, i)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                for (i, r) in h.join().expect("a trial thread panicked") {
                    slots[i as usize] = Some(r);
                }
            }
        });
        let trials = slots
            .into_iter()
            .map(|r| r.expect("every trial ran"))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Study {
            scenario: scenario.clone(),
            days,
            seed,
            expected,
            trials,
        })
    }

    fn revenue<'t>(&self, t: &'t Trial, world: World, j: usize) -> &'t [u64] {
        match world {
            World::Alone => &t.alone[j],
            World::Pool => &t.pool[j],
        }
    }

    fn members(&self, j: Option<usize>) -> Vec<usize> {
        match j {
            Some(j) => vec![j],
            None => (0..self.scenario.members.len()).collect(),
        }
    }

    /// Normalized daily revenues of member `j` (all members: `None`), over
    /// every trial.
    pub fn daily(&self, world: World, j: Option<usize>) -> Vec<f64> {
        let mut out = Vec::new();
        for t in &self.trials {
            for j in self.members(j) {
                let e = &self.expected[j];
                out.extend(
                    self.revenue(t, world, j)
                        .iter()
                        .zip(e)
                        .map(|(r, e)| *r as f64 / e),
                );
            }
        }
        out
    }

    /// One series' normalized revenue over each whole month.
    fn months_of(&self, t: &Trial, world: World, j: usize) -> Vec<f64> {
        let r = self.revenue(t, world, j);
        let e = &self.expected[j];
        r.chunks_exact(MONTH_DAYS)
            .zip(e.chunks_exact(MONTH_DAYS))
            .map(|(r, e)| r.iter().sum::<u64>() as f64 / e.iter().sum::<f64>())
            .collect()
    }

    /// Normalized monthly revenues (see [`Study::daily`]).
    pub fn monthly(&self, world: World, j: Option<usize>) -> Vec<f64> {
        let mut out = Vec::new();
        for t in &self.trials {
            for j in self.members(j) {
                out.extend(self.months_of(t, world, j));
            }
        }
        out
    }

    /// The table's figures.
    pub fn summary(&self, world: World, j: Option<usize>) -> Summary {
        let mut worst = Vec::new();
        for t in &self.trials {
            for j in self.members(j) {
                let months = self.months_of(t, world, j);
                worst.push(months.iter().copied().fold(f64::INFINITY, f64::min));
            }
        }
        stats::summarize(&self.daily(world, j), &self.monthly(world, j), &worst)
    }

    /// Each trial's mean normalized daily revenue of member `j`: independent
    /// samples (trials share nothing), so their spread gives the standard
    /// error of the overall mean.
    pub fn trial_means(&self, world: World, j: usize) -> Vec<f64> {
        self.trials
            .iter()
            .map(|t| {
                let r = self.revenue(t, world, j);
                stats::mean(
                    &r.iter()
                        .zip(&self.expected[j])
                        .map(|(r, e)| *r as f64 / e)
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    /// Percentiles across trials, day by day, of member `j`'s revenue over
    /// the last `window` days (normalized by the expectation over the same
    /// days), for each day from `window - 1` on.
    pub fn rolling_bands(&self, world: World, j: usize, window: usize) -> Vec<Band> {
        let e = &self.expected[j];
        let series: Vec<Vec<f64>> = self
            .trials
            .iter()
            .map(|t| {
                let r = self.revenue(t, world, j);
                r.windows(window)
                    .zip(e.windows(window))
                    .map(|(r, e)| r.iter().sum::<u64>() as f64 / e.iter().sum::<f64>())
                    .collect()
            })
            .collect();
        bands(&series, window as f64)
    }

    /// Percentiles across trials of member `j`'s cumulative revenue from
    /// day 0 to each day, over the cumulative expectation (the seed's
    /// chart).
    pub fn cumulative_bands(&self, world: World, j: usize) -> Vec<Band> {
        let e = &self.expected[j];
        let series: Vec<Vec<f64>> = self
            .trials
            .iter()
            .map(|t| {
                let (mut got, mut want) = (0u64, 0.0);
                self.revenue(t, world, j)
                    .iter()
                    .zip(e)
                    .map(|(r, e)| {
                        got += r;
                        want += e;
                        got as f64 / want
                    })
                    .collect()
            })
            .collect();
        bands(&series, 1.0)
    }

    /// One trial's normalized daily revenue of member `j`.
    pub fn daily_path(&self, world: World, j: usize, trial: usize) -> Vec<f64> {
        self.revenue(&self.trials[trial], world, j)
            .iter()
            .zip(&self.expected[j])
            .map(|(r, e)| *r as f64 / e)
            .collect()
    }
}

/// Percentiles across series of equal length, point by point; the first
/// point is at `x0`, then one per day.
fn bands(series: &[Vec<f64>], x0: f64) -> Vec<Band> {
    let len = series.first().map_or(0, Vec::len);
    (0..len)
        .map(|i| {
            let col = stats::sorted(&series.iter().map(|s| s[i]).collect::<Vec<_>>());
            Band {
                x: x0 + i as f64,
                p05: stats::quantile_sorted(&col, 0.05),
                p50: stats::quantile_sorted(&col, 0.5),
                p95: stats::quantile_sorted(&col, 0.95),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Scenario {
        let mut s = Scenario::default();
        s.chain.rounds_per_day = 48;
        for p in &mut s.members {
            p.mtbf_days = 3.0;
            p.outage_hours = 2.0;
        }
        s
    }

    #[test]
    fn normalized_revenue_alone_has_mean_one() {
        // Each trial's mean normalized revenue is an independent sample
        // with expectation exactly 1 if the expectation is right. Over 300
        // trials, the overall mean must be within four standard errors
        // (estimated from the trials' spread) of 1, for every member.
        // Votes that forget faster (rho 0.5) make each trial's mean
        // tighter, and so the check sharper. Nodes down a fifth of the
        // time, and one member always scheduled (base rank 3), so that
        // the outages weigh on the expectation too.
        let mut s = small();
        s.chain.vote_rho = 0.5;
        s.members[0].base_rank = 3;
        for p in &mut s.members {
            p.mtbf_days = 1.0;
            p.outage_hours = 6.0;
        }
        let st = Study::run(&s, 30, 300, 42, 2).unwrap();
        for j in 0..s.members.len() {
            let means = st.trial_means(World::Alone, j);
            let se = stats::std_dev(&means) / (means.len() as f64).sqrt();
            let m = stats::mean(&means);
            assert!(
                (m - 1.0).abs() < 4.0 * se,
                "{}: mean {m}, standard error {se}",
                s.members[j].name
            );
            // The check has teeth: the standard error is small against
            // the effects it would catch (a wrong chance of being
            // scheduled or paid, outages left out).
            assert!(se < 0.03, "{}: standard error {se}", s.members[j].name);
        }
    }

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let s = small();
        let a = Study::run(&s, 30, 5, 1, 1).unwrap();
        let b = Study::run(&s, 30, 5, 1, 3).unwrap();
        assert_eq!(a.trials, b.trials);
    }

    #[test]
    fn months_bands_and_summaries_are_consistent() {
        let s = small();
        let st = Study::run(&s, 65, 4, 3, 2).unwrap();
        // 65 days: two whole months per series.
        assert_eq!(st.monthly(World::Pool, Some(0)).len(), 4 * 2);
        assert_eq!(st.daily(World::Pool, None).len(), 4 * 65 * s.members.len());
        let roll = st.rolling_bands(World::Alone, 2, 30);
        assert_eq!(roll.len(), 65 - 29);
        assert_eq!(roll[0].x, 30.0);
        for b in roll.iter().chain(&st.cumulative_bands(World::Pool, 2)) {
            assert!(b.p05 <= b.p50 && b.p50 <= b.p95);
        }
        let sum = st.summary(World::Alone, Some(1));
        assert!(sum.worst_month <= sum.worst_month_median);
        assert!(sum.month_p05 <= sum.month_p95);
    }
}
