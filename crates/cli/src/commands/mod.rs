//! One module per subcommand: its clap arguments and its `run`.

use clap::ValueEnum;
use gwlog_core::api::ApiType;

pub mod build;
pub mod check;
pub mod checklist;
pub mod columns;
pub mod dashboard;
pub mod export;
pub mod firehose;
pub mod fix;
pub mod lint;
pub mod parse;
pub mod sample;
pub mod simulate;
pub mod url;
pub mod vrl;

/// The `--api` flag's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ApiArg {
    /// REST API (v1)
    #[default]
    Rest,
    /// HTTP API (v2)
    Http,
    /// WebSocket API (v2)
    Websocket,
}

impl From<ApiArg> for ApiType {
    fn from(arg: ApiArg) -> Self {
        match arg {
            ApiArg::Rest => ApiType::Rest,
            ApiArg::Http => ApiType::Http,
            ApiArg::Websocket => ApiType::WebSocket,
        }
    }
}

/// The `--via` flag's values: core's `delivery::Via`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ViaArg {
    /// API Gateway writes to Firehose itself (REST APIs only).
    Direct,
    /// API Gateway writes to CloudWatch Logs; a subscription filter forwards to Firehose.
    Cloudwatch,
}

impl From<ViaArg> for gwlog_core::openobserve::delivery::Via {
    fn from(via: ViaArg) -> Self {
        use gwlog_core::openobserve::delivery::Via;
        match via {
            ViaArg::Direct => Via::Direct,
            ViaArg::Cloudwatch => Via::CloudWatch,
        }
    }
}
