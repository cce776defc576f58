//! Drawing the banner: the dialog's two layers, the update notice, the persistent "privacy
//! choices" button and the status line, from the core's [`BannerModel`]. Every text is set with
//! `textContent`, never as HTML, and no element gets an inline style (the page's CSP forbids
//! them); the look is in `assent.css`.
//!
//! Buttons carry `data-assent-action`; one click listener on the document dispatches them (see
//! `super::on_click`), so the drawing code holds no closures.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use crate::banner::model::{GuidanceModel, Link, PurposeItem, SecondLayer, Toggle, UpdateModel};
use crate::banner::{BannerModel, Placeholder};

/// Which dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// None.
    Closed,
    /// The first layer.
    First,
    /// The second layer.
    Second,
    /// The notice of a major policy update.
    Update,
    /// The guardian-guidance notice for a minor, before the first layer.
    Guidance,
}

/// The banner's elements on the page.
pub struct Ui {
    /// The container of everything the banner draws, last in `<body>`.
    pub root: Element,
    /// The open dialog, if any.
    pub dialog: Option<Element>,
    /// Which one.
    pub layer: Layer,
    /// The persistent button.
    pub reopen: Element,
    /// The status line (a live region).
    pub status: Element,
    /// The minor update bar, if shown.
    pub bar: Option<Element>,
    /// Where focus was before the dialog opened, to return it there.
    pub return_focus: Option<HtmlElement>,
}

/// `document.createElement(tag)` with a class.
pub fn make(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_attribute("class", class)?;
    }
    Ok(e)
}

/// An element with a class and a text, appended to `parent`.
pub fn add_text(doc: &Document, parent: &Element, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = make(doc, tag, class)?;
    e.set_text_content(Some(text));
    parent.append_child(&e)?;
    Ok(e)
}

fn set(e: &Element, attrs: &[(&str, &str)]) -> Result<(), JsValue> {
    for (k, v) in attrs {
        e.set_attribute(k, v)?;
    }
    Ok(())
}

/// A button that the click dispatcher runs as `action`.
pub fn add_button(
    doc: &Document,
    parent: &Element,
    class: &str,
    label: &str,
    action: &str,
) -> Result<Element, JsValue> {
    let b = add_text(doc, parent, "button", class, label)?;
    set(&b, &[("type", "button"), ("data-assent-action", action)])?;
    Ok(b)
}

