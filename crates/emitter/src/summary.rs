//! Per-member totals and the table `simulate` and `aggregate` print.

use crate::event::SlotEvent;
use crate::window::MetricEntry;
use std::fmt::Write;

/// One member's totals over a run or a set of windows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberTotals {
    pub slots: u64,
    pub proposed: u64,
    pub selected: u64,
    pub late: u64,
    pub latency_ms: u64,
}

impl MemberTotals {
    pub fn add_entry(&mut self, e: &MetricEntry) {
        self.slots += u64::from(e.slots);
        self.proposed += u64::from(e.proposed);
        self.selected += u64::from(e.selected);
        self.late += u64::from(e.late);
        self.latency_ms += e.latency_ms;
    }
}

/// Totals per member, in a fixed member order.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub members: Vec<(String, MemberTotals)>,
    /// Slots seen.
    pub slots: u64,
    /// Slots with an emitted block.
    pub selected_slots: u64,
    /// Slots whose emitted block was late.
    pub late_selected: u64,
}

impl Totals {
    /// Totals listing `order` first (in that order), then anyone else in
    /// order of appearance.
    pub fn with_members(order: &[String]) -> Totals {
        Totals {
            members: order
                .iter()
                .map(|m| (m.clone(), MemberTotals::default()))
                .collect(),
            ..Totals::default()
        }
    }

    pub fn member(&mut self, name: &str) -> &mut MemberTotals {
        let i = match self.members.iter().position(|(m, _)| m == name) {
            Some(i) => i,
            None => {
                self.members
                    .push((name.to_string(), MemberTotals::default()));
                self.members.len() - 1
            }
        };
        &mut self.members[i].1
    }

    pub fn add_event(&mut self, ev: &SlotEvent) {
        self.slots += 1;
        for p in &ev.proposals {
            let t = self.member(&p.member);
            t.slots += 1;
            t.proposed += 1;
            t.late += u64::from(p.late);
            t.latency_ms += p.latency_ms;
        }
        for m in &ev.missed {
            self.member(m).slots += 1;
        }
        if let Some(s) = &ev.selected {
            self.member(s).selected += 1;
            self.selected_slots += 1;
            if ev.proposals.iter().any(|p| &p.member == s && p.late) {
                self.late_selected += 1;
            }
        }
    }

    /// The table: slots, proposed, selected, share of all selected blocks,
    /// late, mean latency of its proposals, availability (proposed/slots).
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<13} {:>8} {:>9} {:>9} {:>7} {:>7} {:>9} {:>13}",
            "member", "slots", "proposed", "selected", "share", "late", "mean ms", "availability"
        );
        let mut total = MemberTotals::default();
        for (name, t) in &self.members {
            total.slots += t.slots;
            total.proposed += t.proposed;
            total.selected += t.selected;
            total.late += t.late;
            total.latency_ms += t.latency_ms;
            row(&mut out, name, t, self.selected_slots);
        }
        row(&mut out, "total", &total, self.selected_slots);
        out
    }
}

fn pct(n: u64, d: u64) -> String {
    if d == 0 {
        "-".into()
    } else {
        format!("{:.2}%", 100.0 * n as f64 / d as f64)
    }
}

fn row(out: &mut String, name: &str, t: &MemberTotals, all_selected: u64) {
    let mean = if t.proposed == 0 {
        "-".into()
    } else {
        format!("{:.1}", t.latency_ms as f64 / t.proposed as f64)
    };
    let _ = writeln!(
        out,
        "{:<13} {:>8} {:>9} {:>9} {:>7} {:>7} {:>9} {:>13}",
        name,
        t.slots,
        t.proposed,
        t.selected,
        pct(t.selected, all_selected),
        t.late,
        mean,
        pct(t.proposed, t.slots)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Proposal;

    #[test]
    fn table_rows_and_totals() {
        let mut t = Totals::with_members(&["prod1".into(), "prod2".into()]);
        t.add_event(&SlotEvent {
            slot: 1,
            proposals: vec![
                Proposal {
                    member: "prod2".into(),
                    latency_ms: 400,
                    late: true,
                },
                Proposal {
                    member: "prod3".into(),
                    latency_ms: 500,
                    late: true,
                },
            ],
            missed: vec!["prod1".into()],
            selected: Some("prod2".into()),
        });
        assert_eq!(t.late_selected, 1);
        let table = t.table();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 5, "{table}");
        assert!(lines[1].starts_with("prod1"));
        assert!(lines[1].ends_with("0.00%"), "{}", lines[1]);
        assert!(lines[2].contains("100.00%"));
        assert!(lines[3].starts_with("prod3"));
        let total: Vec<&str> = lines[4].split_whitespace().collect();
        assert_eq!(
            total,
            ["total", "3", "2", "1", "100.00%", "2", "450.0", "66.67%"]
        );
    }
}
