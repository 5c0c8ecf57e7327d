//! The IAM documents of the Firehose stream's own role: the trust policy (Firehose may assume it,
//! for this account only) and the permissions its S3 backup and error log need (AWS:
//! <https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html>). The AWS CLI
//! export and the setup checklist both print these.

use crate::escape::json_string;

/// What Firehose's role may do on the backup bucket.
pub const S3_ACTIONS: [&str; 6] = [
    "s3:AbortMultipartUpload",
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:PutObject",
];

/// Firehose may assume the role, for `account` only (`sts:ExternalId`).
pub fn firehose_trust_policy(account: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Principal": {{ "Service": "firehose.amazonaws.com" }},
      "Action": "sts:AssumeRole",
      "Condition": {{ "StringEquals": {{ "sts:ExternalId": {account} }} }}
    }}
  ]
}}"#,
        account = json_string(account)
    )
}

/// Write the backup bucket (`bucket_arn`) and the error log stream (`log_stream_arn`).
pub fn firehose_role_policy(bucket_arn: &str, log_stream_arn: &str) -> String {
    let actions = S3_ACTIONS
        .iter()
        .map(|a| format!("        {}", json_string(a)))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Action": [
{actions}
      ],
      "Resource": [{bucket}, {objects}]
    }},
    {{
      "Effect": "Allow",
      "Action": "logs:PutLogEvents",
      "Resource": {logs}
    }}
  ]
}}"#,
        bucket = json_string(bucket_arn),
        objects = json_string(&format!("{bucket_arn}/*")),
        logs = json_string(log_stream_arn),
    )
}
