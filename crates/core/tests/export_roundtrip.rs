//! The generated setups, read back by real parsers: CloudFormation with `yaml-rust2` (tags kept
//! through its event API), Terraform with `hcl-rs` (templates evaluated), the AWS CLI script run
//! by a real POSIX shell with `aws` replaced by a recorder that also keeps a small model of the
//! account (which buckets, log groups, roles and streams exist), and its JSON arguments with
//! `serde_json`. For every preset and for hostile formats, the format that reaches API Gateway
//! must be exactly the one given, byte for byte; the script must run again over what it created.

use gwlog_core::api::ApiType;
use gwlog_core::escape::{hcl_quoted, json_string, shell_quoted, yaml_double_quoted};
use gwlog_core::export::{generate, Export, SetupInputs, Target};
use gwlog_core::format::{self, presets::PRESETS};
use proptest::prelude::*;

const URL: &str = "https://logs.example.com/aws/acme/apigw/_kinesis_firehose";
const STREAM: &str = "amazon-apigateway-prod";
const STREAM_ARN: &str =
    "arn:aws:firehose:eu-west-1:123456789012:deliverystream/amazon-apigateway-prod";
const ACCOUNT: &str = "123456789012";
/// base64 of `alice@example.com:o2oi_abc123`, the value the test "exports".
const KEY: &str = "YWxpY2VAZXhhbXBsZS5jb206bzJvaV9hYmMxMjM=";
/// The existing bucket [`inputs`] names.
const BUCKET: &str = "acme-apigw-failed";
/// The bucket created when none is given.
const DEFAULT_BUCKET: &str = "prod-failed-eu-west-1-123456789012";
const ROLE: &str = "firehose-prod-eu-west-1-role";
const LOG_GROUP: &str = "/aws/kinesisfirehose/amazon-apigateway-prod";

fn inputs(format: &str) -> SetupInputs {
    SetupInputs {
        region: "eu-west-1".into(),
        account_id: ACCOUNT.into(),
        stream_name: STREAM.into(),
        endpoint_url: URL.into(),
        rest_api_id: Some("a1b2c3d4e5".into()),
        stage_name: Some("prod".into()),
        backup_bucket: Some(BUCKET.into()),
        format: format.into(),
        ..SetupInputs::default()
    }
}

fn text(target: Target, inputs: &SetupInputs) -> String {
    let export: Export = generate(target, inputs);
    assert!(!export.has_errors(), "{:?}", export.diagnostics);
    export.text
}

/// A YAML tree that keeps what CloudFormation cares about and `YamlLoader` drops: tags and
/// scalar styles.
mod yaml {
    use yaml_rust2::parser::{Event, EventReceiver, Parser};
    use yaml_rust2::scanner::TScalarStyle;

    #[derive(Debug, Clone, PartialEq)]
    pub enum Node {
        Scalar {
            value: String,
            style: TScalarStyle,
            tag: Option<String>,
        },
        Seq(Vec<Node>),
        Map(Vec<(Node, Node)>),
    }

    impl Node {
        /// The value under `key` in a mapping.
        pub fn get(&self, key: &str) -> &Node {
            match self {
                Node::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.str() == key)
                    .map(|(_, v)| v)
                    .unwrap_or_else(|| panic!("no key {key}")),
                other => panic!("not a mapping at {key}: {other:?}"),
            }
        }

        /// `get` along a dotted path.
        pub fn at(&self, path: &str) -> &Node {
            path.split('.').fold(self, Node::get)
        }

        /// A scalar's value.
        pub fn str(&self) -> &str {
            match self {
                Node::Scalar { value, .. } => value,
                other => panic!("not a scalar: {other:?}"),
            }
        }

        /// A scalar's tag (`!Ref`, `!GetAtt`…).
        pub fn tag(&self) -> Option<&str> {
            match self {
                Node::Scalar { tag, .. } => tag.as_deref(),
                _ => None,
            }
        }

        pub fn style(&self) -> TScalarStyle {
            match self {
                Node::Scalar { style, .. } => *style,
                other => panic!("not a scalar: {other:?}"),
            }
        }
    }

    #[derive(Default)]
    struct Builder {
        open: Vec<(bool, Vec<Node>)>,
        done: Vec<Node>,
    }

    impl Builder {
        fn add(&mut self, node: Node) {
            match self.open.last_mut() {
                Some((_, items)) => items.push(node),
                None => self.done.push(node),
            }
        }
    }

    impl EventReceiver for Builder {
        fn on_event(&mut self, event: Event) {
            match event {
                Event::Scalar(value, style, _, tag) => self.add(Node::Scalar {
                    value,
                    style,
                    tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                }),
                Event::SequenceStart(..) => self.open.push((false, Vec::new())),
                Event::MappingStart(..) => self.open.push((true, Vec::new())),
                Event::SequenceEnd | Event::MappingEnd => {
                    let (is_map, items) = self.open.pop().expect("balanced");
                    let node = if is_map {
                        let mut entries = Vec::new();
                        let mut items = items.into_iter();
                        while let (Some(k), Some(v)) = (items.next(), items.next()) {
                            entries.push((k, v));
                        }
                        Node::Map(entries)
                    } else {
                        Node::Seq(items)
                    };
                    self.add(node);
                }
                Event::Alias(_) => panic!("no aliases expected"),
                _ => {}
            }
        }
    }

    /// Parse one YAML document.
    pub fn parse(text: &str) -> Node {
        let mut builder = Builder::default();
        Parser::new_from_str(text)
            .load(&mut builder, false)
            .unwrap_or_else(|e| panic!("YAML error {e}:\n{text}"));
        assert_eq!(builder.done.len(), 1, "one document");
        builder.done.remove(0)
    }
}

