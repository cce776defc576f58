//! The banner's core against the seed policy: what opens, what each layer offers, what each
//! click records, and what the signals and receipts say afterwards.

use alloc::collections::BTreeMap;

use super::adtech::AdSignals;
use super::choice::ConsentBody;
use super::markup::Shown;
use super::model::{first_rule, PurposeItem, Section};
use super::preset::{parse_preset, preset_in_cookies, preset_in_query};
use super::session::document_session;
use super::storage::{name_matches, storage_of, to_delete, withdrawal_notice};
use super::tcf::{gdpr_applies, ping, tc_data, TcEvent, TcfSettings};
use super::*;
use crate::eval::{AgeBand, ConsentState, Decision, Evaluation};
use crate::policy::{PurposeKind, SortedMap, StorageKind};
use crate::receipt::CollectionMethod;
use crate::signals::{ConsentStatus, TcfChoice};
use crate::time::Timestamp;

const SEED: &str = include_str!("../../policies/seed.json");

fn now() -> Timestamp {
    Timestamp::parse("2026-11-29T12:00:00Z").unwrap()
}

fn later(days: i64) -> Timestamp {
    Timestamp(now().0 + days * 86_400)
}

fn adult(jurisdiction: &str) -> Visitor {
    Visitor {
        jurisdiction: jurisdiction.into(),
        age_band: Some(AgeBand::Adult),
        gpc: false,
    }
}

fn session(visitor: Visitor, lang: &str) -> Session {
    document_session(SEED, visitor, Some(lang), &[], true).unwrap()
}

/// A session of a site without a consent service: the browser's records are all there is.
fn static_session(visitor: Visitor, lang: &str) -> Session {
    document_session(SEED, visitor, Some(lang), &[], false).unwrap()
}

fn choices(pairs: &[(&str, bool)]) -> SortedMap<bool> {
    pairs.iter().map(|(p, y)| (p.to_string(), *y)).collect()
}

fn decision(ev: &Evaluation, purpose: &str) -> Decision {
    ev.purposes.iter().find(|d| d.purpose == purpose).unwrap().decision
}

fn section(m: &BannerModel, kind: PurposeKind) -> &Section {
    m.second.sections.iter().find(|s| s.kind == kind).unwrap()
}

/// The purpose `id` in the second layer's section of extended purposes.
fn extended<'m>(m: &'m BannerModel, id: &str) -> &'m PurposeItem {
    section(m, PurposeKind::Extended)
        .items
        .iter()
        .find(|i| i.id == id)
        .unwrap()
}

/// Applies an action as the browser does without a consent service.
/// A choice as the module records it, and as the consent service then signs it (the module's
/// `sign`): the receipts hold what was chosen.
fn choose(s: &mut Session, action: Action, at: Timestamp) -> ChoicePlan {
    let plan = choose_unsigned(s, action, at);
    let mut signed = s.signed_consents().clone();
    for (purpose, c) in s.local().iter() {
        signed.insert(purpose.clone(), c.clone());
    }
    s.set_signed(signed);
    s.settle();
    plan
}

/// A choice kept in the browser only: no service signed it (yet).
fn choose_unsigned(s: &mut Session, action: Action, at: Timestamp) -> ChoicePlan {
    let ev = s.evaluate(at).unwrap();
    let plan = s.plan(&ev, &action).unwrap();
    s.record_locally(&plan, at);
    plan
}

