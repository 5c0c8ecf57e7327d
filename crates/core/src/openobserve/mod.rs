//! OpenObserve as a Firehose HTTP endpoint: URL, access key, naming, and ingestion simulation.

pub mod access_key;
pub mod columns;
pub mod curl;
pub mod delivery;
pub mod endpoint;
pub mod fixes;
pub mod format_columns;
pub mod probe;
pub mod simulate;
pub mod stream_name;
pub mod timestamp;
pub mod url;