/// The AWS CLI script, run by real shells with `aws` recorded instead of called.
mod shell {
    use std::path::PathBuf;
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Replaces `aws` and `sleep`. Each call's arguments are recorded NUL-terminated, an empty
    /// one closing the call; a `file://PATH` argument is recorded as `file:<mode>:<contents>`
    /// (mode as `ls -l` shows it), since the file is gone once the script ends.
    ///
    /// The account is a file of resources, one per line (`bucket NAME`, `log-group NAME`,
    /// `log-stream GROUP/NAME`, `role NAME`, `stream NAME`), kept across runs. Like AWS: the
    /// existence checks (`head-bucket`, `get-role`, `describe-delivery-stream`) fail when the
    /// resource is missing, the `describe-log-*` queries print its name only when it exists, and
    /// every `create-*` fails when it exists already. `sts get-caller-identity` answers the test
    /// account; a call whose `service command` is `$GWLOG_AWS_FAIL` fails.
    const PRELUDE: &str = r#"gwlog_flag() {
  gwlog_want=$1; shift
  while [ $# -gt 1 ]; do
    if [ "$1" = "$gwlog_want" ]; then printf '%s' "$2"; return 0; fi
    shift
  done
}
gwlog_resource() {
  case "$1 $2" in
    "s3api "*) printf 'bucket %s' "$(gwlog_flag --bucket "$@")" ;;
    "logs "*log-stream*) printf 'log-stream %s/%s%s' "$(gwlog_flag --log-group-name "$@")" \
      "$(gwlog_flag --log-stream-name "$@")" "$(gwlog_flag --log-stream-name-prefix "$@")" ;;
    "logs "*log-group*) printf 'log-group %s%s' "$(gwlog_flag --log-group-name "$@")" \
      "$(gwlog_flag --log-group-name-prefix "$@")" ;;
    "iam "*) printf 'role %s' "$(gwlog_flag --role-name "$@")" ;;
    "firehose "*) printf 'stream %s' "$(gwlog_flag --delivery-stream-name "$@")" ;;
  esac
}
gwlog_has() { grep -qxF -- "$1" "$GWLOG_AWS_STATE"; }
gwlog_create() {
  if gwlog_has "$1"; then echo "fake aws: $1 already exists" >&2; return 254; fi
  printf '%s\n' "$1" >> "$GWLOG_AWS_STATE"
}
aws() {
  for arg in "$@"; do
    case $arg in
      file://*)
        gwlog_path=${arg#file://}
        printf 'file:%s:%s\0' "$(ls -l "$gwlog_path" | cut -c1-10)" "$(cat "$gwlog_path")" ;;
      *) printf '%s\0' "$arg" ;;
    esac
  done >> "$GWLOG_AWS_LOG"
  printf '\0' >> "$GWLOG_AWS_LOG"
  if [ "$1 $2" = "${GWLOG_AWS_FAIL:-}" ]; then echo "fake aws: $1 $2 failed" >&2; return 254; fi
  gwlog_it=$(gwlog_resource "$@")
  case "$1 $2" in
    "sts get-caller-identity") printf '%s\n' "$GWLOG_CALLER_ACCOUNT" ;;
    "s3api head-bucket"|"iam get-role"|"firehose describe-delivery-stream")
      if ! gwlog_has "$gwlog_it"; then echo "fake aws: $gwlog_it not found" >&2; return 254; fi ;;
    "logs describe-log-groups"|"logs describe-log-streams")
      if gwlog_has "$gwlog_it"; then printf '%s\n' "${gwlog_it#* }"; fi ;;
    *" create-"*) gwlog_create "$gwlog_it" || return 254 ;;
  esac
}
sleep() { :; }
"#;

    pub struct Run {
        pub success: bool,
        pub stdout: String,
        pub stderr: String,
        pub calls: Vec<Vec<String>>,
        /// Files left in the temporary directory besides the test's own.
        pub leftovers: Vec<String>,
    }

    impl Run {
        /// The call whose first two arguments are `service command`.
        pub fn call(&self, service: &str, command: &str) -> &[String] {
            self.calls
                .iter()
                .find(|c| c.len() >= 2 && c[0] == service && c[1] == command)
                .unwrap_or_else(|| panic!("no call to aws {service} {command}"))
        }

        /// `service command` of every call, in order.
        pub fn order(&self) -> Vec<String> {
            self.calls
                .iter()
                .map(|c| format!("{} {}", c[0], c[1]))
                .collect()
        }

        /// The calls that create something.
        pub fn creates(&self) -> Vec<String> {
            self.order()
                .into_iter()
                .filter(|c| c.contains(" create-"))
                .collect()
        }
    }

    /// The value after `flag` in one call.
    pub fn arg<'a>(call: &'a [String], flag: &str) -> &'a str {
        let i = call
            .iter()
            .position(|a| a == flag)
            .unwrap_or_else(|| panic!("no {flag} in {call:?}"));
        &call[i + 1]
    }

    /// The contents of the file passed as `file://…` after `flag`, which only its owner could
    /// read or write.
    pub fn file_arg<'a>(call: &'a [String], flag: &str) -> &'a str {
        let value = arg(call, flag);
        value
            .strip_prefix("file:-rw-------:")
            .unwrap_or_else(|| panic!("{flag} is not a private file: {value:?}"))
    }

    /// An account for the fake `aws`: the resources that exist, kept across runs.
    pub struct Account {
        dir: PathBuf,
    }

    impl Account {
        /// An account holding `resources` (`bucket NAME`, `role NAME`…).
        pub fn with(resources: &[&str]) -> Account {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "gwlog-export-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(dir.join("tmp")).unwrap();
            let state: String = resources.iter().map(|r| format!("{r}\n")).collect();
            std::fs::write(dir.join("state"), state).unwrap();
            Account { dir }
        }

        /// Whether `resource` exists now.
        pub fn has(&self, resource: &str) -> bool {
            std::fs::read_to_string(self.dir.join("state"))
                .unwrap()
                .lines()
                .any(|l| l == resource)
        }

        /// Run `script` with `shell`; `key` is `OPENOBSERVE_ACCESS_KEY` (unset when `None`);
        /// `fail` makes one `service command` fail.
        pub fn run_failing(
            &self,
            shell: &str,
            script: &str,
            key: Option<&str>,
            caller_account: &str,
            fail: Option<&str>,
        ) -> Run {
            let path = self.dir.join("setup.sh");
            let log = self.dir.join("aws.log");
            let tmp = self.dir.join("tmp");
            std::fs::write(&path, format!("{PRELUDE}{script}")).unwrap();
            std::fs::write(&log, "").unwrap();
            let mut command = Command::new(shell);
            command
                .arg(&path)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("TMPDIR", &tmp)
                .env("GWLOG_AWS_LOG", &log)
                .env("GWLOG_AWS_STATE", self.dir.join("state"))
                .env("GWLOG_CALLER_ACCOUNT", caller_account);
            if let Some(key) = key {
                command.env("OPENOBSERVE_ACCESS_KEY", key);
            }
            if let Some(fail) = fail {
                command.env("GWLOG_AWS_FAIL", fail);
            }
            let output = command.output().unwrap();
            let recorded = std::fs::read(&log).unwrap();
            let leftovers = std::fs::read_dir(&tmp)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            let mut calls = Vec::new();
            let mut call = Vec::new();
            for field in recorded.split(|&b| b == 0) {
                if field.is_empty() {
                    if !call.is_empty() {
                        calls.push(std::mem::take(&mut call));
                    }
                } else {
                    call.push(String::from_utf8(field.to_vec()).unwrap());
                }
            }
            Run {
                success: output.status.success(),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                calls,
                leftovers,
            }
        }

        /// [`Account::run_failing`] with no failing call.
        pub fn run(&self, shell: &str, script: &str, key: Option<&str>, caller: &str) -> Run {
            self.run_failing(shell, script, key, caller, None)
        }
    }

    impl Drop for Account {
        fn drop(&mut self) {
            std::fs::remove_dir_all(&self.dir).ok();
        }
    }

    /// Run `script` with `shell` in an account that holds only the existing bucket the test
    /// inputs name.
    pub fn run(shell: &str, script: &str, key: Option<&str>, caller_account: &str) -> Run {
        Account::with(&[&format!("bucket {}", super::BUCKET)]).run(
            shell,
            script,
            key,
            caller_account,
        )
    }

    /// Shells installed here, `sh` first.
    pub fn shells() -> Vec<&'static str> {
        ["sh", "dash", "bash"]
            .into_iter()
            .filter(|s| {
                Command::new(s)
                    .args(["-c", "true"])
                    .status()
                    .is_ok_and(|st| st.success())
            })
            .collect()
    }

    /// What `printf '%s' <word>` prints: how the shell reads one quoted word.
    pub fn echo_word(word: &str) -> String {
        let output = Command::new("sh")
            .args(["-c", &format!("printf '%s' {word}")])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    }
}

