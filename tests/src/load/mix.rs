//! What the load pushes: the participants, the kinds of transaction and
//! their weights, the deterministic choice of each transaction from the
//! seed and its slot number, the emitters' window contents, and which
//! rejection messages are expected of each kind.

use super::wire::{data, pool, Act};
use antelope_sdk::{Name, TimePointSec};
use serde_json::{json, Value};

pub const TOKEN: &str = "pool.token";
pub const MEMBERS: &str = "pool.member";
pub const METRICS: &str = "pool.metrics";
pub const REWARDS: &str = "pool.reward";
pub const FEES: &str = "pool.fees";

/// Who takes part.
#[derive(Clone, Debug)]
pub struct Pool {
    /// Registered, approved, voted for: the members (sorted by name, the
    /// order of the emitters' entries).
    pub producers: Vec<String>,
    /// Token holders; the first `voters` of them staked and vote.
    pub holders: Vec<String>,
    pub voters: usize,
    /// Staked and votes for every producer, never changes its vote in the
    /// load: every producer keeps votes, so stays ranked, paid and elected.
    pub anchor: String,
    /// The fee endpoints registered at pool.fees.
    pub endpoints: Vec<String>,
    pub emitters: Vec<String>,
    pub window_sec: u32,
    pub day_sec: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Transfer,
    Stake,
    Income,
    Vote,
    Report,
    SetFeeVote,
    SetFeeMult,
    BundleVote,
    Claim,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Transfer,
        Kind::Stake,
        Kind::Income,
        Kind::Vote,
        Kind::Report,
        Kind::SetFeeVote,
        Kind::SetFeeMult,
        Kind::BundleVote,
        Kind::Claim,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Transfer => "transfer (holder to holder)",
            Kind::Stake => "transfer (stake to pool.member)",
            Kind::Income => "transfer (income to pool.reward)",
            Kind::Vote => "vote (producer votes)",
            Kind::Report => "report (metrics, emitters)",
            Kind::SetFeeVote => "setfeevote (fee ratios)",
            Kind::SetFeeMult => "setfeemult (fee multiplier)",
            Kind::BundleVote => "bundlevote (bundled calls)",
            Kind::Claim => "claim (rewards)",
        }
    }
}

/// Per mille of the transactions the workers push (the emitters' reports
/// come on top, one per window and emitter, as the windows end).
const WEIGHTS: [(Kind, u32); 8] = [
    (Kind::Transfer, 720),
    (Kind::Stake, 30),
    (Kind::Income, 20),
    (Kind::Vote, 100),
    (Kind::SetFeeVote, 30),
    (Kind::SetFeeMult, 20),
    (Kind::BundleVote, 10),
    (Kind::Claim, 70),
];

/// Of the holder-to-holder transfers, how many (per mille) try to move
/// far more than any holder has: they must fail with `overdrawn balance`.
const OVERDRAW_PER_MILLE: u64 = 30;
/// What an overdraw attempt moves: more than the whole issue to holders.
const OVERDRAW_UNITS: i64 = 1_000_000 * 10_000;

/// One emitter's observation of one member in one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub member: String,
    pub slots: u32,
    pub proposed: u32,
    pub selected: u32,
    pub late: u32,
    pub latency_ms: u64,
}

/// A transaction of the load, as intended (what the verification adds up
/// for the accepted ones).
#[derive(Clone, Debug)]
pub enum Intent {
    Transfer {
        from: String,
        to: String,
        units: i64,
        memo: String,
    },
    Stake {
        from: String,
        units: i64,
        memo: String,
    },
    Income {
        from: String,
        units: i64,
        memo: String,
    },
    Vote {
        voter: String,
        producers: Vec<String>,
    },
    Report {
        emitter: String,
        seq: u64,
        start: u32,
        end: u32,
        entries: Vec<Entry>,
    },
    SetFeeVote {
        producer: String,
        ratios: Vec<(String, u64)>,
    },
    SetFeeMult {
        producer: String,
        multiplier: u64,
    },
    BundleVote {
        producer: String,
        count: u32,
    },
    Claim {
        member: String,
    },
}

