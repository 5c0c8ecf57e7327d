//! `gwlog`: check API Gateway access-log formats and parse lines from the command line.

fn main() {}
