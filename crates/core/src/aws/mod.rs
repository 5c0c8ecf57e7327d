//! AWS naming rules: Firehose delivery-stream names, ARNs, partitions and regions.

pub mod arn;
pub mod firehose;
pub mod regions;
