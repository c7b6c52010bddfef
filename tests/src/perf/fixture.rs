//! The state every measurement stands on: a token, a charter with one
//! constitution version and a members contract with ranked members (the
//! pool), and a second members contract holding a large registry of
//! members in good standing (for the loops bounded by a registry's size).
//! Both are fresh instances on fresh accounts.

use super::code::Contracts;
use super::report::Report;
use super::tx::{action, push, ram_delta, SetupCost, ACTIONS_PER_TX};
use crate::{Chain, DEV_PUBLIC_KEY};
use serde_json::{json, Value};

/// The symbol of the benchmark token.
pub const SYMBOL: &str = "4,BNCH";
/// The symbol's code, for amounts.
pub const CODE: &str = "BNCH";
/// The constitution version the pool's charter publishes and members sign.
pub const CONSTITUTION_HASH: &str =
    "5f1c0b0e2a9d4c3b8e7f6a5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a2910";

/// `amount` whole tokens of the benchmark symbol.
pub fn tokens(amount: u64) -> String {
    format!("{amount}.0000 {CODE}")
}

/// `units` of the smallest unit of the benchmark symbol.
pub fn units(units: u64) -> String {
    format!("{}.{:04} {CODE}", units / 10_000, units % 10_000)
}

/// The stake of the `i`-th ranked member, in whole tokens: distinct and
/// decreasing, 10 apart, so the ranking is the order of `Pool::members`
/// and a vote of less than 10 tokens never reorders it.
pub fn stake_of(i: usize) -> u64 {
    10_000 - i as u64 * 10
}

/// The url members register with: a typical length.
pub fn member_url(account: &str) -> String {
    format!("https://{account}.example.org")
}

/// The token, charter and members instance with `members`: the first
/// `ranked` approved, staked and voting for themselves (member `i` ranks
/// `i`-th), the others registered and pending.
pub struct Pool {
    pub token: String,
    pub issuer: String,
    pub charter: String,
    pub members_contract: String,
    pub members: Vec<String>,
    pub ranked: usize,
    /// Pending members not handed out yet (see [`Pool::take_pending`]).
    next_pending: usize,
}

/// The actions of the pool's member life cycle, shared by the fixture and
/// the members driver.
pub struct Acts<'a> {
    pub pool: &'a Pool,
}

impl Acts<'_> {
    pub fn sign(&self, m: &str) -> Value {
        action(
            &self.pool.charter,
            "sign",
            m,
            json!({"account": m, "hash": CONSTITUTION_HASH}),
        )
    }

    pub fn regmember(&self, members_contract: &str, m: &str) -> Value {
        action(
            members_contract,
            "regmember",
            m,
            json!({"account": m, "url": member_url(m), "location": 840,
                   "producer_key": DEV_PUBLIC_KEY}),
        )
    }

    pub fn approve(&self, m: &str) -> Value {
        let mc = &self.pool.members_contract;
        action(mc, "approve", mc, json!({ "account": m }))
    }

    /// The issuer sends `quantity` to `to`.
    pub fn fund(&self, to: &str, quantity: &str) -> Value {
        let (token, issuer) = (&self.pool.token, &self.pool.issuer);
        action(
            token,
            "transfer",
            issuer,
            json!({"from": issuer, "to": to, "quantity": quantity, "memo": "bench"}),
        )
    }

    pub fn openstake(&self, m: &str) -> Value {
        action(
            &self.pool.members_contract,
            "openstake",
            m,
            json!({ "owner": m }),
        )
    }

    /// `m` stakes `quantity` (a transfer to the members contract).
    pub fn stake(&self, m: &str, quantity: &str) -> Value {
        action(
            &self.pool.token,
            "transfer",
            m,
            json!({"from": m, "to": self.pool.members_contract, "quantity": quantity, "memo": "stake"}),
        )
    }

    pub fn vote(&self, m: &str, producers: &[&str]) -> Value {
        action(
            &self.pool.members_contract,
            "vote",
            m,
            json!({"voter": m, "producers": producers}),
        )
    }
}

