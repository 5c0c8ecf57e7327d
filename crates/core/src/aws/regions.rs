//! AWS partitions and regions, as botocore lists them, and "did you mean" for mistyped regions.
//!
//! The list is `botocore/data/partitions.json` at `0e6e2404` (2026-08-07), verbatim: code, name and
//! partition for every region, including the `*-global` pseudo-regions (global endpoints, never
//! ARN regions). Older botocore snapshots lack `ap-east-2`, `ap-southeast-6`, `ap-southeast-7`,
//! `mx-central-1` and the `aws-eusc` partition.
//!
//! ```
//! use gwlog_core::aws::regions::{self, Partition};
//!
//! assert_eq!(regions::partition_of("cn-north-1"), Some(Partition::AwsCn));
//! assert_eq!(regions::did_you_mean("us-esat-1").map(|r| r.code()), Some("us-east-1"));
//! ```

use serde::Serialize;
use std::fmt;

/// An AWS partition: a group of regions with its own ARN prefix and DNS suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Partition {
    /// `aws`: the commercial regions.
    #[serde(rename = "aws")]
    Aws,
    /// `aws-cn`: China (Beijing, Ningxia).
    #[serde(rename = "aws-cn")]
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    #[serde(rename = "aws-us-gov")]
    AwsUsGov,
    /// `aws-eusc`: AWS European Sovereign Cloud.
    #[serde(rename = "aws-eusc")]
    AwsEusc,
    /// `aws-iso`: US ISO (C2S).
    #[serde(rename = "aws-iso")]
    AwsIso,
    /// `aws-iso-b`: US ISOB (SC2S).
    #[serde(rename = "aws-iso-b")]
    AwsIsoB,
    /// `aws-iso-e`: EU ISOE.
    #[serde(rename = "aws-iso-e")]
    AwsIsoE,
    /// `aws-iso-f`: US ISOF.
    #[serde(rename = "aws-iso-f")]
    AwsIsoF,
}

impl Partition {
    /// Every partition, in the order botocore lists them.
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsEusc,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
    ];

    /// The partition id, as written in ARNs (`arn:<id>:…`).
    pub fn id(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsEusc => "aws-eusc",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
        }
    }

    /// The DNS suffix of the partition's service endpoints (`amazonaws.com`, `amazonaws.com.cn`, …).
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::AwsEusc => "amazonaws.eu",
            Partition::AwsIso => "c2s.ic.gov",
            Partition::AwsIsoB => "sc2s.sgov.gov",
            Partition::AwsIsoE => "cloud.adc-e.uk",
            Partition::AwsIsoF => "csp.hci.ic.gov",
        }
    }

    /// The partition with this id (exact, case-sensitive, as in ARNs).
    pub fn from_id(id: &str) -> Option<Partition> {
        Partition::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The partition's regions from the list, `*-global` pseudo-regions included.
    pub fn regions(self) -> impl Iterator<Item = &'static Region> {
        REGIONS.iter().filter(move |r| r.partition == self)
    }

    /// Whether `code` matches the partition's botocore `regionRegex`.
    ///
    /// This is weaker than the list (`us-esat-1` matches `aws`'s pattern); it only serves to place
    /// a region newer than the list in its partition.
    pub fn matches_region_pattern(self, code: &str) -> bool {
        let prefixes: &[&str] = match self {
            Partition::Aws => &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
            Partition::AwsCn => &["cn"],
            Partition::AwsUsGov => &["us-gov"],
            Partition::AwsEusc => &["eusc-de"],
            Partition::AwsIso => &["us-iso"],
            Partition::AwsIsoB => &["us-isob"],
            Partition::AwsIsoE => &["eu-isoe"],
            Partition::AwsIsoF => &["us-isof"],
        };
        prefixes.iter().any(|prefix| {
            // `^<prefix>-\w+-\d+$`: `\w` has no `-`, so exactly one `-` must be left after the prefix.
            let Some(rest) = code.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
                return false;
            };
            let Some((word, number)) = rest.split_once('-') else {
                return false;
            };
            !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        })
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One entry of the region list. Only the list creates these: a `&'static Region` is always a
/// region botocore knows.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Region {
    code: &'static str,
    name: &'static str,
    partition: Partition,
    global: bool,
}

impl Region {
    /// The region code (`us-east-1`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The human name botocore gives it (`US East (N. Virginia)`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The partition the region belongs to.
    pub fn partition(&self) -> Partition {
        self.partition
    }

    /// Whether this is a `*-global` pseudo-region (a global endpoint, never an ARN region).
    pub fn is_global(&self) -> bool {
        self.global
    }

