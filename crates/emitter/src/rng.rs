//! A small deterministic random number generator and the distributions
//! the simulator needs. No external crate: a simulation must replay
//! bit for bit from its seed on any machine and any version of this
//! crate's dependencies.
//!
//! `SplitMix64` expands a seed; `Xoshiro256` (xoshiro256**) is the
//! generator. Distributions use only `f64` operations whose results IEEE
//! 754 fixes (`ln`, `exp`, `sqrt`, `cos` are deterministic on one platform
//! and libm; the simulator rounds latencies to whole milliseconds, so
//! last-bit differences between platforms would practically never show).

/// A 64-bit seed expander (Steele, Lea and Flood's SplitMix64).
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna): fast, 256 bits of state, good
/// statistical quality for simulation.
#[derive(Clone, Debug)]
pub struct Xoshiro256 {
    s: [u64; 4],
}

impl Xoshiro256 {
    /// A generator whose state is four SplitMix64 outputs of `seed` (never
    /// all zero, which would be a fixed point).
    pub fn seed_from(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        debug_assert!(s != [0; 4]);
        Xoshiro256 { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1]: safe to take the logarithm of.
    pub fn uniform_open0(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p` (clamped to [0, 1]). Always draws, so
    /// that the stream does not depend on `p`.
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A standard normal variate (Box-Muller; the second variate of the
    /// pair is dropped to keep the generator stateless beyond its words).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open0();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and sigma of the logarithm
    /// (`spread`): `median * exp(spread * N(0, 1))`.
    pub fn log_normal(&mut self, median: f64, spread: f64) -> f64 {
        median * (spread * self.normal()).exp()
    }

    /// Geometric on {1, 2, ...} with the given mean (>= 1): the length of
    /// a run that ends each step with probability 1 / mean.
    pub fn geometric(&mut self, mean: f64) -> u64 {
        let u = self.uniform_open0();
        if mean <= 1.0 {
            return 1;
        }
        let p = 1.0 / mean;
        let extra = (u.ln() / (1.0 - p).ln()).floor();
        if extra.is_finite() && extra < 1e15 {
            1 + extra as u64
        } else {
            1_000_000_000_000_000
        }
    }
}

/// A seed for one named stream of a simulation: the same (seed, stream)
/// gives the same generator whatever other streams exist.
pub fn stream(seed: u64, stream_id: u64) -> Xoshiro256 {
    let mut mix = SplitMix64::new(seed ^ stream_id.rotate_left(32));
    Xoshiro256::seed_from(mix.next_u64() ^ stream_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_outputs() {
        // Published first outputs of SplitMix64 seeded with 0.
        let mut sm = SplitMix64::new(0);
        assert_eq!(sm.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(sm.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(sm.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn xoshiro_is_deterministic_and_seed_dependent() {
        let a: Vec<u64> = {
            let mut r = Xoshiro256::seed_from(1);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Xoshiro256::seed_from(1);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Xoshiro256::seed_from(2);
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn xoshiro_matches_the_reference_recurrence() {
        // State {1, 2, 3, 4}: the reference implementation's first output
        // is rotl(2 * 5, 7) * 9 = 11520, then the state update.
        let mut r = Xoshiro256 { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), 11_520);
        assert_eq!(r.s, [7, 0, 262_146, 6u64.rotate_left(45)]);
    }

    fn mean(xs: &[f64]) -> f64 {
        xs.iter().sum::<f64>() / xs.len() as f64
    }

    #[test]
    fn uniform_range_and_mean() {
        let mut r = Xoshiro256::seed_from(7);
        let xs: Vec<f64> = (0..100_000).map(|_| r.uniform()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        assert!((mean(&xs) - 0.5).abs() < 0.005);
        let ys: Vec<f64> = (0..10_000).map(|_| r.uniform_open0()).collect();
        assert!(ys.iter().all(|y| *y > 0.0 && *y <= 1.0));
    }

    #[test]
    fn normal_moments() {
        let mut r = Xoshiro256::seed_from(11);
        let xs: Vec<f64> = (0..200_000).map(|_| r.normal()).collect();
        let m = mean(&xs);
        let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64;
        assert!(m.abs() < 0.01, "mean {m}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        let within_1 = xs.iter().filter(|x| x.abs() < 1.0).count() as f64 / xs.len() as f64;
        assert!((within_1 - 0.6827).abs() < 0.005, "P(|Z|<1) {within_1}");
    }

    #[test]
    fn log_normal_median() {
        let mut r = Xoshiro256::seed_from(3);
        let mut xs: Vec<f64> = (0..100_001).map(|_| r.log_normal(120.0, 0.6)).collect();
        xs.sort_by(f64::total_cmp);
        let median = xs[xs.len() / 2];
        assert!((median - 120.0).abs() < 2.0, "median {median}");
        assert!(xs.iter().all(|x| *x > 0.0));
        let mut flat = Xoshiro256::seed_from(3);
        assert_eq!(flat.log_normal(80.0, 0.0), 80.0);
    }

    #[test]
    fn geometric_mean_and_support() {
        let mut r = Xoshiro256::seed_from(5);
        let xs: Vec<u64> = (0..100_000).map(|_| r.geometric(20.0)).collect();
        assert!(xs.iter().all(|x| *x >= 1));
        let m = xs.iter().sum::<u64>() as f64 / xs.len() as f64;
        assert!((m - 20.0).abs() < 0.4, "mean {m}");
        assert_eq!(r.geometric(1.0), 1);
        assert_eq!(r.geometric(0.5), 1);
    }

    #[test]
    fn streams_are_independent_of_each_other() {
        let mut a = stream(1, 42);
        let mut a2 = stream(1, 42);
        let mut b = stream(1, 43);
        let x = a.next_u64();
        assert_eq!(x, a2.next_u64());
        assert_ne!(x, b.next_u64());
        assert_ne!(stream(2, 42).next_u64(), x);
    }
}
