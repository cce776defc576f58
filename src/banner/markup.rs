//! The banner's markup as one small element tree, built from the [`BannerModel`]: the edge
//! serializes it into the page it sends ([`to_html`]), and the browser banner creates the same
//! elements from it with the DOM (`src/wasm/banner/dom.rs`), so the two can never drift.
//!
//! Every dialog's buttons sit in a `<form method="post">` as submit buttons with
//! `name="action"`, so they work without JavaScript; they also carry `data-assent-action`, which
//! the browser banner's click listener handles (and then keeps the form from submitting). The
//! second layer's switches are real checkboxes named `p:<purpose>`. Texts are text nodes only:
//! nothing the policy says is ever read as markup.

use crate::prelude::*;

use super::config::{Look, Theme};
use super::model::{
    AgeStep, BannerModel, FirstLayer, GuardianStep, GuidanceModel, Link, Opening, Placeholder, PurposeItem,
    PurposeLabels, SecondLayer, Toggle, UpdateModel,
};

/// A node of the tree: an element or a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// A text, never parsed as markup.
    Text(String),
}

/// An element: its tag, its attributes in order, its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The tag name, lower case.
    pub tag: &'static str,
    /// The attributes in the order they are written; an empty value is written as a bare name
    /// (`checked`, `required`), except `value=""`.
    pub attrs: Vec<(&'static str, String)>,
    /// The children.
    pub children: Vec<Node>,
}

impl From<Element> for Node {
    fn from(e: Element) -> Node {
        Node::Element(e)
    }
}

impl Element {
    /// An element without attributes or children.
    pub fn new(tag: &'static str) -> Element {
        Element {
            tag,
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// An element with a class.
    fn of(tag: &'static str, class: &str) -> Element {
        Element::new(tag).attr("class", class)
    }

    /// Adds an attribute.
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attrs.push((name, value.into()));
        self
    }

    /// Adds a boolean attribute when `on`.
    pub fn flag(self, name: &'static str, on: bool) -> Element {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    /// Adds a child.
    pub fn child(mut self, child: impl Into<Node>) -> Element {
        self.children.push(child.into());
        self
    }

    /// Adds children.
    pub fn children(mut self, children: impl IntoIterator<Item = Element>) -> Element {
        self.children.extend(children.into_iter().map(Node::Element));
        self
    }

    /// Adds a child when there is one.
    fn maybe(self, child: Option<Element>) -> Element {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    /// Adds a text.
    pub fn text(mut self, text: &str) -> Element {
        self.children.push(Node::Text(text.to_string()));
        self
    }

    /// The value of an attribute.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// Whether the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.get("class").is_some_and(|c| c.split(' ').any(|c| c == class))
    }

    /// Every element of the tree, this one first, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for c in &self.children {
            if let Node::Element(e) = c {
                all.extend(e.descendants());
            }
        }
        all
    }

    /// The element's text, its descendants' texts joined.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text_content()),
            }
        }
        out
    }
}

/// Where the banner's forms post, what they carry besides the visitor's answer, and how the
/// banner looks (the page's configuration).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    /// Where the choice forms (accept, reject, choose, save, ...) post: the edge's
    /// `/consent/form`. The browser banner handles them itself when it runs.
    pub action: String,
    /// Where the age question posts: the edge's `/age`.
    pub age_action: String,
    /// Where the guardian request posts: the edge's `/guardian/request`.
    pub guardian_action: String,
    /// The page to come back to after a post (the forms' `return` field); none when empty.
    pub return_to: String,
    /// The readable list of every change of a policy update, when an edge serves it.
    pub diff: Option<Link>,
    /// The layout and colour scheme.
    pub look: Look,
    /// What the status line says as the page opens (the edge's word after it recorded a
    /// choice); empty when none.
    pub status: String,
}

fn hidden(name: &'static str, value: &str) -> Element {
    Element::new("input")
        .attr("type", "hidden")
        .attr("name", name)
        .attr("value", value)
}

/// A form that posts to `action`, with the `return` field.
fn form(class: &str, action: &str, target: &Target) -> Element {
    let f = Element::of("form", class).attr("method", "post").attr("action", action);
    if target.return_to.is_empty() {
        f
    } else {
        f.child(hidden("return", &target.return_to))
    }
}

/// A choice form: posts to the edge's choice handler with the locale.
fn choice_form(target: &Target, locale: &str) -> Element {
    form("assent-form", &target.action, target).child(hidden("lang", locale))
}

