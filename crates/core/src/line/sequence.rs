//! The backtracking matcher for text formats (CLF, CSV, XML, anything non-JSON).
//!
//! A format is a sequence of literals and values. Values are placed by shape: each candidate end
//! must fit the variable's shape and be followed by the next literal, and a later mismatch sends
//! the search back to try the next candidate. Failed `(step, offset)` states are remembered, so
//! no state is explored twice, and every line gets a step budget linear in its length: the
//! worst case is bounded, never exponential.

use super::shapes;
use crate::diagnostic::Span;
use crate::format::shape::ValueShape;

/// One element of a compiled sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Text that must appear verbatim.
    Literal(String),
    /// A variable's value; `slot` indexes the matcher's variable list.
    Value { slot: usize, shape: ValueShape },
}

/// Why a line did not match, at the furthest offset the search reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub offset: usize,
    pub len: usize,
    pub message: String,
}

/// Work allowed per line: a fixed allowance plus a constant per byte.
pub fn step_budget(line_len: usize) -> usize {
    4_096 + 64 * line_len
}

/// A compiled sequence of literals and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sequence {
    steps: Vec<Step>,
    /// For each step, the phrase naming what comes before it ("after $context.status").
    context: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
enum Frame {
    Literal {
        step: usize,
        start: usize,
    },
    Value {
        step: usize,
        start: usize,
        end: usize,
    },
}

/// A successful match: the span of each value, by step order.
pub(crate) type Assignment = Vec<(usize, Span)>;

impl Sequence {
    /// Build from steps; `names` are the full variable names by slot, for messages.
    pub fn new(mut steps: Vec<Step>, names: &[String]) -> Self {
        steps.retain(|step| !matches!(step, Step::Literal(text) if text.is_empty()));
        let context = (0..steps.len())
            .map(|i| match i.checked_sub(1).map(|j| &steps[j]) {
                None => "at the start".to_owned(),
                Some(Step::Value { slot, .. }) => format!("after {}", names[*slot]),
                Some(Step::Literal(text)) => format!("after `{}`", shorten(text)),
            })
            .collect();
        Sequence { steps, context }
    }

    /// The slot of the first value step, if any.
    pub fn first_slot(&self) -> Option<usize> {
        self.steps.iter().find_map(|step| match step {
            Step::Value { slot, .. } => Some(*slot),
            Step::Literal(_) => None,
        })
    }

    /// Match all of `text`. `strict` checks every value's shape; relaxed mode only keeps tokens
    /// free of whitespace (so a malformed id still parses, with a note).
    pub fn match_text(
        &self,
        text: &str,
        strict: bool,
        names: &[String],
    ) -> Result<Assignment, Failure> {
        let mut search = Search {
            sequence: self,
            text,
            strict,
            names,
            failed: None,
            // Allocated only if the search backtracks (see `next_occurrence`): most lines never do.
            occurrences: Vec::new(),
            steps_taken: 0,
            budget: step_budget(text.len()),
            furthest: None,
        };
        search.run()
    }
}

struct Search<'s> {
    sequence: &'s Sequence,
    text: &'s str,
    strict: bool,
    names: &'s [String],
    failed: Option<Vec<u64>>,
    /// Every offset where each literal step occurs, built once backtracking starts, so that
    /// re-enumerating a value's candidates costs a binary search, not a scan of the line.
    occurrences: Vec<Option<Vec<usize>>>,
    steps_taken: usize,
    budget: usize,
    furthest: Option<Failure>,
}

