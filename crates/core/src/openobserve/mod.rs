//! OpenObserve as a Firehose HTTP endpoint: URL, access key, naming, and ingestion simulation.
