//! The banner's content model: what each layer says and offers, built from the policy, one
//! visitor's [`Evaluation`] and the locale the evaluation was made in. The renderer only lays
//! this out; every word and every on, off or unavailable comes from here.

use crate::compiled::{CompiledPolicy, LocaleTexts};
use crate::eval::{AgeBand, Decision, Evaluation, PurposeDecision};
use crate::guardian::selectable_birth_years;
use crate::policy::{GuardianMode, PurposeKind, PurposeTexts};
use crate::prelude::*;
use crate::time::Timestamp;
use alloc::borrow::Cow;

use super::words::{Word, Words};

/// A link with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What the link says.
    pub label: String,
    /// Where it goes.
    pub href: String,
}

/// Whether a purpose is the visitor's to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Essential: runs without consent, shown as always on.
    Essential,
    /// The visitor may turn it on or off.
    Choice,
    /// Not the visitor's to turn on here: forbidden for them, opted out of by Global Privacy
    /// Control, waiting for the age gate, or for a guardian.
    Unavailable,
}

/// Whether the visitor may choose a purpose, from its decision and the rule that made it.
pub fn offer(d: &PurposeDecision, band: AgeBand) -> Offer {
    if d.kind == PurposeKind::Essential {
        return Offer::Essential;
    }
    if band == AgeBand::BelowGuardianAge {
        // Below the guardian age only the guardian decides, on the guardian's page: the child is
        // offered no switch, whatever the guardian's answer was.
        return Offer::Unavailable;
    }
    match (d.decision, first_rule(d)) {
        (Decision::Forbidden | Decision::NeedsGuardianConsent, _) => Offer::Unavailable,
        (Decision::Denied, "R-GPC" | "R-AGE-GATE" | "R-REVOKED") => Offer::Unavailable,
        _ => Offer::Choice,
    }
}

/// The rule behind a decision: its first (most decisive) reason.
pub fn first_rule(d: &PurposeDecision) -> &str {
    d.reasons.first().map(|r| r.rule.as_str()).unwrap_or("")
}

/// Whether the visitor still owes an answer about a purpose that this banner asks them about
/// (the engine's [`PurposeDecision::awaits_answer`], offered as a switch here).
pub fn awaits_answer(d: &PurposeDecision, band: AgeBand) -> bool {
    d.awaits_answer() && offer(d, band) == Offer::Choice
}

/// How a purpose's switch is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toggle {
    /// Essential: no switch, a badge, and why it runs.
    AlwaysOn {
        /// Why it runs without consent.
        why: String,
    },
    /// A switch, on when the purpose is allowed now (so off on a first visit).
    Choice {
        /// Whether it is on.
        on: bool,
        /// A line under it: until when a consent holds, why it is asked again.
        note: Option<String>,
    },
    /// No switch: why it cannot be turned on here.
    Unavailable {
        /// The evaluator's reason.
        why: String,
    },
}

/// One purpose in the second layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeItem {
    /// The purpose id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What is done and why.
    pub description: String,
    /// The data it uses, as one line.
    pub data: String,
    /// Who receives it, as one line.
    pub recipients: String,
    /// How long it is kept.
    pub retention: String,
    /// The clause of the published policy it comes from.
    pub clause: Link,
    /// Its switch.
    pub toggle: Toggle,
}

/// A group of purposes in the second layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Essential, basic or extended.
    pub kind: PurposeKind,
    /// Its heading.
    pub heading: String,
    /// What consent to it means.
    pub intro: String,
    /// Its purposes, in the policy's order.
    pub items: Vec<PurposeItem>,
}

/// The words around each purpose's details, shared by the lists that show purposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeLabels {
    /// The badge of an essential purpose.
    pub always_on: String,
    /// The label of the data a purpose uses.
    pub data: String,
    /// The label of who receives it.
    pub recipients: String,
    /// The label of how long it is kept.
    pub retention: String,
    /// The disclosure that holds the details.
    pub details: String,
}

impl PurposeLabels {
    fn of(w: &Words) -> PurposeLabels {
        PurposeLabels {
            always_on: w[Word::AlwaysOn].to_string(),
            data: w[Word::DataLabel].to_string(),
            recipients: w[Word::RecipientsLabel].to_string(),
            retention: w[Word::RetentionLabel].to_string(),
            details: w[Word::Details].to_string(),
        }
    }
}