/// A submit button that names its action for the edge and for the click listener alike.
fn button(class: &str, label: &str, action: &str) -> Element {
    Element::of("button", class)
        .attr("type", "submit")
        .attr("name", "action")
        .attr("value", action)
        .attr("data-assent-action", action)
        .text(label)
}

fn text(tag: &'static str, class: &str, text: &str) -> Element {
    let e = if class.is_empty() {
        Element::new(tag)
    } else {
        Element::of(tag, class)
    };
    e.text(text)
}

fn link(l: &Link) -> Element {
    Element::of("p", "assent-policy").child(
        Element::of("a", "assent-link")
            .attr("href", l.href.as_str())
            .text(&l.label),
    )
}

/// A modal dialog: it holds focus until it is answered or closed.
fn dialog(class: &str) -> Element {
    frame(class, true, "close")
}

/// A dialog, labelled and described; one that is not modal leaves the page usable and has no
/// `aria-modal`, so assistive technology does not hide the page behind it. `escape`: the button
/// Escape stands for (`close`: closed without a choice), as `data-assent-escape`, which a page
/// script without the engine posts.
fn frame(class: &str, modal: bool, escape: &str) -> Element {
    let e = Element::of("div", class).attr("role", "dialog");
    let e = if modal { e.attr("aria-modal", "true") } else { e };
    e.attr("aria-labelledby", "assent-title")
        .attr("aria-describedby", "assent-desc")
        .attr("data-assent-escape", escape)
}

fn title(text: &str) -> Element {
    // Focus goes to the heading when the dialog opens: the start of what it says, and no
    // button preselected.
    Element::of("h2", "assent-title")
        .attr("id", "assent-title")
        .attr("tabindex", "-1")
        .text(text)
}

fn summary(text: &str) -> Element {
    Element::of("p", "assent-summary").attr("id", "assent-desc").text(text)
}

/// A row of buttons: the same element and class each, so none is more prominent than another.
fn actions(buttons: &[(&str, &str)]) -> Element {
    Element::of("div", "assent-actions").children(
        buttons
            .iter()
            .map(|(label, action)| button("assent-btn", label, action)),
    )
}

/// A dialog's top row: its title, and the button that closes it.
fn top(heading: &str, close: &str) -> Element {
    Element::of("div", "assent-top")
        .child(title(heading))
        .child(button("assent-close", close, "close"))
}

/// The actions of a form that is no choice (the age question, the guardian's contact): one
/// button that sends it, without the `action` field of a choice.
fn submit(label: &str, action: &str) -> Element {
    Element::of("div", "assent-actions").child(
        Element::of("button", "assent-btn")
            .attr("type", "submit")
            .attr("data-assent-action", action)
            .text(label),
    )
}

/// The banner's container: an `aside` landmark, last in the body, with the persistent
/// "privacy choices" button (in a form, so it reopens the choices without JavaScript too) and
/// the status line. `open`: a dialog opens with it (the button says so). Its class names the
/// layout (`assent-layout-bar`, `-box`, `-modal`); a forced colour scheme is its
/// `data-assent-theme` (none follows the visitor's).
pub fn container(model: &BannerModel, target: &Target, open: bool) -> Element {
    let mut reopen = button("assent-reopen", &model.privacy_choices, "reopen").attr("aria-haspopup", "dialog");
    if open {
        reopen = reopen.attr("aria-expanded", "true");
    }
    let look = target.look;
    let root = Element::of("aside", &format!("assent assent-layout-{}", look.layout.name()));
    let root = match look.theme {
        Theme::Auto => root,
        forced => root.attr("data-assent-theme", forced.name()),
    };
    root.attr("lang", model.locale.as_str())
        .attr("aria-label", model.privacy_choices.as_str())
        .attr("data-assent-ui", "")
        .child(choice_form(target, &model.locale).child(reopen))
        .child(
            Element::of("div", "assent-status")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .children((!target.status.is_empty()).then(|| Element::new("p").text(&target.status))),
        )
}

/// The box a dialog opens in: the backdrop of a modal dialog; for one that leaves the page
/// usable (`assent-modeless`), a frame that lets clicks through to the page around it.
pub fn layer(dialog: Element) -> Element {
    let class = if dialog.get("aria-modal").is_some() {
        "assent-layer"
    } else {
        "assent-layer assent-modeless"
    };
    Element::of("div", class).child(dialog)
}

