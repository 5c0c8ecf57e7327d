//! How sample lines reach OpenObserve's Firehose endpoint, decided once for the CLI and the
//! playground: the route ([`Via`]) and its default per API type, the names a simulated
//! CloudWatch Logs envelope carries until valid ones are given, the checks that come before a
//! simulation ([`preflight`]), and the request id Firehose puts on the request.
//!
//! REST APIs write access logs to Firehose themselves; HTTP and WebSocket APIs can only write to a
//! CloudWatch Logs log group, which a subscription filter forwards to Firehose (AWS:
//! <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-logging-to-kinesis.html>,
//! <https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html>).
//!
//! ```
//! use gwlog_core::api::ApiType;
//! use gwlog_core::openobserve::delivery::{Delivery, Via};
//!
//! assert_eq!(Via::default_for(ApiType::Http), Via::CloudWatch);
//! let planned = Delivery::plan(ApiType::Http, None, "", "");
//! assert!(matches!(planned.delivery, Delivery::CloudWatchSubscription { .. }));
//! ```

use super::simulate::{Route, DEFAULT_LOG_GROUP, EXAMPLE_ACCOUNT, SUBSCRIPTION_FILTER};
use super::{stream_name, url};
use crate::api::ApiType;
use crate::aws::arn::{AccountId, LogGroupName};
use crate::aws::firehose::firehose_supported;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::synth::Rng;
use std::fmt;
use std::str::FromStr;

/// How access-log entries reach the Firehose stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// API Gateway writes to Firehose itself (REST APIs only).
    Direct,
    /// API Gateway writes to CloudWatch Logs; a subscription filter forwards to Firehose.
    CloudWatch,
}

impl Via {
    /// The route an API type really has: direct for REST APIs, CloudWatch Logs for the others.
    pub fn default_for(api: ApiType) -> Via {
        match api {
            ApiType::Rest => Via::Direct,
            ApiType::Http | ApiType::WebSocket => Via::CloudWatch,
        }
    }

    /// `direct` or `cloudwatch`, the CLI's `--via` values.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Direct => "direct",
            Via::CloudWatch => "cloudwatch",
        }
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Via {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "direct" => Ok(Via::Direct),
            "cloudwatch" => Ok(Via::CloudWatch),
            other => Err(format!("unknown route '{other}' (direct or cloudwatch)")),
        }
    }
}

/// The owned form of [`Route`]: how the simulated entries reach Firehose, with the names the
/// CloudWatch Logs envelope carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// API Gateway writes each entry to Firehose itself.
    Direct,
    /// Through a CloudWatch Logs subscription ([`SUBSCRIPTION_FILTER`]).
    CloudWatchSubscription {
        /// The account owning the log group.
        account: String,
        /// The log group API Gateway writes to.
        log_group: String,
    },
}

/// [`Delivery::plan`]'s answer: the delivery, and what was wrong with the names given for it
/// (each replaced by its default, so the simulation still runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDelivery {
    /// The route and names to simulate.
    pub delivery: Delivery,
    /// Findings about the typed log group.
    pub log_group: Vec<Diagnostic>,
    /// Findings about the typed account.
    pub account: Vec<Diagnostic>,
}

impl Delivery {
    /// The delivery for a stage of `api`: `via` when given, else the API type's own route. An
    /// empty or invalid account or log group falls back to [`EXAMPLE_ACCOUNT`] and
    /// [`DEFAULT_LOG_GROUP`]; an invalid one is reported.
    pub fn plan(api: ApiType, via: Option<Via>, account: &str, log_group: &str) -> PlannedDelivery {
        let via = via.unwrap_or(Via::default_for(api));
        let (account, account_findings) = match account.trim() {
            "" => (EXAMPLE_ACCOUNT.to_owned(), Vec::new()),
            _ => match AccountId::parse(account) {
                Ok(id) => (id.as_str().to_owned(), Vec::new()),
                Err(diagnostic) => (EXAMPLE_ACCOUNT.to_owned(), vec![diagnostic]),
            },
        };
        let (log_group, log_group_findings) = match log_group {
            "" => (DEFAULT_LOG_GROUP.to_owned(), Vec::new()),
            text => match LogGroupName::parse(text) {
                Ok(name) => (name.as_str().to_owned(), Vec::new()),
                Err(found) => (DEFAULT_LOG_GROUP.to_owned(), found),
            },
        };
        match via {
            Via::Direct => PlannedDelivery {
                delivery: Delivery::Direct,
                log_group: Vec::new(),
                account: Vec::new(),
            },
            Via::CloudWatch => PlannedDelivery {
                delivery: Delivery::CloudWatchSubscription { account, log_group },
                log_group: log_group_findings,
                account: account_findings,
            },
        }
    }

    /// Which way this delivery goes.
    pub fn via(&self) -> Via {
        match self {
            Delivery::Direct => Via::Direct,
            Delivery::CloudWatchSubscription { .. } => Via::CloudWatch,
        }
    }