/// The first layer: the short notice and three buttons of equal weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLayer {
    /// The heading (the policy's notice title).
    pub title: String,
    /// The notice (the policy's notice summary).
    pub summary: String,
    /// When "accept all" cannot turn on purposes that need a separate consent: which, and where
    /// to turn them on.
    pub separate_note: Option<String>,
    /// When the browser's Global Privacy Control opts the visitor out of purposes: which stay off.
    pub gpc_note: Option<String>,
    /// The full policy.
    pub policy: Link,
    /// Accept all.
    pub accept_all: String,
    /// Reject all.
    pub reject_all: String,
    /// Open the second layer.
    pub choose: String,
}

/// The second layer: every purpose with its details and switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondLayer {
    /// The heading.
    pub title: String,
    /// The introduction.
    pub intro: String,
    /// Essential, then basic, then extended purposes; empty groups left out.
    pub sections: Vec<Section>,
    /// The words around each purpose's details.
    pub labels: PurposeLabels,
    /// Accept all.
    pub accept_all: String,
    /// Reject all.
    pub reject_all: String,
    /// Save the switches as they are.
    pub save: String,
    /// Close without saving.
    pub close: String,
    /// Said when no consent service signs the choices.
    pub unsigned: Option<String>,
    /// The full policy.
    pub policy: Link,
}

/// The policy-update notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateModel {
    /// A major change (a modal) or a minor one (a bar that can be dismissed).
    pub major: bool,
    /// The heading.
    pub title: String,
    /// What changed, from the evaluator.
    pub summary: String,
    /// The purposes to ask about again (changed since the visitor agreed, or new), with their
    /// switches, off.
    pub ask: Vec<PurposeItem>,
    /// The introduction to `ask`.
    pub ask_intro: String,
    /// The words around each purpose's details.
    pub labels: PurposeLabels,
    /// Record the answers (major).
    pub confirm: String,
    /// Dismiss (minor, or a major change that asks nothing); "not now" when the change awaits
    /// the visitor's acceptance.
    pub dismiss: String,
    /// The change reduces the visitor's rights: `confirm` accepts the new version, and the
    /// terms they agreed to keep applying until they do.
    pub requires_acceptance: bool,
    /// What applies until the visitor accepts (with `requires_acceptance`).
    pub terms_note: Option<String>,
    /// The version the visitor last saw or agreed to, and the current one: for the full diff.
    pub from: String,
    /// The current version.
    pub to: String,
    /// The full policy.
    pub policy: Link,
}

/// The guardian-guidance notice for a minor (at or above the guardian age, below the minor
/// age): the policy asks them to read it under a guardian's supervision. It comes before the
/// banner, once per browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceModel {
    /// The heading.
    pub title: String,
    /// What the policy asks of a minor, with the minor age of the visitor's jurisdiction.
    pub text: String,
    /// The policy's clause on minors (or the full policy when it names none).
    pub clause: Link,
    /// The one button: on to the banner.
    pub proceed: String,
}

/// The age question, the first step of the dialog when the engine needs the visitor's age:
/// neutral (every birth year the engine lists, no default, no hint of any cutoff), with one
/// sentence on why it is asked and that only the age band is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeStep {
    /// The heading.
    pub title: String,
    /// Why the age is asked, and that only the band is kept.
    pub why: String,
    /// The question.
    pub question: String,
    /// The label of the birth-year select.
    pub year: String,
    /// The label of the birth-month select.
    pub month: String,
    /// The empty first option of each select (so nothing is preselected).
    pub choose: String,
    /// Every selectable birth year, newest first ([`selectable_birth_years`]).
    pub years: Vec<i64>,
    /// The twelve months' names, January first.
    pub months: Vec<String>,
    /// The button that answers.
    pub submit: String,
    /// The button that refuses everything optional without answering (a "no" needs no age).
    pub reject: String,
    /// Beside it: what it refuses, and that refusing needs no age.
    pub reject_note: String,
}