/// The first layer: the policy's notice, its link and three buttons of equal weight; modal or
/// not as the layout says.
pub fn first_layer(m: &FirstLayer, locale: &str, target: &Target) -> Element {
    frame("assent-dialog assent-first", target.look.layout.is_modal(), "close").child(
        choice_form(target, locale)
            .child(title(&m.title))
            .child(summary(&m.summary))
            .maybe(m.separate_note.as_deref().map(|n| text("p", "assent-note", n)))
            .maybe(m.gpc_note.as_deref().map(|n| text("p", "assent-note assent-gpc", n)))
            .child(link(&m.policy))
            .child(actions(&[
                (&m.accept_all, "accept"),
                (&m.reject_all, "reject"),
                (&m.choose, "choose"),
            ])),
    )
}

/// The guardian-guidance notice: what the policy asks of a minor, its clause on minors, and
/// one button on to the banner.
pub fn guidance(g: &GuidanceModel, locale: &str, target: &Target) -> Element {
    // The notice has one way on, to the banner: Escape takes it.
    frame("assent-dialog assent-guidance", true, "guidance-continue").child(
        choice_form(target, locale)
            .child(title(&g.title))
            .child(summary(&g.text))
            .child(link(&g.clause))
            .child(actions(&[(&g.proceed, "guidance-continue")])),
    )
}

