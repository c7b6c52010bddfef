//! The study's tables, in markdown: printed, and written to
//! `docs/study/results.md`. Deterministic for a seed (no timings, no
//! dates), so a committed result can be checked by running its command.

use crate::stats::Summary;
use crate::study::{Study, World, MONTH_DAYS};
use std::fmt::Write;

fn pct(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

fn num(x: f64) -> String {
    format!("{x:.3}")
}

fn summary_cells(s: &Summary) -> String {
    format!(
        "{} | {} | {} | {} | {} | {} | {} - {} | {} - {} | {} | {}",
        num(s.mean),
        num(s.sd_day),
        num(s.cv_day),
        num(s.sd_month),
        pct(s.zero_days),
        pct(s.zero_months),
        num(s.day_p05),
        num(s.day_p95),
        num(s.month_p05),
        num(s.month_p95),
        num(s.worst_month),
        num(s.worst_month_median),
    )
}

/// The whole markdown report; `command` is the command that produced it.
pub fn markdown(st: &Study, command: &str) -> String {
    let sc = &st.scenario;
    let c = &sc.chain;
    let n = st.trials.len();
    let m = sc.members.len();
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "# Pool variance study: results\n");
    let _ = writeln!(
        w,
        "Produced by `{command}`: {} days, {n} trials, seed {}, {m} small producers. \
         `docs/why-pool.md` explains the model and how to read this.\n",
        st.days, st.seed
    );
    let _ = writeln!(
        w,
        "Revenue is **normalized**: each producer's revenue on a day (or a \
         {MONTH_DAYS}-day month) divided by what that producer earns **alone** in \
         expectation over the same days. 1.000 = its long-run average alone.\n"
    );

    let _ = writeln!(w, "## Each producer, alone and in the pool\n");
    let _ = writeln!(
        w,
        "| producer | alone: CV (day) | alone: days paying 0 | alone: month 5% - 95% | \
         alone: worst month | pool: mean | pool: CV (day) | pool: days paying 0 | \
         pool: month 5% - 95% | pool: worst month |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|---|---|");
    for (j, p) in sc.members.iter().enumerate() {
        let a = st.summary(World::Alone, Some(j));
        let b = st.summary(World::Pool, Some(j));
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} - {} | {} | {} | {} | {} | {} - {} | {} |",
            p.name,
            num(a.cv_day),
            pct(a.zero_days),
            num(a.month_p05),
            num(a.month_p95),
            num(a.worst_month),
            num(b.mean),
            num(b.cv_day),
            pct(b.zero_days),
            num(b.month_p05),
            num(b.month_p95),
            num(b.worst_month),
        );
    }
    let _ = writeln!(
        w,
        "\nAlone, every mean is 1 by construction (measured: {}). *CV*: standard \
         deviation / mean of the daily revenue, the risk whatever the mean; *month 5% - \
         95%*: nine months in ten fall in this band; *worst month*: the lowest month in \
         all {n} trials.\n",
        (0..m)
            .map(|j| num(st.summary(World::Alone, Some(j)).mean))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let _ = writeln!(w, "## All {m} producers together\n");
    let _ = writeln!(
        w,
        "Every day (month) of every producer in every trial, each normalized by its own \
         expectation alone.\n"
    );
    let _ = writeln!(
        w,
        "| | mean | sd (day) | CV (day) | sd (month) | days paying 0 | months paying 0 | \
         day 5% - 95% | month 5% - 95% | worst month | median worst month |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|---|---|---|");
    for world in [World::Alone, World::Pool] {
        let _ = writeln!(
            w,
            "| {} | {} |",
            world.label(),
            summary_cells(&st.summary(world, None))
        );
    }
    let _ = writeln!(
        w,
        "\n*sd*: standard deviation; *median worst month*: the median over the {} \
         producer-trials of each one's lowest month. The pool's mean here averages \
         ratios: a member with few votes that gains a lot weighs as much as one with \
         many votes that loses a little; the money-weighted figure is in the next \
         table.\n",
        n * m
    );

    let _ = writeln!(w, "## The producers\n");
    let _ = writeln!(
        w,
        "| producer | base rank | alone: top 21 | alone: top 42 | node up | expected alone per day |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|");
    for (j, p) in sc.members.iter().enumerate() {
        let odds = sc.alone_odds(j);
        let up = 1.0 - sc.outages(p.mtbf_days, p.outage_hours).down_share();
        let per_day = st.expected[j].iter().sum::<f64>() / st.days as f64;
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} of the budget |",
            p.name,
            p.base_rank,
            pct(odds.scheduled),
            pct(odds.paid),
            pct(up),
            pct(per_day / c.daily_budget as f64),
        );
    }
    let _ = writeln!(
        w,
        "\n*base rank*: its place by mean votes among the chain's {} producers; *top 21 / \
         top 42*: the chance, computed from the model, that it ranks there on a day \
         (scheduled / paid by votes); *node up*: the long-run share of rounds its node is \
         up; *expected alone per day*: the denominator of the normalization, as a share \
         of the chain's daily producer budget.\n",
        c.producers
    );

    let _ = writeln!(w, "## The pool\n");
    let sum = |f: &dyn Fn(&crate::trial::Trial) -> u64| st.trials.iter().map(f).sum::<u64>();
    let days_all = st.days * n as u64;
    let income = sum(&|t| t.pool_income);
    let paid = sum(&|t| t.pool_paid());
    let infra = sum(&|t| t.pool_infra);
    let carried = sum(&|t| t.pool_carried);
    let alone_total = sum(&|t| t.alone_vote_pay + t.alone_block_pay);
    let ratio = |a: u64, b: u64| num(a as f64 / b as f64);
    let turns = sum(&|t| t.pool_turns_scheduled);
    let _ = writeln!(
        w,
        "| | |\n|---|---|\n\
         | days the pool was in the top 21 | {} |\n\
         | its scheduled turns produced (a member delivered, the emitter was up) | {} |\n\
         | member-days below the availability minimum (no equal share that day) | {} |\n\
         | the chain's vote pay to the pool, over its vote pay to the members alone | {} |\n\
         | the chain's block pay to the pool, over its block pay to the members alone | {} |\n\
         | all the chain paid the pool, over all it paid the members alone | {} |\n\
         | infrastructure share, of the pool's income | {} |\n\
         | the members received, over their revenue alone | {} |\n\
         | conservation: allocated + infrastructure + carried = income | {} |\n",
        pct(sum(&|t| t.pool_scheduled_days) as f64 / days_all as f64),
        pct(sum(&|t| t.pool_turns_produced) as f64 / turns.max(1) as f64),
        pct(sum(&|t| t.missed_minimum) as f64 / (days_all * m as u64) as f64),
        ratio(sum(&|t| t.pool_vote_pay), sum(&|t| t.alone_vote_pay)),
        ratio(sum(&|t| t.pool_block_pay), sum(&|t| t.alone_block_pay)),
        ratio(income, alone_total),
        pct(infra as f64 / income as f64),
        ratio(paid, alone_total),
        if paid + infra + carried == income {
            format!("{paid} + {infra} + {carried} = {income}, exact")
        } else {
            format!("{paid} + {infra} + {carried} != {income}: VIOLATED")
        },
    );

    let _ = writeln!(w, "## Parameters\n");
    let _ = writeln!(
        w,
        "Chain: {} producers, base votes of rank k proportional to k^-{}, daily vote \
         noise sigma {} (log), day-to-day correlation {}; top {} scheduled, top {} \
         paid; daily budget {} units, {} by votes (per unit of vote), the rest per block \
         ({} units a block, {} blocks a turn, {} rounds a day).\n",
        c.producers,
        c.zipf,
        c.vote_sigma,
        c.vote_rho,
        c.scheduled,
        c.paid,
        c.daily_budget,
        pct(f64::from(c.vote_share_bps) / 1e4),
        sc.block_pay(),
        c.blocks_per_turn,
        c.rounds_per_day,
    );
    let p = &sc.pool;
    let _ = writeln!(
        w,
        "Pool (pool.reward): infrastructure share {}, vote share {}, the rest in equal \
         shares to members with availability of at least {}; emitter: an outage every \
         {} days on average, {} h long on average.\n",
        pct(f64::from(p.infra_share_bps) / 1e4),
        pct(f64::from(p.vote_share_bps) / 1e4),
        pct(f64::from(p.min_availability_bps) / 1e4),
        sc.emitter_mtbf_days,
        sc.emitter_outage_hours,
    );
    let _ = writeln!(
        w,
        "| producer | base rank | mean days between outages | mean outage (h) | median latency (ms) |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|");
    for p in &sc.members {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            p.name, p.base_rank, p.mtbf_days, p.outage_hours, p.median_ms
        );
    }
    o
}
