//! Names of the AWS resources a gwlog setup creates or refers to: the IAM role Firehose assumes,
//! the S3 backup bucket, the REST API id and the stage name, with the rules AWS applies to each.
//!
//! Sources: IAM role names (AWS: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>),
//! S3 bucket naming rules (AWS: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html>),
//! API Gateway stage names (AWS: <https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html>).

use crate::diagnostic::{Code, Diagnostic};

/// Longest REST API stage name.
pub const STAGE_NAME_MAX_LEN: usize = 128;

/// Placeholders the generators write for a missing REST API id or stage name.
pub const REST_API_ID_PLACEHOLDER: &str = "<rest-api-id>";
/// See [`REST_API_ID_PLACEHOLDER`].
pub const STAGE_NAME_PLACEHOLDER: &str = "<stage-name>";

/// Longest IAM role name.
const ROLE_NAME_MAX_LEN: usize = 64;
/// Longest S3 bucket name.
const BUCKET_NAME_MAX_LEN: usize = 63;

/// The IAM role Firehose assumes, from the stream's own part and the region:
/// `firehose-<part>-<region>-role`, e.g. `firehose-prod-eu-west-1-role`.
///
/// Role names are global to the account while stream names are per region, hence the region. Two
/// cases add an 8-digit hash of the part before the region, so that different streams keep
/// different roles: a name longer than IAM's 64 characters (the part is cut to fit), and a part
/// with uppercase letters (IAM compares role names ignoring case, so `Prod` and `prod` would
/// collide).
pub fn role_name(user_part: &str, region: &str) -> String {
    let plain = format!("firehose-{user_part}-{region}-role");
    if plain.len() <= ROLE_NAME_MAX_LEN && !user_part.chars().any(|c| c.is_ascii_uppercase()) {
        return plain;
    }
    let hash = short_hash(user_part);
    let fixed = format!("-{hash}-{region}-role");
    let room = ROLE_NAME_MAX_LEN.saturating_sub("firehose-".len() + fixed.len());
    format!("firehose-{}{fixed}", prefix_of(user_part, room))
}

/// The backup bucket created when none is given, from the stream's own part, the region and the
/// account: `<part>-failed-<region>-<account>`, e.g. `prod-failed-eu-west-1-123456789012`.
///
/// Bucket names are global, hence the region and the account. The part is lowercased and every
/// character other than a letter or digit becomes `-`; when that changes it (so two streams could
/// meet, like `My_API` and `my-api`) or it has to be cut to keep the name within 63 characters,
/// an 8-digit hash of the original part follows it. The result goes through the same checks as a
/// bucket the user names; a name they reject (a reserved prefix such as `xn--`) becomes
/// `gwlog-<hash>-failed-<region>-<account>`.
pub fn default_bucket_name(user_part: &str, region: &str, account: &str) -> String {
    let suffix = format!("-failed-{region}-{account}");
    let hash = short_hash(user_part);
    let fallback = format!("gwlog-{hash}{suffix}");
    let lowered: String = user_part
        .chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' => c,
            _ => '-',
        })
        .collect();
    let head = lowered.trim_matches('-');
    let room = BUCKET_NAME_MAX_LEN.saturating_sub(suffix.len());
    let name = if head == user_part && head.len() <= room {
        format!("{head}{suffix}")
    } else {
        let cut = prefix_of(head, room.saturating_sub(hash.len() + 1)).trim_end_matches('-');
        if cut.is_empty() {
            fallback.clone()
        } else {
            format!("{cut}-{hash}{suffix}")
        }
    };
    if name.len() <= BUCKET_NAME_MAX_LEN && check_bucket_name(&name).is_empty() {
        name
    } else {
        fallback
    }
}

