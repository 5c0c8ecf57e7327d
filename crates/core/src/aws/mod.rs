//! AWS naming rules: Firehose delivery-stream names, ARNs, partitions and regions, and the names
//! of the IAM role, S3 bucket, REST API and stage a setup uses.

pub mod arn;
pub mod firehose;
pub mod iam;
pub mod names;
pub mod regions;
