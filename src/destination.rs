//! Where the logs go: the Destination panel's inputs (OpenObserve URL parts, access-key email and
//! secret, Firehose stream name, region, account, a pasted ARN) and what `gwlog_core` says about
//! them, including how the simulated delivery reaches Firehose (core's [`Delivery::plan`]:
//! directly for REST APIs, through a CloudWatch Logs subscription for the others, with default
//! names until valid ones are typed). Cheap enough to re-check on every keystroke; nothing here
//! touches the DOM.
//!
//! The secret is kept in a [`Secret`], whose `Debug` output hides it: it lives only in the
//! reducer's memory, and is never persisted, logged or put into generated text (the curl command
//! embeds the derived key only when the user asks for it).

use crate::ingest;
use gwlog_core::api::ApiType;
use gwlog_core::aws::arn::{check_destination, firehose_arn, ArnBuild, ArnCheck, ArnField};
use gwlog_core::aws::firehose::{check_stream_name, firehose_supported, StreamNameCheck};
use gwlog_core::diagnostic::Diagnostic;
use gwlog_core::openobserve::access_key::{access_key, AccessKeyCheck, KeyField};
use gwlog_core::openobserve::delivery::{Delivery, PlannedDelivery};
use gwlog_core::openobserve::url::{self, ingestion_url, Base, Field, UrlCheck};
use std::fmt;

/// The region the Firehose inputs start with.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The OpenObserve stream the playground starts with: OpenObserve's own default.
pub const DEFAULT_STREAM: &str = "default";

/// What the simulated CloudWatch Logs envelope names until valid values are typed (core's
/// defaults, the same as `gwlog simulate --via cloudwatch`), and the subscription filter's name.
pub use gwlog_core::openobserve::simulate::{
    DEFAULT_LOG_GROUP, EXAMPLE_ACCOUNT as DEFAULT_ACCOUNT, SUBSCRIPTION_FILTER,
};

/// A password or token. Compared and cloned like a string, but never shown by `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps the typed secret.
    pub fn new(text: impl Into<String>) -> Self {
        Secret(text.into())
    }

    /// The secret itself, for computing the key.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether nothing was typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} characters>)", self.0.chars().count())
    }
}

/// The Destination panel's text inputs (the secret has its own action, see [`Secret`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextInput {
    /// Self-hosted base URL (`#o2-base`).
    Base,
    /// OpenObserve org (`#o2-org`).
    Org,
    /// OpenObserve stream in the URL (`#o2-stream`).
    Stream,
    /// Access-key email (`#o2-email`).
    Email,
    /// Firehose stream name (`#fh-name`).
    FirehoseName,
    /// AWS region (`#fh-region`).
    Region,
    /// AWS account id (`#fh-account`).
    Account,
    /// A pasted destination ARN to explain (`#fh-paste-arn`).
    PastedArn,
    /// The CloudWatch Logs log group of an HTTP or WebSocket stage (`#cw-log-group`).
    LogGroup,
}

/// Everything typed into the Destination panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationInputs {
    /// OpenObserve Cloud (true) or a self-hosted server (false).
    pub cloud: bool,
    /// Self-hosted base URL, with `ZO_BASE_URI` if the server sets one.
    pub base: String,
    /// OpenObserve org id.
    pub org: String,
    /// OpenObserve stream, as it goes into the URL.
    pub stream: String,
    /// Email of the OpenObserve user (part 1 of the key).
    pub email: String,
    /// Password or ingestion token (part 2 of the key).
    pub secret: Secret,
    /// Firehose delivery-stream name, with or without `amazon-apigateway-`.
    pub firehose_name: String,
    /// AWS region code.
    pub region: String,
    /// 12-digit AWS account id.
    pub account: String,
    /// An ARN pasted to be explained.
    pub pasted_arn: String,
    /// The CloudWatch Logs log group an HTTP or WebSocket stage writes to (empty: the default).
    pub log_group: String,
}

impl Default for DestinationInputs {
    fn default() -> Self {
        DestinationInputs {
            cloud: false,
            base: String::new(),
            org: url::DEFAULT_ORG.to_owned(),
            stream: DEFAULT_STREAM.to_owned(),
            email: String::new(),
            secret: Secret::default(),
            firehose_name: String::new(),
            region: DEFAULT_REGION.to_owned(),
            account: String::new(),
            pasted_arn: String::new(),
            log_group: String::new(),
        }
    }
}

impl DestinationInputs {
    /// The text of one input.
    pub fn get(&self, input: TextInput) -> &str {
        match input {
            TextInput::Base => &self.base,
            TextInput::Org => &self.org,
            TextInput::Stream => &self.stream,
            TextInput::Email => &self.email,
            TextInput::FirehoseName => &self.firehose_name,
            TextInput::Region => &self.region,
            TextInput::Account => &self.account,
            TextInput::PastedArn => &self.pasted_arn,
            TextInput::LogGroup => &self.log_group,
        }
    }

