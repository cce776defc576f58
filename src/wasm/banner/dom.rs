//! Drawing the banner: the elements of the core's markup tree ([`crate::banner::markup`]),
//! created with the DOM, so the browser draws exactly what the edge writes into its pages. Every
//! text is a text node, never HTML, and no element gets an inline style (the page's CSP forbids
//! them); the look is in `assent.css`.
//!
//! Buttons carry `data-assent-action`; one click listener on the document dispatches them (see
//! `super::on_click`), so the drawing code holds no closures.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use crate::banner::markup::{self, Node, Shown, Target};
use crate::banner::model::UpdateModel;
use crate::banner::{BannerModel, Placeholder};

/// The banner's elements on the page.
pub struct Ui {
    /// The container of everything the banner draws, last in `<body>`.
    pub root: Element,
    /// The open dialog's layer, if any.
    pub dialog: Option<Element>,
    /// Which dialog it is.
    pub shown: Option<Shown>,
    /// The persistent button.
    pub reopen: Element,
    /// The status line (a live region).
    pub status: Element,
    /// The minor update bar, if shown.
    pub bar: Option<Element>,
    /// Where focus was before the dialog opened, to return it there.
    pub return_focus: Option<HtmlElement>,
}

/// Creates the elements of a markup tree: its tags, attributes and texts, as they are.
pub fn render(doc: &Document, tree: &markup::Element) -> Result<Element, JsValue> {
    let e = doc.create_element(tree.tag)?;
    for (name, value) in &tree.attrs {
        e.set_attribute(name, value)?;
    }
    for child in &tree.children {
        match child {
            Node::Element(c) => {
                let child = render(doc, c)?;
                e.append_child(&child)?;
            }
            // A text node: never parsed as markup.
            Node::Text(t) => e.append_with_str_1(t)?,
        }
    }
    Ok(e)
}

/// `document.createElement(tag)` with a class.
pub fn make(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_attribute("class", class)?;
    }
    Ok(e)
}

/// An element with a class and a text, appended to `parent` (the status line's messages).
pub fn add_text(doc: &Document, parent: &Element, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = make(doc, tag, class)?;
    e.set_text_content(Some(text));
    parent.append_child(&e)?;
    Ok(e)
}

fn find(root: &Element, selector: &str) -> Result<Element, JsValue> {
    root.query_selector(selector)?
        .ok_or_else(|| JsValue::from_str("the banner's container lost an element"))
}

/// The banner's container: an `aside` landmark, last in the body, with the persistent button
/// and the status line. A container the edge already wrote into the page is taken over as it
/// is, dialog included: nothing is drawn twice and nothing moves.
pub fn root(doc: &Document, model: &BannerModel, target: &Target) -> Result<Ui, JsValue> {
    let body = doc.body().ok_or_else(|| JsValue::from_str("the page has no <body>"))?;
    let root = match doc.query_selector("aside.assent[data-assent-ui]")? {
        Some(written) => written,
        None => {
            let root = render(doc, &markup::container(model, target, false))?;
            body.append_child(&root)?;
            root
        }
    };
    let reopen = find(&root, ".assent-reopen")?;
    let status = find(&root, ".assent-status")?;
    // What the edge opened: its layer, and which dialog by the dialog's class (`assent-` and
    // the dialog's name).
    let dialog = root.query_selector(".assent-layer")?;
    let shown = dialog
        .as_ref()
        .and_then(|d| d.query_selector("[role=dialog]").ok().flatten())
        .and_then(|d| {
            let class = d.get_attribute("class").unwrap_or_default();
            class
                .split(' ')
                .filter_map(|k| k.strip_prefix("assent-"))
                .find_map(Shown::named)
        });
    let bar = root.query_selector(".assent-bar")?;
    Ok(Ui {
        root,
        dialog,
        shown,
        reopen,
        status,
        bar,
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

/// A dialog of the model in its layer (the backdrop), or `None` when the model has no such
/// dialog.
pub fn dialog(doc: &Document, model: &BannerModel, shown: Shown, target: &Target) -> Result<Option<Element>, JsValue> {
    let Some(tree) = markup::dialog_of(model, shown, target) else {
        return Ok(None);
    };
    render(doc, &markup::layer(tree)).map(Some)
}

/// The bar of a minor policy update: not modal, dismissed with one button.
pub fn update_bar(doc: &Document, u: &UpdateModel, locale: &str, target: &Target) -> Result<Element, JsValue> {
    render(doc, &markup::update_bar(u, locale, target))
}

/// The placeholder for a gated embed.
pub fn placeholder(doc: &Document, p: &Placeholder, purpose: &str, locale: &str) -> Result<Element, JsValue> {
    render(doc, &markup::placeholder(p, purpose, locale))
}

/// Whether the dialog in `layer` holds the page (`aria-modal`), or leaves it usable (the first
/// layer as a bar or a box).
pub fn is_modal(layer: &Element) -> bool {
    layer
        .query_selector("[role=dialog][aria-modal=true]")
        .ok()
        .flatten()
        .is_some()
}

/// The elements the Tab key moves between inside `dialog`, in order: those a closed
/// `<details>` hides are left out, or focus would leave the dialog through them.
pub fn focusable(dialog: &Element) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(
        "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), summary",
    ) else {
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