impl Search<'_> {
    /// The first offset ≥ `from` where literal step `step` occurs.
    fn next_occurrence(&mut self, step: usize, from: usize) -> Option<usize> {
        let Step::Literal(literal) = &self.sequence.steps[step] else {
            return None;
        };
        if self.failed.is_none() {
            // A first, forward pass: each literal is searched once from where the last ended.
            return Some(from + find_literal(self.text.get(from..)?, literal)?);
        }
        let text = self.text;
        if self.occurrences.is_empty() {
            self.occurrences = vec![None; self.sequence.steps.len()];
        }
        let positions =
            self.occurrences[step].get_or_insert_with(|| all_occurrences(text, literal));
        let index = positions.partition_point(|&p| p < from);
        positions.get(index).copied()
    }

    fn run(&mut self) -> Result<Assignment, Failure> {
        let steps = &self.sequence.steps;
        let mut stack: Vec<Frame> = Vec::with_capacity(steps.len());
        let (mut step, mut pos) = (0, 0);
        loop {
            self.steps_taken += 1;
            if self.steps_taken > self.budget {
                return Err(self.budget_failure());
            }
            let advanced = if self.is_failed(step, pos) {
                false
            } else if step == steps.len() {
                if pos == self.text.len() {
                    return Ok(self.assignment(&stack));
                }
                self.fail_trailing(pos);
                false
            } else {
                match &steps[step] {
                    Step::Literal(literal) => {
                        if self.text[pos..].starts_with(literal.as_str()) {
                            stack.push(Frame::Literal { step, start: pos });
                            step += 1;
                            pos += literal.len();
                            true
                        } else {
                            self.fail_literal(step, pos, literal);
                            self.mark_failed(step, pos);
                            false
                        }
                    }
                    Step::Value { .. } => match self.next_candidate(step, pos, pos) {
                        Some(end) => {
                            stack.push(Frame::Value {
                                step,
                                start: pos,
                                end,
                            });
                            step += 1;
                            pos = end;
                            true
                        }
                        None => {
                            self.fail_value(step, pos);
                            self.mark_failed(step, pos);
                            false
                        }
                    },
                }
            };
            if advanced {
                continue;
            }
            // Backtrack to the most recent value with another candidate end.
            loop {
                match stack.pop() {
                    None => {
                        return Err(self
                            .furthest
                            .take()
                            .unwrap_or_else(|| self.budget_failure()))
                    }
                    Some(Frame::Literal { step: s, start }) => self.mark_failed(s, start),
                    Some(Frame::Value {
                        step: s,
                        start,
                        end,
                    }) => {
                        self.steps_taken += 1;
                        match self.next_candidate(s, start, end + 1) {
                            Some(next_end) => {
                                stack.push(Frame::Value {
                                    step: s,
                                    start,
                                    end: next_end,
                                });
                                step = s + 1;
                                pos = next_end;
                                break;
                            }
                            None => self.mark_failed(s, start),
                        }
                    }
                }
            }
        }
    }

    /// The smallest end ≥ `from` for the value at `step` starting at `start`.
    fn next_candidate(&mut self, step: usize, start: usize, from: usize) -> Option<usize> {
        let Step::Value { shape, .. } = self.sequence.steps[step] else {
            return None;
        };
        let text = self.text;
        let rest = &text[start..];
        let strict = self.strict;
        let fits = |end: usize| {
            let value = &text[start..end];
            if strict {
                shapes::matches(shape, value)
            } else {
                relaxed_matches(shape, value)
            }
        };
        let extent = || {
            if strict {
                shapes::max_extent(shape, rest)
            } else {
                relaxed_extent(shape, rest)
            }
        };
        match self.sequence.steps.get(step + 1) {
            None => (from <= text.len() && text.len() <= start + extent() && fits(text.len()))
                .then_some(text.len()),
            Some(Step::Literal(_)) => {
                // Whitespace-free shapes need no extent up front (scanning ahead to the next space
                // would cost a pass per value): the search stops at the first whitespace it meets.
                let lazy = strict && shapes::stops_at_whitespace(shape);
                let limit = if lazy { text.len() } else { start + extent() };
                let mut clean_upto = start;
                let mut search_from = from;
                while search_from <= limit {
                    let found = self.next_occurrence(step + 1, search_from)?;
                    if found > limit {
                        return None;
                    }
                    self.steps_taken += 1;
                    if lazy {
                        if text.as_bytes()[clean_upto..found]
                            .iter()
                            .any(u8::is_ascii_whitespace)
                        {
                            return None;
                        }
                        clean_upto = found;
                        // A token needs nothing more than being non-empty and whitespace-free.
                        if shape == ValueShape::Token && found > start
                            || shape != ValueShape::Token && fits(found)
                        {
                            return Some(found);
                        }
                    } else if fits(found) {
                        return Some(found);
                    }
                    search_from = next_boundary(text, found);
                }
                None
            }
            Some(Step::Value { .. }) => {
                let limit = start + extent();
                let mut end = from;
                while end <= limit.min(text.len()) {
                    self.steps_taken += 1;
                    if text.is_char_boundary(end) && fits(end) {
                        return Some(end);
                    }
                    end += 1;
                }
                None
            }
        }
    }

    fn assignment(&self, stack: &[Frame]) -> Assignment {
        stack
            .iter()
            .filter_map(|frame| match *frame {
                Frame::Value { step, start, end } => match self.sequence.steps[step] {
                    Step::Value { slot, .. } => Some((slot, Span::new(start, end))),
                    Step::Literal(_) => None,
                },
                Frame::Literal { .. } => None,
            })
            .collect()
    }

    fn state_index(&self, step: usize, pos: usize) -> usize {
        step * (self.text.len() + 1) + pos
    }

    fn is_failed(&self, step: usize, pos: usize) -> bool {
        let index = self.state_index(step, pos);
        self.failed
            .as_ref()
            .is_some_and(|bits| bits[index / 64] & (1 << (index % 64)) != 0)
    }

    fn mark_failed(&mut self, step: usize, pos: usize) {
        let index = self.state_index(step, pos);
        let states = (self.sequence.steps.len() + 1) * (self.text.len() + 1);
        let bits = self
            .failed
            .get_or_insert_with(|| vec![0; states.div_ceil(64)]);
        bits[index / 64] |= 1 << (index % 64);
    }

    fn record(&mut self, offset: usize, len: usize, message: String) {
        if self.furthest.as_ref().is_none_or(|f| offset > f.offset) {
            self.furthest = Some(Failure {
                offset,
                len,
                message,
            });
        }
    }

    fn fail_literal(&mut self, step: usize, pos: usize, literal: &str) {
        if self.furthest.as_ref().is_some_and(|f| pos <= f.offset) {
            return;
        }
        let found = found_text(self.text, pos);
        let context = &self.sequence.context[step];
        let len = self.text[pos..].chars().next().map_or(0, char::len_utf8);
        self.record(
            pos,
            len,
            format!("expected `{}` {context}, found {found}", shorten(literal)),
        );
    }

    fn fail_value(&mut self, step: usize, pos: usize) {
        if self.furthest.as_ref().is_some_and(|f| pos <= f.offset) {
            return;
        }
        let Step::Value { slot, shape } = self.sequence.steps[step] else {
            return;
        };
        // The value itself looks right but what follows is wrong: blame what follows.
        let extent = shapes::max_extent(shape, &self.text[pos..]);
        let whole_value_fits = extent > 0 && shapes::matches(shape, &self.text[pos..pos + extent]);
        if whole_value_fits {
            match self.sequence.steps.get(step + 1) {
                Some(Step::Literal(literal)) => {
                    return self.fail_literal(step + 1, pos + extent, literal)
                }
                None => return self.fail_trailing(pos + extent),
                Some(Step::Value { .. }) => {}
            }
        }
        let found = found_text(self.text, pos);
        let name = &self.names[slot];
        let what = shapes::describe(shape);
        let followed = match self.sequence.steps.get(step + 1) {
            Some(Step::Literal(literal)) => format!(" followed by `{}`", shorten(literal)),
            Some(Step::Value { .. }) => String::new(),
            None => " at the end of the line".to_owned(),
        };
        let len = shapes::max_extent(ValueShape::Token, &self.text[pos..])
            .max(1)
            .min(self.text.len() - pos);
        self.record(
            pos,
            len,
            format!("expected {name} ({what}, or -){followed}, found {found}"),
        );
    }

    fn fail_trailing(&mut self, pos: usize) {
        let context = match self.sequence.steps.last() {
            Some(Step::Value { slot, .. }) => format!("after {}", self.names[*slot]),
            Some(Step::Literal(text)) => format!("after `{}`", shorten(text)),
            None => "for an empty format".to_owned(),
        };
        let found = found_text(self.text, pos);
        self.record(
            pos,
            self.text.len() - pos,
            format!("expected the end of the line {context}, found {found}"),
        );
    }

    fn budget_failure(&self) -> Failure {
        Failure {
            offset: 0,
            len: 0,
            message: format!(
                "this line is too ambiguous for the format: no split found within {} steps. \
                 Separate free-text variables with distinctive literals (quotes, brackets).",
                self.budget
            ),
        }
    }
}

