//! The pool variance study: what a small block producer earns alone and
//! in the pool, day by day, over many simulated years.
//!
//! Like the trustless-pool seed (Rubin's simulation of pooled vs solo
//! miners), each producer's revenue is divided by its **expected revenue
//! alone** (`R / E[R]`), so producers of every size share one scale: 1 is
//! the long-run average a producer's votes and node earn on their own.
//! The study then compares the spread around it (standard deviation,
//! chance of a day or month paying nothing, 5-95% band, worst month) and
//! the mean (what the pool costs or gains in expectation).
//!
//! # The model, in short (`docs/why-pool.md` explains it to producers)
//!
//! - **Chain**: `producers` registered producers, base votes on a Zipf
//!   curve; each day every producer's votes drift (log-normal AR(1),
//!   [`votes`]) and the chain ranks them. The top 21 produce blocks (one
//!   12-block turn per 126 s round), the top 42 get vote pay.
//! - **Chain pay, FIO-style** (seed 004): a fixed daily budget, 60% paid
//!   by votes to the top 42 (per unit of vote, as FIO divides by the
//!   chain's total vote weight) and 40% for production. FIO gives the 40%
//!   in equal parts to the top 21 whether they produced or not; here it
//!   is paid **per block produced** (as EOS pays block pay), so an outage
//!   costs a producer alone what it misses. FIO's rule was chosen over
//!   EOS's standby pay because the pool's own split copies it (seed 004,
//!   `pool_core::rewards`) and because FIO pays standbys 22-42 by votes
//!   without EOS's 100-EOS-a-day cliff, which would make small producers'
//!   revenue alone look worse than any smooth rule.
//! - **Alone**: each small producer is a producer account with one
//!   non-redundant node whose outages follow the emitter simulator's
//!   process.
//! - **In the pool**: the same producers are members behind one emitter
//!   (seed 001): the pool's account carries their summed votes, its turn
//!   is produced when any member delivers (first delivered wins, the
//!   emitter simulator decides), and its income is split by pool.reward's
//!   rules (`pool_core::rewards`: infrastructure share, 60% by votes, 40%
//!   equally to the members who met the availability minimum that day,
//!   remainders carried).
//!
//! Both worlds share every random draw ([`trial`]); the expectation alone
//! is computed from the model's definition ([`expect`]), not from the
//! runs, and a test checks that normalized revenue alone averages 1.
//!
//! Modules: [`model`] (the scenario and its defaults), [`votes`],
//! [`expect`], [`trial`] (one trial, both worlds), [`study`] (many trials,
//! normalized), [`stats`], [`report`] (the markdown table), [`charts`]
//! (the PNGs).

pub mod charts;
pub mod expect;
pub mod model;
pub mod report;
pub mod stats;
pub mod study;
pub mod trial;
pub mod votes;