/// The guardian step for a child whose optional uses wait for a guardian: what is paused, how
/// to ask a guardian, and what the guardian will see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianStep {
    /// The heading.
    pub title: String,
    /// Close the step.
    pub close: String,
    /// What is paused until a guardian answers, naming the uses.
    pub paused: String,
    /// How to ask: the guardian gets a link and a code.
    pub how: String,
    /// What the guardian will see and decide.
    pub guardian_sees: String,
    /// The label of the guardian's email field; `None` without a consent service, which is
    /// what sends the request (then `how` says to contact the site), or while a request waits.
    pub contact: Option<String>,
    /// That the child's request waits for the guardian's answer, while it does: the step
    /// then asks nobody again, and does not open by itself.
    pub waiting: Option<String>,
    /// The button that sends the request.
    pub send: String,
    /// The button that keeps the waiting purposes off without asking anyone: the child's own
    /// refusal, remembered as any refusal, so the step no longer opens by itself. `None` when
    /// nothing waits (the child already said no, and opened the step to ask after all).
    pub not_now: Option<String>,
    /// Where the child and a guardian consent together (France below 15), the child picks the
    /// purposes to ask for: the words above them. `None` where the guardian's consent alone
    /// counts, and the request asks about every purpose waiting.
    pub pick: Option<String>,
    /// The purposes waiting for the guardian: id and name.
    pub purposes: Vec<(String, String)>,
    /// The full policy.
    pub policy: Link,
}

/// What opens by itself when the page loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// Nothing: only the privacy-choices button.
    Nothing,
    /// The guardian-guidance notice, before anything else (a minor who has not acknowledged it).
    Guidance,
    /// The age question, before anything optional can be offered.
    AgeStep,
    /// The guardian step, for a child whose optional uses wait for a guardian.
    GuardianStep,
    /// The banner's first layer.
    Banner,
    /// The modal notice of a major policy change.
    UpdateModal,
    /// The bar of a minor policy change.
    UpdateBar,
}

/// Everything the banner shows, in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BannerModel {
    /// The locale of every text (for the `lang` attribute).
    pub locale: String,
    /// What opens by itself.
    pub opening: Opening,
    /// The age question, while the age is unknown where it is asked: it comes before any "yes"
    /// (it opens by itself only while something waits for it, `opening`).
    pub age: Option<AgeStep>,
    /// The guardian step, for a child waiting for a guardian.
    pub guardian: Option<GuardianStep>,
    /// The first layer.
    pub first: FirstLayer,
    /// The second layer.
    pub second: SecondLayer,
    /// The persistent button's label.
    pub privacy_choices: String,
    /// The update notice, when the visitor last saw an older version.
    pub update: Option<UpdateModel>,
    /// The guardian-guidance notice, for a minor.
    pub guidance: Option<GuidanceModel>,
    /// Youth mode is on (the evaluator says so for every visitor below the minor age).
    pub youth_mode: bool,
}

/// What the model needs to know besides the policy and the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelOptions<'a> {
    /// The time of the evaluation (the age question lists the birth years up to its year).
    pub now: Timestamp,
    /// Whether a consent service signs the choices (an edge is configured).
    pub signed: bool,
    /// Whether a child can ask a guardian from here: a consent service that sends the request
    /// (an edge whose site bound no mail sender cannot).
    pub asks_guardians: bool,
    /// Whether the visitor closed the banner in this browsing session without choosing: it does
    /// not open by itself again until the session ends (the defaults stay meanwhile).
    pub dismissed: bool,
    /// Whether the visitor acknowledged the guardian-guidance notice in this browser: it does
    /// not open by itself again.
    pub guided: bool,
    /// Whether the child's newest request to a guardian waits for the guardian's answer: the
    /// guardian step says so, and neither opens by itself nor asks again.
    pub guardian_asked: bool,
    /// The banner's words: those of the locale's texts, with the page's own in place.
    pub words: &'a Words,
}

/// `url#anchor` of a clause, `url` being where the policy is published.
fn clause_href(url: &str, anchor: &str) -> String {
    let base = url.split('#').next().unwrap_or(url);
    if anchor.is_empty() {
        base.to_string()
    } else {
        format!("{base}#{}", anchor.trim_start_matches('#'))
    }
}

/// The guardian-guidance notice for a minor, or `None` for anyone else. Its text follows the
/// policy's own clause on minors: the clause the jurisdiction rule that sets the minor age cites
/// (the seed's "Special protection for minors"), else the clause the guardian settings cite.
pub fn guidance(policy: &CompiledPolicy, evaluation: &Evaluation, w: &Words) -> Option<GuidanceModel> {
    if evaluation.age_band != AgeBand::Minor || !evaluation.page.guardian_notice {
        return None;
    }
    let code = evaluation.jurisdiction.first().map(String::as_str).unwrap_or("*");
    let minor_age = &policy.rule(code)?.minor_age;
    let texts = policy.texts_or_fallback(&evaluation.locale)?;
    let clause = [minor_age.source.clause.as_str(), policy.guardian_clause.as_str()]
        .into_iter()
        .find_map(|id| texts.clauses.get(id));
    let link = match clause {
        Some(c) => Link {
            label: w.clause_link_to(&c.title),
            href: clause_href(&texts.texts.url, &c.anchor),
        },
        None => Link {
            label: w[Word::PolicyLink].to_string(),
            href: texts.texts.url.clone(),
        },
    };
    Some(GuidanceModel {
        title: w[Word::GuidanceTitle].to_string(),
        text: w.guidance_for(minor_age.value),
        clause: link,
        proceed: w[Word::GuidanceContinue].to_string(),
    })
}