    /// Replace the text of one input.
    pub fn set(&mut self, input: TextInput, text: String) {
        let slot = match input {
            TextInput::Base => &mut self.base,
            TextInput::Org => &mut self.org,
            TextInput::Stream => &mut self.stream,
            TextInput::Email => &mut self.email,
            TextInput::FirehoseName => &mut self.firehose_name,
            TextInput::Region => &mut self.region,
            TextInput::Account => &mut self.account,
            TextInput::PastedArn => &mut self.pasted_arn,
            TextInput::LogGroup => &mut self.log_group,
        };
        *slot = text;
    }

    fn base(&self) -> Base {
        if self.cloud {
            Base::Cloud
        } else {
            Base::SelfHosted(self.base.clone())
        }
    }

    /// The ingestion URL, the stored stream name and their diagnostics.
    pub fn url(&self) -> UrlCheck {
        ingestion_url(&self.base(), Some(&self.org), &self.stream)
    }

    /// How a stage of `api` delivers to Firehose, as core plans it from the typed account and
    /// log group (defaults until valid ones are typed).
    pub fn plan(&self, api: ApiType) -> PlannedDelivery {
        Delivery::plan(api, None, &self.account, &self.log_group)
    }

    /// Where a stage of `api` delivers the simulated lines.
    pub fn destination(&self, api: ApiType) -> ingest::Destination {
        ingest::Destination {
            org: self.org.clone(),
            stream: self.stream.clone(),
            delivery: self.plan(api).delivery,
        }
    }
}

/// Whether `url` has a usable base: typed (or Cloud) and without errors.
pub fn url_ready(url: &UrlCheck) -> bool {
    !url.diagnostics
        .iter()
        .any(|d| d.field == Field::Base && d.diagnostic.is_error())
        && !url.url.contains(":///")
}

/// What `gwlog_core` says about the Destination inputs (compared by identity where shown).
#[derive(Debug, Clone)]
pub struct DestinationCheck {
    /// The ingestion URL, the stored stream name and their diagnostics.
    pub url: UrlCheck,
    /// The access key, once an email or a secret has been typed.
    pub key: Option<AccessKeyCheck>,
    /// The Firehose name as it will be used, and the room left.
    pub firehose: StreamNameCheck,
    /// The Firehose ARN and the diagnostics of name, region and account.
    pub arn: ArnBuild,
    /// The explanation of the pasted ARN, when one was pasted.
    pub pasted: Option<ArnCheck>,
    /// Why the API type cannot log to Firehose (HTTP and WebSocket APIs), if it cannot.
    pub rest_only: Option<Diagnostic>,
    /// How the delivery reaches Firehose (through a CloudWatch Logs subscription when the API
    /// type cannot log to Firehose directly), and what is wrong with the typed log group (the
    /// default is simulated instead).
    pub delivery: PlannedDelivery,
}

impl DestinationCheck {
    /// Checks every input for a stage of `api`.
    pub fn run(api: ApiType, inputs: &DestinationInputs) -> Self {
        let key = (!inputs.email.is_empty() || !inputs.secret.is_empty())
            .then(|| access_key(&inputs.email, inputs.secret.expose()));
        let pasted = (!inputs.pasted_arn.trim().is_empty())
            .then(|| check_destination(&inputs.pasted_arn, api));
        DestinationCheck {
            url: inputs.url(),
            key,
            firehose: check_stream_name(&inputs.firehose_name),
            arn: firehose_arn(&inputs.firehose_name, &inputs.region, &inputs.account),
            pasted,
            rest_only: firehose_supported(api),
            delivery: inputs.plan(api),
        }
    }

    /// Whether the ingestion URL has a usable base: typed (or Cloud) and without errors.
    pub fn url_ready(&self) -> bool {
        url_ready(&self.url)
    }

    /// The URL diagnostics about `field`.
    pub fn url_diagnostics(&self, field: Field) -> Vec<Diagnostic> {
        self.url
            .diagnostics
            .iter()
            .filter(|d| d.field == field)
            .map(|d| d.diagnostic.clone())
            .collect()
    }

    /// The access-key diagnostics about `field`.
    pub fn key_diagnostics(&self, field: KeyField) -> Vec<Diagnostic> {
        self.key
            .iter()
            .flat_map(|key| &key.diagnostics)
            .filter(|d| d.field == field)
            .map(|d| d.diagnostic.clone())
            .collect()
    }

    /// The ARN-building diagnostics about `field`.
    pub fn arn_diagnostics(&self, field: ArnField) -> Vec<Diagnostic> {
        self.arn
            .diagnostics
            .iter()
            .filter(|d| d.field == field)
            .map(|d| d.diagnostic.clone())
            .collect()
    }