impl Intent {
    pub fn kind(&self) -> Kind {
        match self {
            Intent::Transfer { .. } => Kind::Transfer,
            Intent::Stake { .. } => Kind::Stake,
            Intent::Income { .. } => Kind::Income,
            Intent::Vote { .. } => Kind::Vote,
            Intent::Report { .. } => Kind::Report,
            Intent::SetFeeVote { .. } => Kind::SetFeeVote,
            Intent::SetFeeMult { .. } => Kind::SetFeeMult,
            Intent::BundleVote { .. } => Kind::BundleVote,
            Intent::Claim { .. } => Kind::Claim,
        }
    }

    /// The action, its data packed in ABI order.
    pub fn act(&self) -> Act {
        let n = Name::parse;
        match self {
            Intent::Transfer {
                from,
                to,
                units,
                memo,
            } => Act::new(
                TOKEN,
                "transfer",
                from,
                data((n(from), n(to), pool(*units), memo.clone())),
            ),
            Intent::Stake { from, units, memo } => Act::new(
                TOKEN,
                "transfer",
                from,
                data((n(from), n(MEMBERS), pool(*units), memo.clone())),
            ),
            Intent::Income { from, units, memo } => Act::new(
                TOKEN,
                "transfer",
                from,
                data((n(from), n(REWARDS), pool(*units), memo.clone())),
            ),
            Intent::Vote { voter, producers } => Act::new(
                MEMBERS,
                "vote",
                voter,
                data((n(voter), producers.iter().map(|p| n(p)).collect::<Vec<_>>())),
            ),
            Intent::Report {
                emitter,
                seq,
                start,
                end,
                entries,
            } => {
                let entries: Vec<(Name, u32, u32, u32, u32, u64)> = entries
                    .iter()
                    .map(|e| {
                        (
                            n(&e.member),
                            e.slots,
                            e.proposed,
                            e.selected,
                            e.late,
                            e.latency_ms,
                        )
                    })
                    .collect();
                Act::new(
                    METRICS,
                    "report",
                    emitter,
                    data((
                        n(emitter),
                        *seq,
                        TimePointSec::from_secs(*start),
                        TimePointSec::from_secs(*end),
                        entries,
                    )),
                )
            }
            Intent::SetFeeVote { producer, ratios } => Act::new(
                FEES,
                "setfeevote",
                producer,
                data((
                    n(producer),
                    ratios
                        .iter()
                        .map(|(e, r)| (n(e), *r))
                        .collect::<Vec<(Name, u64)>>(),
                )),
            ),
            Intent::SetFeeMult {
                producer,
                multiplier,
            } => Act::new(
                FEES,
                "setfeemult",
                producer,
                data((n(producer), *multiplier)),
            ),
            Intent::BundleVote { producer, count } => {
                Act::new(FEES, "bundlevote", producer, data((n(producer), *count)))
            }
            Intent::Claim { member } => Act::new(REWARDS, "claim", member, data((n(member),))),
        }
    }

    /// The action's arguments as JSON (what cleos would be given): for the
    /// packing self-check.
    pub fn json_args(&self) -> Value {
        let q = |u: i64| pool(u).to_string();
        match self {
            Intent::Transfer {
                from,
                to,
                units,
                memo,
            } => json!([from, to, q(*units), memo]),
            Intent::Stake { from, units, memo } => json!([from, MEMBERS, q(*units), memo]),
            Intent::Income { from, units, memo } => json!([from, REWARDS, q(*units), memo]),
            Intent::Vote { voter, producers } => json!([voter, producers]),
            Intent::Report {
                emitter,
                seq,
                start,
                end,
                entries,
            } => {
                let entries: Vec<Value> = entries
                    .iter()
                    .map(|e| {
                        json!({"member": e.member, "slots": e.slots, "proposed": e.proposed,
                               "selected": e.selected, "late": e.late, "latency_ms": e.latency_ms})
                    })
                    .collect();
                json!([
                    emitter,
                    seq,
                    TimePointSec::from_secs(*start).to_string(),
                    TimePointSec::from_secs(*end).to_string(),
                    entries
                ])
            }
            Intent::SetFeeVote { producer, ratios } => {
                let r: Vec<Value> = ratios.iter().map(|(e, r)| json!([e, r])).collect();
                json!([producer, r])
            }
            Intent::SetFeeMult {
                producer,
                multiplier,
            } => json!([producer, multiplier]),
            Intent::BundleVote { producer, count } => json!([producer, count]),
            Intent::Claim { member } => json!([member]),
        }
    }
}

