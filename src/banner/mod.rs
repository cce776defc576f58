//! The cookie banner's core: what a visitor sees and what each click records, decided in Rust
//! with no DOM, so that it is tested natively and the browser layer (`src/wasm/banner`) only
//! draws and wires what this module answers.
//!
//! - [`model`]: from the policy, an [`Evaluation`](crate::eval::Evaluation) and the locale, the
//!   banner's content: the first layer (the policy's notice and three buttons of equal weight),
//!   the second layer (every purpose with its data, recipients, retention and clause, grouped as
//!   essential, basic and extended; switches off until the visitor turns them on), the
//!   persistent "privacy choices" button and the policy-update notice;
//! - [`config`]: the page's configuration and the visitor facts the edge writes on `<html>`;
//! - [`events`]: the events a page's code may listen to, and which a change of state fires;
//! - [`locale`]: which locale to speak (the page's `lang`, then the browser's languages, then
//!   the policy's default);
//! - [`choice`]: what accept all, reject all, save and allow record, as consents and
//!   withdrawals;
//! - [`storage`]: the cookies and storage to delete when a purpose is withdrawn;
//! - [`preset`]: choices preset for automated test runs (development mode only);
//! - [`tcf`]: the TC string and the objects of `window.__tcfapi`; [`gpp`]: the GPP string and
//!   the objects of `window.__gpp`; [`adtech`]: the facts the banner hands the ad-tech module,
//!   which writes both (a page of a site without ad tech never downloads it);
//! - [`stub`]: what the page's stub applies before any tag (Consent Mode defaults, API stubs);
//! - [`served`]: what a page the edge serves tells its script (each purpose, Consent Mode's
//!   update), for the banner of such a page without Wasm;
//! - [`session`]: one visitor on one page, tying the above to receipts and signals;
//! - [`markup`]: the banner's elements as one tree, for the edge's HTML and the browser's DOM;
//! - [`words`]: the banner's own words in en, zh-CN, de, fr, es, ja and ko, and a page's overrides.

pub mod adtech;
pub mod choice;
pub mod config;
pub mod events;
pub mod gpp;
pub mod locale;
pub mod markup;
pub mod model;
pub mod preset;
pub mod served;
pub mod session;
pub mod storage;
pub mod stub;
pub mod tcf;
pub mod vendors;
pub mod words;

pub use choice::{plan, Action, ChoicePlan};
pub use locale::choose_locale;
pub use model::{
    awaits_answer, build, offer, placeholder, BannerModel, ModelOptions, Offer, Opening, Placeholder, Toggle,
};
pub use session::{BannerState, Session, Visitor};

/// The hint of a refused purpose id (a choice's, an event's): the ids the policy has.
pub(crate) fn policy_purposes<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    format!("the policy's purposes: {}", crate::policy::listed(ids))
}

#[cfg(test)]
mod tests;