fn item(url: &str, w: &Words, d: &PurposeDecision, t: &PurposeTexts, band: AgeBand) -> PurposeItem {
    let reason = d.reasons.first().map(|r| r.message.clone()).unwrap_or_default();
    let toggle = match offer(d, band) {
        Offer::Essential => Toggle::AlwaysOn { why: reason },
        Offer::Unavailable => Toggle::Unavailable { why: reason },
        Offer::Choice => {
            let note = match (d.decision, first_rule(d)) {
                (Decision::Allowed | Decision::NeedsReconsent, _) | (_, "R-CONSENT-EXPIRED") => Some(reason),
                (Decision::NeedsSeparateConsent, _) => Some(w[Word::NeedsSeparate].to_string()),
                _ => None,
            };
            Toggle::Choice {
                on: d.decision == Decision::Allowed,
                note,
            }
        }
    };
    PurposeItem {
        id: d.purpose.clone(),
        name: t.name.clone(),
        description: t.description.clone(),
        data: t.data.join(&w[Word::ListSeparator]),
        recipients: if t.recipients.is_empty() {
            w[Word::NoRecipients].to_string()
        } else {
            t.recipients.join(&w[Word::ListSeparator])
        },
        retention: t.retention.clone(),
        clause: Link {
            label: w.clause_link_to(&t.clause),
            href: clause_href(url, &t.anchor),
        },
        toggle,
    }
}