/// A purpose id as it may appear in an element id.
fn id_part(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn switch(item: &PurposeItem, key: &str, desc_id: &str, on: bool, disabled: bool) -> [Element; 2] {
    let id = format!("assent-p-{key}");
    [
        Element::of("input", "assent-switch")
            .attr("type", "checkbox")
            .attr("role", "switch")
            .attr("id", id.as_str())
            .attr("name", format!("p:{}", item.id))
            .attr("aria-describedby", desc_id)
            .attr("data-assent-purpose", item.id.as_str())
            .flag("checked", on)
            .flag("disabled", disabled),
        text("label", "assent-name", &item.name).attr("for", id),
    ]
}

fn purpose(item: &PurposeItem, w: &PurposeLabels) -> Element {
    let key = id_part(&item.id);
    let desc_id = format!("assent-d-{key}");
    let head = Element::of("div", "assent-purpose-head");
    let (head, note) = match &item.toggle {
        Toggle::AlwaysOn { why } => (
            head.child(text("span", "assent-name", &item.name))
                .child(text("span", "assent-badge", &w.always_on)),
            Some(why),
        ),
        Toggle::Choice { on, note } => (head.children(switch(item, &key, &desc_id, *on, false)), note.as_ref()),
        Toggle::Unavailable { why } => (head.children(switch(item, &key, &desc_id, false, true)), Some(why)),
    };
    let mut dl = Element::new("dl");
    for (term, value) in [
        (&w.data, &item.data),
        (&w.recipients, &item.recipients),
        (&w.retention, &item.retention),
    ] {
        dl = dl.child(text("dt", "", term)).child(text("dd", "", value));
    }
    Element::of("li", "assent-purpose")
        .child(head)
        .child(text("p", "assent-desc", &item.description).attr("id", desc_id))
        .maybe(note.map(|n| text("p", "assent-note", n)))
        .child(
            Element::of("details", "assent-details")
                .child(text("summary", "", &w.details))
                .child(dl)
                .child(link(&item.clause)),
        )
}

fn purposes(items: &[PurposeItem], w: &PurposeLabels) -> Element {
    Element::of("ul", "assent-purposes").children(items.iter().map(|i| purpose(i, w)))
}

/// The second layer: every purpose with its details and its switch, in a form that saves them.
pub fn second_layer(m: &SecondLayer, locale: &str, target: &Target) -> Element {
    let sections = m.sections.iter().map(|s| {
        let hid = format!("assent-h-{}", s.kind.json_name());
        Element::of("section", "assent-section")
            .attr("aria-labelledby", hid.as_str())
            .child(text("h3", "", &s.heading).attr("id", hid))
            .child(text("p", "assent-intro", &s.intro))
            .child(purposes(&s.items, &m.labels))
    });
    dialog("assent-dialog assent-second").child(
        choice_form(target, locale)
            .child(top(&m.title, &m.close))
            .child(summary(&m.intro))
            .maybe(m.unsigned.as_deref().map(|u| text("p", "assent-note", u)))
            .child(Element::of("div", "assent-sections").children(sections))
            .child(link(&m.policy))
            .child(actions(&[
                (&m.accept_all, "accept"),
                (&m.reject_all, "reject"),
                (&m.save, "save"),
            ])),
    )
}

/// The modal notice of a major policy update: what changed, and switches for only the purposes
/// that need an answer again. A change that reduces the visitor's rights says which terms apply
/// until they accept, and offers to accept now or later.
pub fn update_modal(u: &UpdateModel, locale: &str, target: &Target) -> Element {
    let buttons: &[(&str, &str)] = if u.requires_acceptance {
        &[(&u.confirm, "update-confirm"), (&u.dismiss, "update-later")]
    } else if u.ask.is_empty() {
        &[(&u.dismiss, "update-dismiss")]
    } else {
        &[(&u.confirm, "update-confirm")]
    };
    let mut f = choice_form(target, locale)
        .child(title(&u.title))
        .child(summary(&u.summary))
        .maybe(u.terms_note.as_deref().map(|n| text("p", "assent-terms", n)));
    if !u.ask.is_empty() {
        f = f
            .child(text("p", "assent-intro", &u.ask_intro))
            .child(purposes(&u.ask, &u.labels));
    }
    dialog("assent-dialog assent-update").child(
        f.child(link(&u.policy))
            .maybe(target.diff.as_ref().map(link))
            .child(actions(buttons)),
    )
}

/// The bar of a minor policy update: not modal, dismissed with one button.
pub fn update_bar(u: &UpdateModel, locale: &str, target: &Target) -> Element {
    Element::of("div", "assent-bar")
        .attr("role", "region")
        .attr("aria-label", u.title.as_str())
        .child(
            choice_form(target, locale)
                .child(text("strong", "assent-bar-title", &u.title))
                .child(text("p", "assent-summary", &u.summary))
                .maybe(target.diff.as_ref().map(link))
                .child(button("assent-btn", &u.dismiss, "update-dismiss")),
        )
}

fn select(name: &'static str, label: &str, choose: &str, options: impl Iterator<Item = (String, String)>) -> Element {
    // No option is selected: the empty "Choose…" comes first, and `required` refuses it.
    let mut s = Element::new("select")
        .attr("name", name)
        .attr("required", "")
        .child(Element::new("option").attr("value", "").text(choose));
    for (value, label) in options {
        s = s.child(Element::new("option").attr("value", value).text(&label));
    }
    Element::of("label", "assent-field")
        .child(text("span", "", label))
        .child(s)
}

/// The age question, the dialog's first step: a neutral birth year and month (every year the
/// engine lists, nothing preselected), one sentence on why it is asked and that only the age
/// band is kept. It posts `birthYear`, `birthMonth` and `return` to the edge's `/age` (the
/// browser banner sends them itself, or answers on a site without an edge). Beside it, the
/// first layer's "Reject all", which needs no age.
pub fn age_step(a: &AgeStep, locale: &str, target: &Target) -> Element {
    let months = a
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| ((i + 1).to_string(), m.to_string()));
    dialog("assent-dialog assent-age")
        .child(
            form("assent-form assent-age-step", &target.age_action, target)
                .attr("data-assent-form", "age")
                .child(title(&a.title))
                .child(summary(&a.why))
                .child(
                    Element::of("fieldset", "assent-question")
                        .child(text("legend", "", &a.question))
                        .child(select(
                            "birthYear",
                            &a.year,
                            &a.choose,
                            a.years.iter().map(|y| (y.to_string(), y.to_string())),
                        ))
                        .child(select("birthMonth", &a.month, &a.choose, months)),
                )
                .child(submit(&a.submit, "age")),
        )
        // Refusing needs no age: "reject all" is the first layer's, as prominent as the answer, and
        // says what it refuses.
        .child(
            choice_form(target, locale)
                .child(text("p", "assent-note", &a.reject_note).attr("id", "assent-reject-note"))
                .child(
                    Element::of("div", "assent-actions").child(
                        button("assent-btn", &a.reject, "reject").attr("aria-describedby", "assent-reject-note"),
                    ),
                ),
        )
}

