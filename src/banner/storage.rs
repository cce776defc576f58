//! What to delete from the visitor's device for a purpose that may not run (withdrawn, refused,
//! never answered, or its consent lapsed): the cookies and storage entries the policy lists for
//! it (`purposes[].storage`, a trailing `*` matching a prefix), and what the page must say about
//! scripts that already ran.

use crate::compiled::CompiledPolicy;
use crate::eval::{Decision, Evaluation};
use crate::policy::{PurposeKind, StorageItem, StorageKind};
use crate::prelude::*;

use super::words::Words;

/// Whether a cookie or key `name` is the one `pattern` names; a trailing `*` matches every name
/// that starts with what comes before it.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

/// The storage entries of the given purposes, never an essential purpose's (the consent cookie
/// itself is one).
pub fn storage_of<'a>(policy: &'a CompiledPolicy, purposes: &[&str]) -> Vec<&'a StorageItem> {
    policy
        .purposes
        .iter()
        .filter(|p| p.kind() != PurposeKind::Essential && purposes.contains(&p.id()))
        .flat_map(|p| p.storage.iter())
        .filter(|s| s.kind != StorageKind::WebBeacon)
        .collect()
}

/// Of the names found on the device (`found`), those a storage entry of `kind` among `items`
/// names.
pub fn to_delete<'a>(items: &[&StorageItem], kind: StorageKind, found: &'a [String]) -> Vec<&'a str> {
    found
        .iter()
        .filter(|name| items.iter().any(|i| i.kind == kind && name_matches(&i.name, name)))
        .map(String::as_str)
        .collect()
}

/// Whether two names or patterns (a trailing `*` a prefix) can name the same entry.
fn overlap(a: &str, b: &str) -> bool {
    match (a.strip_suffix('*'), b.strip_suffix('*')) {
        (Some(p), Some(q)) => p.starts_with(q) || q.starts_with(p),
        (Some(_), None) => name_matches(a, b),
        (None, _) => name_matches(b, a),
    }
}

/// The entries of any purpose but `purposes` (an essential one included): what deleting the
/// storage of `purposes` must leave alone where their names meet.
fn kept_by_others<'a>(policy: &'a CompiledPolicy, purposes: &[&str]) -> Vec<&'a StorageItem> {
    policy
        .purposes
        .iter()
        .filter(|p| p.kind() == PurposeKind::Essential || !purposes.contains(&p.id()))
        .flat_map(|p| p.storage.iter())
        .collect()
}

/// Of the cookies a request carried (`found`), those the storage entries of `withdrawn` (purposes
/// withdrawn, or that may not run) name and no other purpose's entry does: what the edge expires
/// in its answer to a withdrawal and on a page view.
pub fn cookies_to_forget<'a>(policy: &CompiledPolicy, withdrawn: &[&str], found: &'a [String]) -> Vec<&'a str> {
    let kept = kept_by_others(policy, withdrawn);
    to_delete(&storage_of(policy, withdrawn), StorageKind::Cookie, found)
        .into_iter()
        .filter(|name| {
            !kept
                .iter()
                .any(|k| k.kind == StorageKind::Cookie && name_matches(&k.name, name))
        })
        .collect()
}

/// The optional purposes that may not run now: whatever they stored on the device goes, whether
/// the visitor refused or withdrew them, or their consent lapsed (it expired, a policy change
/// asks again, a guardian must answer again).
pub fn not_running(evaluation: &Evaluation) -> Vec<&str> {
    evaluation
        .purposes
        .iter()
        .filter(|d| d.kind != PurposeKind::Essential && d.decision != Decision::Allowed)
        .map(|d| d.purpose.as_str())
        .collect()
}

/// The page storage (local and session storage, IndexedDB) of `purposes` whose names no other
/// purpose's entry can share: what a page deletes for purposes that may not run
/// ([`not_running`]).
pub fn page_storage_to_forget<'a>(policy: &'a CompiledPolicy, purposes: &[&str]) -> Vec<&'a StorageItem> {
    let kept = kept_by_others(policy, purposes);
    storage_of(policy, purposes)
        .into_iter()
        .filter(|s| s.kind != StorageKind::Cookie)
        .filter(|s| !kept.iter().any(|k| k.kind == s.kind && overlap(&k.name, &s.name)))
        .collect()
}

/// What the page says after a withdrawal, naming every purpose withdrawn, and whether it reloads
/// first: when one of them (`ran`: the withdrawn purposes whose scripts or embeds already ran on
/// this page) needs a reload to stop, and the visitor asked (`reloads`; the text is then said in
/// the reloaded page). A withdrawal the page's
/// own code made leaves the page to that code. The purposes' names and the words `w` are those of
/// `locale` (the banner's, [`super::Session::words`]).
pub fn withdrawal_notice(
    policy: &CompiledPolicy,
    locale: &str,
    w: &Words,
    withdrawn: &[&str],
    ran: &[&str],
    reloads: bool,
) -> Option<(String, bool)> {
    if withdrawn.is_empty() {
        return None;
    }
    let texts = policy.texts_or_fallback(locale);
    let name = |id: &&str| {
        texts
            .and_then(|t| t.texts.purposes.get(id))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    // Every purpose withdrawn is named; the page reloads when one of them already ran here.
    let names: Vec<String> = withdrawn.iter().map(name).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    if reloads && withdrawn.iter().any(|p| ran.contains(p)) {
        Some((w.reload_needed_for(&refs), true))
    } else {
        Some((w.withdrawn_for(&refs), false))
    }
}
