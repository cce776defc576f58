//! One shape for everything wrong with a policy: what, where, and how to fix it.

use crate::prelude::*;
use core::fmt;
use serde::Serialize;

use crate::json::ToJson;

/// A problem found while loading or validating a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A stable code (`policy.dangling_reference`), for tools and documentation.
    pub code: &'static str,
    /// Where, as a JSON path (`$.purposes[3].dataCategories[1]`).
    pub path: String,
    /// 1-based line of the offending value in the source text (0 when unknown).
    pub line: usize,
    /// 1-based column, in characters (0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when that can be said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Problem {
    /// The problem under `code` for the JSON reader's error `e` in `text`: the reader's path and
    /// the position in `text`, with `message` and `hint`.
    pub fn of_reading(
        code: &'static str,
        text: &str,
        e: &crate::json::ReadError,
        message: String,
        hint: Option<String>,
    ) -> Self {
        let (line, column) = e.position(text);
        Problem {
            code,
            path: e.path(),
            line,
            column,
            message,
            hint,
        }
    }

    /// A problem at a path; the position is filled in from the source text later.
    pub fn at(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} [{}] at {}",
            self.line, self.column, self.message, self.code, self.path
        )?;
        if let Some(h) = &self.hint {
            write!(f, "\n    help: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found in a policy; loading fails with this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{} in the policy", if n == 1 { "" } else { "s" })?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wrong, &mut candidates.into_iter())
}

/// Names longer than this get no suggestion. Every name a hint can suggest (ids, members,
/// locales, country codes) is far shorter, and the distance costs the product of the two
/// lengths: unbounded, a hostile name of a megabyte would cost time and memory squared.
const MAX_SUGGESTED_CHARS: usize = 64;

/// How many cells of distance table one suggestion may fill, over all its candidates. A real
/// list (a policy's ids, the countries) needs a few thousand; thousands of long ids made up to
/// be near one another would otherwise cost their number times 5,000 cells, for every name.
const MAX_SUGGESTION_CELLS: usize = 1 << 18;

/// [`did_you_mean`]'s work, compiled once for every kind of candidate list.
fn closest(wrong: &str, candidates: &mut dyn Iterator<Item = &str>) -> Option<String> {
    let len = wrong.chars().count();
    if len > MAX_SUGGESTED_CHARS {
        return None;
    }
    let limit = (len / 3).max(1);
    let mut cells_left = MAX_SUGGESTION_CELLS;
    // The first of the nearest within the limit (as `min_by_key` picks), by a loop that stops
    // when the cells run out.
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // The distance is at least the difference in length: a candidate too long or too short
        // is not measured (which also bounds the cost by the name's own length).
        let c_len = c.chars().count();
        if c_len.abs_diff(len) > limit {
            continue;
        }
        let cells = (len + 1) * (c_len + 1);
        if cells > cells_left {
            break;
        }
        cells_left -= cells;
        let d = edit_distance(wrong, c);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Names for a hint, each in backticks: `` `en`, `zh-CN` ``.
/// Past the first [`MAX_LISTED`] names, only their number is given: a hint is read by a person,
/// and one repeated for every problem must not grow with the policy.
pub fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut more = 0usize;
    for (i, name) in names.into_iter().enumerate() {
        if i >= MAX_LISTED {
            more += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    if more > 0 {
        out.push_str(" and ");
        out.push_str(&more.to_string());
        out.push_str(" more");
    }
    out
}

/// How many names [`listed`] writes out.
pub const MAX_LISTED: usize = 12;

/// Levenshtein distance over characters, allowing a swap of two neighbours as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    let idx = |i: usize, j: usize| i * w + j;
    for i in 0..=a.len() {
        if let Some(x) = d.get_mut(idx(i, 0)) {
            *x = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(x) = d.get_mut(idx(0, j)) {
            *x = j;
        }
    }
    let get = |d: &Vec<usize>, i: usize, j: usize| d.get(idx(i, j)).copied().unwrap_or(usize::MAX / 2);
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let (i1, j1) = (i + 1, j + 1);
            let cost = usize::from(ca != cb);
            let mut v = (get(&d, i, j1) + 1).min(get(&d, i1, j) + 1).min(get(&d, i, j) + cost);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                v = v.min(get(&d, i - 1, j - 1) + 1);
            }
            if let Some(x) = d.get_mut(idx(i1, j1)) {
                *x = v;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_id() {
        let c = ["user.device.id", "user.device.model", "user.location.precise"];
        assert_eq!(
            did_you_mean("user.devcie.id", c).as_deref(),
            Some("did you mean `user.device.id`?")
        );
        assert_eq!(did_you_mean("completely.else", c), None);
        // Of equally near ids, the first one listed.
        assert_eq!(
            did_you_mean("abc", ["abd", "abe"]).as_deref(),
            Some("did you mean `abd`?")
        );
        assert_eq!(
            did_you_mean("abc", ["xyz", "abe", "abc"]).as_deref(),
            Some("did you mean `abc`?")
        );
    }

    #[test]
    fn a_long_name_gets_no_suggestion_and_is_not_measured() {
        // Measured, these two would need a table of 10^10 cells (80 GB).
        let long = "a".repeat(100_000);
        let near = format!("{long}b");
        assert_eq!(did_you_mean(&long, [near.as_str(), "a"]), None);
        // Near the bound, suggestions still come, and only from candidates of a near length.
        let id = "x".repeat(MAX_SUGGESTED_CHARS - 1);
        let typo = format!("{id}y");
        assert_eq!(
            did_you_mean(&typo, ["x", id.as_str()]),
            Some(format!("did you mean `{id}`?"))
        );
    }

    #[test]
    fn a_suggestion_measures_a_bounded_number_of_cells() {
        // 10,000 ids of 60 characters, near one another: 37 million cells to measure them all.
        let ids: Vec<String> = (0..10_000).map(|i| format!("{}{i:05}", "k".repeat(55))).collect();
        let wrong = format!("{}{:05}x", "k".repeat(55), 9_999);
        let near_the_end = did_you_mean(&wrong, ids.iter().map(String::as_str));
        // The measuring stops within the budget, before the nearest id at the end...
        assert_ne!(
            near_the_end.as_deref(),
            Some(format!("did you mean `{}`?", ids[9_999]).as_str())
        );
        // ...and the same id is found when it comes first.
        let first = did_you_mean(&wrong, ids.iter().rev().map(String::as_str));
        assert_eq!(first, Some(format!("did you mean `{}`?", ids[9_999])));
    }

    #[test]
    fn a_long_list_is_cut_to_its_first_names_and_a_count() {
        assert_eq!(listed(["en", "zh-CN"]), "`en`, `zh-CN`");
        let many: Vec<String> = (0..1_000).map(|i| format!("l{i}")).collect();
        let out = listed(many.iter().map(String::as_str));
        assert!(out.starts_with("`l0`, `l1`, "), "{out}");
        assert!(out.ends_with("`l11` and 988 more"), "{out}");
    }

    #[test]
    fn distance_counts_a_swap_as_one() {
        assert_eq!(edit_distance("devcie", "device"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