/// Relaxed: every value except free text stops at whitespace; anything non-empty fits.
fn relaxed_extent(shape: ValueShape, rest: &str) -> usize {
    match shape {
        ValueShape::Text
        | ValueShape::PreQuoted
        | ValueShape::HttpRouteKey
        | ValueShape::ClfTime => shapes::max_extent(ValueShape::Text, rest),
        _ => shapes::max_extent(ValueShape::Token, rest),
    }
}

fn relaxed_matches(shape: ValueShape, value: &str) -> bool {
    shape == ValueShape::Text || !value.is_empty()
}

/// Every offset where `literal` starts in `text`, overlapping ones included.
fn all_occurrences(text: &str, literal: &str) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(found) = text
        .get(from..)
        .and_then(|rest| find_literal(rest, literal))
    {
        positions.push(from + found);
        from = next_boundary(text, from + found);
    }
    positions
}

/// The first occurrence of `literal` in `haystack`: memchr for its first byte, then a compare.
/// Literals are short separators, for which this beats a general substring search.
fn find_literal(haystack: &str, literal: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = literal.as_bytes();
    let first = *needle.first()?;
    if needle.len() == 1 {
        return memchr::memchr(first, bytes);
    }
    let mut from = 0;
    while let Some(found) = memchr::memchr(first, &bytes[from..]) {
        let at = from + found;
        if bytes[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn next_boundary(text: &str, index: usize) -> usize {
    let mut next = index + 1;
    while next < text.len() && !text.is_char_boundary(next) {
        next += 1;
    }
    next
}

/// `` `abc…` `` for the text at `pos`, or "the end of the line".
fn found_text(text: &str, pos: usize) -> String {
    match text.get(pos..) {
        Some("") | None => "the end of the line".to_owned(),
        Some(rest) => format!("`{}`", shorten(rest)),
    }
}

/// At most 24 characters, with an ellipsis when cut.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 24;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
