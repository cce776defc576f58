//! What a page the edge serves tells its script (`assent/edge-banner.js`, the banner of such a
//! page without Wasm): whether each purpose may run for this visitor, and Google Consent Mode's
//! `update` once they have chosen. The edge decides, the engine writes the data block, and the
//! script applies it: it decides nothing.

use crate::prelude::*;
use serde::Serialize;

use super::events::Outlook;
use super::storage::page_storage_to_forget;
use super::stub::data_block;
use crate::compiled::CompiledPolicy;
use crate::eval::{Context, Evaluation};
use crate::policy::{SortedMap, StorageItem};
use crate::signals::ConsentModeState;

/// The id of the element the page's script reads.
pub const ELEMENT_ID: &str = "assent-state";

/// The visitor's state as the edge served it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ServedState {
    /// Every purpose: whether it may run now.
    pub purposes: SortedMap<bool>,
    /// The argument of `gtag('consent', 'update', ...)`: on a page whose Consent Mode is on,
    /// once the visitor has a choice on record (before that, the stub's defaults stand, as in
    /// the browser banner).
    pub consent_mode: Option<ConsentModeState>,
    /// What the page's script deletes from the device: the local and session storage entries
    /// and IndexedDB databases of the optional purposes that may not run now (refused,
    /// withdrawn, or their consent lapsed) that no other purpose's entry can share (a trailing
    /// `*` in a name matches a prefix). Their cookies the edge expires itself
    /// (`policy.cookiesNotAllowed`).
    pub forget: Vec<StorageItem>,
}

impl ServedState {
    /// The state of the visitor of `context`, as `evaluation` decided it; `consent_mode`: the
    /// page's configuration leaves Consent Mode on.
    pub fn new(policy: &CompiledPolicy, context: &Context, evaluation: &Evaluation, consent_mode: bool) -> Self {
        let on = consent_mode && policy.purposes.iter().any(|p| !p.consent_mode.is_empty());
        let stopped = super::storage::not_running(evaluation);
        ServedState {
            purposes: Outlook::of(evaluation).runs,
            consent_mode: (on && !context.consents.is_empty())
                .then(|| ConsentModeState::from_evaluation(policy, evaluation)),
            forget: page_storage_to_forget(policy, &stopped).into_iter().cloned().collect(),
        }
    }

    /// The element the page's script reads, to place in the page's body.
    pub fn element(&self) -> Result<String, serde_json::Error> {
        data_block(ELEMENT_ID, self)
    }
}