    /// The access key, when it can authenticate.
    pub fn access_key(&self) -> Option<&str> {
        self.key.as_ref().and_then(|key| key.key.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(edit: impl FnOnce(&mut DestinationInputs)) -> DestinationCheck {
        let mut inputs = DestinationInputs::default();
        edit(&mut inputs);
        DestinationCheck::run(ApiType::Rest, &inputs)
    }

    #[test]
    fn the_secret_is_hidden_from_debug_output() {
        let inputs = DestinationInputs {
            secret: Secret::new("Complexpass#123"),
            ..DestinationInputs::default()
        };
        assert!(!format!("{inputs:?}").contains("Complexpass"));
    }

    #[test]
    fn the_stream_is_stored_under_openobserves_name() {
        let checked = check(|i| {
            i.base = "https://logs.example.com".into();
            i.stream = "amazon-apigateway-MyAPI".into();
        });
        assert_eq!(checked.url.stream, "amazon_apigateway_myapi");
        assert_eq!(
            checked.url.url,
            "https://logs.example.com/aws/default/amazon-apigateway-MyAPI/_kinesis_firehose"
        );
    }

    #[test]
    fn credentials_typed_into_the_base_url_never_reach_the_shown_url() {
        for base in [
            "https://alice:S3cret@logs.example.com",
            "alice:S3cret@logs.example.com",
            "https:/alice:S3cret@logs.example.com/o2",
            "https://al/ice:S3cret@logs.example.com",
            "HTTPS://alice:S3cret@logs.example.com:443/o2?x=1",
            " https://alice:S3cret@@logs.example.com#x",
            "https://root:S3cret#x@logs.example.com",
            "https://root:S3cret?x@logs.example.com",
        ] {
            let checked = check(|i| i.base = base.into());
            assert!(
                !checked.url.url.contains("S3cret"),
                "{base} → {}",
                checked.url.url
            );
        }
    }

    #[test]
    fn an_empty_org_is_used_as_default() {
        let checked = check(|i| i.org = String::new());
        assert_eq!(checked.url.org, url::DEFAULT_ORG);
    }

    #[test]
    fn no_key_is_checked_before_anything_is_typed() {
        assert!(check(|_| {}).key.is_none());
    }

    #[test]
    fn a_colon_in_the_secret_gives_no_key() {
        let checked = check(|i| {
            i.email = "alice@example.com".into();
            i.secret = Secret::new("pa:ss#Word1");
        });
        assert_eq!(checked.access_key(), None);
        assert_eq!(checked.key_diagnostics(KeyField::Secret).len(), 1);
    }

    #[test]
    fn the_arn_gets_the_prefix_region_and_account() {
        let checked = check(|i| {
            i.firehose_name = "prod".into();
            i.account = "123456789012".into();
        });
        let arn = checked.arn.arn.map(|a| a.to_string());
        assert_eq!(
            arn.as_deref(),
            Some("arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-prod")
        );
    }

    #[test]
    fn http_apis_are_told_firehose_is_rest_only() {
        let checked = DestinationCheck::run(ApiType::Http, &DestinationInputs::default());
        assert!(checked.rest_only.is_some());
    }

    #[test]
    fn rest_apis_deliver_directly() {
        assert_eq!(check(|_| {}).delivery.delivery, Delivery::Direct);
    }

    #[test]
    fn other_apis_deliver_through_a_subscription_with_defaults_until_valid_values_are_typed() {
        let run = |account: &str, log_group: &str| {
            let inputs = DestinationInputs {
                account: account.into(),
                log_group: log_group.into(),
                ..DestinationInputs::default()
            };
            DestinationCheck::run(ApiType::WebSocket, &inputs)
        };
        let subscription = |account: &str, log_group: &str| Delivery::CloudWatchSubscription {
            account: account.into(),
            log_group: log_group.into(),
        };
        let defaults = run("", "");
        assert_eq!(
            defaults.delivery.delivery,
            subscription(DEFAULT_ACCOUNT, DEFAULT_LOG_GROUP)
        );
        assert!(defaults.delivery.log_group.is_empty());
        let typed = run("000011112222", "/aws/apigateway/prod");
        assert_eq!(
            typed.delivery.delivery,
            subscription("000011112222", "/aws/apigateway/prod")
        );
        let invalid = run("1234", "api logs");
        assert_eq!(
            invalid.delivery.delivery,
            subscription(DEFAULT_ACCOUNT, DEFAULT_LOG_GROUP)
        );
        assert_eq!(
            invalid.delivery.log_group[0].code.as_str(),
            "log-group-name-invalid-character"
        );
    }
}
