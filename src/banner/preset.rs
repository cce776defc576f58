//! Preset choices for automated test runs: a page that opts into development mode may be told,
//! by the query parameter [`PRESET_PARAM`] or the cookie [`PRESET_COOKIE`], to start as if the
//! visitor had already chosen, so that a site's own headless-browser tests need not click
//! through the banner. Outside development mode both are ignored.
//!
//! The value is `accept-all`, `reject-all`, or a list of `purpose:1` / `purpose:0` (also
//! `on`/`off`, `true`/`false`, `yes`/`no`) separated by commas; purposes left out are off, as
//! when the second layer is saved.

use crate::prelude::*;

use crate::policy::{Problem, SortedMap};

use super::choice::Action;

/// The query parameter that carries a preset.
pub const PRESET_PARAM: &str = "assent-preset";
/// The cookie that carries a preset.
pub const PRESET_COOKIE: &str = "assent_preset";

/// Reads a preset.
pub fn parse_preset(text: &str) -> Result<Action, Problem> {
    let text = text.trim();
    match text {
        "accept-all" => return Ok(Action::AcceptAll),
        "reject-all" => return Ok(Action::RejectAll),
        _ => {}
    }
    let bad = |msg: String| {
        Problem::at("preset.invalid", "$", msg)
            .hint("use accept-all, reject-all, or purpose:1,other:0 (purposes left out are off)")
    };
    let mut choices = SortedMap::default();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (purpose, value) = part
            .split_once([':', '='])
            .ok_or_else(|| bad(format!("`{part}` has no value")))?;
        let yes = match value.trim().to_ascii_lowercase().as_str() {
            "1" | "on" | "true" | "yes" => true,
            "0" | "off" | "false" | "no" => false,
            other => return Err(bad(format!("`{other}` is neither on nor off"))),
        };
        if choices.insert(purpose.trim().to_string(), yes).is_some() {
            return Err(bad(format!("`{}` is given twice", purpose.trim())));
        }
    }
    if choices.is_empty() {
        return Err(bad("the preset is empty".into()));
    }
    Ok(Action::Save(choices))
}

/// The preset in a page's query string (`?a=b&assent-preset=...`), percent-decoded.
pub fn preset_in_query(query: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == PRESET_PARAM)
        .map(|(_, v)| percent_decode(v))
}

/// The preset in a `document.cookie` string, percent-decoded.
pub fn preset_in_cookies(cookies: &str) -> Option<String> {
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == PRESET_COOKIE)
        .map(|(_, v)| percent_decode(v))
}

/// `%XX` and `+` decoding, lenient: a malformed escape stays as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