/// The format in the CloudFormation template's `AWS::ApiGateway::Stage`, as YAML reads it.
fn cloudformation_format(template: &str) -> String {
    let doc = yaml::parse(template);
    let format = doc.at("Resources.Stage.Properties.AccessLogSetting.Format");
    assert_eq!(format.tag(), None);
    assert_eq!(
        format.style(),
        yaml_rust2::scanner::TScalarStyle::DoubleQuoted
    );
    format.str().to_owned()
}

/// The block `kind "labels…"` at the top of an HCL body.
fn hcl_block<'a>(body: &'a hcl::Body, kind: &str, labels: &[&str]) -> &'a hcl::Body {
    body.blocks()
        .find(|b| {
            b.identifier() == kind
                && b.labels().iter().map(|l| l.as_str()).collect::<Vec<_>>() == labels
        })
        .unwrap_or_else(|| panic!("no block {kind} {labels:?}"))
        .body()
}

fn hcl_attr<'a>(body: &'a hcl::Body, key: &str) -> &'a hcl::Expression {
    body.attributes()
        .find(|a| a.key() == key)
        .unwrap_or_else(|| panic!("no attribute {key}"))
        .expr()
}

/// Evaluate a string expression the way Terraform does (escapes, `$${`, `%%{`).
fn hcl_string(expr: &hcl::Expression) -> String {
    use hcl::eval::{Context, Evaluate};
    match expr.evaluate(&Context::new()) {
        Ok(hcl::Value::String(s)) => s,
        other => panic!("not a string: {other:?}"),
    }
}

