//! The AWS setup export: the export panel's own inputs (REST API id, stage, existing backup
//! bucket) and the [`SetupInputs`] assembled from them and the Destination inputs. Only the
//! target the user is looking at is generated ([`export`]), once per change of its inputs, after
//! the typing pause ([`crate::derived`]).

use crate::destination::DestinationInputs;
use gwlog_core::api::ApiType;
use gwlog_core::export::{generate, Export, Input, SetupInputs, Target};

/// The export panel's text inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportInput {
    /// REST API id (`#export-rest-api-id`).
    RestApiId,
    /// Stage name (`#export-stage`).
    StageName,
    /// An existing S3 backup bucket to reuse (`#export-bucket`).
    Bucket,
}

/// What the export panel's inputs hold (the tab shown is [`crate::state::State::target`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportInputs {
    /// REST API id; empty puts a placeholder in the output.
    pub rest_api_id: String,
    /// Stage name; empty puts a placeholder in the output.
    pub stage_name: String,
    /// An existing backup bucket to reuse (never created); empty: the setup creates one per
    /// region, named by core.
    pub bucket: String,
}

impl ExportInputs {
    /// The text of one input.
    pub fn get(&self, input: ExportInput) -> &str {
        match input {
            ExportInput::RestApiId => &self.rest_api_id,
            ExportInput::StageName => &self.stage_name,
            ExportInput::Bucket => &self.bucket,
        }
    }

    /// Replace the text of one input.
    pub fn set(&mut self, input: ExportInput, text: String) {
        match input {
            ExportInput::RestApiId => self.rest_api_id = text,
            ExportInput::StageName => self.stage_name = text,
            ExportInput::Bucket => self.bucket = text,
        }
    }
}

/// [`SetupInputs`] from the format, the Destination inputs and the export panel's inputs.
/// `endpoint_url` is the ingestion URL the Destination panel shows.
pub fn setup_inputs(
    api: ApiType,
    format: &str,
    destination: &DestinationInputs,
    endpoint_url: &str,
    export: &ExportInputs,
) -> SetupInputs {
    let optional = |text: &str| (!text.trim().is_empty()).then(|| text.to_owned());
    SetupInputs {
        api,
        rest_api_id: optional(&export.rest_api_id),
        stage_name: optional(&export.stage_name),
        region: destination.region.clone(),
        account_id: destination.account.clone(),
        stream_name: destination.firehose_name.clone(),
        endpoint_url: endpoint_url.to_owned(),
        backup_bucket: optional(&export.bucket),
        format: format.to_owned(),
        ..SetupInputs::default()
    }
}

/// The setup for `target` (AWS CLI script, CloudFormation or Terraform), as core generates it.
pub fn export(target: Target, inputs: &SetupInputs) -> Export {
    generate(target, inputs)
}

/// Where the user types an input of [`SetupInputs`], for the diagnostics list.
pub fn input_label(input: Input) -> &'static str {
    match input {
        Input::Api => "API type (Format panel)",
        Input::RestApiId => "REST API id",
        Input::StageName => "Stage name",
        Input::Region => "Region (Destination panel)",
        Input::Account => "Account id (Destination panel)",
        Input::Stream => "Firehose stream name (Destination panel)",
        Input::Url => "OpenObserve URL (Destination panel)",
        Input::Bucket => "Existing S3 backup bucket",
        Input::BufferSize => "Buffer size",
        Input::BufferInterval => "Buffer interval",
        Input::RetryDuration => "Retry duration",
        Input::Format => "Access-log format (Format panel)",
    }
}

/// The export panel's input an [`Input`] is typed into, if it is one of them.
pub fn export_input(input: Input) -> Option<ExportInput> {
    match input {
        Input::RestApiId => Some(ExportInput::RestApiId),
        Input::StageName => Some(ExportInput::StageName),
        Input::Bucket => Some(ExportInput::Bucket),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(api: ApiType) -> SetupInputs {
        let destination = DestinationInputs {
            firehose_name: "prod".into(),
            account: "123456789012".into(),
            ..DestinationInputs::default()
        };
        let url = "https://logs.example.com/aws/default/default/_kinesis_firehose";
        let format = "{\"requestId\":\"$context.requestId\"}\n";
        setup_inputs(api, format, &destination, url, &ExportInputs::default())
    }

    #[test]
    fn every_target_is_generated_for_a_rest_api() {
        let inputs = inputs(ApiType::Rest);
        for target in Target::ALL {
            let export = export(target, &inputs);
            assert_eq!(export.target, target);
            assert!(!export.has_errors(), "{target}: {:?}", export.diagnostics);
            assert!(!export.text.is_empty());
        }
        let terraform = export(Target::Terraform, &inputs);
        assert!(terraform
            .text
            .contains("aws_kinesis_firehose_delivery_stream"));
    }

    #[test]
    fn an_http_api_gets_no_text_and_the_reason() {
        let export = export(Target::AwsCli, &inputs(ApiType::Http));
        assert!(export.text.is_empty());
        assert!(export.diagnostics.iter().any(|d| d.input == Input::Api));
    }
}
