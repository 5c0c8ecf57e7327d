//! The setup as a Terraform configuration (HCL, AWS provider 5.0 or newer).
//!
//! Resources: the backup bucket (or, when the user names one, a `data "aws_s3_bucket"` that reads
//! the existing bucket and never creates it), the error log group and stream, the IAM role and its policy, an
//! `aws_kinesis_firehose_delivery_stream` with `destination = "http_endpoint"` (provider 5 moved
//! `s3_configuration` into `http_endpoint_configuration`), and an `aws_api_gateway_stage` with
//! `access_log_settings`. The access key is `var.openobserve_access_key`, declared
//! `sensitive = true` and set through `TF_VAR_openobserve_access_key`; the comments add that the
//! state still holds it in plaintext, so it belongs in an encrypted remote backend.
//!
//! The stage usually exists already: an `import` block adopts it (`<rest-api-id>/<stage>`), and a
//! comment says to move `access_log_settings` into the existing resource instead when the stage is
//! already in Terraform. Every string from the inputs is an HCL quoted string ([`hcl_quoted`]):
//! `${` and `%{` in a format are escaped, so Terraform never interpolates them.

use super::{
    export_with, Export, Plan, SetupInputs, Target, ACCESS_KEY_ENV, ENDPOINT_NAME,
    ERROR_LOG_STREAM, ROLE_POLICY_NAME,
};
use crate::aws::iam::S3_ACTIONS;
use crate::escape::hcl_quoted;
use std::fmt::Write;

/// The configuration for `inputs`, or only diagnostics when an input has an error.
pub fn generate(inputs: &SetupInputs) -> Export {
    export_with(Target::Terraform, inputs, configuration)
}

fn configuration(plan: &Plan) -> String {
    let q = |text: &str| hcl_quoted(text);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"# gwlog: API Gateway access logs -> Kinesis Data Firehose -> OpenObserve (Terraform).
#
# The access key (base64 of "email:secret") is a sensitive variable, never written here:
#   export TF_VAR_openobserve_access_key="${key_env}"
#   terraform init && terraform apply -var deployment_id=<the stage's deployment id>
#
# `sensitive` only hides the key in plans and output: the Terraform state stores it in plaintext
# (the stream's access_key). Keep the state in a remote backend that encrypts it and lets only
# the deployers read it (e.g. backend "s3" with encrypt = true, a KMS key and a restrictive bucket
# policy), never in a terraform.tfstate file on a laptop or in version control.

terraform {{
  required_version = ">= 1.6"
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }}
  }}
}}

provider "aws" {{
  region              = {region}
  allowed_account_ids = [{account}]
}}

# Stored in plaintext in the state (see the top of this file): use an encrypted remote backend.
variable "openobserve_access_key" {{
  description = "OpenObserve access key: base64 of email:secret (sent as X-Amz-Firehose-Access-Key)"
  type        = string
  sensitive   = true
}}

variable "rest_api_id" {{
  description = "The REST API whose stage logs to Firehose"
  type        = string
{rest_api_default}}}

variable "stage_name" {{
  description = "The stage whose access logs go to Firehose"
  type        = string
{stage_default}}}

variable "deployment_id" {{
  description = "The deployment the stage points to: aws apigateway get-stage --rest-api-id ... --stage-name ... --query deploymentId"
  type        = string
}}

{bucket_block}
# Firehose's delivery errors (a 401 from OpenObserve shows up here).
resource "aws_cloudwatch_log_group" "firehose" {{
  name              = {log_group}
  retention_in_days = 14
}}

resource "aws_cloudwatch_log_stream" "firehose_delivery" {{
  name           = {log_stream}
  log_group_name = aws_cloudwatch_log_group.firehose.name
}}

resource "aws_iam_role" "firehose" {{
  name = {role}
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "firehose.amazonaws.com" }}
      Action    = "sts:AssumeRole"
      Condition = {{ StringEquals = {{ "sts:ExternalId" = {account} }} }}
    }}]
  }})
}}