/// The format in the Terraform stage's `access_log_settings`, as Terraform evaluates it.
fn terraform_format(config: &str) -> String {
    let body = hcl::parse(config).unwrap_or_else(|e| panic!("HCL error {e}:\n{config}"));
    let stage = hcl_block(&body, "resource", &["aws_api_gateway_stage", "access_logs"]);
    let settings = stage
        .blocks()
        .find(|b| b.identifier() == "access_log_settings")
        .expect("access_log_settings")
        .body();
    hcl_string(hcl_attr(settings, "format"))
}

/// The format the script sends with `update-stage`, as the AWS CLI parses its JSON.
fn cli_format(script: &str, shell: &str) -> String {
    let run = shell::run(shell, script, Some(KEY), ACCOUNT);
    assert!(run.success, "{shell} failed: {}", run.stderr);
    let update = run.call("apigateway", "update-stage");
    let patch: serde_json::Value =
        serde_json::from_str(shell::arg(update, "--patch-operations")).unwrap();
    assert_eq!(patch[1]["path"], "/accessLogSettings/format");
    patch[1]["value"].as_str().unwrap().to_owned()
}

/// The format must come back exactly from all three targets.
fn assert_round_trip(format: &str, shells: &[&str]) {
    let inputs = inputs(format);
    assert_eq!(
        cloudformation_format(&text(Target::CloudFormation, &inputs)),
        format,
        "CloudFormation"
    );
    assert_eq!(
        terraform_format(&text(Target::Terraform, &inputs)),
        format,
        "Terraform"
    );
    let script = text(Target::AwsCli, &inputs);
    for shell in shells {
        assert_eq!(cli_format(&script, shell), format, "AWS CLI via {shell}");
    }
}

#[test]
fn every_preset_round_trips_with_and_without_a_final_newline() {
    let shells = shell::shells();
    for preset in PRESETS {
        // Firehose is REST-only; the HTTP and WebSocket presets' text has to survive the trip
        // too, when it is also a valid REST format.
        let errors = format::check(preset.format, ApiType::Rest).has_errors();
        assert!(!(errors && preset.api == ApiType::Rest), "{}", preset.id);
        if errors {
            continue;
        }
        assert_round_trip(preset.format, &shells);
        assert_round_trip(&format!("{}\n", preset.format), &shells);
    }
}

#[test]
fn presets_that_are_not_rest_formats_still_escape_exactly() {
    for preset in PRESETS {
        assert_eq!(
            yaml_value(&yaml_double_quoted(preset.format)),
            preset.format
        );
        assert_eq!(hcl_value(&hcl_quoted(preset.format)), preset.format);
        assert_eq!(json_value(&json_string(preset.format)), preset.format);
    }
}

#[test]
fn hostile_formats_round_trip() {
    let shells = shell::shells();
    for format in [
        "$context.requestId ${stageVariables.x} %{ if true }x%{ endif }\n",
        "$context.requestId $${a} %%{b} $$${c} $ % {} ${ %{\n",
        "$context.requestId \"double\" 'single' '' \\ \\\\ \\n \\\"",
        "$context.requestId,op=replace,path=/x,value=y,",
        "$context.requestId é 😀 \u{2028}\u{2029}\u{85}\u{feff}\u{7f}\u{1}\t\r x\n",
        "$context.requestId # not a comment: !Ref &anchor *alias - [ ] { } > |\n",
        "  $context.requestId  ",
        "$context.requestId`$(echo pwned)`$HOME\n",
        "{\"requestId\":\"$context.requestId\",\"path\":\"$context.path\"}\n",
    ] {
        assert!(
            !format::check(format, ApiType::Rest).has_errors(),
            "{format:?}"
        );
        assert_round_trip(format, &shells);
    }
}

#[test]
fn cloudformation_names_the_stream_url_and_parameters() {
    let doc = yaml::parse(&text(Target::CloudFormation, &inputs("$context.requestId")));
    let key = doc.at("Parameters.OpenObserveAccessKey");
    assert_eq!(key.get("NoEcho").str(), "true");
    assert!(matches!(
        key,
        yaml::Node::Map(entries) if !entries.iter().any(|(k, _)| k.str() == "Default")
    ));
    assert_eq!(doc.at("Parameters.RestApiId.Default").str(), "a1b2c3d4e5");
    assert_eq!(doc.at("Parameters.StageName.Default").str(), "prod");
    assert_eq!(doc.at("Parameters.BackupBucketName.Default").str(), BUCKET);

    let stream = doc.at("Resources.DeliveryStream");
    assert_eq!(
        stream.get("Type").str(),
        "AWS::KinesisFirehose::DeliveryStream"
    );
    let props = stream.get("Properties");
    assert_eq!(props.get("DeliveryStreamName").str(), STREAM);
    assert_eq!(props.get("DeliveryStreamType").str(), "DirectPut");
    let http = props.get("HttpEndpointDestinationConfiguration");
    assert_eq!(http.at("EndpointConfiguration.Url").str(), URL);
    assert_eq!(http.at("EndpointConfiguration.Name").str(), "OpenObserve");
    let access_key = http.at("EndpointConfiguration.AccessKey");
    assert_eq!(
        (access_key.tag(), access_key.str()),
        (Some("!Ref"), "OpenObserveAccessKey")
    );
    assert_eq!(
        http.at("RequestConfiguration.ContentEncoding").str(),
        "GZIP"
    );
    assert_eq!(http.at("BufferingHints.SizeInMBs").str(), "1");
    assert_eq!(http.at("BufferingHints.IntervalInSeconds").str(), "60");
    assert_eq!(http.at("RetryOptions.DurationInSeconds").str(), "300");
    assert_eq!(http.get("S3BackupMode").str(), "FailedDataOnly");
    let role = http.get("RoleARN");
    assert_eq!(
        (role.tag(), role.str()),
        (Some("!GetAtt"), "FirehoseRole.Arn")
    );
    // The bucket given is an existing one: referred to by name, never a resource.
    let bucket = http.at("S3Configuration.BucketARN");
    assert_eq!(
        (bucket.tag(), bucket.str()),
        (
            Some("!Sub"),
            "arn:${AWS::Partition}:s3:::${BackupBucketName}"
        )
    );
    let yaml::Node::Map(resources) = doc.get("Resources") else {
        panic!("resources")
    };
    assert!(resources
        .iter()
        .all(|(_, r)| r.get("Type").str() != "AWS::S3::Bucket"));

    let stage = doc.at("Resources.Stage");
    assert_eq!(stage.get("Type").str(), "AWS::ApiGateway::Stage");
    assert_eq!(stage.get("Condition").str(), "CreateStage");
    let destination = stage.at("Properties.AccessLogSetting.DestinationArn");
    assert_eq!(
        (destination.tag(), destination.str()),
        (Some("!GetAtt"), "DeliveryStream.Arn")
    );
    let trust = doc.at("Resources.FirehoseRole.Properties.AssumeRolePolicyDocument.Statement");
    let yaml::Node::Seq(statements) = trust else {
        panic!("statements")
    };
    assert_eq!(
        statements[0].at("Principal.Service").str(),
        "firehose.amazonaws.com"
    );
}

