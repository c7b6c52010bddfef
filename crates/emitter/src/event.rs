//! The emitter's event log: one JSON object per line, one line per slot,
//! slots strictly increasing.
//!
//! ```json
//! {"slot":1697068800,"time":"2026-11-21T00:00:00.000",
//!  "proposals":[{"member":"prod2","latency_ms":74,"late":false},
//!               {"member":"prod1","latency_ms":391,"late":true}],
//!  "missed":["prod3"],"selected":"prod2"}
//! ```
//!
//! - `slot`: the Antelope block timestamp (half seconds since 2000-01-01);
//!   `time` must be that slot's start, written as nodeos writes block times.
//! - `proposals`: every block delivered for the slot, in delivery order;
//!   `latency_ms` from the slot start to delivery, `late` whether it came
//!   after the emitter's deadline.
//! - `missed`: the members expected in this slot that delivered nothing.
//!   A member's slots are the lines that name it in `proposals` or `missed`;
//!   a member named in neither was not in the pool for that slot.
//! - `selected`: the member whose proposal was emitted, or `null` when no
//!   block was emitted for the slot.
//!
//! All fields are required and no others are allowed, so that a typo or a
//! log of another format is caught instead of silently counted as zero.

use crate::name;
use crate::time::TimeMs;
use serde::{Deserialize, Serialize};
use std::io::BufRead;

/// Latencies beyond this (one hour) are impossible for a 0.5 s slot: the
/// emitter would have discarded the block long before.
pub const MAX_LATENCY_MS: u64 = 3_600_000;

/// Block timestamps are 32-bit slot numbers on chain.
pub const MAX_SLOT: u64 = u32::MAX as u64;

/// One member's block for one slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub member: String,
    pub latency_ms: u64,
    pub late: bool,
}

/// One validated line of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotEvent {
    pub slot: u64,
    pub proposals: Vec<Proposal>,
    pub missed: Vec<String>,
    pub selected: Option<String>,
}

/// The line as written: `time` is redundant with `slot` and checked.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    slot: u64,
    time: String,
    proposals: Vec<Proposal>,
    missed: Vec<String>,
    selected: Option<String>,
}

impl SlotEvent {
    /// The start of the slot.
    pub fn time(&self) -> TimeMs {
        TimeMs::of_slot(self.slot)
    }

    /// The line of the log for this event (no newline).
    pub fn to_line(&self) -> String {
        let line = Line {
            slot: self.slot,
            time: self.time().to_string(),
            proposals: self.proposals.clone(),
            missed: self.missed.clone(),
            selected: self.selected.clone(),
        };
        serde_json::to_string(&line).expect("a log line always serializes")
    }

    /// Parses and checks one line on its own (the order of lines is the
    /// reader's business): valid JSON of exactly this shape, `time` equal
    /// to the slot's start, valid and distinct member names, plausible
    /// latencies, and `selected` one of the proposers.
    pub fn parse(text: &str) -> Result<SlotEvent, String> {
        if text.trim().is_empty() {
            return Err("empty line".into());
        }
        let line: Line = serde_json::from_str(text).map_err(|e| {
            // serde says "at line 1 column N": within this one line.
            let msg = e.to_string();
            let msg = msg
                .rsplit_once(" at line ")
                .map_or(msg.as_str(), |(m, _)| m);
            format!("{msg} (column {})", e.column())
        })?;
        if line.slot > MAX_SLOT {
            return Err(format!(
                "slot {} is beyond the last block timestamp",
                line.slot
            ));
        }
        let expected = TimeMs::of_slot(line.slot);
        let time = crate::time::parse(&line.time)?;
        if time != expected {
            return Err(format!(
                "time {} is not the start of slot {} ({expected})",
                line.time, line.slot
            ));
        }
        let mut seen = Vec::with_capacity(line.proposals.len() + line.missed.len());
        for who in line
            .proposals
            .iter()
            .map(|p| &p.member)
            .chain(line.missed.iter())
        {
            let v = name::value(who)?;
            if seen.contains(&v) {
                return Err(format!("member {who} appears twice in the slot"));
            }
            seen.push(v);
        }
        if let Some(p) = line
            .proposals
            .iter()
            .find(|p| p.latency_ms > MAX_LATENCY_MS)
        {
            return Err(format!(
                "latency {} ms of {} is over the {MAX_LATENCY_MS} ms limit",
                p.latency_ms, p.member
            ));
        }
        if let Some(sel) = &line.selected {
            if !line.proposals.iter().any(|p| &p.member == sel) {
                return Err(format!("selected {sel} did not propose in this slot"));
            }
        }
        Ok(SlotEvent {
            slot: line.slot,
            proposals: line.proposals,
            missed: line.missed,
            selected: line.selected,
        })
    }
}

/// A line of the log that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based.
    pub line: usize,
    pub error: String,
}

impl std::fmt::Display for BadLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.error)
    }
}

/// What reading the log can yield besides an event.
#[derive(Debug)]
pub enum ReadError {
    Bad(BadLine),
    Io(std::io::Error),
}

/// Reads a log line by line: each line is checked on its own
/// ([`SlotEvent::parse`]) and against the previous good line (its slot
/// must be greater). Invalid UTF-8 is a bad line, not an I/O error.
pub struct EventReader<R> {
    input: R,
    line: usize,
    last_slot: Option<u64>,
    buf: Vec<u8>,
}