/// At most `len` bytes of `text`, cut at a character boundary.
fn prefix_of(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// 8 lowercase hex digits identifying `text` (32-bit FNV-1a): stable across runs and versions, so
/// generating the setup again gives the same names.
fn short_hash(text: &str) -> String {
    let hash = text.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

/// REST API ids are 10 lowercase letters and digits (`a1b2c3d4e5`).
pub fn check_rest_api_id(id: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (start, end) in crate::diagnostic::char_runs(id, |c| !c.is_ascii_alphanumeric()) {
        found.push(Diagnostic::error(
            Code::RestApiIdInvalidCharacter,
            start..end,
            "A REST API id is letters and digits only (such as a1b2c3d4e5): use the id shown in \
             the API Gateway console or by `aws apigateway get-rest-apis`, not the API's name.",
        ));
    }
    if found.is_empty() && id.len() != 10 {
        found.push(Diagnostic::warning(
            Code::RestApiIdLength,
            0..id.len(),
            format!(
                "REST API ids are 10 characters; this one has {}. Check it is the id, not the name.",
                id.len()
            ),
        ));
    }
    found
}

/// Stage names: letters, digits, `-` and `_`, at most 128 characters.
pub fn check_stage_name(stage: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (start, end) in crate::diagnostic::char_runs(stage, |c| {
        !(c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }) {
        found.push(Diagnostic::error(
            Code::StageNameInvalidCharacter,
            start..end,
            "Stage names contain only letters, digits, '-' and '_'.",
        ));
    }
    if stage.len() > STAGE_NAME_MAX_LEN {
        found.push(Diagnostic::error(
            Code::StageNameTooLong,
            STAGE_NAME_MAX_LEN..stage.len(),
            format!("Stage names are at most {STAGE_NAME_MAX_LEN} characters."),
        ));
    }
    found
}

/// General-purpose S3 bucket naming rules.
pub fn check_bucket_name(bucket: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let whole = 0..bucket.len();
    let rule =
        "Bucket names are 3 to 63 characters of lowercase letters, digits, '.' and '-', and \
                start and end with a letter or digit.";
    for (start, end) in crate::diagnostic::char_runs(bucket, |c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    }) {
        let hint = if bucket[start..end].chars().all(|c| c.is_ascii_uppercase()) {
            " Use lowercase."
        } else {
            ""
        };
        found.push(Diagnostic::error(
            Code::BucketNameInvalidCharacter,
            start..end,
            format!("{rule}{hint}"),
        ));
    }
    let length = bucket.chars().count();
    if !(3..=63).contains(&length) {
        found.push(Diagnostic::error(
            Code::BucketNameLength,
            whole.clone(),
            format!("{rule} This one has {length}."),
        ));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if found.is_empty() && !(edge_ok(bucket.chars().next()) && edge_ok(bucket.chars().last())) {
        found.push(Diagnostic::error(Code::BucketNameEdge, whole.clone(), rule));
    }
    if let Some(i) = bucket.find("..") {
        found.push(Diagnostic::error(
            Code::BucketNameAdjacentDots,
            i..i + 2,
            "Bucket names cannot have two periods in a row.",
        ));
    }
    if bucket.parse::<std::net::Ipv4Addr>().is_ok() {
        found.push(Diagnostic::error(
            Code::BucketNameIpAddress,
            whole.clone(),
            "Bucket names cannot look like an IP address.",
        ));
    }
    let reserved_prefix = ["xn--", "sthree-", "amzn-s3-demo-"]
        .into_iter()
        .find(|p| bucket.starts_with(p));
    let reserved_suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]
        .into_iter()
        .find(|s| bucket.ends_with(s));
    if let Some(reserved) = reserved_prefix.or(reserved_suffix) {
        found.push(Diagnostic::error(
            Code::BucketNameReserved,
            whole,
            format!("S3 reserves bucket names with '{reserved}' there: choose another name."),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bucket_carries_part_region_and_account() {
        assert_eq!(
            default_bucket_name("prod", "eu-west-1", "123456789012"),
            "prod-failed-eu-west-1-123456789012"
        );
    }

    #[test]
    fn default_bucket_hashes_a_part_it_had_to_change() {
        let changed = default_bucket_name("My_API.v2", "eu-west-1", "123456789012");
        assert!(changed.starts_with("my-api-v2-"), "{changed}");
        assert!(
            changed.ends_with("-failed-eu-west-1-123456789012"),
            "{changed}"
        );
        // Streams that lowercase to the same text keep different buckets.
        assert_ne!(
            changed,
            default_bucket_name("my-api-v2", "eu-west-1", "123456789012")
        );
        assert_ne!(
            default_bucket_name("Prod", "eu-west-1", "123456789012"),
            default_bucket_name("prod", "eu-west-1", "123456789012")
        );
    }

    #[test]
    fn default_bucket_is_cut_to_63_with_a_hash() {
        let a = default_bucket_name(&"a".repeat(46), "us-isof-south-1", "123456789012");
        let b = default_bucket_name(
            &format!("{}b", "a".repeat(45)),
            "us-isof-south-1",
            "123456789012",
        );
        assert!(a.len() <= 63, "{a}");
        assert_ne!(a, b);
        assert!(a.ends_with("-failed-us-isof-south-1-123456789012"), "{a}");
    }

    #[test]
    fn default_bucket_falls_back_when_the_rules_reject_it() {
        for part in ["xn--abc", "sthree-x", "amzn-s3-demo-x", "__"] {
            let name = default_bucket_name(part, "eu-west-1", "123456789012");
            assert!(name.starts_with("gwlog-"), "{part}: {name}");
            assert_eq!(check_bucket_name(&name), [], "{name}");
        }
    }

    #[test]
    fn every_default_bucket_passes_the_bucket_rules() {
        let long = "Z".repeat(46);
        for user in [
            "prod",
            "My_API.v2",
            "_x_",
            &long,
            "a.-b",
            "xn--q",
            "1.2.3.4",
        ] {
            for region in [
                "us-east-1",
                "eu-west-1",
                "us-isof-south-1",
                "eusc-de-east-1",
            ] {
                let name = default_bucket_name(user, region, "000000000000");
                assert_eq!(check_bucket_name(&name), [], "{name}");
                assert!(name.len() <= 63, "{name}");
            }
        }
    }

    #[test]
    fn role_name_carries_the_region() {
        assert_eq!(
            role_name("prod", "eu-west-1"),
            "firehose-prod-eu-west-1-role"
        );
    }

    #[test]
    fn role_name_stays_within_64_and_distinct() {
        let a = role_name(&"a".repeat(46), "us-isof-south-1");
        let b = role_name(&format!("{}b", "a".repeat(45)), "us-isof-south-1");
        assert_eq!(a.len(), 64, "{a}");
        assert!(b.len() <= 64, "{b}");
        assert_ne!(a, b);
        assert!(a.ends_with("-us-isof-south-1-role"), "{a}");
    }

    #[test]
    fn role_names_differing_only_in_case_do_not_collide() {
        // IAM compares role names ignoring case.
        let upper = role_name("Prod", "eu-west-1");
        let lower = role_name("prod", "eu-west-1");
        assert_ne!(upper.to_ascii_lowercase(), lower.to_ascii_lowercase());
    }
}