impl Pool {
    /// Deploys and configures the pool (see the type). The first two
    /// members go through every step alone, measuring the RAM of each row
    /// they pay (the second one's are the figures: its tables exist); the
    /// others in batches.
    pub fn setup(
        chain: &Chain,
        code: &Contracts,
        registered: usize,
        ranked: usize,
        report: &mut Report,
    ) -> Pool {
        assert!(ranked <= registered && ranked >= 2);
        let infra = chain.create_accounts("pp", 4, &mut report.setup);
        let pool = Pool {
            token: infra[0].clone(),
            issuer: infra[1].clone(),
            charter: infra[2].clone(),
            members_contract: infra[3].clone(),
            members: chain.create_accounts("pm", registered, &mut report.setup),
            ranked,
            next_pending: ranked,
        };
        let (token, issuer, charter, mc) = (
            &pool.token,
            &pool.issuer,
            &pool.charter,
            &pool.members_contract,
        );
        code.deploy(chain, token, "token");
        code.deploy(chain, charter, "charter");
        code.deploy(chain, mc, "members");
        let supply = 1_000_000_000u64;
        let ((), bytes) = ram_delta(chain, token, || {
            push(
                chain,
                token,
                "create",
                token,
                json!({"issuer": issuer, "maximum_supply": tokens(supply)}),
            );
        });
        report.ram(
            "token",
            "`stat` (a token; its own scope, so with the table's entry)",
            "`create`",
            "the contract",
            bytes,
        );
        let ((), bytes) = ram_delta(chain, charter, || {
            push(
                chain,
                charter,
                "setconfig",
                charter,
                json!({"governance": "", "members": mc, "rewards": "", "fees": "",
                       "appeal_window_sec": 259_200, "max_open_cases": 5,
                       "grace_period_sec": 604_800}),
            );
        });
        report.ram(
            "charter",
            "`config` + `constparams` (singletons)",
            "the first `setconfig`",
            "the contract",
            bytes,
        );
        push(
            chain,
            charter,
            "newversion",
            charter,
            json!({"hash": CONSTITUTION_HASH, "url": "https://pool.example/constitution/v1.md"}),
        );
        let ((), bytes) = ram_delta(chain, mc, || {
            push(
                chain,
                mc,
                "setconfig",
                mc,
                json!({"governance": "", "token_contract": token, "stake_symbol": SYMBOL,
                       "charter": charter, "fees": "", "auto_approve": false,
                       // Refunds are due at once, so that `refund` can be
                       // measured right after `unstake`.
                       "refund_delay_sec": 0}),
            );
        });
        report.ram(
            "members",
            "`config` (singleton)",
            "the first `setconfig`",
            "the contract",
            bytes,
        );
        push(
            chain,
            token,
            "issue",
            issuer,
            json!({"to": issuer, "quantity": tokens(supply / 2), "memo": "bench"}),
        );
        // The charter enforces suspensions and expulsions through the
        // members contract's `setstatus`.
        chain.set_inline_permission(charter, &[(mc, "setstatus")]);
        // The members contract refunds unstaked tokens.
        chain.set_inline_permission(mc, &[(token, "transfer")]);

        let acts = Acts { pool: &pool };
        let members = &pool.members;
        let mut rows = Vec::new();
        for (i, m) in members.iter().enumerate().take(2) {
            let one = |what: Value| {
                let ((), bytes) = ram_delta(chain, m, || {
                    chain
                        .push_actions(&[what])
                        .unwrap_or_else(|e| panic!("fixture member {m}: {}", e.message));
                });
                bytes
            };
            let signature = one(acts.sign(m));
            let member = one(acts.regmember(mc, m));
            let (_, account) = ram_delta(chain, issuer, || {
                chain
                    .push_actions(&[acts.fund(m, &tokens(stake_of(i) + 100))])
                    .expect("fund")
            });
            let stake = one(acts.openstake(m));
            chain
                .push_actions(&[acts.approve(m), acts.stake(m, &tokens(stake_of(i)))])
                .expect("approve and stake");
            let voter = one(acts.vote(m, &[m]));
            report.setup.transactions += 7;
            report.setup.actions += 8;
            rows.push([signature, member, account, stake, voter]);
        }
        let [signature, member, account, stake, voter] = rows[1];
        report.ram("charter", "`signatures`", "`sign`", "the signer", signature);
        report.ram(
            "members",
            &format!("`members` (url of {} bytes)", member_url(&members[1]).len()),
            "`regmember`",
            "the member",
            member,
        );
        report.ram(
            "members",
            "`members`, the table's first row (the table's entry included)",
            "`regmember`",
            "the member",
            rows[0][1],
        );
        report.ram(
            "token",
            "`accounts` (a balance; its own scope, so with the table's entry)",
            "`transfer` to a new holder",
            "the sender",
            account,
        );
        report.ram("members", "`stakes`", "`openstake`", "the owner", stake);
        report.ram(
            "members",
            "`voters` (one producer listed)",
            "`vote`",
            "the voter",
            voter,
        );

        let rest = &members[2..];
        let reg: Vec<Value> = rest
            .iter()
            .flat_map(|m| [acts.sign(m), acts.regmember(mc, m)])
            .collect();
        chain.push_batches("sign + regmember", &reg, ACTIONS_PER_TX, &mut report.setup);
        let voters = &members[2..ranked];
        let approvals: Vec<Value> = voters.iter().map(|m| acts.approve(m)).collect();
        chain.push_batches("approve", &approvals, ACTIONS_PER_TX, &mut report.setup);
        let funding: Vec<Value> = voters
            .iter()
            .enumerate()
            .map(|(i, m)| acts.fund(m, &tokens(stake_of(i + 2) + 100)))
            .collect();
        chain.push_batches("fund", &funding, ACTIONS_PER_TX, &mut report.setup);
        let votes: Vec<Value> = voters
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                [
                    acts.openstake(m),
                    acts.stake(m, &tokens(stake_of(i + 2))),
                    acts.vote(m, &[m]),
                ]
            })
            .collect();
        chain.push_batches("openstake + stake + vote", &votes, 39, &mut report.setup);
        pool.check_ranking(chain);
        pool
    }

    /// The ranking (the `byvotes` index read in reverse) is the order of
    /// `members[..ranked]`, as every elected or paid set here assumes.
    fn check_ranking(&self, chain: &Chain) {
        let answer = chain
            .http(
                "/v1/chain/get_table_rows",
                &json!({"json": true, "code": self.members_contract,
                        "scope": self.members_contract, "table": "members",
                        "index_position": 2, "key_type": "i64", "reverse": true,
                        "limit": self.ranked}),
            )
            .expect("ranking");
        let ranked: Vec<String> = answer["rows"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|row| row["account"].as_str().map(String::from))
            .collect();
        assert_eq!(
            ranked,
            self.members[..self.ranked].to_vec(),
            "the ranking is not the expected order"
        );
    }

    /// `n` registered (pending) members no one used yet.
    pub fn take_pending(&mut self, n: usize) -> Vec<String> {
        let end = self.next_pending + n;
        assert!(
            end <= self.members.len(),
            "the fixture has too few pending members"
        );
        let out = self.members[self.next_pending..end].to_vec();
        self.next_pending = end;
        out
    }

    pub fn acts(&self) -> Acts<'_> {
        Acts { pool: self }
    }
}