#[test]
fn cloudformation_creates_the_default_bucket() {
    let mut defaulted = inputs("$context.requestId");
    defaulted.backup_bucket = None;
    let doc = yaml::parse(&text(Target::CloudFormation, &defaulted));
    assert_eq!(
        doc.at("Parameters.BackupBucketName.Default").str(),
        DEFAULT_BUCKET
    );
    let bucket = doc.at("Resources.BackupBucket");
    assert_eq!(bucket.get("Type").str(), "AWS::S3::Bucket");
    let name = bucket.at("Properties.BucketName");
    assert_eq!((name.tag(), name.str()), (Some("!Ref"), "BackupBucketName"));
    let arn = doc.at(
        "Resources.DeliveryStream.Properties.HttpEndpointDestinationConfiguration.S3Configuration.BucketARN",
    );
    assert_eq!(
        (arn.tag(), arn.str()),
        (Some("!GetAtt"), "BackupBucket.Arn")
    );
    assert_eq!(
        doc.at("Resources.FirehoseRole.Properties.RoleName").str(),
        ROLE
    );
}

#[test]
fn terraform_reads_a_given_bucket_and_creates_the_default_one() {
    let given = hcl::parse(&text(Target::Terraform, &inputs("$context.requestId"))).unwrap();
    assert!(given
        .blocks()
        .all(|b| !(b.identifier() == "resource" && b.labels()[0].as_str() == "aws_s3_bucket")));
    let data = hcl_block(&given, "data", &["aws_s3_bucket", "firehose_backup"]);
    assert_eq!(hcl_string(hcl_attr(data, "bucket")), BUCKET);

    let mut defaulted = inputs("$context.requestId");
    defaulted.backup_bucket = None;
    let created = hcl::parse(&text(Target::Terraform, &defaulted)).unwrap();
    let bucket = hcl_block(&created, "resource", &["aws_s3_bucket", "firehose_backup"]);
    assert_eq!(hcl_string(hcl_attr(bucket, "bucket")), DEFAULT_BUCKET);
    assert!(created.blocks().all(|b| b.identifier() != "data"));

    for (body, address) in [
        (&given, "data.aws_s3_bucket.firehose_backup.arn"),
        (&created, "aws_s3_bucket.firehose_backup.arn"),
    ] {
        let stream = hcl_block(
            body,
            "resource",
            &["aws_kinesis_firehose_delivery_stream", "openobserve"],
        );
        let s3 = stream
            .blocks()
            .find(|b| b.identifier() == "http_endpoint_configuration")
            .unwrap()
            .body()
            .blocks()
            .find(|b| b.identifier() == "s3_configuration")
            .unwrap()
            .body();
        assert_eq!(
            hcl::format::to_string(hcl_attr(s3, "bucket_arn")).unwrap(),
            address
        );
    }
}