/// The guardian step for a child: what is paused, how to ask a guardian (an email field that
/// posts `contact` to the edge's `/guardian/request`, when there is an edge), and what the
/// guardian will see.
pub fn guardian_step(g: &GuardianStep, locale: &str, target: &Target) -> Element {
    // Where the child picks what to ask for: one box per purpose waiting, none ticked.
    let pick = g.pick.as_deref().map(|legend| {
        g.purposes.iter().fold(
            Element::of("fieldset", "assent-question").child(text("legend", "", legend)),
            |set, (id, name)| {
                set.child(
                    Element::of("label", "assent-field")
                        .child(
                            Element::new("input")
                                .attr("type", "checkbox")
                                .attr("name", "purpose")
                                .attr("value", id.as_str()),
                        )
                        .child(text("span", "", name)),
                )
            },
        )
    });
    let request = g.contact.as_deref().map(|label| {
        // `contact`, and the purposes the child picked where they pick: what the edge's guardian
        // request takes; it answers with its own page.
        Element::of("form", "assent-form assent-guardian-form")
            .attr("method", "post")
            .attr("action", target.guardian_action.as_str())
            .attr("data-assent-form", "guardian")
            .maybe(pick)
            .child(
                Element::of("label", "assent-field")
                    .child(text("span", "", label))
                    .child(
                        Element::new("input")
                            .attr("type", "email")
                            .attr("name", "contact")
                            .attr("required", "")
                            .attr("autocomplete", "off"),
                    ),
            )
            .child(submit(&g.send, "guardian-request"))
    });
    // "Keep them off" records the child's own refusal through the banner's reject action.
    let not_now = g.not_now.as_deref().map(|label| actions(&[(label, "reject")]));
    dialog("assent-dialog assent-guardian")
        .child(
            choice_form(target, locale)
                .child(top(&g.title, &g.close))
                .child(summary(&g.paused))
                .child(text("p", "assent-intro", &g.how))
                .child(text("p", "assent-intro", &g.guardian_sees))
                .maybe(g.waiting.as_deref().map(|w| text("p", "assent-request", w)))
                .maybe(not_now),
        )
        .maybe(request)
        .child(link(&g.policy))
}

/// The placeholder for a gated embed of `purpose`.
pub fn placeholder(p: &Placeholder, purpose: &str, locale: &str) -> Element {
    Element::of("div", "assent-placeholder")
        .attr("lang", locale)
        .attr("data-assent-for", purpose)
        .child(text("p", "", &p.text))
        .maybe(p.why.as_deref().map(|why| text("p", "assent-note", why)))
        .maybe(p.allow.as_deref().map(|label| {
            // Not in a form: the embed's page has none, and without JavaScript the edge
            // decides what loads.
            Element::of("button", "assent-btn")
                .attr("type", "button")
                .attr("data-assent-action", "allow")
                .attr("data-assent-purpose", purpose)
                .text(label)
        }))
        .child(link(&p.clause))
}

/// Which dialog is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The first layer.
    First,
    /// The second layer.
    Second,
    /// The notice of a major policy update.
    Update,
    /// The guardian-guidance notice.
    Guidance,
    /// The age question.
    Age,
    /// The guardian step.
    Guardian,
}

impl Shown {
    /// The dialog's name at the boundary.
    pub fn name(self) -> &'static str {
        match self {
            Shown::First => "first",
            Shown::Second => "second",
            Shown::Update => "update",
            Shown::Guidance => "guidance",
            Shown::Age => "age",
            Shown::Guardian => "guardian",
        }
    }

    /// The dialog a boundary name names.
    pub fn named(name: &str) -> Option<Shown> {
        [
            Shown::First,
            Shown::Second,
            Shown::Update,
            Shown::Guidance,
            Shown::Age,
            Shown::Guardian,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }

    /// The dialog that opens when this one is asked for: while the age is not known, the layers
    /// of choices wait behind the age question, and for a child who may ask a guardian, behind
    /// the guardian step, so "Privacy choices" brings the visitor to what they can answer rather
    /// than to switches they cannot use.
    pub fn or_step_before(self, model: &BannerModel) -> Shown {
        match self {
            Shown::First | Shown::Second if model.age.is_some() => Shown::Age,
            Shown::First | Shown::Second if model.guardian.is_some() => Shown::Guardian,
            shown => shown,
        }
    }

    /// What opens by itself for an [`Opening`] (the update bar is no dialog: `None`).
    pub fn of(opening: Opening) -> Option<Shown> {
        match opening {
            Opening::Banner => Some(Shown::First),
            Opening::UpdateModal => Some(Shown::Update),
            Opening::Guidance => Some(Shown::Guidance),
            Opening::AgeStep => Some(Shown::Age),
            Opening::GuardianStep => Some(Shown::Guardian),
            Opening::Nothing | Opening::UpdateBar => None,
        }
    }
}

