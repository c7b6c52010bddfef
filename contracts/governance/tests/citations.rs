//! The citation graph: proposals cite older proposals they build on,
//! amend or replace; "which proposals cite #N" is table `citations` in
//! scope N.

mod common;

use antelope_testchain::assert_fails;
use common::*;

/// Proposes with `cites` and returns the id.
fn propose_citing(g: &mut Gov, proposer: antelope_sdk::Name, cites: Vec<u64>) -> u64 {
    let mut args = g.proposal_args(proposer, vec![]);
    args.cites = cites;
    g.propose_args(&args)
}

#[test]
fn the_graph_reads_both_ways() {
    let mut g = Gov::new();
    let root = g.propose(PROD1, vec![]);
    let a = propose_citing(&mut g, PROD2, vec![root]);
    let b = propose_citing(&mut g, PROD3, vec![root, a]);
    let c = propose_citing(&mut g, PROD1, vec![b]);
    // Who cites #N: the rows of scope N.
    assert_eq!(g.cited_by(root), vec![a, b]);
    assert_eq!(g.cited_by(a), vec![b]);
    assert_eq!(g.cited_by(b), vec![c]);
    assert!(g.cited_by(c).is_empty());
    // What #N cites: its row.
    assert_eq!(g.proposal(b).unwrap().cites, vec![root, a]);
}

#[test]
fn cited_proposals_must_exist_be_older_and_distinct() {
    let mut g = Gov::new();
    let root = g.propose(PROD1, vec![]);
    let before = g.snapshot();
    let mut args = g.proposal_args(PROD2, vec![]);
    args.cites = vec![root, root];
    assert_fails(g.propose_with(&args), "duplicate cited proposal");
    // The next id (2) is the proposal itself, 3 does not exist yet.
    for future in [2, 3] {
        args.cites = vec![future];
        assert_fails(
            g.propose_with(&args),
            "a proposal can cite only older proposals",
        );
    }
    args.cites = vec![0];
    assert_fails(g.propose_with(&args), "cited proposal does not exist");
    assert_eq!(g.snapshot(), before);
}

#[test]
fn an_executed_proposal_stays_citable() {
    let mut g = Gov::new();
    let root = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], root, YES);
    g.exec(root).unwrap();
    let next = propose_citing(&mut g, PROD2, vec![root]);
    assert_eq!(g.cited_by(root), vec![next]);
}

#[test]
fn an_amendment_moves_the_citations() {
    let mut g = Gov::new();
    let x = g.propose(PROD1, vec![]);
    let y = g.propose(PROD1, vec![]);
    let mut args = g.proposal_args(PROD2, vec![]);
    args.cites = vec![x];
    let id = g.propose_args(&args);
    // A newer proposal cannot be cited by an older one, even by amendment.
    let newer = g.propose(PROD3, vec![]);
    let mut cyclic = args.clone();
    cyclic.cites = vec![x, newer];
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &cyclic)),
        "a proposal can cite only older proposals",
    );
    let mut itself = args.clone();
    itself.cites = vec![id];
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &itself)),
        "a proposal can cite only older proposals",
    );
    args.cites = vec![y];
    g.amend_with(&Gov::amend_args(id, &args)).unwrap();
    assert!(g.cited_by(x).is_empty());
    assert_eq!(g.cited_by(y), vec![id]);
    assert_eq!(g.proposal(id).unwrap().cites, vec![y]);
    args.cites = vec![y, x];
    args.title = "Now citing both".into();
    g.amend_with(&Gov::amend_args(id, &args)).unwrap();
    assert_eq!(g.cited_by(x), vec![id]);
    assert_eq!(g.cited_by(y), vec![id]);
}

#[test]
fn cleanup_removes_the_citations_a_removed_proposal_made() {
    let mut g = Gov::new();
    let root = g.propose(PROD1, vec![]);
    let other = g.propose(PROD1, vec![]);
    let citing = propose_citing(&mut g, PROD2, vec![root, other]);
    let later = propose_citing(&mut g, PROD3, vec![citing]);
    g.cancel(PROD2, citing).unwrap();
    // 2 citation rows + the proposal.
    g.cleanup(2).unwrap();
    assert!(g.cited_by(root).is_empty() && g.cited_by(other).is_empty());
    assert!(g.proposal(citing).is_some());
    g.cleanup(1).unwrap();
    assert!(g.proposal(citing).is_none());
    // The edge "later cites citing" belongs to `later`, which is open: it
    // stays as the record of what `later` builds on.
    assert_eq!(g.cited_by(citing), vec![later]);
    assert_eq!(g.proposal(later).unwrap().cites, vec![citing]);
    // A removed proposal can no longer be cited.
    let mut args = g.proposal_args(PROD1, vec![]);
    args.cites = vec![citing];
    assert_fails(g.propose_with(&args), "cited proposal does not exist");
}

#[test]
fn citation_rows_are_paid_by_the_citing_proposer() {
    let mut g = Gov::new();
    let root = g.propose(PROD1, vec![]);
    let gov = g.chain.ram_usage(GOV);
    let p1 = g.chain.ram_usage(PROD1);
    let plain = g.chain.ram_usage(PROD2);
    g.propose(PROD2, vec![]);
    let without = g.chain.ram_usage(PROD2) - plain;
    let before = g.chain.ram_usage(PROD2);
    propose_citing(&mut g, PROD2, vec![root]);
    let with = g.chain.ram_usage(PROD2) - before;
    // One row (8 bytes + 108 of overhead) and its scope's table object
    // (108), besides the 8 bytes of the id in the proposal's list.
    assert!(
        with - without >= 8 + 108 + 108,
        "the citation row is billed to the citing proposer ({with} vs {without})"
    );
    assert_eq!(g.chain.ram_usage(PROD1), p1, "not to the cited one's");
    assert_eq!(g.chain.ram_usage(GOV), gov);
}
