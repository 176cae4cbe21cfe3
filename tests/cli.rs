//! The command line on fixture files: exit codes, stdout and stderr.

use std::process::{Command, Output};

fn cxkpi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cxkpi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn report_on_a_fixture_prints_json() {
    let out = cxkpi(&[
        "report",
        "--config",
        "tests/data/tickets_basic.config.json",
        "tests/data/tickets_basic.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["metrics"]["tickets.created"]["value"], 8);
    assert_eq!(report["inputs"][0]["file"], "tickets_basic.csv");
}

#[test]
fn asterisk_queue_log_without_an_extension() {
    let out = cxkpi(&["report", "tests/data/vendors/queue_log"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["inputs"][0]["format"], "asterisk_queue_log");
    assert_eq!(report["metrics"]["calls.offered"]["value"], 10);
    let out = cxkpi(&["report", "calls=tests/data/vendors/queue_log"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn kind_prefix_overrides_detection() {
    let out = cxkpi(&["report", "tickets=tests/data/tickets_basic.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cxkpi(&["report", "calls=tests/data/tickets_basic.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out)
        .starts_with("tickets_basic.csv: cannot read as calls: no column for \"started_at\""));
}

#[test]
fn missing_columns_exit_2_naming_file_and_headers() {
    let out = cxkpi(&["report", "tests/data/broken/no_created_at.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out).trim_end(),
        "no_created_at.csv: cannot tell which table this is (tickets, calls, surveys, customers, orders, qa_reviews); \
         name it as KIND=FILE or map its columns (headers found: \"Id\", \"Subject\", \"Status\")"
    );
    let out = cxkpi(&["report", "tickets=tests/data/broken/no_created_at.csv"]);
    assert_eq!(
        stderr(&out).trim_end(),
        "no_created_at.csv: cannot read as tickets: no column for \"created_at\" (headers found: \"Id\", \"Subject\", \"Status\")"
    );
}

#[test]
fn one_bad_file_among_several_fails_the_run() {
    let out = cxkpi(&[
        "report",
        "tests/data/tickets_basic.csv",
        "tests/data/broken/no_created_at.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("no_created_at.csv: "));
}

#[test]
fn usage_errors() {
    assert_eq!(cxkpi(&[]).status.code(), Some(2));
    assert_eq!(cxkpi(&["report"]).status.code(), Some(2));
    let out = cxkpi(&["report", "nonsense=x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("unknown table kind \"nonsense\""));
    let out = cxkpi(&["report", "no/such/file.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("no/such/file.csv: cannot open"));
    assert!(cxkpi(&["--help"]).status.success());
}

#[test]
fn bad_config_names_the_field() {
    let dir = std::env::temp_dir().join(format!("cxkpi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("bad.json");
    std::fs::write(
        &config,
        r#"{"time_zone": "Europe/Oslo", "granularity": "fortnight"}"#,
    )
    .unwrap();
    let out = cxkpi(&[
        "report",
        "--config",
        config.to_str().unwrap(),
        "tests/data/tickets_basic.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("config field \"granularity\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn map_file_applies_to_files_with_its_headers() {
    // Unknown headers: no adapter, no synonym.
    let out = cxkpi(&["report", "tests/data/mapping/custom.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cxkpi(&[
        "report",
        "--map",
        "tests/data/mapping/custom.json",
        "tests/data/mapping/custom.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let input = &report["inputs"][0];
    assert_eq!(input["format"], "mapping");
    assert_eq!(input["columns"]["created_at"], "Opened on");
    assert_eq!(report["metrics"]["tickets.created"]["value"], 3);
    // 1 h and 3 h.
    assert_eq!(
        report["metrics"]["tickets.resolution_seconds"]["sum"],
        14400.0
    );
}

#[test]
fn map_file_is_ignored_where_its_headers_are_missing_and_wins_over_an_adapter() {
    // A list of mappings: the first names headers that are not there; the
    // second fits the Zendesk fixture and wins over the adapter.
    let out = cxkpi(&[
        "report",
        "--map",
        "tests/data/mapping/other.json",
        "tests/data/vendors/zendesk.csv",
        "tests/data/tickets_basic.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["inputs"][0]["format"], "mapping");
    assert_eq!(report["inputs"][0]["columns"]["created_at"], "Solved at");
    assert_eq!(report["inputs"][1]["format"], "canonical");
    let out = cxkpi(&["report", "--map", "tests/data/tickets_basic.csv", "x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a column mapping"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn goals_csv_adds_goals() {
    let out = cxkpi(&[
        "report",
        "--config",
        "tests/data/tickets_basic.config.json",
        "tests/data/tickets_basic.csv",
        "goals=tests/data/goals.csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let goals = report["goals"].as_array().unwrap();
    let ids: Vec<&str> = goals.iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["vision", "fewer", "alice-frt"]);
    // As in tests/goals.rs: 6 created before 16 March, 2 since; Alice nothing since.
    assert_eq!(goals[1]["target"], 3.0);
    assert_eq!(goals[1]["status"], "achieved");
    assert_eq!(goals[2]["status"], "no_data");
    assert_eq!(goals[0]["status"], "no_data");
}
