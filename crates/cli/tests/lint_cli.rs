//! `gwlog lint`: formats read out of CloudFormation, SAM, CDK, Terraform and serverless.yml, with
//! findings at `path:line:col`, JSON and SARIF output, and exit codes as `check`.
//!
//! The fixtures are in `crates/core/tests/fixtures/iac/` (one per tool and escaping form). The
//! SARIF schema is the official one, vendored as `tests/fixtures/sarif-schema-2.1.0.json` from
//! oasis-tcs/sarif-spec `sarif-2.1/schema/sarif-schema-2.1.0.json` (commit
//! e0583813964ec43cea53b6b531b402866095ed1f).

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

fn gwlog() -> Command {
    Command::cargo_bin("gwlog").expect("binary built")
}

/// `crates/core/tests/fixtures`, the parent of the `iac` fixtures.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures")
}

fn temp_file(name: &str, contents: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(contents.as_bytes()))
        .expect("write");
    (dir, path)
}

fn json_of(args: &[&str]) -> (Option<i32>, Value) {
    let output = gwlog().current_dir(fixtures()).args(args).output().unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&output.stdout));
    });
    (output.status.code(), report)
}

#[test]
fn lint_text_points_at_the_place_in_the_file() {
    let output = gwlog()
        .current_dir(fixtures())
        .args(["lint", "iac/cloudformation.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    // The `\u0024` escape in a double-quoted YAML string starts the unknown variable.
    assert!(text.contains("error[unknown-variable]"), "{text}");
    assert!(
        text.contains("  --> iac/cloudformation.yaml:28:69\n"),
        "{text}"
    );
    assert!(
        text.contains("= in HttpStage (AWS::ApiGatewayV2::Stage)"),
        "{text}"
    );
    assert!(text.contains("info[format-unresolved]"), "{text}");
    assert!(
        text.ends_with("1 files, 5 access-log formats: 3 errors, 2 warnings, 2 notes\n"),
        "{text}"
    );
}

#[test]
fn lint_a_directory_reads_every_tool() {
    let (code, report) = json_of(&["lint", "--output", "json", "iac"]);
    assert_eq!(code, Some(1));
    assert_eq!(report["ok"], false);
    let tools: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["tool"].as_str().unwrap()))
        .collect();
    assert_eq!(
        tools,
        [
            ("iac/cdk.out/PetsStack.template.json", "cdk"),
            ("iac/cloudformation.json", "cloudformation"),
            ("iac/cloudformation.yaml", "cloudformation"),
            ("iac/main.tf", "terraform"),
            ("iac/sam.yaml", "sam"),
            ("iac/serverless-vars/serverless.yml", "serverless"),
            ("iac/serverless.yml", "serverless"),
        ]
    );
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    for expected in [
        "iac/cdk.out/PetsStack.template.json:13:303 unquoted-variable",
        "iac/cloudformation.json:11:69 unknown-variable",
        "iac/main.tf:11:20 unknown-variable",
        "iac/main.tf:27:23 firehose-not-supported",
        "iac/sam.yaml:6:86 variable-not-available",
        "iac/serverless.yml:9:124 unknown-variable",
        "iac/serverless-vars/serverless.yml:6:34 format-unresolved",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "{expected} not in {found:#?}"
        );
    }
    let main_tf = &report["files"][3]["formats"][0];
    assert_eq!(main_tf["api"], "rest");
    assert_eq!(main_tf["kind"], "json");
}

#[test]
fn lint_exit_codes_follow_check() {
    let clean = "Resources:\n  S:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      AccessLogSetting:\n        Format: '$context.requestId $context.status'\n";
    let (_dir, path) = temp_file("template.yaml", clean);
    gwlog().arg("lint").arg(&path).assert().success();

    // An unknown variable is only a warning on REST APIs.
    let warned = clean.replace("$context.status", "$context.statuss");
    let (_dir, path) = temp_file("template.yaml", &warned);
    gwlog().arg("lint").arg(&path).assert().success();
    gwlog()
        .args(["lint", "--deny-warnings"])
        .arg(&path)
        .assert()
        .code(1);

    let output = gwlog()
        .args(["lint", "no/such/template.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/template.yaml"));
    gwlog().arg("lint").assert().code(2);
}