#[test]
fn terraform_names_the_stream_url_and_sensitive_key() {
    let body = hcl::parse(&text(Target::Terraform, &inputs("$context.requestId"))).unwrap();
    let key = hcl_block(&body, "variable", &["openobserve_access_key"]);
    assert_eq!(hcl_attr(key, "sensitive"), &hcl::Expression::Bool(true));
    assert!(key.attributes().all(|a| a.key() != "default"));

    let stream = hcl_block(
        &body,
        "resource",
        &["aws_kinesis_firehose_delivery_stream", "openobserve"],
    );
    assert_eq!(hcl_string(hcl_attr(stream, "name")), STREAM);
    assert_eq!(hcl_string(hcl_attr(stream, "destination")), "http_endpoint");
    let http = stream
        .blocks()
        .find(|b| b.identifier() == "http_endpoint_configuration")
        .unwrap()
        .body();
    assert_eq!(hcl_string(hcl_attr(http, "url")), URL);
    assert_eq!(
        hcl::format::to_string(hcl_attr(http, "access_key")).unwrap(),
        "var.openobserve_access_key"
    );
    for (attr, value) in [
        ("buffering_size", 1),
        ("buffering_interval", 60),
        ("retry_duration", 300),
    ] {
        assert_eq!(
            hcl_attr(http, attr),
            &hcl::Expression::from(value),
            "{attr}"
        );
    }
    assert_eq!(
        hcl_string(hcl_attr(http, "s3_backup_mode")),
        "FailedDataOnly"
    );
    let blocks: Vec<&str> = http.blocks().map(|b| b.identifier()).collect();
    assert_eq!(
        blocks,
        [
            "s3_configuration",
            "request_configuration",
            "cloudwatch_logging_options"
        ]
    );

    let bucket = hcl_block(&body, "data", &["aws_s3_bucket", "firehose_backup"]);
    assert_eq!(hcl_string(hcl_attr(bucket, "bucket")), BUCKET);
    let role = hcl_block(&body, "resource", &["aws_iam_role", "firehose"]);
    assert_eq!(hcl_string(hcl_attr(role, "name")), ROLE);
    let provider = hcl_block(&body, "provider", &["aws"]);
    assert_eq!(hcl_string(hcl_attr(provider, "region")), "eu-west-1");
    let stage = hcl_block(&body, "resource", &["aws_api_gateway_stage", "access_logs"]);
    assert_eq!(
        hcl::format::to_string(hcl_attr(stage, "rest_api_id")).unwrap(),
        "var.rest_api_id"
    );
    let import = hcl_block(&body, "import", &[]);
    assert_eq!(
        hcl::format::to_string(hcl_attr(import, "to")).unwrap(),
        "aws_api_gateway_stage.access_logs"
    );
    let rest_api = hcl_block(&body, "variable", &["rest_api_id"]);
    assert_eq!(hcl_string(hcl_attr(rest_api, "default")), "a1b2c3d4e5");
}

#[test]
fn cli_script_calls_aws_in_order_with_the_right_names() {
    for shell in shell::shells() {
        let run = shell::run(
            shell,
            &text(Target::AwsCli, &inputs("$context.requestId")),
            Some(KEY),
            ACCOUNT,
        );
        assert!(run.success, "{shell}: {}", run.stderr);
        assert_eq!(
            run.order(),
            [
                "sts get-caller-identity",
                "s3api head-bucket",
                "logs describe-log-groups",
                "logs create-log-group",
                "logs put-retention-policy",
                "logs describe-log-streams",
                "logs create-log-stream",
                "iam get-role",
                "iam create-role",
                "iam put-role-policy",
                "firehose describe-delivery-stream",
                "firehose create-delivery-stream",
                "apigateway update-stage",
            ],
            "{shell}"
        );
        for call in &run.calls {
            assert_eq!(shell::arg(call, "--region"), "eu-west-1");
        }
        assert_eq!(
            shell::arg(run.call("s3api", "head-bucket"), "--bucket"),
            BUCKET
        );
        assert_eq!(
            shell::arg(run.call("logs", "create-log-group"), "--log-group-name"),
            LOG_GROUP
        );
        assert_eq!(
            shell::arg(run.call("iam", "create-role"), "--role-name"),
            ROLE
        );

        let create = run.call("firehose", "create-delivery-stream");
        assert_eq!(shell::arg(create, "--delivery-stream-name"), STREAM);
        assert_eq!(shell::arg(create, "--delivery-stream-type"), "DirectPut");
        let destination: serde_json::Value = serde_json::from_str(shell::file_arg(
            create,
            "--http-endpoint-destination-configuration",
        ))
        .unwrap();
        assert_eq!(destination["EndpointConfiguration"]["Url"], URL);
        assert_eq!(destination["EndpointConfiguration"]["AccessKey"], KEY);
        assert_eq!(
            destination["S3Configuration"]["BucketARN"],
            format!("arn:aws:s3:::{BUCKET}")
        );
        assert_eq!(
            destination["RoleARN"],
            format!("arn:aws:iam::123456789012:role/{ROLE}")
        );
        assert!(run.leftovers.is_empty(), "{:?}", run.leftovers);

        let role = run.call("iam", "create-role");
        let trust: serde_json::Value =
            serde_json::from_str(shell::arg(role, "--assume-role-policy-document")).unwrap();
        assert_eq!(
            trust["Statement"][0]["Principal"]["Service"],
            "firehose.amazonaws.com"
        );

        let update = run.call("apigateway", "update-stage");
        assert_eq!(shell::arg(update, "--rest-api-id"), "a1b2c3d4e5");
        assert_eq!(shell::arg(update, "--stage-name"), "prod");
        let patch: serde_json::Value =
            serde_json::from_str(shell::arg(update, "--patch-operations")).unwrap();
        assert_eq!(patch[0]["path"], "/accessLogSettings/destinationArn");
        assert_eq!(patch[0]["value"], STREAM_ARN);
    }
}