/// Builds the banner's content for one visitor. The locale is the evaluation's (the engine
/// resolved it from the context's `locale`; see [`super::choose_locale`]).
pub fn build(policy: &CompiledPolicy, evaluation: &Evaluation, options: ModelOptions<'_>) -> BannerModel {
    let locale = evaluation.locale.as_str();
    let w = options.words;
    let texts = texts_in(policy, locale);
    let texts = &texts.texts;
    let items: Vec<(PurposeKind, &PurposeDecision, PurposeItem)> = evaluation
        .purposes
        .iter()
        .filter_map(|d| {
            texts
                .purposes
                .get(&d.purpose)
                .map(|t| (d.kind, d, item(&texts.url, w, d, t, evaluation.age_band)))
        })
        .collect();
    let section = |kind: PurposeKind, heading: &str, intro: &str| Section {
        kind,
        heading: heading.to_string(),
        intro: intro.to_string(),
        items: items
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, _, i)| i.clone())
            .collect(),
    };
    let sections: Vec<Section> = [
        section(
            PurposeKind::Essential,
            &w[Word::EssentialHeading],
            &w[Word::EssentialIntro],
        ),
        section(PurposeKind::Basic, &w[Word::BasicHeading], &w[Word::BasicIntro]),
        section(
            PurposeKind::Extended,
            &w[Word::ExtendedHeading],
            &w[Word::ExtendedIntro],
        ),
    ]
    .into_iter()
    .filter(|s| !s.items.is_empty())
    .collect();
    let separate: Vec<&str> = items
        .iter()
        .filter(|(_, d, _)| {
            d.decision == Decision::NeedsSeparateConsent && offer(d, evaluation.age_band) == Offer::Choice
        })
        .map(|(_, _, i)| i.name.as_str())
        .collect();
    // What the evaluator kept off because the browser sent GPC where it is an opt-out.
    let gpc: Vec<&str> = items
        .iter()
        .filter(|(_, d, _)| d.decision == Decision::Denied && first_rule(d) == "R-GPC")
        .map(|(_, _, i)| i.name.as_str())
        .collect();
    let policy_link = Link {
        label: w[Word::PolicyLink].to_string(),
        href: texts.url.clone(),
    };
    let first = FirstLayer {
        title: texts.notice_title.clone(),
        summary: texts.notice_summary.clone(),
        separate_note: (!separate.is_empty()).then(|| w.separate_note_for(&separate)),
        gpc_note: (!gpc.is_empty()).then(|| w.gpc_honoured_for(&gpc)),
        policy: policy_link.clone(),
        accept_all: w[Word::AcceptAll].to_string(),
        reject_all: w[Word::RejectAll].to_string(),
        choose: w[Word::Choose].to_string(),
    };
    let second = SecondLayer {
        title: w[Word::SecondTitle].to_string(),
        intro: w[Word::SecondIntro].to_string(),
        sections,
        labels: PurposeLabels::of(w),
        accept_all: w[Word::AcceptAll].to_string(),
        reject_all: w[Word::RejectAll].to_string(),
        save: w[Word::Save].to_string(),
        close: w[Word::Close].to_string(),
        unsigned: (!options.signed).then(|| w[Word::Unsigned].to_string()),
        policy: policy_link.clone(),
    };
    let pending = evaluation
        .purposes
        .iter()
        .any(|d| awaits_answer(d, evaluation.age_band));
    let update = evaluation.page.update_notice.as_ref().map(|n| UpdateModel {
        major: n.major,
        title: if n.major {
            &w[Word::UpdateMajorTitle]
        } else {
            &w[Word::UpdateMinorTitle]
        }
        .to_string(),
        summary: n.summary.clone(),
        ask: items
            .iter()
            .filter(|(_, d, _)| awaits_answer(d, evaluation.age_band))
            .map(|(_, _, i)| i.clone())
            .collect(),
        ask_intro: w[Word::UpdateReconsentIntro].to_string(),
        labels: PurposeLabels::of(w),
        confirm: if n.requires_acceptance {
            &w[Word::UpdateAccept]
        } else {
            &w[Word::UpdateConfirm]
        }
        .to_string(),
        dismiss: if n.requires_acceptance {
            &w[Word::UpdateLater]
        } else {
            &w[Word::UpdateDismiss]
        }
        .to_string(),
        requires_acceptance: n.requires_acceptance,
        terms_note: n
            .requires_acceptance
            .then(|| w.terms_note_for(&evaluation.page.terms_version)),
        from: n.from.clone(),
        to: n.to.clone(),
        policy: policy_link.clone(),
    });
    let banner = evaluation.page.show_banner && pending;
    let guidance = guidance(policy, evaluation, w);
    // The age question comes before any "yes" while the age is unknown where it is asked; it
    // opens by itself only while something waits for it (`page.ageGate`), not after a refusal.
    let age_unknown =
        evaluation.age_band == AgeBand::Unknown && evaluation.purposes.iter().any(|d| first_rule(d) == "R-AGE-GATE");
    let age = age_unknown.then(|| AgeStep {
        title: w[Word::AgeTitle].to_string(),
        why: w[Word::AgeWhy].to_string(),
        question: w[Word::AgeQuestion].to_string(),
        year: w[Word::AgeYear].to_string(),
        month: w[Word::AgeMonth].to_string(),
        choose: w[Word::AgeChoose].to_string(),
        years: selectable_birth_years(options.now),
        months: [
            &w[Word::January],
            &w[Word::February],
            &w[Word::March],
            &w[Word::April],
            &w[Word::May],
            &w[Word::June],
            &w[Word::July],
            &w[Word::August],
            &w[Word::September],
            &w[Word::October],
            &w[Word::November],
            &w[Word::December],
        ]
        .map(|m| m.to_string())
        .to_vec(),
        submit: w[Word::AgeContinue].to_string(),
        reject: w[Word::RejectAll].to_string(),
        reject_note: w[Word::AgeRejectNote].to_string(),
    });
    // Whose consent counts below the guardian age, by the rule that applied.
    let joint = evaluation
        .jurisdiction
        .first()
        .and_then(|code| policy.rule(code))
        .is_some_and(|r| r.guardian_mode.value == GuardianMode::GuardianAndChild);
    let asked = options.guardian_asked.then(|| w[Word::GuardianWaiting].to_string());
    let guardian = guardian_step(
        evaluation,
        &items,
        w,
        (options.asks_guardians, joint, asked),
        &policy_link,
    );
    let opening = match (&update, options.dismissed) {
        _ if guidance.is_some() && !options.guided => Opening::Guidance,
        (_, false) if age.is_some() && evaluation.page.age_gate => Opening::AgeStep,
        (_, false) if guardian.is_some() && waits_for_guardian(evaluation) && !options.guardian_asked => {
            Opening::GuardianStep
        }
        (Some(u), false) if u.major => Opening::UpdateModal,
        (_, false) if banner => Opening::Banner,
        (Some(u), _) if !u.major => Opening::UpdateBar,
        _ => Opening::Nothing,
    };
    BannerModel {
        locale: locale.to_string(),
        opening,
        age,
        guardian,
        first,
        second,
        privacy_choices: w[Word::PrivacyChoices].to_string(),
        update,
        guidance,
        youth_mode: evaluation.page.youth_mode,
    }
}