    /// Whether botocore's `endpoints.json` (at `0e6e2404`) lists API Gateway in this region: it
    /// does not for `us-isob-west-1` and the `aws-iso-f` partition, though Firehose is there.
    pub fn has_api_gateway(&self) -> bool {
        !self.global && self.code != "us-isob-west-1" && self.partition != Partition::AwsIsoF
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl Serialize for Region {
    /// A region serialises as its code, like in ARNs.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

macro_rules! regions {
    ($($partition:ident: [$($code:literal => $name:literal $(, $global:ident)?;)*])*) => {
        /// Every region in botocore's `partitions.json` (2026-08-07), grouped by partition.
        pub static REGIONS: &[Region] = &[
            $($(Region {
                code: $code,
                name: $name,
                partition: Partition::$partition,
                global: regions!(@global $($global)?),
            },)*)*
        ];
    };
    (@global global) => { true };
    (@global) => { false };
}

regions! {
    Aws: [
        "af-south-1" => "Africa (Cape Town)";
        "ap-east-1" => "Asia Pacific (Hong Kong)";
        "ap-east-2" => "Asia Pacific (Taipei)";
        "ap-northeast-1" => "Asia Pacific (Tokyo)";
        "ap-northeast-2" => "Asia Pacific (Seoul)";
        "ap-northeast-3" => "Asia Pacific (Osaka)";
        "ap-south-1" => "Asia Pacific (Mumbai)";
        "ap-south-2" => "Asia Pacific (Hyderabad)";
        "ap-southeast-1" => "Asia Pacific (Singapore)";
        "ap-southeast-2" => "Asia Pacific (Sydney)";
        "ap-southeast-3" => "Asia Pacific (Jakarta)";
        "ap-southeast-4" => "Asia Pacific (Melbourne)";
        "ap-southeast-5" => "Asia Pacific (Malaysia)";
        "ap-southeast-6" => "Asia Pacific (New Zealand)";
        "ap-southeast-7" => "Asia Pacific (Thailand)";
        "aws-global" => "aws global region", global;
        "ca-central-1" => "Canada (Central)";
        "ca-west-1" => "Canada West (Calgary)";
        "eu-central-1" => "Europe (Frankfurt)";
        "eu-central-2" => "Europe (Zurich)";
        "eu-north-1" => "Europe (Stockholm)";
        "eu-south-1" => "Europe (Milan)";
        "eu-south-2" => "Europe (Spain)";
        "eu-west-1" => "Europe (Ireland)";
        "eu-west-2" => "Europe (London)";
        "eu-west-3" => "Europe (Paris)";
        "il-central-1" => "Israel (Tel Aviv)";
        "me-central-1" => "Middle East (UAE)";
        "me-south-1" => "Middle East (Bahrain)";
        "mx-central-1" => "Mexico (Central)";
        "sa-east-1" => "South America (Sao Paulo)";
        "us-east-1" => "US East (N. Virginia)";
        "us-east-2" => "US East (Ohio)";
        "us-west-1" => "US West (N. California)";
        "us-west-2" => "US West (Oregon)";
    ]
    AwsCn: [
        "aws-cn-global" => "aws-cn global region", global;
        "cn-north-1" => "China (Beijing)";
        "cn-northwest-1" => "China (Ningxia)";
    ]
    AwsEusc: [
        "eusc-de-east-1" => "AWS European Sovereign Cloud (Germany)";
    ]
    AwsIso: [
        "aws-iso-global" => "aws-iso global region", global;
        "us-iso-east-1" => "US ISO East";
        "us-iso-west-1" => "US ISO WEST";
    ]
    AwsIsoB: [
        "aws-iso-b-global" => "aws-iso-b global region", global;
        "us-isob-east-1" => "US ISOB East (Ohio)";
        "us-isob-west-1" => "US ISOB West";
    ]
    AwsIsoE: [
        "aws-iso-e-global" => "aws-iso-e global region", global;
        "eu-isoe-west-1" => "EU ISOE West";
    ]
    AwsIsoF: [
        "aws-iso-f-global" => "aws-iso-f global region", global;
        "us-isof-east-1" => "US ISOF EAST";
        "us-isof-south-1" => "US ISOF SOUTH";
    ]
    AwsUsGov: [
        "aws-us-gov-global" => "aws-us-gov global region", global;
        "us-gov-east-1" => "AWS GovCloud (US-East)";
        "us-gov-west-1" => "AWS GovCloud (US-West)";
    ]
}

/// The listed region with exactly this code (case-sensitive, like AWS), `*-global` included.
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// The partition of a region code: from the list when listed, else from the partitions' region
/// patterns (so a region newer than the list still finds its partition).
pub fn partition_of(region_code: &str) -> Option<Partition> {
    region(region_code).map(Region::partition).or_else(|| {
        Partition::ALL
            .into_iter()
            .find(|p| p.matches_region_pattern(region_code))
    })
}

/// The listed (non-global) region closest to a mistyped code, if one is close enough to be a
/// plausible typo. Case and surrounding whitespace are ignored; ties go to the earlier entry.
pub fn did_you_mean(input: &str) -> Option<&'static Region> {
    let typed = input.trim().to_ascii_lowercase();
    if typed.is_empty() {
        return None;
    }
    // Up to 2 edits, or 3 for long codes (`ap-southeast-1` vs `ap-south-east-1`).
    let allowed = if typed.chars().count() >= 12 { 3 } else { 2 };
    REGIONS
        .iter()
        .filter(|r| !r.global)
        .map(|r| (edit_distance(&typed, r.code), r))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, r)| r)
}