#[test]
fn access_key_is_never_in_the_text_only_referenced() {
    let inputs = inputs("$context.requestId");
    for target in Target::ALL {
        let text = text(target, &inputs);
        assert!(!text.contains(KEY), "{target}");
        assert!(!text.contains("o2oi_"), "{target}");
    }
    // The script takes whatever key the environment holds, so it cannot have one of its own.
    let script = text(Target::AwsCli, &inputs);
    let other = "Ym9iQGV4YW1wbGUuY29tOnMzY3JldA==";
    let run = shell::run("sh", &script, Some(other), ACCOUNT);
    let create = run.call("firehose", "create-delivery-stream");
    let destination: serde_json::Value = serde_json::from_str(shell::file_arg(
        create,
        "--http-endpoint-destination-configuration",
    ))
    .unwrap();
    assert_eq!(destination["EndpointConfiguration"]["AccessKey"], other);
}

#[test]
fn cli_script_never_puts_the_key_in_an_argument() {
    let script = text(Target::AwsCli, &inputs("$context.requestId"));
    for shell in shell::shells() {
        let run = shell::run(shell, &script, Some(KEY), ACCOUNT);
        assert!(run.success, "{shell}: {}", run.stderr);
        for call in &run.calls {
            for arg in call {
                // Only the contents of a private file (recorded as `file:<mode>:…`) hold it.
                assert!(
                    !arg.contains(KEY) || arg.starts_with("file:-rw-------:"),
                    "{shell}: key in argv {call:?}"
                );
            }
        }
    }
}

#[test]
fn cli_script_removes_the_key_file_even_when_a_step_fails() {
    let script = text(Target::AwsCli, &inputs("$context.requestId"));
    for shell in shell::shells() {
        let account = shell::Account::with(&[&format!("bucket {BUCKET}")]);
        let run = account.run_failing(
            shell,
            &script,
            Some(KEY),
            ACCOUNT,
            Some("firehose create-delivery-stream"),
        );
        assert!(!run.success, "{shell}");
        shell::file_arg(
            run.call("firehose", "create-delivery-stream"),
            "--http-endpoint-destination-configuration",
        );
        assert!(run.leftovers.is_empty(), "{shell}: {:?}", run.leftovers);
    }
}

/// Regression: under `set -e` a second run stopped at the first `create-*` of something the
/// first run had made (review finding: the script must be re-runnable).
#[test]
fn cli_script_runs_again_over_what_it_created() {
    let mut defaulted = inputs("$context.requestId");
    defaulted.backup_bucket = None;
    let script = text(Target::AwsCli, &defaulted);
    for shell in shell::shells() {
        let account = shell::Account::with(&[]);
        let first = account.run(shell, &script, Some(KEY), ACCOUNT);
        assert!(first.success, "{shell}: {}", first.stderr);
        assert_eq!(
            first.creates(),
            [
                "s3api create-bucket",
                "logs create-log-group",
                "logs create-log-stream",
                "iam create-role",
                "firehose create-delivery-stream",
            ],
            "{shell}"
        );
        assert_eq!(
            shell::arg(first.call("s3api", "create-bucket"), "--bucket"),
            DEFAULT_BUCKET
        );
        for resource in [
            format!("bucket {DEFAULT_BUCKET}"),
            format!("log-group {LOG_GROUP}"),
            format!("log-stream {LOG_GROUP}/DestinationDelivery"),
            format!("role {ROLE}"),
            format!("stream {STREAM}"),
        ] {
            assert!(account.has(&resource), "{shell}: {resource}");
        }

        let second = account.run(shell, &script, Some(KEY), ACCOUNT);
        assert!(second.success, "{shell}: {}", second.stderr);
        assert_eq!(second.creates(), Vec::<String>::new(), "{shell}");
        for said in [
            "S3 bucket prod-failed-eu-west-1-123456789012 exists: reused.",
            "Log group /aws/kinesisfirehose/amazon-apigateway-prod exists: reused.",
            "Log stream DestinationDelivery exists: reused.",
            "IAM role firehose-prod-eu-west-1-role exists: reused.",
            "Firehose stream amazon-apigateway-prod exists: left unchanged",
        ] {
            assert!(second.stdout.contains(said), "{shell}: {}", second.stdout);
        }
        // What is safe to repeat is repeated: policies and the stage's settings.
        for again in [
            "logs put-retention-policy",
            "iam update-assume-role-policy",
            "iam put-role-policy",
            "apigateway update-stage",
        ] {
            assert!(
                second.order().iter().any(|c| c == again),
                "{shell}: {again}"
            );
        }
        assert!(
            second.leftovers.is_empty(),
            "{shell}: {:?}",
            second.leftovers
        );
    }
}

#[test]
fn cli_script_creates_only_what_is_missing() {
    let mut defaulted = inputs("$context.requestId");
    defaulted.backup_bucket = None;
    let script = text(Target::AwsCli, &defaulted);
    for shell in shell::shells() {
        let account = shell::Account::with(&[
            &format!("bucket {DEFAULT_BUCKET}"),
            &format!("role {ROLE}"),
            &format!("log-group {LOG_GROUP}"),
        ]);
        let run = account.run(shell, &script, Some(KEY), ACCOUNT);
        assert!(run.success, "{shell}: {}", run.stderr);
        assert_eq!(
            run.creates(),
            ["logs create-log-stream", "firehose create-delivery-stream"],
            "{shell}"
        );
    }
}

