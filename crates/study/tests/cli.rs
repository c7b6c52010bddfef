//! The command end to end: arguments, the files it writes, determinism.

use std::path::PathBuf;
use std::process::Command;

fn study() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pool-study"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pool-study-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn writes_the_table_and_the_charts_and_replays_from_its_seed() {
    let dir = temp_dir("files");
    let run = |threads: &str| {
        let out = study()
            .args(["30", "3", "7", "--threads", threads, "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let first = run("1");
    let table = std::fs::read_to_string(dir.join("results.md")).unwrap();
    assert_eq!(
        table.as_bytes(),
        &first[..],
        "the printed table is the file"
    );
    let command = format!(
        "scripts/study.sh 30 3 7 --threads 1 --out {}",
        dir.display()
    );
    assert!(
        table.contains(&format!("Produced by `{command}`")),
        "{table}"
    );
    assert!(table.contains(", exact |"), "conservation line: {table}");
    for png in ["daily", "monthly", "cumulative", "histogram"] {
        let bytes = std::fs::read(dir.join(format!("{png}.png"))).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{png}.png");
    }
    let csv = std::fs::read_to_string(dir.join("bands.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        3 + 30,
        "two comments, a header, a row per day"
    );
    // Same seed, other thread count: the same numbers (only the command
    // line in the header differs).
    let second = String::from_utf8(run("2")).unwrap();
    assert_eq!(
        String::from_utf8(first)
            .unwrap()
            .replace("--threads 1", "--threads 2"),
        second
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_arguments_are_refused_with_usage() {
    for (args, message) in [
        (
            vec!["29"],
            "pool-study: days must be at least 30 (one month)",
        ),
        (vec!["x"], "pool-study: DAYS: cannot read \"x\" as a number"),
        (vec!["30", "1"], "pool-study: at least 2 trials"),
        (
            vec!["--colour", "red"],
            "pool-study: unknown option --colour",
        ),
        (vec!["--out"], "pool-study: --out needs a value"),
        (
            vec!["--typical", "nobody"],
            "pool-study: --typical nobody: no such producer",
        ),
        (
            vec!["1", "2", "3", "4"],
            "pool-study: unexpected argument \"4\"",
        ),
        (
            vec![
                "30",
                "2",
                "1",
                "--pool-vote-share-bps",
                "10001",
                "--no-files",
            ],
            "pool-study: pool parameters: vote_share_bps must be at most 10000",
        ),
    ] {
        let out = study().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().next(), Some(message), "{args:?}");
    }
    let help = study().arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).starts_with("usage: pool-study"));
}