/// A second members contract (same token and charter, auto-approving):
/// every member registered there is active at once and in good standing
/// (it signed the pool's constitution). Grows on demand.
pub struct Registry {
    pub contract: String,
    pub members: Vec<String>,
}

impl Registry {
    pub fn setup(chain: &Chain, code: &Contracts, pool: &Pool, setup: &mut SetupCost) -> Registry {
        let contract = chain.create_accounts("pr", 1, setup).remove(0);
        code.deploy(chain, &contract, "members");
        push(
            chain,
            &contract,
            "setconfig",
            &contract,
            json!({"governance": "", "token_contract": pool.token, "stake_symbol": SYMBOL,
                   "charter": pool.charter, "fees": "", "auto_approve": true,
                   "refund_delay_sec": 0}),
        );
        Registry {
            contract,
            members: Vec::new(),
        }
    }

    /// Registers new members until there are `n` rows.
    pub fn grow(&mut self, chain: &Chain, pool: &Pool, n: usize, setup: &mut SetupCost) {
        if n <= self.members.len() {
            return;
        }
        let new = chain.create_accounts("pb", n - self.members.len(), setup);
        let acts = pool.acts();
        let reg: Vec<Value> = new
            .iter()
            .flat_map(|m| [acts.sign(m), acts.regmember(&self.contract, m)])
            .collect();
        chain.push_batches("registry: sign + regmember", &reg, 50, setup);
        self.members.extend(new);
    }
}