#[test]
fn cli_script_reuses_a_given_bucket_and_never_creates_it() {
    let script = text(Target::AwsCli, &inputs("$context.requestId"));
    for shell in shell::shells() {
        let present = shell::run(shell, &script, Some(KEY), ACCOUNT);
        assert!(present.success, "{shell}: {}", present.stderr);
        assert!(!present.order().iter().any(|c| c == "s3api create-bucket"));

        // A missing bucket stops the script before anything is created.
        let missing = shell::Account::with(&[]).run(shell, &script, Some(KEY), ACCOUNT);
        assert!(!missing.success, "{shell}");
        assert_eq!(missing.creates(), Vec::<String>::new(), "{shell}");
        assert!(
            missing
                .stderr
                .contains("S3 bucket acme-apigw-failed was not found"),
            "{shell}: {}",
            missing.stderr
        );
    }
}

#[test]
fn cli_script_stops_before_any_call_without_a_key() {
    let script = text(Target::AwsCli, &inputs("$context.requestId"));
    let run = shell::run("sh", &script, None, ACCOUNT);
    assert!(!run.success);
    assert!(run.calls.is_empty());
    assert!(run.stderr.contains("OPENOBSERVE_ACCESS_KEY"));
}

#[test]
fn cli_script_rejects_a_key_that_is_not_base64() {
    let script = text(Target::AwsCli, &inputs("$context.requestId"));
    let run = shell::run("sh", &script, Some("alice@example.com:secret"), ACCOUNT);
    assert!(!run.success);
    assert!(run.calls.is_empty());
}

#[test]
fn cli_script_stops_on_another_account() {
    let script = text(Target::AwsCli, &inputs("$context.requestId"));
    let run = shell::run("sh", &script, Some(KEY), "210987654321");
    assert!(!run.success);
    assert_eq!(run.calls.len(), 1, "only sts");
    assert!(run.stderr.contains("210987654321"));
}

#[test]
fn cli_script_with_placeholders_creates_nothing() {
    let mut placeholder = inputs("$context.requestId");
    placeholder.stage_name = None;
    let run = shell::run(
        "sh",
        &text(Target::AwsCli, &placeholder),
        Some(KEY),
        ACCOUNT,
    );
    assert!(!run.success);
    assert!(run.calls.is_empty());
    assert!(run.stderr.contains("STAGE_NAME"));
}

#[test]
fn placeholders_leave_cloudformation_and_terraform_asking() {
    let mut placeholder = inputs("$context.requestId");
    placeholder.rest_api_id = None;
    let doc = yaml::parse(&text(Target::CloudFormation, &placeholder));
    assert!(matches!(
        doc.at("Parameters.RestApiId"),
        yaml::Node::Map(entries) if !entries.iter().any(|(k, _)| k.str() == "Default")
    ));
    let body = hcl::parse(&text(Target::Terraform, &placeholder)).unwrap();
    let rest_api = hcl_block(&body, "variable", &["rest_api_id"]);
    assert!(rest_api.attributes().all(|a| a.key() != "default"));
}

#[test]
fn non_rest_apis_generate_nothing() {
    for api in [ApiType::Http, ApiType::WebSocket] {
        for target in Target::ALL {
            let mut changed = inputs("$context.requestId");
            changed.api = api;
            let export = generate(target, &changed);
            assert_eq!(export.text, "");
            assert!(export
                .diagnostics
                .iter()
                .any(|d| d.diagnostic.code == "firehose-not-supported"));
        }
    }
}

fn yaml_value(quoted: &str) -> String {
    yaml::parse(&format!("key: {quoted}\n"))
        .get("key")
        .str()
        .to_owned()
}

fn hcl_value(quoted: &str) -> String {
    let body = hcl::parse(&format!("key = {quoted}\n"))
        .unwrap_or_else(|e| panic!("HCL error {e}: {quoted}"));
    hcl_string(hcl_attr(&body, "key"))
}

fn json_value(quoted: &str) -> String {
    serde_json::from_str(quoted).unwrap()
}

/// Pieces that stress every quoting rule at once.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("$context.status".to_owned()),
        Just("${".to_owned()),
        Just("%{".to_owned()),
        Just("$".to_owned()),
        Just("%".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\\".to_owned()),
        Just("\\n".to_owned()),
        Just(",".to_owned()),
        Just(" ".to_owned()),
        Just("\t".to_owned()),
        Just("#".to_owned()),
        Just(": ".to_owned()),
        Just("!".to_owned()),
        Just("`".to_owned()),
        Just("é".to_owned()),
        Just("😀".to_owned()),
        Just("\u{2028}".to_owned()),
        Just("\u{85}".to_owned()),
        Just("\u{7f}".to_owned()),
        "[a-z]{1,3}",
    ]
}

fn hostile_format() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(hostile_piece(), 0..16),
        0usize..16,
        any::<bool>(),
    )
        .prop_map(|(mut pieces, at, newline)| {
            let at = at.min(pieces.len());
            pieces.insert(at, "$context.requestId".to_owned());
            let mut format = pieces.concat();
            if newline {
                format.push('\n');
            }
            format
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_formats_round_trip(format in hostile_format()) {
        prop_assume!(!format::check(&format, ApiType::Rest).has_errors());
        assert_round_trip(&format, &["sh"]);
    }

    #[test]
    fn any_text_survives_yaml_hcl_and_json(text in any::<String>()) {
        prop_assert_eq!(yaml_value(&yaml_double_quoted(&text)), text.clone());
        prop_assert_eq!(hcl_value(&hcl_quoted(&text)), text.clone());
        prop_assert_eq!(json_value(&json_string(&text)), text);
    }

    #[test]
    fn any_text_without_nul_survives_the_shell(text in "[^\u{0}]*") {
        prop_assert_eq!(shell::echo_word(&shell_quoted(&text)), text);
    }
}