/// Whether a child's optional uses wait for a guardian (`page.guardianFlow` is
/// `pending_guardian`): then the guardian step opens by itself.
fn waits_for_guardian(evaluation: &Evaluation) -> bool {
    evaluation.page.guardian_flow.as_deref() == Some("pending_guardian")
}

/// The guardian step, for a child who may ask a guardian ([`crate::guardian::askable`]): the
/// uses that wait for a guardian's consent, or that the child kept off, by name.
fn guardian_step(
    evaluation: &Evaluation,
    items: &[(PurposeKind, &PurposeDecision, PurposeItem)],
    w: &Words,
    (asks, joint, asked): (bool, bool, Option<String>),
    policy: &Link,
) -> Option<GuardianStep> {
    let askable: Vec<&str> = crate::guardian::askable(evaluation)
        .map(|d| d.purpose.as_str())
        .collect();
    if askable.is_empty() {
        return None;
    }
    let waiting: Vec<&PurposeItem> = items
        .iter()
        .filter(|(_, d, _)| askable.contains(&d.purpose.as_str()))
        .map(|(_, _, i)| i)
        .collect();
    let names: Vec<&str> = waiting.iter().map(|i| i.name.as_str()).collect();
    Some(GuardianStep {
        title: w[Word::GuardianTitle].to_string(),
        close: w[Word::Close].to_string(),
        paused: w.guardian_paused_for(&names),
        how: if asks {
            &w[Word::GuardianHow]
        } else {
            &w[Word::GuardianHowOffline]
        }
        .to_string(),
        guardian_sees: w[Word::GuardianSees].to_string(),
        contact: (asks && asked.is_none()).then(|| w[Word::GuardianContact].to_string()),
        waiting: asked,
        send: w[Word::GuardianSend].to_string(),
        not_now: waits_for_guardian(evaluation).then(|| w[Word::GuardianNotNow].to_string()),
        pick: (asks && joint).then(|| w[Word::GuardianPick].to_string()),
        purposes: waiting.iter().map(|i| (i.id.clone(), i.name.clone())).collect(),
        policy: policy.clone(),
    })
}

/// The stand-in for a gated embed (an iframe or embed whose purpose is not allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// What loading the embed would share, with whom, for which purpose.
    pub text: String,
    /// The button that allows that one purpose; `None` when the visitor may not turn it on
    /// here (then `why` says so).
    pub allow: Option<String>,
    /// Why it cannot be allowed here.
    pub why: Option<String>,
    /// The purpose's clause in the policy.
    pub clause: Link,
}

/// The placeholder for an embed of `purpose` titled `title` (its `title` attribute), or `None`
/// when the policy has no such purpose (the embed then stays blocked, unexplained by the policy).
pub fn placeholder(
    policy: &CompiledPolicy,
    evaluation: &Evaluation,
    purpose: &str,
    title: Option<&str>,
    w: &Words,
) -> Option<Placeholder> {
    let d = evaluation.purposes.iter().find(|d| d.purpose == purpose)?;
    let locale = evaluation.locale.as_str();
    let texts = texts_in(policy, locale);
    let texts = &texts.texts;
    let t = texts.purposes.get(purpose)?;
    let what = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(&w[Word::EmbeddedContent]);
    let choosable = offer(d, evaluation.age_band) == Offer::Choice;
    Some(Placeholder {
        text: w.placeholder_for(what, &t.name, &t.data, &t.recipients),
        allow: choosable.then(|| w.allow_purpose_for(&t.name)),
        why: (!choosable).then(|| d.reasons.first().map(|r| r.message.clone()).unwrap_or_default()),
        clause: Link {
            label: w.clause_link_to(&t.clause),
            href: clause_href(&texts.url, &t.anchor),
        },
    })
}

/// The texts in `locale` (the evaluation's, whose texts the evaluator had at hand), as the
/// evaluator falls back. A compiled policy holds at least one locale's texts.
pub fn texts_in<'p>(policy: &'p CompiledPolicy, locale: &str) -> Cow<'p, LocaleTexts> {
    policy
        .texts_or_fallback(locale)
        .map_or_else(|| Cow::Owned(LocaleTexts::default()), Cow::Borrowed)
}