/// A dialog of the model, or `None` when the model has no such dialog (no update, no guidance,
/// no age question, no guardian step).
pub fn dialog_of(model: &BannerModel, shown: Shown, target: &Target) -> Option<Element> {
    let locale = model.locale.as_str();
    Some(match shown {
        Shown::First => first_layer(&model.first, locale, target),
        Shown::Second => second_layer(&model.second, locale, target),
        Shown::Update => update_modal(model.update.as_ref()?, locale, target),
        Shown::Guidance => guidance(model.guidance.as_ref()?, locale, target),
        Shown::Age => age_step(model.age.as_ref()?, locale, target),
        Shown::Guardian => guardian_step(model.guardian.as_ref()?, locale, target),
    })
}

/// The whole banner as it stands when the page loads: the container, with what opens by itself
/// (a dialog in its layer first, or the update bar last).
pub fn page(model: &BannerModel, target: &Target) -> Element {
    page_with(model, Shown::of(model.opening), target)
}

/// The whole banner with the dialog `shown` open (the second layer after "Choose" on a page
/// without scripts), or with what opens by itself when `shown` is `None` or the model has no
/// such dialog.
pub fn page_with(model: &BannerModel, shown: Option<Shown>, target: &Target) -> Element {
    match shown.and_then(|s| dialog_of(model, s.or_step_before(model), target)) {
        Some(d) => {
            let mut root = container(model, target, true);
            root.children.insert(0, layer(d).into());
            root
        }
        None => {
            let root = container(model, target, false);
            match (&model.update, model.opening) {
                (Some(u), Opening::UpdateBar) => root.child(update_bar(u, &model.locale, target)),
                _ => root,
            }
        }
    }
}

/// Elements with no end tag.
fn is_void(tag: &str) -> bool {
    matches!(tag, "input" | "br" | "hr" | "img" | "meta" | "link")
}

fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn write_element(out: &mut String, e: &Element) {
    out.push('<');
    out.push_str(e.tag);
    for (name, value) in &e.attrs {
        out.push(' ');
        out.push_str(name);
        // HTML reads a bare name as the empty value (`checked`, `required`); `value=""` stays
        // spelled out, as a reader expects it.
        if !value.is_empty() || *name == "value" {
            out.push_str("=\"");
            escape_into(out, value, true);
            out.push('"');
        }
    }
    out.push('>');
    if is_void(e.tag) {
        return;
    }
    for c in &e.children {
        write_html(out, c);
    }
    out.push_str("</");
    out.push_str(e.tag);
    out.push('>');
}

fn write_html(out: &mut String, node: &Node) {
    match node {
        Node::Text(t) => escape_into(out, t, false),
        Node::Element(e) => write_element(out, e),
    }
}

/// The tree as HTML: texts and attribute values escaped, no whitespace added (so the page the
/// edge sends lays out exactly as the elements the browser banner creates).
pub fn to_html(node: &Node) -> String {
    let mut out = String::new();
    write_html(&mut out, node);
    out
}

impl Element {
    /// The element as HTML (see [`to_html`]).
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        write_element(&mut out, self);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::banner::session::document_session;
    use crate::banner::Visitor;
    use crate::eval::AgeBand;
    use crate::time::Timestamp;

    fn model(jurisdiction: &str, lang: &str) -> BannerModel {
        let visitor = Visitor {
            jurisdiction: jurisdiction.into(),
            age_band: Some(AgeBand::Adult),
            gpc: false,
        };
        let s = document_session(include_str!("../../policies/seed.json"), visitor, Some(lang), &[], true).unwrap();
        let now = Timestamp::parse("2026-11-29T12:00:00Z").unwrap();
        s.model(&s.evaluate(now).unwrap(), now)
    }

    fn target() -> Target {
        Target {
            action: "/consent/form".into(),
            ..Target::default()
        }
    }