pub use crate::similarity::edit_distance;

#[cfg(test)]
mod tests {
    use super::*;

    // "The reference" in these test names is botocore's `partitions.json` at `0e6e2404`.
    #[test]
    fn list_has_every_region_of_the_reference() {
        assert_eq!(REGIONS.len(), 53);
        assert_eq!(REGIONS.iter().filter(|r| r.is_global()).count(), 7);
    }

    #[test]
    fn region_codes_are_unique() {
        let mut codes: Vec<_> = REGIONS.iter().map(Region::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), REGIONS.len());
    }

    #[test]
    fn every_listed_region_matches_its_partition_pattern() {
        for r in REGIONS.iter().filter(|r| !r.is_global()) {
            assert!(
                r.partition().matches_region_pattern(r.code()),
                "{}",
                r.code()
            );
            let others = Partition::ALL
                .iter()
                .filter(|p| p.matches_region_pattern(r.code()));
            assert_eq!(others.count(), 1, "{} matches several partitions", r.code());
        }
    }

    #[test]
    fn global_pseudo_regions_are_marked() {
        assert!(region("aws-global").unwrap().is_global());
        assert!(region("aws-us-gov-global").unwrap().is_global());
        assert!(!region("us-east-1").unwrap().is_global());
    }

    #[test]
    fn region_lookup_returns_name_and_partition() {
        let r = region("ap-southeast-6").unwrap();
        assert_eq!(r.name(), "Asia Pacific (New Zealand)");
        assert_eq!(r.partition(), Partition::Aws);
    }

    #[test]
    fn region_lookup_is_case_sensitive() {
        assert_eq!(region("US-EAST-1"), None);
    }

    #[test]
    fn partition_of_listed_regions() {
        assert_eq!(partition_of("us-east-1"), Some(Partition::Aws));
        assert_eq!(partition_of("cn-northwest-1"), Some(Partition::AwsCn));
        assert_eq!(partition_of("us-gov-west-1"), Some(Partition::AwsUsGov));
        assert_eq!(partition_of("eusc-de-east-1"), Some(Partition::AwsEusc));
        assert_eq!(partition_of("us-iso-east-1"), Some(Partition::AwsIso));
        assert_eq!(partition_of("us-isob-east-1"), Some(Partition::AwsIsoB));
        assert_eq!(partition_of("eu-isoe-west-1"), Some(Partition::AwsIsoE));
        assert_eq!(partition_of("us-isof-south-1"), Some(Partition::AwsIsoF));
        assert_eq!(partition_of("aws-cn-global"), Some(Partition::AwsCn));
    }

    #[test]
    fn partition_of_an_unlisted_region_uses_the_pattern() {
        assert_eq!(partition_of("eu-central-3"), Some(Partition::Aws));
        assert_eq!(partition_of("cn-south-1"), Some(Partition::AwsCn));
        assert_eq!(partition_of("xx-east-1"), None);
    }

    #[test]
    fn partition_ids_round_trip() {
        for p in Partition::ALL {
            assert_eq!(Partition::from_id(p.id()), Some(p));
        }
        assert_eq!(Partition::from_id("AWS"), None);
    }

    #[test]
    fn dns_suffixes_follow_the_reference() {
        assert_eq!(Partition::Aws.dns_suffix(), "amazonaws.com");
        assert_eq!(Partition::AwsCn.dns_suffix(), "amazonaws.com.cn");
        assert_eq!(Partition::AwsUsGov.dns_suffix(), "amazonaws.com");
        assert_eq!(Partition::AwsEusc.dns_suffix(), "amazonaws.eu");
        assert_eq!(Partition::AwsIsoE.dns_suffix(), "cloud.adc-e.uk");
    }

    #[test]
    fn partition_regions_lists_its_own_regions() {
        let cn: Vec<_> = Partition::AwsCn.regions().map(Region::code).collect();
        assert_eq!(cn, ["aws-cn-global", "cn-north-1", "cn-northwest-1"]);
    }

    #[test]
    fn did_you_mean_fixes_a_transposition() {
        assert_eq!(
            did_you_mean("us-esat-1").map(Region::code),
            Some("us-east-1")
        );
    }

    #[test]
    fn did_you_mean_fixes_case_and_missing_dashes() {
        assert_eq!(
            did_you_mean("EU-WEST-1").map(Region::code),
            Some("eu-west-1")
        );
        assert_eq!(did_you_mean("euwest1").map(Region::code), Some("eu-west-1"));
    }

    #[test]
    fn did_you_mean_fixes_a_letter_l_for_a_one() {
        assert_eq!(
            did_you_mean("ap-south-l").map(Region::code),
            Some("ap-south-1")
        );
    }

    #[test]
    fn did_you_mean_never_proposes_a_global_pseudo_region() {
        assert_ne!(
            did_you_mean("aws-global").map(Region::code),
            Some("aws-global")
        );
    }

    #[test]
    fn did_you_mean_gives_up_on_unrelated_text() {
        assert_eq!(did_you_mean("frankfurt"), None);
        assert_eq!(did_you_mean(""), None);
    }
}