#[test]
fn a_development_preset_counts_with_a_consent_service_and_is_never_stored() {
    let mut s = session(adult("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let plan = s.plan(&ev, &parse_preset("analytics-cookies:1").unwrap()).unwrap();
    s.record_preset(&plan, now());
    assert_eq!(
        decision(&s.evaluate(later(1)).unwrap(), "analytics-cookies"),
        Decision::Allowed
    );
    assert_eq!(s.local_json(), "{}", "nothing of the preset is kept in the browser");
    // A signed choice made on the page afterwards overrides a preset's refusal.
    let mut refused = session(adult("DE"), "en");
    let ev = refused.evaluate(now()).unwrap();
    let plan = refused.plan(&ev, &parse_preset("reject-all").unwrap()).unwrap();
    refused.record_preset(&plan, now());
    choose(&mut refused, Action::AcceptAll, later(1));
    assert_eq!(
        decision(&refused.evaluate(later(2)).unwrap(), "analytics-cookies"),
        Decision::Allowed
    );
    // A choice made on the page afterwards overrides it at once when it refuses.
    choose_unsigned(&mut s, Action::RejectAll, later(2));
    assert_ne!(
        decision(&s.evaluate(later(3)).unwrap(), "analytics-cookies"),
        Decision::Allowed
    );
}

#[test]
fn with_a_consent_service_a_consent_kept_only_in_the_browser_allows_nothing_and_a_refusal_counts_at_once() {
    let mut s = session(adult("DE"), "en");
    choose_unsigned(&mut s, Action::AcceptAll, now());
    let ev = s.evaluate(later(1)).unwrap();
    assert_eq!(decision(&ev, "analytics-cookies"), Decision::NeedsConsent);
    assert_eq!(s.unsigned(), s.local().keys().cloned().collect::<Vec<_>>());
    // Signed, it counts.
    choose(&mut s, Action::AcceptAll, later(2));
    assert_eq!(
        decision(&s.evaluate(later(3)).unwrap(), "analytics-cookies"),
        Decision::Allowed
    );
    // A withdrawal counts before its receipt comes back.
    choose_unsigned(&mut s, Action::RejectAll, later(4));
    assert_ne!(
        decision(&s.evaluate(later(5)).unwrap(), "analytics-cookies"),
        Decision::Allowed
    );
    // Without a service, the browser's record is all there is, and it counts.
    let mut alone = document_session(SEED, adult("DE"), Some("en"), &[], false).unwrap();
    choose_unsigned(&mut alone, Action::AcceptAll, now());
    assert_eq!(
        decision(&alone.evaluate(later(1)).unwrap(), "analytics-cookies"),
        Decision::Allowed
    );
}

#[test]
fn a_first_visit_opens_the_first_layer_with_the_policy_notice_and_three_buttons() {
    let s = session(adult("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let m = s.model(&ev, now());
    assert_eq!(m.opening, Opening::Banner);
    assert_eq!(m.locale, "en");
    assert_eq!(m.first.title, "Your privacy choices");
    assert!(m
        .first
        .summary
        .starts_with("We use your account, device and usage information"));
    assert_eq!(
        [
            m.first.accept_all.as_str(),
            m.first.reject_all.as_str(),
            m.first.choose.as_str()
        ],
        ["Accept all", "Reject all", "Choose"]
    );
    assert_eq!(m.first.policy.href, "https://shop.example/privacy");
    assert_eq!(m.privacy_choices, "Privacy choices");
    assert!(m.second.unsigned.is_none(), "a consent service signs");
}

#[test]
fn the_zh_cn_page_gets_the_chinese_banner() {
    let s = session(adult("CN"), "zh-CN");
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    assert_eq!(m.locale, "zh-CN");
    assert_eq!(m.first.title, "您的隐私选择");
    assert_eq!(
        [
            m.first.accept_all.as_str(),
            m.first.reject_all.as_str(),
            m.first.choose.as_str()
        ],
        ["全部接受", "全部拒绝", "自行选择"]
    );
    assert_eq!(section(&m, PurposeKind::Basic).heading, "基本业务功能");
    assert_eq!(m.privacy_choices, "隐私选择");
}

#[test]
fn every_optional_switch_starts_off_and_essential_purposes_say_why_they_run() {
    let s = session(adult("DE"), "en");
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    let kinds: Vec<PurposeKind> = m.second.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [PurposeKind::Essential, PurposeKind::Basic, PurposeKind::Extended]
    );
    let essential = &section(&m, PurposeKind::Essential).items;
    assert_eq!(essential.len(), 1);
    assert_eq!(
        essential[0].toggle,
        Toggle::AlwaysOn {
            why: "Essential to provide the service; runs without consent.".into()
        }
    );
    let optional: Vec<_> = m.second.sections.iter().skip(1).flat_map(|s| &s.items).collect();
    assert_eq!(optional.len(), 13);
    for item in optional {
        assert!(
            matches!(item.toggle, Toggle::Choice { on: false, .. }),
            "{} {:?}",
            item.id,
            item.toggle
        );
    }
}

#[test]
fn a_purpose_shows_its_data_recipients_retention_and_clause_link() {
    let s = session(adult("DE"), "en");
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    let ads = extended(&m, "advertising");
    assert_eq!(ads.name, "Programmatic advertising");
    assert!(!ads.description.is_empty());
    assert!(!ads.data.is_empty() && !ads.retention.is_empty());
    assert_ne!(ads.recipients, "No one outside us");
    assert_eq!(ads.clause.href, "https://shop.example/privacy#sharing-advertising");
    assert!(ads.clause.label.starts_with("In the privacy policy: "));
    let analytics = extended(&m, "analytics-cookies");
    assert_eq!(analytics.recipients, "No one outside us");
}

fn unknown_age(jurisdiction: &str) -> Visitor {
    Visitor {
        jurisdiction: jurisdiction.into(),
        age_band: None,
        gpc: false,
    }
}

#[test]
fn with_the_age_unknown_nothing_optional_is_offered_and_the_age_question_opens() {
    let s = session(unknown_age("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let m = s.model(&ev, now());
    assert!(m.age.is_some() && ev.page.age_gate);
    assert_eq!(m.opening, Opening::AgeStep);
    let ads = extended(&m, "advertising");
    assert!(matches!(&ads.toggle, Toggle::Unavailable { why } if why.contains("age")));
    assert_eq!(plan(&ev, &Action::AcceptAll).unwrap().consent.len(), 0);
}

#[test]
fn with_the_age_unknown_the_choices_open_at_the_age_question() {
    use super::markup::{page_with, Shown, Target};
    let s = session(unknown_age("DE"), "en");
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    // "Privacy choices" after the age question was closed: the question again, not switches the
    // visitor cannot use.
    assert_eq!(Shown::Second.or_step_before(&m), Shown::Age);
    assert_eq!(Shown::First.or_step_before(&m), Shown::Age);
    let page = page_with(&m, Some(Shown::Second), &Target::default());
    let all = page.descendants();
    assert!(all.iter().any(|e| e.has_class("assent-age")));
    assert!(!all.iter().any(|e| e.has_class("assent-second")));
    // Once the age is known, the second layer opens as asked.
    let known = session(adult("DE"), "en");
    let m = known.model(&known.evaluate(now()).unwrap(), now());
    assert_eq!(Shown::Second.or_step_before(&m), Shown::Second);
}

#[test]
fn refusing_needs_no_age_reject_all_on_the_age_question_refuses_everything_and_it_opens_no_more() {
    let mut s = session(unknown_age("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    assert!(s.model(&ev, now()).age.is_some_and(|a| a.reject == "Reject all"));
    let plan = choose(&mut s, Action::RejectAll, now());
    let optional: Vec<&str> = ev
        .purposes
        .iter()
        .filter(|d| d.kind != PurposeKind::Essential)
        .map(|d| d.purpose.as_str())
        .collect();
    assert_eq!(plan.consent.keys().map(String::as_str).collect::<Vec<_>>(), {
        let mut sorted = optional.clone();
        sorted.sort();
        sorted
    });
    assert!(plan.consent.values().all(|yes| !yes));
    assert_eq!(plan.method, Some(CollectionMethod::BannerLayer1));
    let ev = s.evaluate(later(1)).unwrap();
    assert!(!ev.page.age_gate && !ev.page.show_banner, "{:?}", ev.page);
    let m = s.model(&ev, later(1));
    assert_eq!(m.opening, Opening::Nothing);
    // The age question still comes before any "yes": "Privacy choices" opens it.
    assert_eq!(Shown::Second.or_step_before(&m), Shown::Age);
    let ads = ev.purposes.iter().find(|d| d.purpose == "advertising").unwrap();
    assert_eq!((ads.decision, first_rule(ads)), (Decision::Denied, "R-AGE-GATE"));
    assert_eq!(plan_of(&ev, &Action::AcceptAll).consent.len(), 0);
    // Once the refusal is no longer remembered, the question opens by itself again.
    let ev = s.evaluate(later(400)).unwrap();
    assert!(ev.page.age_gate);
}

fn plan_of(ev: &Evaluation, action: &Action) -> ChoicePlan {
    plan(ev, action).unwrap()
}

#[test]
fn the_age_question_is_neutral_every_year_no_default_and_says_only_the_band_is_kept() {
    let s = session(unknown_age("DE"), "en");
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    let age = m.age.unwrap();
    // Every year the engine lists, newest first, this year to 120 years back: no cutoff shows.
    assert_eq!(age.years, crate::guardian::selectable_birth_years(now()));
    assert_eq!(
        (age.years.first(), age.years.last(), age.years.len()),
        (Some(&2026), Some(&1906), 121)
    );
    assert_eq!(age.months[0], "January");
    assert!(age.why.contains("Only your age band is kept"), "{}", age.why);
    for text in [&age.title, &age.why, &age.question] {
        assert!(!text.chars().any(|c| c.is_ascii_digit()), "no age named: {text}");
    }
    // Closed for the session, it does not open by itself again; the defaults stay.
    let mut s = s;
    s.set_dismissed(true);
    assert_eq!(s.model(&s.evaluate(now()).unwrap(), now()).opening, Opening::Nothing);
}

#[test]
fn the_answer_locks_a_band_and_the_dialog_goes_on_to_the_choices_or_the_guardian() {
    let mut grown = session(unknown_age("DE"), "en");
    let lock = grown.answer_age(1990, 5, now(), None).unwrap();
    assert_eq!((lock.band, lock.jurisdiction.as_str()), (AgeBand::Adult, "DE"));
    assert_eq!(
        grown.model(&grown.evaluate(now()).unwrap(), now()).opening,
        Opening::Banner
    );
    // A later, younger answer on the same device: the stricter band stands.
    let child = grown.answer_age(2016, 1, now(), Some(lock)).unwrap();
    assert_eq!((child.band, child.conflicts), (AgeBand::BelowGuardianAge, 1));
    let mut s = session(unknown_age("CN"), "zh-CN");
    assert_eq!(s.answer_age(2030, 1, now(), None).unwrap_err().code, "age.future_birth");
    s.answer_age(2016, 6, now(), None).unwrap();
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    assert_eq!(m.opening, Opening::GuardianStep);
    let g = m.guardian.unwrap();
    assert_eq!(g.title, "请征得父母或监护人同意");
    assert!(g.purposes.iter().any(|(id, _)| id == "analytics-cookies"));
    assert!(g.paused.contains("在此之前暂停"), "{}", g.paused);
    assert_eq!(g.contact.as_deref(), Some("父母或监护人的电子邮箱"));
    // In China the guardian's consent alone counts: the child picks nothing.
    assert_eq!(g.pick, None);
    // In France below 15 the child and a guardian consent together: the child picks.
    let mut fr = session(unknown_age("FR"), "fr");
    fr.answer_age(2014, 6, now(), None).unwrap();
    let g = fr.model(&fr.evaluate(now()).unwrap(), now()).guardian.unwrap();
    assert!(g.pick.is_some(), "{g:?}");
    let page = super::markup::page(
        &fr.model(&fr.evaluate(now()).unwrap(), now()),
        &super::markup::Target::default(),
    );
    let boxes: Vec<&str> = page
        .descendants()
        .into_iter()
        .filter(|e| e.get("name") == Some("purpose"))
        .filter_map(|e| e.get("value"))
        .collect();
    assert_eq!(boxes, g.purposes.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>());
    // A stored lock counts unless the edge said the band itself.
    let mut again = session(unknown_age("CN"), "en");
    again.set_local_age_lock(Some(crate::guardian::lock_answer(None, AgeBand::Minor, "CN", now())));
    assert_eq!(again.visitor().age_band, Some(AgeBand::Minor));
    let mut told = session(adult("CN"), "en");
    told.set_local_age_lock(Some(crate::guardian::lock_answer(None, AgeBand::Minor, "CN", now())));
    assert_eq!(told.visitor().age_band, Some(AgeBand::Adult));
    // A lock stored under another place's rule counts as its youngest age would here: a UK
    // minor (13 to 17) is below Germany's guardian age of 16.
    let mut moved = session(unknown_age("DE"), "en");
    moved.set_local_age_lock(Some(crate::guardian::lock_answer(None, AgeBand::Minor, "GB", now())));
    assert_eq!(moved.visitor().age_band, Some(AgeBand::BelowGuardianAge));
}

/// A child whose request waits for a guardian is not asked again on every page: the step says
/// the request waits, opens only when asked for, and sends nothing.
#[test]
fn a_request_waiting_for_a_guardian_is_not_asked_again() {
    let mut s = session(unknown_age("GB"), "en");
    s.answer_age(2016, 6, now(), None).unwrap();
    s.set_guardian_asked(true);
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    assert_eq!(m.opening, Opening::Nothing);
    let g = m.guardian.clone().unwrap();
    assert_eq!(
        g.waiting.as_deref(),
        Some("Your request was sent and is waiting for your parent's or guardian's answer.")
    );
    assert_eq!(g.contact, None);
    let step = super::markup::guardian_step(&g, "en", &super::markup::Target::default());
    let fields: Vec<&str> = step.descendants().into_iter().filter_map(|e| e.get("name")).collect();
    assert!(!fields.contains(&"contact"), "{fields:?}");
    assert!(step
        .to_html()
        .contains("<p class=\"assent-request\">Your request was sent and is waiting"));
    s.set_guardian_asked(false);
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    assert_eq!(m.opening, Opening::GuardianStep);
    assert_eq!(m.guardian.unwrap().waiting, None);
}

#[test]
fn a_child_may_keep_what_waits_for_a_guardian_off_and_the_step_stops_opening_by_itself() {
    let mut s = session(unknown_age("CN"), "en");
    s.answer_age(2016, 6, now(), None).unwrap();
    let ev = s.evaluate(now()).unwrap();
    let m = s.model(&ev, now());
    assert_eq!(m.opening, Opening::GuardianStep);
    let waiting = m.guardian.unwrap().purposes;
    assert!(waiting.iter().any(|(id, _)| id == "analytics-cookies"), "{waiting:?}");
    // "Keep them off": the child's own refusal of what waits, nothing else.
    let plan = choose(&mut s, Action::RejectAll, now());
    let mut waiting_ids: Vec<&str> = waiting.iter().map(|(id, _)| id.as_str()).collect();
    waiting_ids.sort_unstable();
    assert_eq!(plan.turned_off().collect::<Vec<_>>(), waiting_ids);
    assert!(
        plan.consent.values().all(|yes| !yes) && plan.withdraw.is_empty(),
        "{plan:?}"
    );
    let ev = s.evaluate(later(1)).unwrap();
    assert_eq!(decision(&ev, "analytics-cookies"), Decision::Denied);
    assert_eq!(ev.page.guardian_flow, None, "nothing waits for a guardian");
    // The step no longer opens by itself, and still lets the child ask after all.
    let m = s.model(&ev, later(1));
    assert_eq!(m.opening, Opening::Nothing);
    let g = m.guardian.clone().expect("the child may still ask a guardian");
    assert_eq!(g.purposes, waiting);
    assert_eq!(g.not_now, None, "nothing left to keep off");
    assert_eq!(
        super::markup::Shown::Second.or_step_before(&m),
        super::markup::Shown::Guardian
    );
    assert_eq!(crate::guardian::child_step(&ev, None), crate::guardian::ChildStep::Ask);
    // A child's consent is still not enough.
    let ev = s.evaluate(later(1)).unwrap();
    assert_eq!(
        s.plan(&ev, &Action::Set(choices(&[("analytics-cookies", true)])))
            .unwrap_err()
            .code,
        "choice.not_offered"
    );
}

#[test]
fn without_a_consent_service_the_guardian_step_says_how_to_ask_but_offers_no_request() {
    let mut s = document_session(SEED, unknown_age("CN"), Some("en"), &[], false).unwrap();
    s.answer_age(2016, 6, now(), None).unwrap();
    let g = s.model(&s.evaluate(now()).unwrap(), now()).guardian.unwrap();
    assert_eq!(g.contact, None);
    assert!(g.how.contains("cannot send the request"), "{}", g.how);
}

#[test]
fn gpc_in_california_takes_advertising_off_the_table() {
    let s = session(
        Visitor {
            jurisdiction: "US-CA".into(),
            age_band: Some(AgeBand::Adult),
            gpc: true,
        },
        "en",
    );
    let ev = s.evaluate(now()).unwrap();
    let m = s.model(&ev, now());
    let ads = extended(&m, "advertising");
    assert!(matches!(&ads.toggle, Toggle::Unavailable { why } if why.contains("Global Privacy Control")));
    let all = plan(&ev, &Action::AcceptAll).unwrap();
    assert!(!all.consent.contains_key("advertising"));
    assert_eq!(all.consent.get("analytics-cookies"), Some(&true));
    let err = plan(&ev, &Action::Set(choices(&[("advertising", true)]))).unwrap_err();
    assert_eq!(err.code, "choice.not_offered");
    // Saying no to it is always fine, and records nothing.
    assert!(plan(&ev, &Action::Set(choices(&[("advertising", false)])))
        .unwrap()
        .is_empty());
    // The first layer says the signal is honoured, and what it keeps off (11 CCR 7025(c)(6)).
    let note = m.first.gpc_note.as_deref().unwrap_or_default();
    assert!(
        note.starts_with("Your browser sent the Global Privacy Control signal"),
        "{note}"
    );
    assert!(note.contains("Programmatic advertising"), "{note}");
    // Without the signal, or where it is no opt-out, no such line.
    let quiet = session(adult("US-CA"), "en");
    assert_eq!(quiet.model(&quiet.evaluate(now()).unwrap(), now()).first.gpc_note, None);
    let de = session(
        Visitor {
            gpc: true,
            ..adult("DE")
        },
        "en",
    );
    assert_eq!(de.model(&de.evaluate(now()).unwrap(), now()).first.gpc_note, None);
}

#[test]
fn a_minor_in_china_is_never_offered_advertising() {
    let s = session(
        Visitor {
            jurisdiction: "CN".into(),
            age_band: Some(AgeBand::Minor),
            gpc: false,
        },
        "zh-CN",
    );
    let ev = s.evaluate(now()).unwrap();
    assert_eq!(decision(&ev, "advertising"), Decision::Forbidden);
    assert!(!plan(&ev, &Action::AcceptAll)
        .unwrap()
        .consent
        .contains_key("advertising"));
}

fn minor(jurisdiction: &str) -> Visitor {
    Visitor {
        jurisdiction: jurisdiction.into(),
        age_band: Some(AgeBand::Minor),
        gpc: false,
    }
}

#[test]
fn a_minor_first_sees_the_guidance_notice_from_the_policys_clause_on_minors() {
    for (lang, title, says, clause) in [
        (
            "en",
            "Read this with a parent or guardian",
            "You are under 18.",
            "In the privacy policy: 8. Special protection for minors",
        ),
        (
            "zh-CN",
            "请在监护人的指导下阅读",
            "您未满18周岁。",
            "隐私政策中的相关条款：八、未成年人个人信息的特别保护",
        ),
    ] {
        let s = session(minor("CN"), lang);
        let ev = s.evaluate(now()).unwrap();
        assert_eq!(ev.age_band, AgeBand::Minor);
        let m = s.model(&ev, now());
        assert_eq!(m.opening, Opening::Guidance, "{lang}");
        assert!(m.youth_mode);
        let g = m.guidance.unwrap();
        assert_eq!(g.title, title);
        assert!(g.text.starts_with(says), "{}", g.text);
        assert_eq!(g.clause.label, clause);
        assert_eq!(g.clause.href, "https://shop.example/privacy#minors");
        assert!(!g.proceed.is_empty());
    }
}

#[test]
fn once_the_guidance_is_acknowledged_the_banner_opens_without_a_guardian_and_advertising_stays_off() {
    let mut s = session(minor("CN"), "en");
    s.set_guided(true);
    let ev = s.evaluate(now()).unwrap();
    assert_eq!(
        ev.page.guardian_flow, None,
        "no guardian consent is demanded from 14 to 17 in CN"
    );
    assert!(ev.page.show_banner);
    let m = s.model(&ev, now());
    assert_eq!(m.opening, Opening::Banner);
    assert!(m.guidance.is_some(), "still in the model, only not opened by itself");
    // Forbidden for minors: no switch, and why.
    let ads = extended(&m, "advertising");
    assert!(
        matches!(&ads.toggle, Toggle::Unavailable { why } if why.contains("minors")),
        "{:?}",
        ads.toggle
    );
    // Everything else optional is the minor's own choice, none of it asks for a guardian.
    assert!(ev.purposes.iter().all(|d| d.decision != Decision::NeedsGuardianConsent));
    let state = s.state(&ev, false, Default::default());
    assert!(state.youth_mode);
    assert_eq!(state.age_band, AgeBand::Minor);
    assert_eq!(state.purposes.get("advertising"), Some(&false));
    // Accept all leaves advertising off.
    let plan = choose(&mut s, Action::AcceptAll, now());
    assert!(!plan.consent.contains_key("advertising"));
    let after = s.evaluate(now()).unwrap();
    assert_eq!(decision(&after, "advertising"), Decision::Forbidden);
    assert_eq!(decision(&after, "analytics-cookies"), Decision::Allowed);
    assert_eq!(s.model(&after, now()).opening, Opening::Nothing);
}

#[test]
fn the_guidance_notice_comes_before_a_major_update_too_and_after_it_the_update_opens() {
    let mut s = session(minor("CN"), "en");
    s.set_seen(Some("0.9.0".into()));
    let ev = s.evaluate(now()).unwrap();
    let m = s.model(&ev, now());
    assert_eq!(m.opening, Opening::Guidance);
    s.set_guided(true);
    let next = s.model(&ev, now()).opening;
    assert_ne!(next, Opening::Guidance);
}

#[test]
fn adults_children_and_unknown_ages_get_no_guidance_notice() {
    let child = Visitor {
        jurisdiction: "CN".into(),
        age_band: Some(AgeBand::BelowGuardianAge),
        gpc: false,
    };
    let unknown = Visitor {
        jurisdiction: "CN".into(),
        age_band: None,
        gpc: false,
    };
    for (v, youth) in [(adult("CN"), false), (child, true), (unknown, false)] {
        let s = session(v, "en");
        let ev = s.evaluate(now()).unwrap();
        let m = s.model(&ev, now());
        assert!(m.guidance.is_none(), "{:?}", ev.age_band);
        assert_ne!(m.opening, Opening::Guidance);
        assert_eq!(m.youth_mode, youth, "{:?}", ev.age_band);
        assert_eq!(s.state(&ev, false, Default::default()).youth_mode, youth);
    }
}

#[test]
fn in_india_a_minor_is_below_the_guardian_age_so_the_guardian_flow_not_the_notice_applies() {
    // IN sets guardianAge = minorAge = 18: nobody is in the "minor" band there, and the purposes
    // it forbids for minors are forbidden whatever band the child's answer locked.
    let s = session(minor("IN"), "en");
    let ev = s.evaluate(now()).unwrap();
    for p in [
        "advertising",
        "marketing",
        "analytics-cookies",
        "deidentified-analytics",
    ] {
        assert_eq!(decision(&ev, p), Decision::Forbidden, "{p}");
    }
    let m = s.model(&ev, now());
    for item in m.second.sections.iter().flat_map(|s| &s.items) {
        if [
            "advertising",
            "marketing",
            "analytics-cookies",
            "deidentified-analytics",
        ]
        .contains(&item.id.as_str())
        {
            assert!(matches!(item.toggle, Toggle::Unavailable { .. }), "{}", item.id);
        }
    }
}

#[test]
fn accept_all_is_the_first_layer_consent_to_every_choosable_purpose() {
    let s = session(adult("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let p = plan(&ev, &Action::AcceptAll).unwrap();
    assert_eq!(p.method, Some(CollectionMethod::BannerLayer1));
    assert_eq!(p.consent.len(), 13);
    assert!(p.consent.values().all(|y| *y));
    assert!(p.withdraw.is_empty());
    let body = serde_json::to_value(p.consent_body("en").unwrap()).unwrap();
    assert_eq!(body["method"], "banner_layer1");
    assert_eq!(body["locale"], "en");
    assert_eq!(body["choices"]["advertising"], true);
    assert!(p.withdraw_body("en").is_none());
}

#[test]
fn after_accept_all_the_separate_consent_purposes_wait_in_the_second_layer_without_reopening() {
    let mut s = session(adult("DE"), "en");
    let first = s.model(&s.evaluate(now()).unwrap(), now());
    let note = first.first.separate_note.unwrap();
    assert!(
        note.contains("Location services") && note.contains("Transfers abroad"),
        "{note}"
    );
    choose(&mut s, Action::AcceptAll, now());
    let ev = s.evaluate(later(1)).unwrap();
    assert_eq!(decision(&ev, "analytics-cookies"), Decision::Allowed);
    assert_eq!(decision(&ev, "cross-border"), Decision::NeedsSeparateConsent);
    let m = s.model(&ev, now());
    assert_eq!(m.opening, Opening::Nothing, "answered: the banner does not nag");
    let cross = extended(&m, "cross-border");
    assert_eq!(
        cross.toggle,
        Toggle::Choice {
            on: false,
            note: Some("Needs a consent given for this purpose alone: turn it on here.".into())
        }
    );
    // Turned on in the second layer, it counts.
    choose(&mut s, Action::Set(choices(&[("cross-border", true)])), later(1));
    assert_eq!(
        decision(&s.evaluate(later(2)).unwrap(), "cross-border"),
        Decision::Allowed
    );
}

#[test]
fn reject_all_is_remembered_for_the_refusal_interval_then_the_banner_asks_again() {
    let mut s = session(adult("DE"), "en");
    let p = choose(&mut s, Action::RejectAll, now());
    assert!(p.consent.values().all(|y| !*y));
    let ev = s.evaluate(later(30)).unwrap();
    assert!(ev
        .purposes
        .iter()
        .filter(|d| d.kind != PurposeKind::Essential)
        .all(|d| d.decision == Decision::Denied));
    assert_eq!(s.model(&ev, now()).opening, Opening::Nothing);
    // The seed remembers a refusal for six months (P6M) in the EU.
    let ev = s.evaluate(later(200)).unwrap();
    assert_eq!(s.model(&ev, now()).opening, Opening::Banner);
}

#[test]
fn consent_lasts_until_it_expires() {
    let mut s = session(adult("DE"), "en");
    choose(&mut s, Action::Set(choices(&[("analytics-cookies", true)])), now());
    let ev = s.evaluate(later(300)).unwrap();
    assert_eq!(decision(&ev, "analytics-cookies"), Decision::Allowed);
    // P13M in the EU.
    let ev = s.evaluate(later(400)).unwrap();
    assert_eq!(decision(&ev, "analytics-cookies"), Decision::NeedsConsent);
}

#[test]
fn save_turns_off_what_is_left_out_and_withdraws_what_was_allowed() {
    let mut s = session(adult("DE"), "en");
    let p = choose(&mut s, Action::Save(choices(&[("analytics-cookies", true)])), now());
    assert_eq!(p.method, Some(CollectionMethod::BannerLayer2));
    assert_eq!(p.consent.len(), 13);
    assert_eq!(p.consent.iter().filter(|(_, y)| **y).count(), 1);
    let ev = s.evaluate(later(1)).unwrap();
    assert_eq!(decision(&ev, "analytics-cookies"), Decision::Allowed);
    assert_eq!(decision(&ev, "advertising"), Decision::Denied);
    let m = s.model(&ev, now());
    assert_eq!(m.opening, Opening::Nothing);
    let analytics = extended(&m, "analytics-cookies");
    assert!(matches!(&analytics.toggle, Toggle::Choice { on: true, note: Some(n) } if n.contains("valid until")));
    // Turning it off later is a withdrawal: it counts before its receipt comes back.
    let p = choose_unsigned(&mut s, Action::Save(SortedMap::default()), later(1));
    assert_eq!(p.withdraw, ["analytics-cookies"]);
    assert!(!p.consent.contains_key("analytics-cookies"));
    assert_eq!(p.turned_off().count(), 13);
    let body = serde_json::to_value(p.withdraw_body("en").unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"locale": "en", "purposes": ["analytics-cookies"], "method": "banner_layer2"})
    );
    assert_eq!(
        s.local().get("analytics-cookies").unwrap().state,
        ConsentState::ConsentWithdrawn
    );
    assert_eq!(
        decision(&s.evaluate(later(2)).unwrap(), "analytics-cookies"),
        Decision::Denied
    );
}

#[test]
fn set_touches_only_the_purposes_it_names() {
    let s = session(adult("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let p = plan(&ev, &Action::Set(choices(&[("search", true)]))).unwrap();
    assert_eq!(p.consent, choices(&[("search", true)]));
}

#[test]
fn a_choice_about_an_unknown_or_essential_purpose_is_refused() {
    let s = session(adult("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let e = plan(&ev, &Action::Set(choices(&[("analytcs-cookies", true)]))).unwrap_err();
    assert_eq!(e.code, "choice.unknown_purpose");
    assert!(e.hint.unwrap().contains("analytics-cookies"));
    // Nothing close to suggest: the hint lists the ids the policy has.
    let e = plan(&ev, &Action::Set(choices(&[("statistics", true)]))).unwrap_err();
    assert_eq!(e.code, "choice.unknown_purpose");
    let hint = e.hint.unwrap();
    let ids: Vec<&str> = ev.purposes.iter().map(|d| d.purpose.as_str()).collect();
    assert!(
        hint.starts_with(&format!("the policy's purposes: `{}`, `{}`", ids[0], ids[1])),
        "{hint}"
    );
    assert_eq!(hint, format!("the policy's purposes: {}", crate::policy::listed(ids)));
    let e = plan(&ev, &Action::Save(choices(&[("essential", false)]))).unwrap_err();
    assert_eq!(e.code, "choice.essential");
}

#[test]
fn the_layer_decides_whether_a_consent_is_separate_as_the_edge_does() {
    assert!(!CollectionMethod::BannerLayer1.records_separate(true, None));
    assert!(!CollectionMethod::UpdateNotice.records_separate(true, None));
    assert!(CollectionMethod::BannerLayer2.records_separate(true, None));
    let body = ConsentBody {
        locale: "en",
        choices: &choices(&[("search", true)]),
        method: CollectionMethod::BannerLayer2,
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"locale":"en","choices":{"search":true},"method":"banner_layer2"}"#
    );
}

#[test]
fn local_choices_round_trip_and_garbage_is_never_trusted() {
    let mut s = static_session(adult("DE"), "en");
    choose_unsigned(&mut s, Action::AcceptAll, now());
    let stored = s.local_json();
    let mut again = static_session(adult("DE"), "en");
    again.set_local_json(Some(&stored));
    assert_eq!(again.consents(), s.consents());
    assert_eq!(again.unsigned().len(), 13);
    again.set_local_json(Some("{\"search\":{\"state\":\"ConsentGiven\"}}"));
    assert!(again.consents().is_empty());
    again.set_local_json(Some("not json"));
    assert!(again.consents().is_empty());
}

#[test]
fn without_a_consent_service_the_second_layer_says_choices_are_unsigned() {
    let s = document_session(SEED, adult("DE"), Some("en"), &[], false).unwrap();
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    assert!(m.second.unsigned.unwrap().contains("without a signed receipt"));
}

#[test]
fn a_dismissed_banner_stays_closed_for_the_session() {
    let mut s = session(adult("DE"), "en");
    s.set_dismissed(true);
    let m = s.model(&s.evaluate(now()).unwrap(), now());
    assert_eq!(m.opening, Opening::Nothing);
}

#[test]
fn the_locale_follows_the_page_then_the_browser_then_the_policy() {
    let s = document_session(SEED, adult("DE"), Some("fr"), &["en-GB".into()], true).unwrap();
    assert_eq!(s.locale(), "en");
    let s = document_session(SEED, adult("DE"), None, &["de".into()], true).unwrap();
    assert_eq!(s.locale(), "zh-CN");
    let ev = s.evaluate(now()).unwrap();
    assert_eq!(ev.locale, "zh-CN");
    assert!(ev.purposes[1].reasons[0].message.contains("同意"));
}

#[test]
fn a_session_reads_compiled_files_and_the_texts_of_its_locale_only() {
    use crate::compiled::Core;
    let files = crate::loaded::compile(SEED).unwrap();
    let texts = |locale: &str| {
        files
            .texts
            .iter()
            .find(|t| t.locale.as_deref() == Some(locale))
            .unwrap()
    };
    // A policy document is not a compiled core file.
    assert_eq!(Core::read(SEED).unwrap_err().code(), "compiled.format");
    let core = Core::read(&files.core.json).unwrap();
    assert_eq!(core.texts_file_name("zh-CN"), texts("zh-CN").name);
    // A Chinese page with the English texts only: the session refuses to speak without its own.
    let e = Session::new(
        core.clone(),
        &[&texts("en").json],
        adult("CN"),
        Some("zh-CN"),
        &[],
        true,
    )
    .unwrap_err();
    assert_eq!(e.code, "compiled.missing_locale");
    let mut s = Session::new(core, &[&texts("en").json], adult("DE"), Some("en"), &[], true).unwrap();
    assert_eq!(
        s.source().sha256,
        crate::loaded::LoadedPolicy::load(SEED)
            .unwrap()
            .source()
            .unwrap()
            .sha256
    );
    assert_eq!(s.texts_needed("en-GB"), None);
    assert_eq!(s.texts_needed("fr"), None);
    assert_eq!(s.set_locale("zh").unwrap_err().code, "compiled.missing_locale");
    assert_eq!(s.set_locale("fr").unwrap_err().code, "banner.locale");
    // Switching language reads the other locale's file, then speaks it.
    assert_eq!(s.texts_needed("zh"), Some(texts("zh-CN").name.clone()));
    assert_eq!(
        s.add_texts(&texts("en").json.replace("Cookie", "Biscuit"))
            .unwrap_err()
            .code,
        "compiled.corrupt"
    );
    s.add_texts(&texts("zh-CN").json).unwrap();
    s.set_locale("zh").unwrap();
    assert_eq!(s.locale(), "zh-CN");
    let ev = s.evaluate(now()).unwrap();
    assert_eq!(s.model(&ev, now()).locale, "zh-CN");
}

#[test]
fn storage_patterns_match_names_and_prefixes() {
    assert!(name_matches("_ga", "_ga"));
    assert!(!name_matches("_ga", "_gat"));
    assert!(name_matches("_ga_*", "_ga_ABC123"));
    assert!(!name_matches("_ga_*", "_ga"));
    let s = session(adult("DE"), "en");
    let items = storage_of(s.policy(), &["analytics-cookies", "essential", "marketing"]);
    let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["_ga", "_ga_*"],
        "essential storage and web beacons are never deleted"
    );
    let found: Vec<String> = ["_ga", "_ga_X1", "assent_consent", "cart"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(to_delete(&items, StorageKind::Cookie, &found), ["_ga", "_ga_X1"]);
    assert!(to_delete(&items, StorageKind::LocalStorage, &found).is_empty());
}

#[test]
fn a_withdrawal_says_what_the_reload_stopped() {
    let s = session(adult("DE"), "en");
    let (text, reload) = withdrawal_notice(
        s.policy(),
        "en",
        s.words(),
        &["analytics-cookies"],
        &["analytics-cookies"],
        true,
    )
    .unwrap();
    assert!(reload);
    assert!(
        text.contains("Analytics cookies") && text.contains("the page was reloaded"),
        "{text}"
    );
    let zh = session(adult("DE"), "zh-CN");
    let (text, reload) = withdrawal_notice(zh.policy(), "zh-CN", zh.words(), &["search"], &[], true).unwrap();
    assert!(!reload);
    assert!(text.contains("已撤回：搜索服务"), "{text}");
    assert!(withdrawal_notice(s.policy(), "en", s.words(), &[], &[], true).is_none());
    // Withdrawn by the page's own code: no reload, and the page is not told it reloaded.
    let (text, reload) = withdrawal_notice(
        s.policy(),
        "en",
        s.words(),
        &["analytics-cookies"],
        &["analytics-cookies"],
        false,
    )
    .unwrap();
    assert!(!reload && text.starts_with("Withdrawn: Analytics cookies."), "{text}");
    // Every purpose withdrawn is named, also those whose code had not run.
    let (text, reload) = withdrawal_notice(
        s.policy(),
        "en",
        s.words(),
        &["analytics-cookies", "search"],
        &["analytics-cookies"],
        true,
    )
    .unwrap();
    assert!(
        reload && text.contains("Analytics cookies") && text.contains("Search"),
        "{text}"
    );
}

#[test]
fn presets_read_all_and_per_purpose_forms() {
    assert_eq!(parse_preset("accept-all").unwrap(), Action::AcceptAll);
    assert_eq!(parse_preset(" reject-all ").unwrap(), Action::RejectAll);
    assert_eq!(
        parse_preset("analytics-cookies:1, advertising=off").unwrap(),
        Action::Save(choices(&[("analytics-cookies", true), ("advertising", false)]))
    );
    for bad in ["", "analytics-cookies", "search:maybe", "search:1,search:0"] {
        assert_eq!(parse_preset(bad).unwrap_err().code, "preset.invalid", "{bad}");
    }
    assert_eq!(
        preset_in_query("?x=1&assent-preset=analytics-cookies%3A1").as_deref(),
        Some("analytics-cookies:1")
    );
    assert_eq!(preset_in_query("?x=1"), None);
    assert_eq!(
        preset_in_cookies("a=b; assent_preset=reject-all; c=d").as_deref(),
        Some("reject-all")
    );
}

fn tcf_settings() -> TcfSettings {
    serde_json::from_str(r#"{"cmpId": 300}"#).unwrap()
}

/// The ad-tech module's signals for a session (with the site's vendor list `gvl`), as a page
/// sets them up; none without TCF settings.
fn ad_signals(s: &Session, gvl: Option<&str>) -> Option<AdSignals> {
    s.ad_setup().map(|setup| AdSignals::new(setup, gvl).unwrap())
}

/// The session's facts at `at` as the ad-tech module works them out: from the visit it reads
/// through its JSON, with the reader the module uses.
fn facts(s: &Session, ev: &Evaluation, at: Timestamp) -> super::adtech::AdFacts {
    let visit = s.ad_visit(ev, at, false);
    let read = crate::policy::parse_json(&crate::error::to_json(&visit).unwrap()).unwrap();
    assert_eq!(read, visit, "the visit crosses the boundary unchanged");
    let setup = s.ad_setup().unwrap();
    let setup_read = crate::policy::parse_json(&crate::error::to_json(&setup).unwrap()).unwrap();
    assert_eq!(setup_read, setup, "the setup crosses the boundary unchanged");
    super::adtech::AdFacts::new(&setup_read, read)
}

/// The TC string's content the ad-tech module writes from the session's facts at `at`.
fn tc_of(s: &Session, ev: &Evaluation, at: Timestamp) -> Option<TcfChoice> {
    ad_signals(s, None)?.tc_choice(&facts(s, ev, at))
}

/// The seed's purposes as the ad-tech module reads them, and their decisions in its order:
/// those `pairs` name, the others not answered yet.
fn seed_decisions(pairs: &[(&str, Decision)]) -> (Vec<super::adtech::AdPurpose>, Vec<Decision>) {
    let engine = crate::eval::Engine::from_json(SEED).unwrap();
    let policy = engine.evaluator().policy();
    let purposes = policy.purposes.iter().map(super::adtech::AdPurpose::of).collect();
    let decisions = policy
        .purposes
        .iter()
        .map(|p| {
            pairs
                .iter()
                .find(|(id, _)| *id == p.id())
                .map_or(Decision::NeedsConsent, |(_, d)| *d)
        })
        .collect();
    (purposes, decisions)
}

#[test]
fn purposes_consent_follows_the_no_beats_yes_rule() {
    use super::tcf::purposes_consent;
    use Decision::*;
    let of = |pairs: &[(&str, Decision)]| {
        let (purposes, decisions) = seed_decisions(pairs);
        purposes_consent(&purposes, &decisions)
    };
    // analytics-cookies -> 1, 8, 9; marketing -> 1, 2; advertising -> 1, 2, 3, 4, 7.
    assert_eq!(of(&[("analytics-cookies", Allowed)]), [1, 8, 9].into());
    assert_eq!(
        of(&[("analytics-cookies", Allowed), ("advertising", Denied)]),
        [8, 9].into(),
        "a refused purpose vetoes the TCF purposes it shares"
    );
    assert_eq!(
        of(&[("marketing", Allowed), ("advertising", NeedsConsent)]),
        [1, 2].into(),
        "a purpose not answered yet abstains"
    );
    assert_eq!(
        of(&[("advertising", Forbidden), ("analytics-cookies", Allowed)]),
        [8, 9].into()
    );
    assert!(of(&[]).is_empty());
}

#[test]
fn an_essential_purpose_mapped_to_tcf_is_not_consent() {
    let (mut purposes, decisions) = seed_decisions(&[("essential", Decision::Allowed)]);
    let engine = crate::eval::Engine::from_json(SEED).unwrap();
    let mut essential = engine
        .evaluator()
        .policy()
        .purposes
        .iter()
        .find(|p| p.id() == "essential")
        .unwrap()
        .clone();
    essential.tcf_purposes = vec![10];
    let at = engine
        .evaluator()
        .policy()
        .purposes
        .iter()
        .position(|p| p.id() == "essential")
        .unwrap();
    purposes[at] = super::adtech::AdPurpose::of(&essential);
    assert!(purposes[at].tcf == [10] && !purposes[at].consent);
    assert!(super::tcf::purposes_consent(&purposes, &decisions).is_empty());
}

#[test]
fn the_tc_string_carries_the_tcf_purposes_of_what_was_allowed() {
    let mut s = session(adult("DE"), "en");
    s.set_tcf(Some(tcf_settings()));
    assert!(s.tcf_on());
    choose(&mut s, Action::Save(choices(&[("analytics-cookies", true)])), now());
    let ev = s.evaluate(later(1)).unwrap();
    let c = tc_of(&s, &ev, later(1)).unwrap();
    // analytics-cookies maps to 1, 8, 9; refused advertising and marketing also map to 1, and a
    // "no" beats a "yes".
    assert_eq!(c.purposes_consent, [8, 9].into());
    assert_eq!(c.publisher.as_ref().unwrap().purposes_consent, [8, 9].into());
    assert_eq!((c.cmp_id, c.cmp_version, c.policy_version), (300, 1, 4));
    assert_eq!((c.consent_language.as_str(), c.publisher_cc.as_str()), ("EN", "CN"));
    assert!(c.is_service_specific && c.use_non_standard_texts);
    assert_eq!(c.created, crate::signals::tcf::deciseconds_of_day(now()));
    let back = TcfChoice::decode(&c.encode().unwrap()).unwrap();
    assert_eq!(back, c);
    assert!(gdpr_applies(&ev.jurisdiction));
    let data = tc_data(&c, true, TcEvent::ActionComplete, Some(3)).unwrap();
    let v = serde_json::to_value(&data).unwrap();
    assert_eq!(v["eventStatus"], "useractioncomplete");
    assert_eq!(v["listenerId"], 3);
    assert_eq!(v["purpose"]["consents"]["8"], true);
    assert_eq!(v["purpose"]["consents"]["1"], false);
    assert_eq!(v["publisherCC"], "CN");
    let p = serde_json::to_value(ping(&tcf_settings(), None, false, true)).unwrap();
    assert_eq!(p["displayStatus"], "visible");
    assert_eq!(p["apiVersion"], "2.2");
}

#[test]
fn the_tcf_stays_off_without_settings_and_gdpr_does_not_apply_in_china() {
    let s = session(adult("CN"), "zh-CN");
    let ev = s.evaluate(now()).unwrap();
    assert!(tc_of(&s, &ev, now()).is_none());
    assert!(!gdpr_applies(&ev.jurisdiction));
    assert!(s.ad_setup().is_none(), "no ad-tech module to load");
}

#[test]
fn consent_mode_defaults_to_denied_and_updates_from_the_decisions() {
    let mut s = static_session(adult("DE"), "en");
    assert!(s.consent_mode_on());
    let d = s.consent_mode_default(&[], Some(500)).unwrap();
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"denied","wait_for_update":500}"#
    );
    choose_unsigned(&mut s, Action::Save(choices(&[("analytics-cookies", true)])), now());
    let ev = s.evaluate(later(1)).unwrap();
    let state = s.state(&ev, false, Default::default());
    assert_eq!(state.consent_mode.analytics_storage, ConsentStatus::Granted);
    assert_eq!(state.consent_mode.ad_storage, ConsentStatus::Denied);
    assert_eq!(state.purposes.get("analytics-cookies"), Some(&true));
    assert_eq!(state.purposes.get("essential"), Some(&true));
    assert_eq!(state.purposes.get("advertising"), Some(&false));
    assert_eq!(state.unsigned.len(), 13);
    let v = serde_json::to_value(&state).unwrap();
    assert_eq!(v["decisions"]["advertising"], "denied");
    assert_eq!(v["consentMode"]["analytics_storage"], "granted");
}

mod receipts {
    use super::*;
    use crate::api::receipts::Signer;
    use crate::loaded::LoadedPolicy;
    use crate::receipt::SigningKeySet;

    fn signer(seed: u8) -> (Signer, String) {
        let keys = SigningKeySet::generate([seed; 32]);
        let jwks = serde_json::to_string(&keys.public_jwks().to_value()).unwrap();
        (
            Signer::new(&keys.to_json_pretty(), LoadedPolicy::load(SEED).unwrap()).unwrap(),
            jwks,
        )
    }

    /// A receipt `signer` signed at `at` for `subject`, with one purpose in one state; `n` numbers
    /// its id.
    fn sign(signer: &Signer, subject: &str, purpose: &str, state: &str, at: Timestamp, n: u8) -> String {
        let choice = serde_json::json!({
            "subject": subject,
            "jurisdiction": "DE",
            "locale": "en",
            "purposes": [{"purpose": purpose, "state": state, "separate": true}],
            "collectionMethod": "banner_layer2",
        });
        let id = format!("00000000-0000-4000-8000-{n:012}");
        let out = signer.sign_json(&choice.to_string(), &at.to_string(), &id).unwrap();
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["jws"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A receipt `signer` signed now for the visitor "subject-0001".
    fn receipt(signer: &Signer, purpose: &str, state: &str, n: u8) -> String {
        sign(signer, "subject-0001", purpose, state, now(), n)
    }

    #[test]
    fn stored_receipts_count_only_once_they_verify_with_the_site_keys() {
        let (site, jwks) = signer(7);
        let (other, _) = signer(9);
        let good = receipt(&site, "analytics-cookies", "ConsentGiven", 1);
        let forged = receipt(&other, "advertising", "ConsentGiven", 2);
        let mut s = session(adult("DE"), "en");
        let store = s
            .verify_receipts(
                &[good.clone(), forged, "garbage".into()],
                &jwks,
                later(1),
                Some("subject-0001"),
            )
            .unwrap();
        assert_eq!(store.kept, core::slice::from_ref(&good));
        assert_eq!(store.rejected, 2);
        let ev = s.evaluate(later(1)).unwrap();
        assert_eq!(decision(&ev, "analytics-cookies"), Decision::Allowed);
        assert_eq!(decision(&ev, "advertising"), Decision::NeedsConsent);
        assert!(s.unsigned().is_empty());
        // Another subject's receipt does not count for this visitor.
        let theirs = sign(&site, "subject-0002", "advertising", "ConsentGiven", now(), 3);
        let store = s
            .verify_receipts(&[good, theirs], &jwks, later(1), Some("subject-0001"))
            .unwrap();
        assert_eq!(store.rejected, 1);
        assert_eq!(
            decision(&s.evaluate(later(1)).unwrap(), "advertising"),
            Decision::NeedsConsent
        );
    }

    #[test]
    fn without_a_stored_subject_the_latest_verified_receipt_names_it() {
        let (site, jwks) = signer(7);
        // An older receipt of someone else in this browser, then this visitor's fresh one.
        let old = sign(&site, "subject-0002", "advertising", "ConsentGiven", now(), 11);
        let fresh = sign(&site, "subject-0001", "analytics-cookies", "ConsentGiven", later(1), 12);
        let mut s = session(adult("DE"), "en");
        let store = s.verify_receipts(&[old, fresh.clone()], &jwks, later(2), None).unwrap();
        assert_eq!(store.subject.as_deref(), Some("subject-0001"));
        assert_eq!(
            (store.kept.as_slice(), store.rejected),
            (core::slice::from_ref(&fresh), 1)
        );
        let ev = s.evaluate(later(2)).unwrap();
        assert_eq!(decision(&ev, "analytics-cookies"), Decision::Allowed);
        assert_eq!(
            decision(&ev, "advertising"),
            Decision::NeedsConsent,
            "the other subject's"
        );
        // A subject already known is kept, whatever the receipts say.
        let store = s
            .verify_receipts(&[fresh], &jwks, later(2), Some("subject-0002"))
            .unwrap();
        assert_eq!((store.subject.as_deref(), store.rejected), (Some("subject-0002"), 1));
    }

    #[test]
    fn a_page_verifying_in_two_passes_keeps_and_drops_what_rust_alone_does() {
        use crate::receipt::{signature::Ed25519, Answers, Verifier};
        let (site, jwks) = signer(7);
        let (other, _) = signer(8);
        let good = receipt(&site, "analytics-cookies", "ConsentGiven", 1);
        let forged = receipt(&other, "advertising", "ConsentGiven", 2);
        let stored = [good.clone(), forged, "garbage".into()];
        let mut direct = session(adult("DE"), "en");
        let want = direct
            .verify_receipts(&stored, &jwks, later(1), Some("subject-0001"))
            .unwrap();
        let mut page = session(adult("DE"), "en");
        let checks = page
            .signature_checks(&stored, &jwks, later(1), Some("subject-0001"))
            .unwrap();
        // The forged receipt names a key the site never published, and garbage is no token:
        // neither gets as far as a signature.
        assert_eq!(checks.len(), 1);
        let answers: Vec<bool> = checks.iter().map(|c| Ed25519.verify(c)).collect();
        assert_eq!(answers, [true]);
        let got = page
            .verify_receipts_with(
                &stored,
                &jwks,
                later(1),
                Some("subject-0001"),
                &Answers::new(checks.clone(), &answers),
            )
            .unwrap();
        assert_eq!((got.kept, got.rejected), (want.kept, want.rejected));
        assert_eq!(page.consents(), direct.consents());
        // Without answers nothing counts.
        let none = page
            .verify_receipts_with(&stored, &jwks, later(1), None, &Answers::new(checks, &[]))
            .unwrap();
        assert!(none.kept.is_empty());
        assert_eq!(none.rejected, 3);
    }

    #[test]
    fn a_newer_unsigned_choice_overrides_a_signed_one_until_its_receipt_settles_it() {
        let (site, jwks) = signer(7);
        let given = receipt(&site, "analytics-cookies", "ConsentGiven", 1);
        let mut s = session(adult("DE"), "en");
        s.verify_receipts(core::slice::from_ref(&given), &jwks, later(1), None)
            .unwrap();
        choose_unsigned(&mut s, Action::Save(SortedMap::default()), later(1));
        assert_eq!(s.unsigned().len(), 13);
        assert_eq!(
            decision(&s.evaluate(later(2)).unwrap(), "analytics-cookies"),
            Decision::Denied
        );
        s.settle();
        assert_eq!(s.unsigned().len(), 13, "no receipt holds these choices yet");
        let withdrawn = receipt(&site, "analytics-cookies", "ConsentWithdrawn", 2);
        let store = s
            .verify_receipts(&[given, withdrawn.clone()], &jwks, later(1), None)
            .unwrap();
        assert_eq!(
            store.kept,
            [withdrawn],
            "the withdrawal superseded the consent: one receipt stays"
        );
        assert_eq!((store.rejected, store.superseded), (0, 1));
        s.settle();
        assert_eq!(s.unsigned().len(), 12);
        assert!(!s.local().contains_key("analytics-cookies"));
        assert_eq!(
            decision(&s.evaluate(later(2)).unwrap(), "analytics-cookies"),
            Decision::Denied
        );
    }

    /// Another person's expired withdrawal, in a shared browser, ends nothing of this visitor's:
    /// an expired receipt counts only for the subject whose receipts are in force.
    #[test]
    fn another_subjects_expired_withdrawal_ends_nothing() {
        let (site, jwks) = signer(7);
        let mine = sign(&site, "subject-0001", "analytics-cookies", "ConsentGiven", now(), 1);
        let theirs = sign(
            &site,
            "subject-0002",
            "analytics-cookies",
            "ConsentWithdrawn",
            later(30),
            2,
        );
        let mut s = session(adult("DE"), "en");
        let store = s
            .verify_receipts(&[mine.clone(), theirs], &jwks, later(213), None)
            .unwrap();
        assert_eq!(store.subject.as_deref(), Some("subject-0001"));
        assert_eq!(store.kept, [mine]);
        assert_eq!(
            decision(&s.evaluate(later(213)).unwrap(), "analytics-cookies"),
            Decision::Allowed
        );
    }

    /// A stored withdrawal whose receipt has expired stays in the store while it is the latest
    /// record of its purpose: dropping it would bring back the consent before it.
    #[test]
    fn an_expired_withdrawal_is_kept_and_the_consent_before_it_stays_ended() {
        let (site, jwks) = signer(7);
        let given = sign(&site, "subject-0001", "analytics-cookies", "ConsentGiven", now(), 1);
        let withdrawn = sign(
            &site,
            "subject-0001",
            "analytics-cookies",
            "ConsentWithdrawn",
            later(30),
            2,
        );
        let mut s = session(adult("DE"), "en");
        // Seven months on: the withdrawal's receipt (six months in Germany) has expired, the
        // consent's (thirteen) has not.
        let store = s
            .verify_receipts(&[given, withdrawn.clone()], &jwks, later(213), Some("subject-0001"))
            .unwrap();
        assert_eq!(store.kept, [withdrawn]);
        assert_eq!((store.rejected, store.superseded), (0, 1));
        assert_eq!(
            decision(&s.evaluate(later(213)).unwrap(), "analytics-cookies"),
            Decision::NeedsConsent,
            "asked again, never allowed by the consent the withdrawal ended"
        );
    }
}

mod updates {
    use super::*;

    const V11: &str = include_str!("../../policies/versions/seed-1.1.0.json");
    const V111: &str = include_str!("../../policies/releases/1.1.1.json");
    const V200: &str = include_str!("../../policies/releases/2.0.0.json");

    /// A session on `policy` for a visitor who chose under `version`: everything on, one by one,
    /// except the purposes `refused`.
    fn chose_under(policy: &str, version: &str, refused: &[&str]) -> Session {
        // Kept in the browser of a site without a consent service, where that record counts.
        let mut s = document_session(policy, adult("DE"), Some("en"), &[], false).unwrap();
        let all: BTreeMap<String, crate::eval::Consent> = s
            .policy()
            .purposes
            .iter()
            .filter(|p| p.kind() != PurposeKind::Essential)
            .map(|p| {
                let state = if refused.contains(&p.id()) { "ConsentRefused" } else { "ConsentGiven" };
                let c = serde_json::json!({"state": state, "time": now().to_string(), "policyVersion": version, "separate": true});
                (p.id().to_string(), serde_json::from_value(c).unwrap())
            })
            .collect();
        s.set_local_json(Some(&serde_json::to_string(&all).unwrap()));
        s.set_seen(Some(version.into()));
        s
    }

    #[test]
    fn a_major_change_opens_a_modal_that_asks_only_about_what_changed() {
        // The visitor accepted everything under 1.0.0, one by one.
        let s = chose_under(V11, "1.0.0", &[]);
        let ev = s.evaluate(later(1)).unwrap();
        let m = s.model(&ev, now());
        assert_eq!(m.opening, Opening::UpdateModal);
        let u = m.update.unwrap();
        assert!(u.major);
        assert_eq!(u.title, "Our privacy policy has changed");
        assert!(u.summary.contains("1.1.0"), "{}", u.summary);
        let asked: Vec<&str> = u.ask.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(asked, ["advertising"]);
        let p = plan(&ev, &Action::Update(choices(&[("advertising", true)]))).unwrap();
        assert_eq!(p.method, Some(CollectionMethod::UpdateNotice));
        assert_eq!(p.consent, choices(&[("advertising", true)]));
    }

    #[test]
    fn a_rights_reduction_is_accepted_or_left_for_later_and_the_old_terms_apply_meanwhile() {
        let mut s = chose_under(V200, "1.1.1", &["marketing"]);
        let ev = s.evaluate(later(1)).unwrap();
        assert_eq!(ev.page.terms_version, "1.1.1");
        let m = s.model(&ev, now());
        assert_eq!(m.opening, Opening::UpdateModal);
        let u = m.update.unwrap();
        assert!(u.requires_acceptance && u.ask.is_empty());
        assert_eq!(
            (u.confirm.as_str(), u.dismiss.as_str()),
            ("Accept the new terms", "Not now")
        );
        assert_eq!(
            u.terms_note.as_deref(),
            Some("Until you accept them, the terms of version 1.1.1, under which you made your choices, keep applying to you.")
        );
        assert_eq!((u.from.as_str(), u.to.as_str()), ("1.1.1", "2.0.0"));
        // Accepting records every choice as it stands, nothing turned on, under 2.0.0.
        let p = plan(&ev, &Action::Update(SortedMap::default())).unwrap();
        assert_eq!(p.method, Some(CollectionMethod::UpdateNotice));
        assert_eq!(p.consent.get("marketing"), Some(&false));
        assert_eq!(p.consent.values().filter(|y| **y).count(), 12);
        s.record_locally(&p, later(2));
        s.set_seen(Some("2.0.0".into()));
        let after = s.evaluate(later(3)).unwrap();
        assert_eq!(after.page.terms_version, "2.0.0");
        assert_eq!(after.page.update_notice, None);
        // Consents given one by one stay separate: nothing is asked again.
        assert!(
            after
                .purposes
                .iter()
                .all(|d| matches!(d.decision, Decision::Allowed | Decision::Denied)),
            "{:?}",
            after.purposes
        );
        // "Not now": no notice opens by itself again in this browsing session; the terms stay.
        let mut later_on = chose_under(V200, "1.1.1", &["marketing"]);
        later_on.set_dismissed(true);
        let ev = later_on.evaluate(later(1)).unwrap();
        assert_eq!(later_on.model(&ev, now()).opening, Opening::Nothing);
        assert_eq!(ev.page.terms_version, "1.1.1");
    }

    #[test]
    fn a_wording_change_is_a_bar_that_asks_nothing() {
        let s = chose_under(V111, "1.1.0", &["marketing"]);
        let ev = s.evaluate(later(1)).unwrap();
        let m = s.model(&ev, now());
        assert_eq!(m.opening, Opening::UpdateBar);
        let u = m.update.unwrap();
        assert!(!u.major && !u.requires_acceptance && u.ask.is_empty() && u.terms_note.is_none());
        assert_eq!(ev.page.terms_version, "1.1.1");
        // "Got it" is a receipt: the choices as they stand, under 1.1.1, nothing turned on.
        let p = plan(&ev, &Action::Acknowledge).unwrap();
        assert_eq!(p.method, Some(CollectionMethod::UpdateNotice));
        assert_eq!(p.consent.get("marketing"), Some(&false));
        assert_eq!(p.consent.values().filter(|y| **y).count(), 12);
        assert!(p.withdraw.is_empty());
        // A visitor who never chose has nothing to acknowledge on record.
        let fresh = document_session(V111, adult("DE"), Some("en"), &[], true).unwrap();
        assert!(plan(&fresh.evaluate(now()).unwrap(), &Action::Acknowledge)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn the_same_version_shows_no_notice() {
        let mut s = session(adult("DE"), "en");
        s.set_seen(Some("1.0.0".into()));
        assert!(s.model(&s.evaluate(now()).unwrap(), now()).update.is_none());
    }
}

#[test]
fn an_embed_placeholder_explains_what_loading_it_would_share_and_offers_its_purpose() {
    let s = session(adult("DE"), "en");
    let ev = s.evaluate(now()).unwrap();
    let p = model::placeholder(s.policy(), &ev, "location", Some("Map of the workshop"), s.words()).unwrap();
    assert!(p.text.starts_with("Map of the workshop is not loaded."), "{}", p.text);
    assert!(p.text.contains("Location services"));
    assert_eq!(p.allow.as_deref(), Some("Allow \u{201c}Location services\u{201d}"));
    assert_eq!(p.clause.href, "https://shop.example/privacy#collection-location");
    assert!(model::placeholder(s.policy(), &ev, "nope", None, s.words()).is_none());
    let gpc = session(
        Visitor {
            jurisdiction: "US-CA".into(),
            age_band: Some(AgeBand::Adult),
            gpc: true,
        },
        "zh-CN",
    );
    let ev = gpc.evaluate(now()).unwrap();
    let p = model::placeholder(gpc.policy(), &ev, "advertising", None, gpc.words()).unwrap();
    assert!(p.text.starts_with("此嵌入内容尚未加载。"), "{}", p.text);
    assert!(p.allow.is_none() && p.why.is_some());
}

#[test]
fn a_child_is_offered_no_choice_even_where_the_guardian_refused() {
    let child = Visitor {
        jurisdiction: "CN".into(),
        age_band: Some(AgeBand::BelowGuardianAge),
        gpc: false,
    };
    let mut s = session(child, "en");
    // The guardian refused location (a refusal the engine remembers: `denied`, not pending).
    let refused = serde_json::json!({"location": {"state": "ConsentRefused", "time": now().to_string(),
        "policyVersion": "1.0.0", "by": "guardian", "separate": true}});
    s.set_local_json(Some(&refused.to_string()));
    let ev = s.evaluate(later(1)).unwrap();
    assert_eq!(decision(&ev, "location"), Decision::Denied);
    let m = s.model(&ev, now());
    let items = m.second.sections.iter().flat_map(|x| x.items.iter());
    assert!(
        items.clone().all(|i| !matches!(i.toggle, Toggle::Choice { .. })),
        "{:?}",
        items.map(|i| (&i.id, &i.toggle)).collect::<Vec<_>>()
    );
    let p = model::placeholder(s.policy(), &ev, "location", None, s.words()).unwrap();
    assert!(p.allow.is_none(), "no 'allow' on an embed for a child");
    let e = plan(&ev, &Action::Set(choices(&[("location", true)]))).unwrap_err();
    assert_eq!(e.code, "choice.not_offered");
    assert!(plan(&ev, &Action::AcceptAll).unwrap().is_empty());
}

mod vendors {
    use super::*;
    use crate::signals::{PublisherRestriction, RestrictionKind};

    const GVL: &str = include_str!("../../tests/data/gvl-fixture.json");

    /// The seed with three vendors of the fixture list.
    fn policy() -> String {
        let mut doc: serde_json::Value = serde_json::from_str(SEED).unwrap();
        let cite = serde_json::json!({"clause": "sharing.advertising", "quote": "advertising partners"});
        doc["vendors"] = serde_json::json!([
            {"id": 8, "consent": [1, 3, 4, 7], "legitimateInterest": [2], "specialFeatures": [1], "cite": cite},
            {"id": 21, "consent": [1, 8, 9], "cite": cite},
            {"id": 52, "consent": [1, 2, 3, 4, 7], "cite": cite},
        ]);
        doc.to_string()
    }

    fn vendor_session() -> Session {
        let mut s = document_session(&policy(), adult("DE"), Some("en"), &[], true).unwrap();
        s.set_tcf(Some(tcf_settings()));
        s
    }

    /// The TC string's content with the site's list.
    fn tc_of(s: &Session, ev: &Evaluation, at: Timestamp) -> Option<TcfChoice> {
        ad_signals(s, Some(GVL))?.tc_choice(&facts(s, ev, at))
    }

    #[test]
    fn per_vendor_choices_and_restrictions_reach_the_tc_string() {
        let mut s = vendor_session();
        let all_on = choices(&[("analytics-cookies", true), ("advertising", true), ("marketing", true)]);
        s.record_vendors(
            &Action::Save(all_on.clone()),
            Some(&[("8".to_string(), true), ("21".to_string(), false)].into()),
        );
        choose(&mut s, Action::Save(all_on), now());
        let ev = s.evaluate(later(1)).unwrap();
        let c = tc_of(&s, &ev, later(1)).unwrap();
        assert_eq!(c.purposes_consent, [1, 2, 3, 4, 7, 8, 9].into());
        assert_eq!(
            c.vendor_consents,
            [8].into(),
            "21 off, 52 left out of the switches: off"
        );
        assert_eq!(c.vendor_li, [8].into(), "only 8 uses legitimate interest");
        assert_eq!(c.purposes_li, [2].into());
        assert_eq!(c.special_feature_opt_ins, [1].into());
        assert_eq!(c.disclosed_vendors, Some([8, 21, 52].into()));
        assert_eq!((c.vendor_list_version, c.policy_version), (131, 5));
        assert!(c.publisher_restrictions.contains(&PublisherRestriction {
            purpose: 7,
            kind: RestrictionKind::RequireConsent,
            vendors: [8].into(),
        }));
        assert_eq!(TcfChoice::decode(&c.encode().unwrap()).unwrap(), c);
        let v = serde_json::to_value(tc_data(&c, true, TcEvent::Loaded, None).unwrap()).unwrap();
        assert_eq!(
            v["vendor"]["consents"],
            serde_json::json!({"8": true, "21": false, "52": false})
        );
        assert_eq!(v["publisher"]["restrictions"]["7"]["8"], 1);
        assert!(v.get("listenerId").is_none());
    }

    #[test]
    fn a_save_that_listed_no_vendor_keeps_each_vendors_choice() {
        // The visitor saves the second layer before the ad-tech module listed the vendors.
        let mut s = vendor_session();
        s.record_vendors(
            &Action::Save(SortedMap::default()),
            Some(&[("8".to_string(), true), ("21".to_string(), false)].into()),
        );
        let before = s.vendor_choices().clone();
        s.record_vendors(&Action::Save(choices(&[("analytics-cookies", true)])), None);
        assert_eq!(s.vendor_choices(), &before);
        s.record_vendors(&Action::AcceptAll, None);
        assert!(
            s.vendor_choices().values().all(|on| *on),
            "accept all speaks for every vendor"
        );
    }

    #[test]
    fn refusing_a_purpose_objects_to_its_legitimate_interest_and_reject_all_objects_to_every_vendor() {
        let mut s = vendor_session();
        s.record_vendors(&Action::AcceptAll, None);
        choose(&mut s, Action::Save(choices(&[("analytics-cookies", true)])), now());
        let ev = s.evaluate(later(1)).unwrap();
        let c = tc_of(&s, &ev, later(1)).unwrap();
        // Marketing and advertising (both TCF 2) refused: no legitimate interest for 2 either.
        assert!(c.purposes_li.is_empty() && c.vendor_li.is_empty());
        assert_eq!(c.vendor_consents, [21].into(), "only 21 has a consented purpose (8, 9)");
        s.record_vendors(&Action::RejectAll, None);
        choose(&mut s, Action::RejectAll, later(2));
        let ev = s.evaluate(later(3)).unwrap();
        let c = tc_of(&s, &ev, later(3)).unwrap();
        assert!(c.vendor_consents.is_empty() && c.vendor_li.is_empty() && c.purposes_consent.is_empty());
        let stored = s.vendor_choices_json();
        assert_eq!(stored, r#"{"21":false,"52":false,"8":false}"#);
        let mut again = vendor_session();
        again.set_vendor_choices_json(Some(r#"{"8":true,"999":true,"x":true}"#));
        assert_eq!(again.vendor_choices(), &SortedMap::new(vec![("8".into(), true)]));
    }

    #[test]
    fn the_second_layer_lists_each_policy_vendor_as_the_list_describes_it() {
        let s = vendor_session();
        let rows = ad_signals(&s, Some(GVL)).unwrap().vendor_rows();
        let ids: Vec<u16> = rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [8, 21, 52], "the policy's vendors, in its order");
        let adx = &rows[0];
        assert_eq!(adx.name, "Example Ad Exchange");
        assert_eq!(adx.consent.len(), 4);
        assert_eq!(adx.consent[0], "Store and/or access information on a device");
        assert_eq!(adx.legitimate_interest.len(), 1);
        assert_eq!(adx.special_features, ["Use precise geolocation data"]);
        assert_eq!(
            (adx.retention_days, adx.policy_url.as_deref()),
            (Some(365), Some("https://adx.example/privacy"))
        );
        assert_eq!(rows[2].retention_days, None);
        assert!(
            ad_signals(&s, None).unwrap().vendor_rows().is_empty(),
            "no list, no rows"
        );
    }

    #[test]
    fn the_ad_tech_module_answers_every_visitor_of_a_site_with_tcf_settings() {
        let s = vendor_session();
        assert!(s.ad_setup().is_some_and(|a| a.tcf), "TCF on");
        // A policy that maps nothing to the TCF: no TC string, but the stub's `__gpp` queue is
        // answered for a visitor anywhere, so the module loads everywhere.
        let mut doc: serde_json::Value = serde_json::from_str(&policy()).unwrap();
        for p in doc["purposes"].as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("tcfPurposes");
        }
        doc.as_object_mut().unwrap().remove("vendors");
        let text = doc.to_string();
        let visitor = |j: &str| Visitor {
            jurisdiction: j.into(),
            age_band: Some(AgeBand::Adult),
            gpc: false,
        };
        for j in ["DE", "US-CA"] {
            let mut s = document_session(&text, visitor(j), Some("en"), &[], true).unwrap();
            s.set_tcf(Some(tcf_settings()));
            assert!(!s.tcf_on());
            assert!(s.ad_setup().is_some_and(|a| !a.tcf), "{j}");
        }
    }

    #[test]
    fn a_list_without_a_policy_vendor_is_refused() {
        let s = vendor_session();
        let without_52 = GVL
            .replacen("\"52\": {", "\"53\": {", 1)
            .replacen("\"id\": 52", "\"id\": 53", 1);
        let e = AdSignals::new(s.ad_setup().unwrap(), Some(&without_52)).unwrap_err();
        assert_eq!((e.code, e.path.as_str()), ("gvl.unknown_vendor", "$.vendors[2].id"));
    }
}

mod gpp {
    use super::*;
    use crate::signals::gpp::{GppSection, GppString, UsKind, UsSection};

    fn us(jurisdiction: &str, gpc: bool) -> Session {
        let mut s = document_session(
            SEED,
            Visitor {
                jurisdiction: jurisdiction.into(),
                age_band: Some(AgeBand::Adult),
                gpc,
            },
            Some("en"),
            &[],
            true,
        )
        .unwrap();
        s.set_tcf(Some(tcf_settings()));
        s
    }

    /// The GPP string the ad-tech module writes from the session's facts at `at`.
    fn gpp_of(s: &Session, ev: &Evaluation, at: Timestamp) -> Option<GppString> {
        ad_signals(s, None)?.gpp(&facts(s, ev, at)).ok()
    }

    fn section(g: &GppString, kind: UsKind) -> UsSection {
        g.sections
            .iter()
            .find_map(|s| match s {
                GppSection::Us(u) if u.kind == kind => Some(u.clone()),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn a_californian_with_gpc_has_opted_out_of_sale_and_sharing() {
        let s = us("US-CA", true);
        let ev = s.evaluate(now()).unwrap();
        let g = gpp_of(&s, &ev, now()).unwrap();
        let ids: Vec<u16> = g.sections.iter().map(GppSection::id).collect();
        assert_eq!(ids, [7, 8], "usnat and usca, no tcfeuv2 outside the GDPR");
        for kind in [UsKind::UsNat, UsKind::UsCa] {
            let u = section(&g, kind);
            assert_eq!(
                (u.sale_opt_out_notice, u.sale_opt_out, u.sharing_opt_out),
                (1, 1, 1),
                "{kind:?}"
            );
            assert_eq!(u.gpc, Some(true));
        }
        assert_eq!(section(&g, UsKind::UsNat).targeted_advertising_opt_out, 1);
        assert_eq!(GppString::decode(&g.encode().unwrap()).unwrap(), g);
    }

    #[test]
    fn a_californian_without_gpc_who_accepts_has_not_opted_out() {
        let mut s = us("US-CA", false);
        choose(&mut s, Action::AcceptAll, now());
        let ev = s.evaluate(later(1)).unwrap();
        let u = section(&gpp_of(&s, &ev, later(1)).unwrap(), UsKind::UsCa);
        assert_eq!((u.sale_opt_out, u.sharing_opt_out, u.gpc), (2, 2, Some(false)));
        assert_eq!(u.known_child_sensitive_data_consents, [0, 0], "an adult");
        assert_eq!(u.sensitive_data_processing, vec![2; 9]);
        choose(&mut s, Action::RejectAll, later(2));
        let ev = s.evaluate(later(3)).unwrap();
        let u = section(&gpp_of(&s, &ev, later(3)).unwrap(), UsKind::UsCa);
        assert_eq!((u.sale_opt_out, u.sensitive_data_processing[0]), (1, 1));
    }

    #[test]
    fn a_colorado_child_gets_usco_with_the_known_child_field() {
        let mut s = us("US-CO", false);
        s.set_local_age_lock(None);
        let mut s2 = document_session(
            SEED,
            Visitor {
                jurisdiction: "US-CO".into(),
                age_band: Some(AgeBand::BelowGuardianAge),
                gpc: false,
            },
            Some("en"),
            &[],
            true,
        )
        .unwrap();
        s2.set_tcf(Some(tcf_settings()));
        let ev = s.evaluate(now()).unwrap();
        let g = gpp_of(&s, &ev, now()).unwrap();
        let ids: Vec<u16> = g.sections.iter().map(GppSection::id).collect();
        assert_eq!(ids, [7, 10]);
        assert_eq!(section(&g, UsKind::UsCo).known_child_sensitive_data_consents, [0]);
        let ev = s2.evaluate(now()).unwrap();
        let co = section(&gpp_of(&s2, &ev, now()).unwrap(), UsKind::UsCo);
        assert_eq!(co.known_child_sensitive_data_consents, [1], "no guardian consent yet");
    }

    #[test]
    fn an_eea_visitor_gets_tcfeuv2_only() {
        let mut s = session(adult("DE"), "en");
        s.set_tcf(Some(tcf_settings()));
        let ev = s.evaluate(now()).unwrap();
        let g = gpp_of(&s, &ev, now()).unwrap();
        assert!(matches!(g.sections.as_slice(), [GppSection::TcfEuV2(_)]));
        let p = super::super::gpp::ping(&g, 300, true).unwrap();
        assert_eq!(p.applicable_sections, [2]);
        assert_eq!(p.cmp_display_status, "visible");
    }
}