resource "aws_iam_role_policy" "firehose" {{
  name = {policy_name}
  role = aws_iam_role.firehose.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect   = "Allow"
        Action   = [{s3_actions}]
        Resource = [{bucket_ref}.arn, "${{{bucket_ref}.arn}}/*"]
      }},
      {{
        Effect   = "Allow"
        Action   = "logs:PutLogEvents"
        Resource = {log_stream_arn}
      }},
    ]
  }})
}}

resource "aws_kinesis_firehose_delivery_stream" "openobserve" {{
  name        = {stream}
  destination = "http_endpoint"

  http_endpoint_configuration {{
    url                = {url}
    name               = {endpoint_name}
    access_key         = var.openobserve_access_key
    buffering_size     = {size}
    buffering_interval = {interval}
    retry_duration     = {retry}
    role_arn           = aws_iam_role.firehose.arn
    s3_backup_mode     = "FailedDataOnly"

    s3_configuration {{
      role_arn           = aws_iam_role.firehose.arn
      bucket_arn         = {bucket_ref}.arn
      compression_format = "GZIP"
    }}

    request_configuration {{
      content_encoding = "{encoding}"
    }}

    cloudwatch_logging_options {{
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose.name
      log_stream_name = aws_cloudwatch_log_stream.firehose_delivery.name
    }}
  }}

  depends_on = [aws_iam_role_policy.firehose]
}}

# The stage's access logs. If Terraform already manages this stage, move access_log_settings
# into that aws_api_gateway_stage and delete this resource and the import block. Otherwise the
# import block adopts the existing stage: review the plan, since settings not written here
# (variables, tracing, caching, description) would be reset; copy them in first.
import {{
  to = aws_api_gateway_stage.access_logs
  id = "${{var.rest_api_id}}/${{var.stage_name}}"
}}

resource "aws_api_gateway_stage" "access_logs" {{
  rest_api_id   = var.rest_api_id
  stage_name    = var.stage_name
  deployment_id = var.deployment_id

  access_log_settings {{
    destination_arn = aws_kinesis_firehose_delivery_stream.openobserve.arn
    format          = {format}
  }}
}}

output "delivery_stream_arn" {{
  description = "The stage's access-log destination"
  value       = aws_kinesis_firehose_delivery_stream.openobserve.arn
}}
"#,
        key_env = ACCESS_KEY_ENV,
        region = q(plan.region),
        account = q(&plan.account),
        rest_api_default = default_line(plan.rest_api_id.as_deref()),
        stage_default = default_line(plan.stage_name.as_deref()),
        bucket_block = if plan.create_bucket {
            format!(
                "resource \"aws_s3_bucket\" \"firehose_backup\" {{\n  bucket = {}\n}}\n",
                q(&plan.bucket)
            )
        } else {
            format!(
                "# The existing backup bucket: only read (the plan stops if it is missing), \
                 never\n# created or destroyed here.\ndata \"aws_s3_bucket\" \"firehose_backup\" \
                 {{\n  bucket = {}\n}}\n",
                q(&plan.bucket)
            )
        },
        bucket_ref = bucket_ref(plan),
        log_group = q(&plan.log_group),
        log_stream = q(ERROR_LOG_STREAM),
        role = q(&plan.role_name),
        policy_name = q(ROLE_POLICY_NAME),
        s3_actions = S3_ACTIONS
            .iter()
            .map(|a| q(a))
            .collect::<Vec<_>>()
            .join(", "),
        log_stream_arn = q(&plan.log_stream_arn),
        stream = q(&plan.stream),
        url = q(&plan.url),
        endpoint_name = q(ENDPOINT_NAME),
        size = plan.buffer_size_mb,
        interval = plan.buffer_interval_seconds,
        retry = plan.retry_duration_seconds,
        encoding = plan.content_encoding.api_value(),
        format = q(&plan.format),
    );
    out
}

