//! Gating in the page: `<script type="text/plain" data-purpose>` runs once its purpose is
//! allowed (as a new script element, attributes copied; the edge may have moved the original
//! type to `data-type`), `<iframe|embed data-purpose data-src>` loads once allowed and shows a
//! placeholder until then; and on withdrawal the purpose's cookies and storage are deleted.
//! Which purposes are allowed, and what the placeholder says, is the core's answer.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, HtmlScriptElement, Storage, Window};

use crate::policy::{StorageItem, StorageKind};

const BLOCKED_SCRIPTS: &str = "script[data-purpose][type='text/plain' i]";
const EMBEDS: &str = "iframe[data-purpose], embed[data-purpose]";

fn each(doc: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = doc.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn purpose_of(e: &Element) -> String {
    e.get_attribute("data-purpose").unwrap_or_default()
}

/// Adds `purpose` to `purposes` unless it is there: the few purpose ids of one page, kept as a
/// list.
pub fn add_purpose(purposes: &mut Vec<String>, purpose: String) {
    if !purposes.contains(&purpose) {
        purposes.push(purpose);
    }
}

/// The purposes whose scripts or embeds are live when the page loads (the edge let them
/// through): withdrawing them later needs a reload to stop what already ran.
pub fn live_at_load(doc: &Document) -> Vec<String> {
    let scripts = each(doc, "script[data-purpose]").into_iter().filter(|s| {
        !s.get_attribute("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("text/plain"))
    });
    let embeds = each(doc, EMBEDS).into_iter().filter(|e| e.has_attribute("src"));
    let mut live = Vec::new();
    for e in scripts.chain(embeds) {
        add_purpose(&mut live, purpose_of(&e));
    }
    live
}

/// Runs the blocked scripts of the `allowed` purposes, in document order, once each. Returns the
/// purposes that ran.
pub fn release_scripts(doc: &Document, allowed: &[&str]) -> Result<Vec<String>, JsValue> {
    let mut ran = Vec::new();
    for old in each(doc, BLOCKED_SCRIPTS) {
        let purpose = purpose_of(&old);
        if !allowed.contains(&purpose.as_str()) {
            continue;
        }
        let new: HtmlScriptElement = doc.create_element("script")?.unchecked_into();
        for name in old.get_attribute_names().iter().filter_map(|n| n.as_string()) {
            if matches!(name.as_str(), "type" | "data-type" | "data-src" | "data-assent") {
                continue;
            }
            if let Some(v) = old.get_attribute(&name) {
                new.set_attribute(&name, &v)?;
            }
        }
        if let Some(t) = old
            .get_attribute("data-type")
            .filter(|t| !t.eq_ignore_ascii_case("text/plain"))
        {
            new.set_attribute("type", &t)?;
        }
        // Keep the page's order: a dynamically inserted script is async unless told otherwise.
        new.set_async(false);
        match old.get_attribute("data-src") {
            Some(src) => new.set_src(&src),
            None if !old.has_attribute("src") => new.set_text(&old.text_content().unwrap_or_default())?,
            None => {}
        }
        new.set_attribute("data-assent", "released")?;
        if let Some(parent) = old.parent_node() {
            parent.replace_child(&new, &old)?;
            add_purpose(&mut ran, purpose);
        }
    }
    Ok(ran)
}

/// The embeds: the allowed ones load (placeholder removed), the others keep or get their
/// placeholder from `placeholder(purpose, title)`. Returns the purposes that loaded.
pub fn gate_embeds(
    doc: &Document,
    allowed: &[&str],
    mut placeholder: impl FnMut(&str, Option<&str>) -> Result<Option<Element>, JsValue>,
) -> Result<Vec<String>, JsValue> {
    let mut loaded = Vec::new();
    for (n, frame) in each(doc, EMBEDS).into_iter().enumerate() {
        let purpose = purpose_of(&frame);
        let slot = match frame.get_attribute("data-assent-slot") {
            Some(s) => s,
            None => {
                let s = n.to_string();
                frame.set_attribute("data-assent-slot", &s)?;
                s
            }
        };
        let existing = doc.query_selector(&format!(".assent-placeholder[data-assent-slot='{slot}']"))?;
        let html: Option<&HtmlElement> = frame.dyn_ref();
        if allowed.contains(&purpose.as_str()) {
            if let Some(src) = frame.get_attribute("data-src") {
                frame.set_attribute("src", &src)?;
                frame.remove_attribute("data-src")?;
                add_purpose(&mut loaded, purpose);
            }
            frame.set_attribute("data-assent", "released")?;
            if let Some(h) = html {
                h.set_hidden(false);
            }
            if let Some(p) = existing {
                p.remove();
            }
        } else if !frame.has_attribute("src") {
            if let Some(h) = html {
                h.set_hidden(true);
            }
            if let Some(old) = existing {
                old.remove();
            }
            if let Some(p) = placeholder(&purpose, frame.get_attribute("title").as_deref())? {
                p.set_attribute("data-assent-slot", &slot)?;
                if let Some(parent) = frame.parent_node() {
                    parent.insert_before(&p, Some(&frame))?;
                }
            }
        }
    }
    Ok(loaded)
}

fn cookie_names(doc: &Document) -> Vec<String> {
    Reflect::get(doc, &JsValue::from_str("cookie"))
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default()
        .split(';')
        .filter_map(|c| c.split_once('=').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

fn storage_keys(s: &Storage) -> Vec<String> {
    let n = s.length().unwrap_or(0);
    (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
}

/// Deletes the cookies and storage entries `items` name: cookies on the path `/` for this host
/// and each parent domain (where a script may have set them), local and session storage keys,
/// and IndexedDB databases named exactly.
pub fn delete_storage(win: &Window, doc: &Document, items: &[&StorageItem]) {
    use crate::banner::storage::to_delete;
    let host = win.location().hostname().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    let domains: Vec<String> = (0..labels.len().saturating_sub(1))
        .filter_map(|i| labels.get(i..).map(|l| l.join(".")))
        .collect();
    let cookies = cookie_names(doc);
    for name in to_delete(items, StorageKind::Cookie, &cookies) {
        let expire = format!("{name}=; Max-Age=0; Path=/");
        let _ = Reflect::set(doc, &JsValue::from_str("cookie"), &JsValue::from_str(&expire));
        for d in &domains {
            let _ = Reflect::set(
                doc,
                &JsValue::from_str("cookie"),
                &JsValue::from_str(&format!("{expire}; Domain={d}")),
            );
        }
    }
    for (kind, store) in [
        (StorageKind::LocalStorage, win.local_storage()),
        (StorageKind::SessionStorage, win.session_storage()),
    ] {
        if let Ok(Some(s)) = store {
            let keys = storage_keys(&s);
            for k in to_delete(items, kind, &keys) {
                let _ = s.remove_item(k);
            }
        }
    }
    let idb = Reflect::get(win, &JsValue::from_str("indexedDB")).unwrap_or(JsValue::UNDEFINED);
    if let Ok(delete) = Reflect::get(&idb, &JsValue::from_str("deleteDatabase")) {
        if let Some(f) = delete.dyn_ref::<js_sys::Function>() {
            for i in items
                .iter()
                .filter(|i| i.kind == StorageKind::IndexedDb && !i.name.ends_with('*'))
            {
                let _ = f.call1(&idb, &JsValue::from_str(&i.name));
            }
        }
    }
}
