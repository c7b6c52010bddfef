//! A small command-line parser: `--name value`, `--name=value`, boolean
//! `--flag`s, positionals, `--` to end options. Each subcommand declares
//! its options; anything else is an error naming the option.

use std::collections::BTreeMap;
use std::str::FromStr;

/// The parsed command line of one subcommand.
#[derive(Debug, Default)]
pub struct Parsed {
    values: BTreeMap<String, Vec<String>>,
    flags: Vec<String>,
    pub positionals: Vec<String>,
    pub help: bool,
}

/// Parses `args` given the options that take a value and the boolean
/// ones (names without the leading `--`).
pub fn parse(args: &[String], valued: &[&str], boolean: &[&str]) -> Result<Parsed, String> {
    let mut p = Parsed::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--" {
            p.positionals.extend(it.by_ref().cloned());
            break;
        }
        if arg == "-h" || arg == "--help" {
            p.help = true;
            continue;
        }
        let Some(opt) = arg.strip_prefix("--") else {
            if arg.len() > 1 && arg.starts_with('-') {
                return Err(format!("unknown option {arg}"));
            }
            p.positionals.push(arg.clone());
            continue;
        };
        let (name, inline) = match opt.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (opt, None),
        };
        if valued.contains(&name) {
            let value = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("option --{name} needs a value"))?,
            };
            p.values.entry(name.to_string()).or_default().push(value);
        } else if boolean.contains(&name) {
            if inline.is_some() {
                return Err(format!("option --{name} takes no value"));
            }
            p.flags.push(name.to_string());
        } else {
            return Err(format!("unknown option --{name}"));
        }
    }
    Ok(p)
}

impl Parsed {
    /// The value of a single-valued option.
    pub fn value(&self, name: &str) -> Result<Option<&str>, String> {
        match self.values.get(name).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([v]) => Ok(Some(v)),
            Some(_) => Err(format!("option --{name} given more than once")),
        }
    }

    /// Every value of a repeatable option.
    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn get<T: FromStr>(&self, name: &str) -> Result<Option<T>, String>
    where
        T::Err: std::fmt::Display,
    {
        self.value(name)?
            .map(|v| {
                v.parse::<T>()
                    .map_err(|e| format!("option --{name} {v:?}: {e}"))
            })
            .transpose()
    }

    /// A comma-separated list of numbers.
    pub fn list<T: FromStr>(&self, name: &str) -> Result<Option<Vec<T>>, String>
    where
        T::Err: std::fmt::Display,
    {
        self.value(name)?
            .map(|v| {
                v.split(',')
                    .map(|x| {
                        x.trim()
                            .parse::<T>()
                            .map_err(|e| format!("option --{name} {x:?}: {e}"))
                    })
                    .collect()
            })
            .transpose()
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// At most one positional argument.
    pub fn one_positional(&self, what: &str) -> Result<Option<&str>, String> {
        match self.positionals.as_slice() {
            [] => Ok(None),
            [p] => Ok(Some(p)),
            [_, extra, ..] => Err(format!("unexpected argument {extra:?} (only one {what})")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn values_flags_and_positionals() {
        let p = parse(
            &args("--seed 7 --out=x.jsonl --quiet log.jsonl --join a@1 --join b@2 -- --odd"),
            &["seed", "out", "join"],
            &["quiet"],
        )
        .unwrap();
        assert_eq!(p.get::<u64>("seed").unwrap(), Some(7));
        assert_eq!(p.value("out").unwrap(), Some("x.jsonl"));
        assert!(p.flag("quiet"));
        assert_eq!(p.values("join"), ["a@1", "b@2"]);
        assert_eq!(p.positionals, ["log.jsonl", "--odd"]);
        assert!(!p.help);
    }

    #[test]
    fn mistakes_are_named() {
        let err = |a: &str| parse(&args(a), &["seed"], &["quiet"]).unwrap_err();
        assert_eq!(err("--sed 1"), "unknown option --sed");
        assert_eq!(err("--seed"), "option --seed needs a value");
        assert_eq!(err("--quiet=yes"), "option --quiet takes no value");
        assert_eq!(err("-x"), "unknown option -x");
        let p = parse(&args("--seed 1 --seed 2"), &["seed"], &[]).unwrap();
        assert_eq!(
            p.value("seed").unwrap_err(),
            "option --seed given more than once"
        );
        let p = parse(&args("--seed x"), &["seed"], &[]).unwrap();
        assert!(p
            .get::<u64>("seed")
            .unwrap_err()
            .starts_with("option --seed \"x\""));
    }

    #[test]
    fn lists_and_stdin_dash() {
        let p = parse(&args("--median-ms 80,120,200 -"), &["median-ms"], &[]).unwrap();
        assert_eq!(
            p.list::<f64>("median-ms").unwrap(),
            Some(vec![80.0, 120.0, 200.0])
        );
        assert_eq!(p.one_positional("log").unwrap(), Some("-"));
        assert!(parse(&args("-h"), &[], &[]).unwrap().help);
    }
}
