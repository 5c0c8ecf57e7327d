//! Ready-to-paste AWS setup: CLI commands, CloudFormation and Terraform.