/// How a refusal counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// A contract rule this kind of transaction is expected to meet under
    /// load: the contracts' rate limits, an overdraw attempt, a claim with
    /// nothing payable.
    Expected,
    /// The node's own wall-clock limits, not a rule of the chain: a
    /// transaction that ran past nodeos' `max-transaction-time` (30 ms
    /// by default) or past the block's deadline while the machine was
    /// busy elsewhere. Nothing of it was applied (the verification checks
    /// the state against the accepted transactions only); a client would
    /// send it again.
    NodeLimit,
    /// Anything else: reported, and the run fails.
    Unexpected,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Expected => "expected",
            Class::NodeLimit => "node limit",
            Class::Unexpected => "UNEXPECTED",
        }
    }
}

/// The class of a refusal with nodeos error name `error` and `message`.
pub fn classify(pool: &Pool, kind: Kind, error: &str, message: &str) -> Class {
    if expected_rejection(pool, kind, message) {
        Class::Expected
    } else if (error == "tx_cpu_usage_exceeded"
        && message.contains("reached node configured max-transaction-time"))
        || error == "deadline_exception"
    {
        Class::NodeLimit
    } else {
        Class::Unexpected
    }
}

/// The message with what differs between occurrences of the same refusal
/// (a transaction id, the time it ran) replaced, to count them together.
pub fn normalized(message: &str) -> String {
    let mut timed = false;
    message
        .split(' ')
        .map(|w| {
            if w.len() == 64 && w.bytes().all(|b| b.is_ascii_hexdigit()) {
                "<id>".to_string()
            } else if !timed
                && w.len() > 2
                && w.ends_with("us")
                && w[..w.len() - 2].bytes().all(|b| b.is_ascii_digit())
            {
                timed = true;
                "<t>us".to_string()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `message` is a refusal this kind of transaction is expected to
/// meet under load: the contracts' rate limits, an overdraw attempt, a
/// claim with nothing payable.
pub fn expected_rejection(pool: &Pool, kind: Kind, message: &str) -> bool {
    match kind {
        Kind::Transfer | Kind::Stake | Kind::Income => message == "overdrawn balance",
        Kind::SetFeeVote => pool.endpoints.iter().any(|e| {
            message == format!("too soon since the last vote on the {e} fee: once per 3600 s")
        }),
        Kind::SetFeeMult => message == "too soon since the last multiplier vote: once per 120 s",
        Kind::BundleVote => message == "too soon since the last bundle vote: once per 120 s",
        Kind::Claim => message == "nothing to claim",
        Kind::Vote | Kind::Report => false,
    }
}

/// splitmix64: small, fast, and the same sequence for the same seed on
/// every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }

    /// `k` distinct elements of `v`, in a random order.
    fn sample<T: Clone>(&mut self, v: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        for i in 0..k.min(v.len()) {
            let j = i + self.below((v.len() - i) as u64) as usize;
            idx.swap(i, j);
        }
        idx[..k.min(v.len())]
            .iter()
            .map(|&i| v[i].clone())
            .collect()
    }
}

/// The transaction of slot `slot` (not a report): drawn from the seed and
/// the slot alone, so a run is reproducible whatever the thread timing.
/// Amounts and memos carry the slot, so no two transactions are alike.
pub fn intent(pool: &Pool, seed: u64, slot: usize) -> Intent {
    let mut rng = Rng::new(seed, slot as u64);
    let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(u64::from(total)) as u32;
    let mut kind = Kind::Transfer;
    for (k, w) in WEIGHTS {
        if roll < w {
            kind = k;
            break;
        }
        roll -= w;
    }
    let voters = &pool.holders[..pool.voters];
    match kind {
        Kind::Transfer => {
            let from = rng.pick(&pool.holders).clone();
            let mut to = rng.pick(&pool.holders).clone();
            while to == from {
                to = rng.pick(&pool.holders).clone();
            }
            let units = if rng.below(1000) < OVERDRAW_PER_MILLE {
                OVERDRAW_UNITS
            } else {
                1 + rng.below(50_000) as i64
            };
            Intent::Transfer {
                from,
                to,
                units,
                memo: format!("load {slot}"),
            }
        }
        Kind::Stake => Intent::Stake {
            from: rng.pick(voters).clone(),
            units: 1 + rng.below(10_000) as i64,
            memo: format!("stake {slot}"),
        },
        Kind::Income => Intent::Income {
            from: rng.pick(&pool.holders).clone(),
            units: 1 + rng.below(100_000) as i64,
            memo: format!("fee {slot}"),
        },
        Kind::Vote => {
            let k = 1 + rng.below(5) as usize;
            Intent::Vote {
                voter: rng.pick(voters).clone(),
                producers: rng.sample(&pool.producers, k),
            }
        }
        Kind::SetFeeVote => {
            let k = 1 + rng.below(pool.endpoints.len() as u64) as usize;
            Intent::SetFeeVote {
                producer: rng.pick(&pool.producers).clone(),
                ratios: rng
                    .sample(&pool.endpoints, k)
                    .into_iter()
                    .map(|e| (e, 10_000 + slot as u64))
                    .collect(),
            }
        }
        Kind::SetFeeMult => Intent::SetFeeMult {
            producer: rng.pick(&pool.producers).clone(),
            multiplier: 1_000_000 + slot as u64,
        },
        Kind::BundleVote => Intent::BundleVote {
            producer: rng.pick(&pool.producers).clone(),
            count: 1 + slot as u32,
        },
        Kind::Claim => Intent::Claim {
            member: rng.pick(&pool.producers).clone(),
        },
        Kind::Report => unreachable!("reports are pushed by the emitter threads, not drawn"),
    }
}

/// A small deterministic hash of a window and a member position.
fn mix(k: u64, i: u64) -> u64 {
    Rng::new(k, i).next_u64()
}

/// What the emitters observed in the window starting at `start`: every
/// emitter reports the same content (they watch the same pool), so with
/// quorum 1 the first report finalizes the window and the second agrees.
/// Every 29th window the emitter observed nothing (an empty report). The
/// last producer proposes in about a third of its slots.
pub fn window_entries(pool: &Pool, start: u32) -> Vec<Entry> {
    let k = u64::from(start / pool.window_sec);
    if k.is_multiple_of(29) {
        return Vec::new();
    }
    let slots = 2 * pool.window_sec;
    let n = pool.producers.len() as u64;
    let weak = pool.producers.len() - 1;
    pool.producers
        .iter()
        .enumerate()
        .map(|(i, member)| {
            let h = mix(k, i as u64);
            let proposed = if i == weak {
                (0..slots)
                    .filter(|j| mix(k ^ 0x55, u64::from(*j)).is_multiple_of(3))
                    .count() as u32
            } else {
                slots - u32::from(h.is_multiple_of(8)).min(slots)
            };
            // Slot j's block is emitted from producer (k * slots + j) mod n.
            let owned = (0..u64::from(slots))
                .filter(|j| (k * u64::from(slots) + j) % n == i as u64)
                .count() as u32;
            let selected = owned.min(proposed);
            let late = u32::from(proposed > 0 && (h >> 8).is_multiple_of(5));
            Entry {
                member: member.clone(),
                slots,
                proposed,
                selected,
                late,
                latency_ms: u64::from(proposed) * (80 + (h >> 16) % 300),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn pool() -> Pool {
        Pool {
            producers: (0..12)
                .map(|i| format!("prod{}", (b'a' + i) as char))
                .collect(),
            holders: (0..150u8)
                .map(|i| format!("h{}{}", (b'a' + i / 26) as char, (b'a' + i % 26) as char))
                .collect(),
            voters: 40,
            anchor: "anchor".into(),
            endpoints: vec!["filecase".into(), "propose".into(), "regmember".into()],
            emitters: vec!["emitter1".into(), "emitter2".into()],
            window_sec: 1,
            day_sec: 10,
        }
    }

    /// Every window passes the metrics contract's entry checks (see
    /// docs/metrics.md): no report of the load is refused for its content.
    #[test]
    fn windows_pass_the_metrics_entry_checks() {
        for ws in [1, 10, 60] {
            let p = Pool {
                window_sec: ws,
                ..pool()
            };
            let mut empty = 0;
            for k in 0..2000u32 {
                let e = window_entries(&p, k * ws);
                if e.is_empty() {
                    empty += 1;
                    continue;
                }
                let slots = 2 * ws;
                assert_eq!(e.len(), p.producers.len());
                for x in &e {
                    assert!(x.slots <= slots && x.proposed <= x.slots);
                    assert!(x.selected <= x.proposed && x.late <= x.proposed);
                }
                assert!(e.iter().map(|x| x.selected).sum::<u32>() <= slots);
                let names: HashSet<&String> = e.iter().map(|x| &x.member).collect();
                assert_eq!(names.len(), e.len());
            }
            assert_eq!(empty, 2000usize.div_ceil(29));
        }
    }

    #[test]
    fn a_slot_always_draws_the_same_unique_transaction() {
        let p = pool();
        let mut memos = HashSet::new();
        let mut kinds = std::collections::BTreeMap::new();
        for slot in 0..20_000 {
            let a = intent(&p, 7, slot);
            let b = intent(&p, 7, slot);
            assert_eq!(a.act().data, b.act().data);
            *kinds.entry(a.kind()).or_insert(0) += 1;
            match &a {
                Intent::Transfer { from, to, memo, .. } => {
                    assert_ne!(from, to);
                    assert!(memos.insert(memo.clone()));
                }
                Intent::Stake { from, .. } => assert!(p.holders[..p.voters].contains(from)),
                Intent::Vote { producers, .. } => {
                    let set: HashSet<_> = producers.iter().collect();
                    assert!(!producers.is_empty() && set.len() == producers.len());
                }
                _ => {}
            }
        }
        // Each kind of WEIGHTS is drawn, near its share (per mille).
        for (kind, w) in WEIGHTS {
            let n = kinds.get(&kind).copied().unwrap_or(0);
            assert!((n as i64 - i64::from(w) * 20).abs() < 200, "{kind:?}: {n}");
        }
        assert!(!kinds.contains_key(&Kind::Report));
    }

    #[test]
    fn only_the_listed_refusals_are_expected() {
        let p = pool();
        assert!(expected_rejection(&p, Kind::Transfer, "overdrawn balance"));
        assert!(!expected_rejection(&p, Kind::Vote, "overdrawn balance"));
        assert!(expected_rejection(
            &p,
            Kind::SetFeeVote,
            "too soon since the last vote on the propose fee: once per 3600 s"
        ));
        assert!(!expected_rejection(
            &p,
            Kind::SetFeeVote,
            "too soon since the last vote on the unknown fee: once per 3600 s"
        ));
        assert!(expected_rejection(&p, Kind::Claim, "nothing to claim"));
        assert!(!expected_rejection(
            &p,
            Kind::Claim,
            "member is not in good standing"
        ));
        assert!(!expected_rejection(
            &p,
            Kind::Report,
            "window has not ended yet"
        ));
        assert!(!expected_rejection(
            &p,
            Kind::Transfer,
            "transport: connect to nodeos: refused"
        ));
    }

    #[test]
    fn the_node_wall_clock_limits_are_their_own_class() {
        let p = pool();
        let over = "transaction fff91616922c16833fb3cedbe52ff1315088b19432e64dd538934bbb966da7fd was executing for too long 179660us reached node configured max-transaction-time 30000us";
        assert_eq!(
            classify(&p, Kind::Transfer, "tx_cpu_usage_exceeded", over),
            Class::NodeLimit
        );
        assert_eq!(
            normalized(over),
            "transaction <id> was executing for too long <t>us reached node configured max-transaction-time 30000us"
        );
        // The on-chain limit (150 ms) is a rule of the chain, not the node's.
        assert_eq!(
            classify(
                &p,
                Kind::Transfer,
                "tx_cpu_usage_exceeded",
                "transaction x was executing for too long 150001us reached on chain max_transaction_cpu_usage 150000us"
            ),
            Class::Unexpected
        );
        assert_eq!(
            classify(
                &p,
                Kind::Claim,
                "eosio_assert_message_exception",
                "nothing to claim"
            ),
            Class::Expected
        );
        assert_eq!(
            classify(
                &p,
                Kind::Vote,
                "transport",
                "transport: connect to nodeos: refused"
            ),
            Class::Unexpected
        );
    }

    /// `cleos convert pack_action_data pool.token transfer
    /// '["pool.token","alice","1.0000 POOL","m"]'`.
    #[test]
    fn a_transfer_packs_as_cleos_packs_it() {
        let t = Intent::Transfer {
            from: "pool.token".into(),
            to: "alice".into(),
            units: 10_000,
            memo: "m".into(),
        };
        assert_eq!(
            super::super::wire::hex(&t.act().data),
            "00c05490661029ad0000000000855c34102700000000000004504f4f4c000000016d"
        );
    }
}
