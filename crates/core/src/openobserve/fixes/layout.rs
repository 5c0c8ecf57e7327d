//! The top-level object of a JSON format as the fixes edit it: each key and where its value is,
//! taken from the format's JSON-template model.

use crate::format::grammar;
use crate::format::json_template::JsonTemplate;
use std::ops::Range;

/// One top-level member of a JSON format.
pub(crate) struct Member {
    /// The key, decoded (a variable in it written as `$context.name`).
    pub key: String,
    /// Where its value is in the format.
    pub value: Range<usize>,
}

/// The top-level object of a JSON format.
pub(crate) struct ObjectLayout {
    /// Offset of the opening `{`.
    pub open: usize,
    /// The members, in format order.
    pub members: Vec<Member>,
}

/// The top-level object of `format`, read from the format's one JSON-template model.
pub(super) fn object_layout(format: &str) -> Option<ObjectLayout> {
    let template = JsonTemplate::parse(format, &grammar::parse(format)).ok()?;
    Some(ObjectLayout {
        open: template.root.span.start,
        members: template
            .root
            .members
            .iter()
            .map(|member| Member {
                key: member.key.render(|v| format!("$context.{}", v.name)),
                value: member.value.span().range(),
            })
            .collect(),
    })
}

pub(super) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        at += 1;
    }
    at
}