impl<R: BufRead> EventReader<R> {
    pub fn new(input: R) -> Self {
        EventReader {
            input,
            line: 0,
            last_slot: None,
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for EventReader<R> {
    type Item = Result<SlotEvent, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buf.clear();
        match self.input.read_until(b'\n', &mut self.buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => return Some(Err(ReadError::Io(e))),
        }
        self.line += 1;
        let bad = |error: String| {
            Some(Err(ReadError::Bad(BadLine {
                line: self.line,
                error,
            })))
        };
        let Ok(text) = std::str::from_utf8(&self.buf) else {
            return bad("not UTF-8".into());
        };
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        match SlotEvent::parse(text) {
            Err(e) => bad(e),
            Ok(ev) => match self.last_slot {
                Some(last) if ev.slot <= last => bad(format!(
                    "slot {} does not follow slot {last} (slots must increase)",
                    ev.slot
                )),
                _ => {
                    self.last_slot = Some(ev.slot);
                    Some(Ok(ev))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOT: u64 = 1_697_068_800; // 2026-11-21T00:00:00

    fn line(slot: u64, rest: &str) -> String {
        format!(
            r#"{{"slot":{slot},"time":"{}",{rest}}}"#,
            TimeMs::of_slot(slot)
        )
    }

    fn ok_rest() -> &'static str {
        r#""proposals":[{"member":"prod2","latency_ms":74,"late":false},{"member":"prod1","latency_ms":391,"late":true}],"missed":["prod3"],"selected":"prod2""#
    }

    #[test]
    fn the_documented_line_parses_and_round_trips() {
        assert_eq!(TimeMs::of_slot(SLOT).to_string(), "2026-11-21T00:00:00.000");
        let text = line(SLOT, ok_rest());
        let ev = SlotEvent::parse(&text).unwrap();
        assert_eq!(ev.slot, SLOT);
        assert_eq!(ev.proposals.len(), 2);
        assert_eq!(ev.missed, vec!["prod3".to_string()]);
        assert_eq!(ev.selected.as_deref(), Some("prod2"));
        assert_eq!(ev.to_line(), text);
    }

    #[test]
    fn time_without_milliseconds_is_accepted() {
        let text = format!(
            r#"{{"slot":{SLOT},"time":"2026-11-21T00:00:00","proposals":[],"missed":[],"selected":null}}"#
        );
        assert!(SlotEvent::parse(&text).is_ok());
    }

    #[track_caller]
    fn rejected(text: &str, why: &str) {
        let err = SlotEvent::parse(text).unwrap_err();
        assert!(err.contains(why), "{err:?} does not mention {why:?}");
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        rejected("", "empty line");
        rejected("not json", "expected");
        rejected(
            &line(SLOT, &format!("{},\"extra\":1", ok_rest())),
            "unknown field `extra`",
        );
        rejected(
            &line(SLOT, r#""proposals":[],"selected":null"#),
            "missing field `missed`",
        );
        rejected(
            &format!(
                r#"{{"slot":{SLOT},"time":"2026-11-21T00:00:00.500","proposals":[],"missed":[],"selected":null}}"#
            ),
            "is not the start of slot",
        );
        rejected(
            &line(
                SLOT,
                r#""proposals":[{"member":"prod1","latency_ms":-3,"late":false}],"missed":[],"selected":null"#,
            ),
            "invalid value",
        );
        rejected(
            &line(
                SLOT,
                r#""proposals":[{"member":"prod1","latency_ms":3600001,"late":false}],"missed":[],"selected":null"#,
            ),
            "over the 3600000 ms limit",
        );
        rejected(
            &line(
                SLOT,
                r#""proposals":[{"member":"Prod1","latency_ms":3,"late":false}],"missed":[],"selected":null"#,
            ),
            "bad account name",
        );
        rejected(
            &line(
                SLOT,
                r#""proposals":[{"member":"prod1","latency_ms":3,"late":false}],"missed":["prod1"],"selected":null"#,
            ),
            "appears twice",
        );
        rejected(
            &line(
                SLOT,
                r#""proposals":[{"member":"prod1","latency_ms":3,"late":false}],"missed":[],"selected":"prod2""#,
            ),
            "did not propose",
        );
        rejected(
            &line(
                MAX_SLOT + 1,
                r#""proposals":[],"missed":[],"selected":null"#,
            ),
            "beyond the last block timestamp",
        );
    }

    #[test]
    fn reader_numbers_lines_and_enforces_increasing_slots() {
        let empty = r#""proposals":[],"missed":[],"selected":null"#;
        let text = [
            line(SLOT, empty),
            line(SLOT + 2, empty),
            line(SLOT + 2, empty),
            "garbage".to_string(),
            line(SLOT + 1, empty),
            line(SLOT + 3, empty),
        ]
        .join("\n");
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"\n\xff\xfe\n");
        let results: Vec<_> = EventReader::new(&bytes[..]).collect();
        let summary: Vec<Result<u64, usize>> = results
            .into_iter()
            .map(|r| match r {
                Ok(ev) => Ok(ev.slot),
                Err(ReadError::Bad(b)) => Err(b.line),
                Err(ReadError::Io(e)) => panic!("{e}"),
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                Ok(SLOT),
                Ok(SLOT + 2),
                Err(3),
                Err(4),
                Err(5),
                Ok(SLOT + 3),
                Err(7)
            ]
        );
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let text = format!("{}\r\n", line(SLOT, ok_rest()));
        let got: Vec<_> = EventReader::new(text.as_bytes()).collect();
        assert!(matches!(got.as_slice(), [Ok(_)]));
    }
}