    #[test]
    fn every_first_layer_button_is_the_same_element_with_the_same_class() {
        for (j, lang) in [("DE", "en"), ("CN", "zh-CN")] {
            let m = model(j, lang);
            let first = first_layer(&m.first, &m.locale, &target());
            let buttons: Vec<&Element> = first.descendants().into_iter().filter(|e| e.tag == "button").collect();
            assert_eq!(buttons.len(), 3);
            for b in &buttons {
                assert_eq!(
                    (b.tag, b.get("class"), b.get("type")),
                    ("button", Some("assent-btn"), Some("submit"))
                );
                // The edge reads `action`; the browser banner reads `data-assent-action`: the same.
                assert_eq!(b.get("name"), Some("action"));
                assert_eq!(b.get("value"), b.get("data-assent-action"));
            }
            let attr_names = |b: &Element| b.attrs.iter().map(|(k, _)| *k).collect::<Vec<_>>();
            assert!(buttons.iter().all(|b| attr_names(b) == attr_names(buttons[0])));
        }
    }

    #[test]
    fn the_second_layer_is_a_form_of_real_checkboxes_off_until_turned_on() {
        let m = model("DE", "en");
        let second = second_layer(&m.second, &m.locale, &target());
        let form = second.descendants().into_iter().find(|e| e.tag == "form").unwrap();
        assert_eq!(
            (form.get("method"), form.get("action")),
            (Some("post"), Some("/consent/form"))
        );
        let boxes: Vec<&Element> = form
            .descendants()
            .into_iter()
            .filter(|e| e.get("type") == Some("checkbox"))
            .collect();
        assert!(!boxes.is_empty());
        for b in boxes {
            let purpose = b.get("data-assent-purpose").unwrap();
            assert_eq!(b.get("name").map(String::from), Some(format!("p:{purpose}")));
            assert_eq!(b.get("checked"), None, "{purpose} starts off");
        }
        let actions: Vec<&str> = form
            .descendants()
            .into_iter()
            .filter_map(|e| e.get("data-assent-action"))
            .collect();
        assert_eq!(actions, ["close", "accept", "reject", "save"]);
    }

    #[test]
    fn the_layout_is_the_containers_class_and_only_the_modal_first_layer_holds_the_page() {
        use crate::banner::config::{Layout, Look, Theme};
        let m = model("DE", "en");
        for layout in Layout::ALL {
            for theme in Theme::ALL {
                let t = Target {
                    look: Look { layout, theme },
                    ..target()
                };
                let root = page_with(&m, Some(Shown::First), &t);
                assert_eq!(
                    root.get("class").map(String::from),
                    Some(format!("assent assent-layout-{}", layout.name()))
                );
                let forced = (theme != Theme::Auto).then_some(theme.name());
                assert_eq!(root.get("data-assent-theme"), forced);
                let all = root.descendants();
                let first = all.iter().find(|e| e.has_class("assent-first")).unwrap();
                let frame = all.iter().find(|e| e.has_class("assent-layer")).unwrap();
                assert_eq!(first.get("role"), Some("dialog"));
                assert_eq!(first.get("aria-labelledby"), Some("assent-title"));
                assert_eq!(first.get("aria-modal").is_some(), layout == Layout::Modal, "{layout:?}");
                assert_eq!(
                    frame.has_class("assent-modeless"),
                    layout != Layout::Modal,
                    "{layout:?}"
                );
                // Accept and reject stay the same element with the same class, in every layout.
                let buttons: Vec<_> = first.descendants().into_iter().filter(|e| e.tag == "button").collect();
                fn shape(b: &Element) -> (Option<&str>, Vec<&'static str>) {
                    (b.get("class"), b.attrs.iter().map(|(k, _)| *k).collect())
                }
                assert!(buttons.len() == 3 && buttons.iter().all(|b| shape(b) == shape(buttons[0])));
                // What asks for an answer first is modal whatever the layout.
                let second = page_with(&m, Some(Shown::Second), &t);
                assert!(second
                    .descendants()
                    .iter()
                    .any(|e| e.has_class("assent-second") && e.get("aria-modal") == Some("true")));
            }
        }
    }

    #[test]
    fn texts_and_attributes_are_escaped() {
        let e = Element::new("p")
            .attr("title", "\"a\" & 'b' <c>")
            .flag("hidden", true)
            .text("<script>x</script> & \"y\"")
            .child(Element::new("input").attr("value", ""));
        assert_eq!(
            e.to_html(),
            "<p title=\"&quot;a&quot; &amp; &#39;b&#39; &lt;c&gt;\" hidden>&lt;script&gt;x&lt;/script&gt; &amp; \"y\"<input value=\"\"></p>"
        );
        assert_eq!(e.text_content(), "<script>x</script> & \"y\"");
    }
}