/// The backup bucket's address: the managed resource, or the data source of an existing bucket.
fn bucket_ref(plan: &Plan) -> &'static str {
    if plan.create_bucket {
        "aws_s3_bucket.firehose_backup"
    } else {
        "data.aws_s3_bucket.firehose_backup"
    }
}

/// `  default     = "…"` when the value is known; nothing, so Terraform asks for it, otherwise.
fn default_line(value: Option<&str>) -> String {
    value
        .map(|v| format!("  default     = {}\n", hcl_quoted(v)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::inputs;

    fn text(inputs: &SetupInputs) -> String {
        let export = generate(inputs);
        assert!(!export.has_errors(), "{:?}", export.diagnostics);
        export.text
    }

    #[test]
    fn format_is_an_hcl_string_with_escapes() {
        let mut changed = inputs();
        changed.format = "$context.requestId ${x} %{y} \"q\" \\\n".into();
        assert!(text(&changed)
            .contains(r#"format          = "$context.requestId $${x} %%{y} \"q\" \\\n""#));
    }

    #[test]
    fn access_key_is_a_sensitive_variable() {
        let config = text(&inputs());
        assert!(config.contains("variable \"openobserve_access_key\" {"));
        assert!(config.contains("  sensitive   = true\n"));
        assert!(config.contains("access_key         = var.openobserve_access_key"));
    }

    #[test]
    fn s3_configuration_is_inside_the_http_endpoint_block() {
        let config = text(&inputs());
        let http = config.find("http_endpoint_configuration {").unwrap();
        let s3 = config.find("s3_configuration {").unwrap();
        let stage = config.find("resource \"aws_api_gateway_stage\"").unwrap();
        assert!(http < s3 && s3 < stage);
    }

    #[test]
    fn provider_is_pinned_to_the_region_and_account() {
        let config = text(&inputs());
        assert!(config.contains("region              = \"eu-west-1\""));
        assert!(config.contains("allowed_account_ids = [\"123456789012\"]"));
    }

    #[test]
    fn default_bucket_is_a_managed_resource() {
        let config = text(&inputs());
        assert!(config.contains(
            "resource \"aws_s3_bucket\" \"firehose_backup\" {\n  bucket = \"prod-failed-eu-west-1-123456789012\"\n}"
        ));
        assert!(config.contains("bucket_arn         = aws_s3_bucket.firehose_backup.arn"));
        assert!(!config.contains("data \"aws_s3_bucket\""));
    }

    #[test]
    fn given_bucket_is_read_not_created() {
        let mut changed = inputs();
        changed.backup_bucket = Some("acme-logs".into());
        let config = text(&changed);
        assert!(!config.contains("resource \"aws_s3_bucket\""));
        assert!(config
            .contains("data \"aws_s3_bucket\" \"firehose_backup\" {\n  bucket = \"acme-logs\"\n}"));
        assert!(config.contains("bucket_arn         = data.aws_s3_bucket.firehose_backup.arn"));
        assert!(config.contains(
            "Resource = [data.aws_s3_bucket.firehose_backup.arn, \"${data.aws_s3_bucket.firehose_backup.arn}/*\"]"
        ));
    }

    #[test]
    fn comments_warn_that_state_holds_the_key_in_plaintext() {
        let config = text(&inputs());
        assert!(config.contains("the Terraform state stores it in plaintext"));
        assert!(config.contains("encrypted remote backend"));
    }

    #[test]
    fn role_name_carries_the_region() {
        assert!(text(&inputs()).contains("name = \"firehose-prod-eu-west-1-role\""));
    }

    #[test]
    fn missing_stage_name_has_no_default() {
        let mut changed = inputs();
        changed.stage_name = None;
        let config = text(&changed);
        assert!(config.contains(
            "variable \"stage_name\" {\n  description = \"The stage whose access logs go to Firehose\"\n  type        = string\n}"
        ));
    }
}