#[test]
fn lint_reports_a_template_that_does_not_parse() {
    let (_dir, path) = temp_file(
        "main.tf",
        "resource \"aws_api_gateway_stage\" \"s\" {\n  = 1\n}\n",
    );
    let output = gwlog()
        .args(["lint", "--output", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "template-syntax");
    assert_eq!(report["diagnostics"][0]["line"], 2);
}

#[test]
fn lint_sarif_validates_against_the_sarif_2_1_0_schema() {
    let (code, sarif) = json_of(&["lint", "--output", "sarif", "iac"]);
    assert_eq!(code, Some(1));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The schema is strict enough to catch a broken document.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));

    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "gwlog");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let result = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "iac/main.tf"
                && r["ruleId"] == "unknown-variable"
        })
        .expect("the Terraform finding");
    assert_eq!(result["level"], "warning");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].clone(), region["startColumn"].clone()),
        (Value::from(11), Value::from(20))
    );
    assert_eq!(region["endColumn"], 36); // `$context.statuss` is 16 characters.
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "unknown-variable");
    assert!(results.iter().any(|r| r["level"] == "note"));
    assert!(results.iter().any(|r| r["level"] == "error"));
}

#[test]
fn check_deny_warnings_exits_1_on_a_warning() {
    let (_dir, path) = temp_file("format.txt", "$context.requestId $context.routeKeyy");
    gwlog().arg("check").arg(&path).assert().success();
    gwlog()
        .args(["check", "--deny-warnings"])
        .arg(&path)
        .assert()
        .code(1);
    let (_dir, clean) = temp_file("format.txt", "$context.requestId $context.status");
    gwlog()
        .args(["check", "--deny-warnings"])
        .arg(&clean)
        .assert()
        .success();
}

#[test]
fn pre_commit_hook_runs_gwlog_lint() {
    let hooks = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.pre-commit-hooks.yaml"),
    )
    .unwrap();
    assert!(hooks.contains("- id: gwlog-lint"));
    assert!(hooks.contains("entry: gwlog lint"));
}

#[test]
fn lint_a_terraform_file_sees_the_apis_of_its_module() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stage = dir.path().join("stages.tf");
    std::fs::write(
        &stage,
        "resource \"aws_apigatewayv2_stage\" \"ws\" {\n  api_id = aws_apigatewayv2_api.chat.id\n  access_log_settings {\n    destination_arn = aws_cloudwatch_log_group.logs.arn\n    format = \"$context.requestId $context.eventType\"\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("api.tf"),
        "resource \"aws_apigatewayv2_api\" \"chat\" {\n  protocol_type = \"WEBSOCKET\"\n}\n",
    )
    .unwrap();
    let output = gwlog()
        .args(["lint", "--output", "json"])
        .arg(&stage)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"][0]["formats"][0]["api"], "websocket");
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn lint_reads_cdk_stage_assemblies_but_not_assets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template =
        std::fs::read_to_string(fixtures().join("iac/cdk.out/PetsStack.template.json")).unwrap();
    let cdk_out = dir.path().join("cdk.out");
    for sub in ["assembly-Prod", "asset.0123abcd"] {
        std::fs::create_dir_all(cdk_out.join(sub)).unwrap();
    }
    std::fs::write(
        cdk_out.join("assembly-Prod/ProdPets.template.json"),
        &template,
    )
    .unwrap();
    std::fs::write(
        cdk_out.join("asset.0123abcd/bundle.template.json"),
        &template,
    )
    .unwrap();
    std::fs::write(
        cdk_out.join("manifest.json"),
        "{\"version\": \"36.0.0\", \"x\": \"AWS::\"}",
    )
    .unwrap();
    let output = gwlog()
        .current_dir(dir.path())
        .args(["lint", "--output", "json", "."])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./cdk.out/assembly-Prod/ProdPets.template.json"]);
    assert_eq!(report["files"][0]["tool"], "cdk");
}