    /// The borrowed route the simulator takes.
    pub fn route(&self) -> Route<'_> {
        match self {
            Delivery::Direct => Route::Direct,
            Delivery::CloudWatchSubscription { account, log_group } => {
                Route::CloudWatchSubscription {
                    account,
                    log_group,
                    filter: SUBSCRIPTION_FILTER,
                }
            }
        }
    }
}

/// What has to be settled before simulating a delivery to `/aws/{org}/{stream}/_kinesis_firehose`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    /// The org the request goes to (`default` when none was typed).
    pub org: String,
    /// Everything worth saying, in order: the route, the stream, the org.
    pub diagnostics: Vec<Diagnostic>,
}

impl Preflight {
    /// Whether the simulation cannot run: the request could not even be addressed. A REST-only
    /// route on another API type does not block it: the simulation then shows what would happen.
    pub fn blocks(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && d.code != Code::FirehoseNotSupported)
    }

    /// Whether every record can be stored as far as the inputs go (no error at all).
    pub fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The checks before a simulation: Firehose as a direct destination exists for REST APIs only;
/// the stream name must be one OpenObserve accepts (its warnings, such as the stored name, are
/// the simulation's notes); the org is resolved as the ingestion URL resolves it.
pub fn preflight(api: ApiType, via: Via, org: &str, stream: &str) -> Preflight {
    let mut diagnostics = Vec::new();
    if via == Via::Direct {
        diagnostics.extend(firehose_supported(api));
    }
    diagnostics.extend(
        stream_name::check(stream)
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error),
    );
    let (org, org_findings) = url::resolve_org(Some(org));
    let org = org.to_owned();
    diagnostics.extend(org_findings);
    Preflight { org, diagnostics }
}

/// A GUID-shaped (version 4) Firehose request id from `seed`: the playground seeds it with
/// randomness, the CLI with the clock, so both give ids of the same shape from one generator.
pub fn request_id(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let high = rng.next_u64();
    let low = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0x0fff,
        ((low >> 48) & 0x3fff) | 0x8000,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(preflight: &Preflight) -> Vec<(&'static str, Severity)> {
        preflight
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect()
    }

    #[test]
    fn each_api_type_defaults_to_the_route_it_really_has() {
        assert_eq!(Via::default_for(ApiType::Rest), Via::Direct);
        assert_eq!(Via::default_for(ApiType::Http), Via::CloudWatch);
        assert_eq!(Via::default_for(ApiType::WebSocket), Via::CloudWatch);
    }

    #[test]
    fn via_round_trips_its_name() {
        for via in [Via::Direct, Via::CloudWatch] {
            assert_eq!(via.as_str().parse(), Ok(via));
        }
        assert!("s3".parse::<Via>().is_err());
    }

    #[test]
    fn a_subscription_uses_the_defaults_until_valid_names_are_typed() {
        let planned = Delivery::plan(ApiType::Http, None, "12", "bad:group");
        assert_eq!(
            planned.delivery,
            Delivery::CloudWatchSubscription {
                account: EXAMPLE_ACCOUNT.to_owned(),
                log_group: DEFAULT_LOG_GROUP.to_owned(),
            }
        );
        assert!(!planned.account.is_empty());
        assert!(!planned.log_group.is_empty());
    }

    #[test]
    fn a_subscription_takes_valid_names_as_typed() {
        let planned = Delivery::plan(ApiType::WebSocket, None, "111122223333", "/aws/ws/prod");
        assert_eq!(
            planned.delivery,
            Delivery::CloudWatchSubscription {
                account: "111122223333".to_owned(),
                log_group: "/aws/ws/prod".to_owned(),
            }
        );
        assert_eq!(planned.delivery.via(), Via::CloudWatch);
    }

    #[test]
    fn an_explicit_route_wins_over_the_default() {
        let planned = Delivery::plan(ApiType::Http, Some(Via::Direct), "", "");
        assert_eq!(planned.delivery, Delivery::Direct);
        assert_eq!(planned.delivery.route(), Route::Direct);
    }

    #[test]
    fn an_empty_org_is_defaulted_with_a_note() {
        let checked = preflight(ApiType::Rest, Via::Direct, "", "apigw");
        assert_eq!(checked.org, "default");
        assert_eq!(codes(&checked), [("org-defaulted", Severity::Info)]);
        assert!(!checked.blocks());
    }

    #[test]
    fn an_empty_stream_blocks_the_simulation() {
        let checked = preflight(ApiType::Rest, Via::Direct, "acme", "");
        assert_eq!(codes(&checked), [("stream-name-empty", Severity::Error)]);
        assert!(checked.blocks());
    }

    #[test]
    fn an_http_api_sent_directly_is_told_but_still_simulated() {
        let checked = preflight(ApiType::Http, Via::Direct, "acme", "apigw");
        assert_eq!(
            codes(&checked),
            [("firehose-not-supported", Severity::Error)]
        );
        assert!(!checked.blocks());
        assert!(!checked.is_clean());
    }

    #[test]
    fn request_ids_are_version_4_guids() {
        let id = request_id(1_755_786_979_000);
        assert_eq!(id.len(), 36);
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert_ne!(id, request_id(1_755_786_979_001));
        assert_eq!(id, request_id(1_755_786_979_000));
    }
}