fn add_link(doc: &Document, parent: &Element, link: &Link) -> Result<Element, JsValue> {
    let p = make(doc, "p", "assent-policy")?;
    let a = add_text(doc, &p, "a", "assent-link", &link.label)?;
    a.set_attribute("href", &link.href)?;
    parent.append_child(&p)?;
    Ok(a)
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

/// The banner's container: an `aside` landmark, last in the body, with the persistent button
/// and the status line.
pub fn root(doc: &Document, model: &BannerModel) -> Result<Ui, JsValue> {
    let body = doc.body().ok_or_else(|| JsValue::from_str("the page has no <body>"))?;
    let root = make(doc, "aside", "assent")?;
    set(
        &root,
        &[
            ("lang", &model.locale),
            ("aria-label", &model.privacy_choices),
            ("data-assent-ui", ""),
        ],
    )?;
    let reopen = add_button(doc, &root, "assent-reopen", &model.privacy_choices, "reopen")?;
    reopen.set_attribute("aria-haspopup", "dialog")?;
    let status = make(doc, "div", "assent-status")?;
    set(&status, &[("role", "status"), ("aria-live", "polite")])?;
    root.append_child(&status)?;
    body.append_child(&root)?;
    Ok(Ui {
        root,
        dialog: None,
        layer: Layer::Closed,
        reopen,
        status,
        bar: None,
        return_focus: None,
    })
}

/// Updates the container's language and the persistent button's label.
pub fn relabel(ui: &Ui, model: &BannerModel) -> Result<(), JsValue> {
    ui.root.set_attribute("lang", &model.locale)?;
    ui.root.set_attribute("aria-label", &model.privacy_choices)?;
    ui.reopen.set_text_content(Some(&model.privacy_choices));
    Ok(())
}

fn dialog(doc: &Document, class: &str) -> Result<Element, JsValue> {
    let d = make(doc, "div", class)?;
    set(
        &d,
        &[
            ("role", "dialog"),
            ("aria-modal", "true"),
            ("aria-labelledby", "assent-title"),
            ("aria-describedby", "assent-desc"),
        ],
    )?;
    Ok(d)
}

fn title(doc: &Document, parent: &Element, text: &str) -> Result<(), JsValue> {
    let h = add_text(doc, parent, "h2", "assent-title", text)?;
    // Focus goes to the heading when the dialog opens: the start of what it says, and no
    // button preselected.
    set(&h, &[("id", "assent-title"), ("tabindex", "-1")])
}

fn actions(doc: &Document, parent: &Element, buttons: &[(&str, &str)]) -> Result<(), JsValue> {
    let row = make(doc, "div", "assent-actions")?;
    for (label, action) in buttons {
        add_button(doc, &row, "assent-btn", label, action)?;
    }
    parent.append_child(&row)?;
    Ok(())
}

/// The first layer.
pub fn first_layer(doc: &Document, model: &BannerModel) -> Result<Element, JsValue> {
    let m = &model.first;
    let d = dialog(doc, "assent-dialog assent-first")?;
    title(doc, &d, &m.title)?;
    add_text(doc, &d, "p", "assent-summary", &m.summary)?.set_attribute("id", "assent-desc")?;
    if let Some(note) = &m.separate_note {
        add_text(doc, &d, "p", "assent-note", note)?;
    }
    add_link(doc, &d, &m.policy)?;
    // Three buttons, the same element, class and size: none is more prominent than another.
    actions(
        doc,
        &d,
        &[
            (&m.accept_all, "accept"),
            (&m.reject_all, "reject"),
            (&m.choose, "choose"),
        ],
    )?;
    Ok(d)
}

/// The guardian-guidance notice: what the policy asks of a minor, its clause on minors, and
/// one button on to the banner.
pub fn guidance(doc: &Document, g: &GuidanceModel) -> Result<Element, JsValue> {
    let d = dialog(doc, "assent-dialog assent-guidance")?;
    title(doc, &d, &g.title)?;
    add_text(doc, &d, "p", "assent-summary", &g.text)?.set_attribute("id", "assent-desc")?;
    add_link(doc, &d, &g.clause)?;
    actions(doc, &d, &[(&g.proceed, "guidance-continue")])?;
    Ok(d)
}

fn purpose(doc: &Document, list: &Element, item: &PurposeItem, labels: &Labels<'_>) -> Result<(), JsValue> {
    let li = make(doc, "li", "assent-purpose")?;
    let head = make(doc, "div", "assent-purpose-head")?;
    let key = id_part(&item.id);
    let desc_id = format!("assent-d-{key}");
    let note = match &item.toggle {
        Toggle::AlwaysOn { why } => {
            add_text(doc, &head, "span", "assent-name", &item.name)?;
            add_text(doc, &head, "span", "assent-badge", labels.always_on)?;
            Some(why)
        }
        Toggle::Choice { on, note } => {
            switch(doc, &head, item, &key, &desc_id, *on, false)?;
            note.as_ref()
        }
        Toggle::Unavailable { why } => {
            switch(doc, &head, item, &key, &desc_id, false, true)?;
            Some(why)
        }
    };
    li.append_child(&head)?;
    add_text(doc, &li, "p", "assent-desc", &item.description)?.set_attribute("id", &desc_id)?;
    if let Some(n) = note {
        add_text(doc, &li, "p", "assent-note", n)?;
    }
    let details = make(doc, "details", "assent-details")?;
    add_text(doc, &details, "summary", "", labels.details)?;
    let dl = make(doc, "dl", "")?;
    for (term, value) in [
        (labels.data, &item.data),
        (labels.recipients, &item.recipients),
        (labels.retention, &item.retention),
    ] {
        add_text(doc, &dl, "dt", "", term)?;
        add_text(doc, &dl, "dd", "", value)?;
    }
    details.append_child(&dl)?;
    add_link(doc, &details, &item.clause)?;
    li.append_child(&details)?;
    list.append_child(&li)?;
    Ok(())
}

fn switch(
    doc: &Document,
    head: &Element,
    item: &PurposeItem,
    key: &str,
    desc_id: &str,
    on: bool,
    disabled: bool,
) -> Result<(), JsValue> {
    let id = format!("assent-p-{key}");
    let input: HtmlInputElement = make(doc, "input", "assent-switch")?.unchecked_into();
    set(
        &input,
        &[
            ("type", "checkbox"),
            ("role", "switch"),
            ("id", &id),
            ("aria-describedby", desc_id),
            ("data-assent-purpose", &item.id),
        ],
    )?;
    input.set_checked(on);
    input.set_disabled(disabled);
    head.append_child(&input)?;
    add_text(doc, head, "label", "assent-name", &item.name)?.set_attribute("for", &id)?;
    Ok(())
}

/// The words the purpose list needs besides the model's items.
pub struct Labels<'a> {
    /// "Always on".
    pub always_on: &'a str,
    /// "Details".
    pub details: &'a str,
    /// "Data used".
    pub data: &'a str,
    /// "Shared with".
    pub recipients: &'a str,
    /// "Kept".
    pub retention: &'a str,
}

fn purposes(doc: &Document, parent: &Element, items: &[PurposeItem], labels: &Labels<'_>) -> Result<(), JsValue> {
    let list = make(doc, "ul", "assent-purposes")?;
    for item in items {
        purpose(doc, &list, item, labels)?;
    }
    parent.append_child(&list)?;
    Ok(())
}

/// The second layer.
pub fn second_layer(doc: &Document, m: &SecondLayer, labels: &Labels<'_>) -> Result<Element, JsValue> {
    let d = dialog(doc, "assent-dialog assent-second")?;
    let top = make(doc, "div", "assent-top")?;
    title(doc, &top, &m.title)?;
    add_button(doc, &top, "assent-close", &m.close, "close")?;
    d.append_child(&top)?;
    add_text(doc, &d, "p", "assent-summary", &m.intro)?.set_attribute("id", "assent-desc")?;
    if let Some(u) = &m.unsigned {
        add_text(doc, &d, "p", "assent-note", u)?;
    }
    let body = make(doc, "div", "assent-sections")?;
    for s in &m.sections {
        let sec = make(doc, "section", "assent-section")?;
        let hid = format!("assent-h-{}", s.kind.json_name());
        sec.set_attribute("aria-labelledby", &hid)?;
        add_text(doc, &sec, "h3", "", &s.heading)?.set_attribute("id", &hid)?;
        add_text(doc, &sec, "p", "assent-intro", &s.intro)?;
        purposes(doc, &sec, &s.items, labels)?;
        body.append_child(&sec)?;
    }
    d.append_child(&body)?;
    add_link(doc, &d, &m.policy)?;
    actions(
        doc,
        &d,
        &[(&m.accept_all, "accept"), (&m.reject_all, "reject"), (&m.save, "save")],
    )?;
    Ok(d)
}

/// The modal notice of a major policy update: what changed, and switches for only the purposes
/// that need an answer again.
/// A change that reduces the visitor's rights says which terms apply until they accept, and
/// offers to accept now or later. `diff` links to the full list of changes, when an edge serves it.
pub fn update_modal(
    doc: &Document,
    u: &UpdateModel,
    labels: &Labels<'_>,
    diff: Option<&Link>,
) -> Result<Element, JsValue> {
    let d = dialog(doc, "assent-dialog assent-update")?;
    title(doc, &d, &u.title)?;
    add_text(doc, &d, "p", "assent-summary", &u.summary)?.set_attribute("id", "assent-desc")?;
    if let Some(note) = &u.terms_note {
        add_text(doc, &d, "p", "assent-terms", note)?;
    }
    if !u.ask.is_empty() {
        add_text(doc, &d, "p", "assent-intro", &u.ask_intro)?;
        purposes(doc, &d, &u.ask, labels)?;
    }
    add_link(doc, &d, &u.policy)?;
    if let Some(diff) = diff {
        add_link(doc, &d, diff)?;
    }
    if u.requires_acceptance {
        actions(doc, &d, &[(&u.confirm, "update-confirm"), (&u.dismiss, "update-later")])?;
    } else if u.ask.is_empty() {
        actions(doc, &d, &[(&u.dismiss, "update-dismiss")])?;
    } else {
        actions(doc, &d, &[(&u.confirm, "update-confirm")])?;
    }
    Ok(d)
}

/// The bar of a minor policy update: not modal, dismissed with one button.
pub fn update_bar(doc: &Document, u: &UpdateModel, diff: Option<&Link>) -> Result<Element, JsValue> {
    let bar = make(doc, "div", "assent-bar")?;
    set(&bar, &[("role", "region"), ("aria-label", &u.title)])?;
    add_text(doc, &bar, "strong", "assent-bar-title", &u.title)?;
    add_text(doc, &bar, "p", "assent-summary", &u.summary)?;
    if let Some(diff) = diff {
        add_link(doc, &bar, diff)?;
    }
    add_button(doc, &bar, "assent-btn", &u.dismiss, "update-dismiss")?;
    Ok(bar)
}

/// The placeholder for a gated embed.
pub fn placeholder(doc: &Document, p: &Placeholder, purpose: &str, locale: &str) -> Result<Element, JsValue> {
    let box_ = make(doc, "div", "assent-placeholder")?;
    set(&box_, &[("lang", locale), ("data-assent-for", purpose)])?;
    add_text(doc, &box_, "p", "", &p.text)?;
    if let Some(why) = &p.why {
        add_text(doc, &box_, "p", "assent-note", why)?;
    }
    if let Some(label) = &p.allow {
        let b = add_button(doc, &box_, "assent-btn", label, "allow")?;
        b.set_attribute("data-assent-purpose", purpose)?;
    }
    add_link(doc, &box_, &p.clause)?;
    Ok(box_)
}

/// The elements the Tab key moves between inside `dialog`, in order: those a closed
/// `<details>` hides are left out, or focus would leave the dialog through them.
pub fn focusable(dialog: &Element) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all("a[href], button:not([disabled]), input:not([disabled]), summary") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| {
            // The nearest closed <details> above the element hides it, unless it is that
            // details' own summary.
            match e
                .parent_element()
                .and_then(|p| p.closest("details:not([open])").ok().flatten())
            {
                None => true,
                Some(closed) => e.tag_name() == "SUMMARY" && e.parent_element().is_some_and(|p| p == closed),
            }
        })
        .collect()
}

/// The switches of the open dialog: purpose id to on, for those the visitor may change.
pub fn switches(dialog: &Element) -> Vec<(String, bool)> {
    let Ok(list) = dialog.query_selector_all("input[data-assent-purpose]:not([disabled])") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
        .filter_map(|i| i.get_attribute("data-assent-purpose").map(|p| (p, i.checked())))
        .collect()
}
