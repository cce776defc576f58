//! The signals the ecosystem reads, sent from what the core computed: Google Consent Mode
//! (`gtag('consent', 'default' | 'update', ...)`), and the ad-tech module (`assent_adtech`),
//! which answers the IAB TCF and GPP APIs (`window.__tcfapi`, `window.__gpp`) from what
//! this hands it. A page of a site without ad tech never loads that module.

use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::{Function, Reflect};
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlInputElement, Window};

use super::App;
use crate::banner::adtech::{AdSetup, AdStrings, VendorRow};
use crate::banner::markup::Shown;
use crate::banner::tcf::TcEvent;
use crate::banner::vendors::{switches_of, vendor_section};
use crate::banner::{Action, Session};
use crate::prelude::*;
use crate::wasm::interop::json_to_js;

/// Calls `gtag('consent', command, value)`: the page's own `window.gtag` if it has one, else
/// gtag's queue function from the entry script (which pushes the `arguments` object onto
/// `window.dataLayer`, as Google's tags expect).
pub fn gtag(win: &Window, fallback: Option<&Function>, command: &str, value: &impl Serialize) -> Result<(), JsValue> {
    let own = Reflect::get(win, &JsValue::from_str("gtag"))?;
    let f = match own.dyn_ref::<Function>() {
        Some(f) => f.clone(),
        None => match fallback {
            Some(f) => f.clone(),
            None => return Ok(()),
        },
    };
    f.call3(
        win,
        &JsValue::from_str("consent"),
        &JsValue::from_str(command),
        &json_to_js(value)?,
    )?;
    Ok(())
}

/// The ad-tech module on this page (`assent_adtech`): set up once, told every change.
pub struct AdModule {
    /// Its `AdSignals` instance.
    signals: JsValue,
    /// The vendors its second layer lists.
    vendors: Vec<VendorRow>,
    /// The strings it wrote last, for `window.assent.state()`.
    strings: RefCell<AdStrings>,
}

/// Where this browser keeps the visitor's vendor choices.
fn vendors_key(policy: &str) -> String {
    format!("assent:{policy}:vendors")
}

/// Reads the vendor choices this browser kept, before anything is drawn: a choice made before
/// the ad-tech module loads then keeps the others.
pub fn read_vendor_choices(win: &Window, session: &mut Session) {
    let stored = super::read(super::local_storage(win), &vendors_key(&session.policy().id));
    session.set_vendor_choices_json(stored.as_deref());
}

/// On a page of a site with TCF settings ([`Session::ad_setup`]), loads the ad-tech module once
/// the banner is drawn (what the visitor sees never waits on it), through `options.adSignals`,
/// the banner entry's dynamic import; sets it up with the site's settings and its copy of the
/// Global Vendor List (from `tcf.vendorList`, its own origin), and tells it about the visitor,
/// which answers the calls the stub queued (`cmpuishown` while a dialog is open). A second layer
/// already open gains its vendors. A failure leaves the banner working and the APIs unanswered
/// (ad tags then have no consent), and the console says why.
pub async fn start(app: Rc<App>, options: JsValue) {
    let Some(setup) = app.session.borrow().ad_setup() else {
        return;
    };
    match load(&app.win, setup, &options).await {
        Ok(module) => {
            if app.ad.set(module).is_err() {
                return;
            }
            let second = app
                .ui
                .borrow()
                .as_ref()
                .filter(|u| u.shown == Some(Shown::Second))
                .and_then(|u| u.dialog.clone());
            if let Some(dialog) = second {
                if let Err(e) = add_vendors(&app, &dialog, Shown::Second) {
                    console("error", "assent: the vendors could not be listed:", &e);
                }
            }
            let event = if app.is_open() {
                TcEvent::UiShown
            } else {
                TcEvent::Loaded
            };
            notify(&app, event);
        }
        Err(e) => {
            console("error", "assent: the ad-tech signals did not start:", &e);
            refuse_queued(&app.win);
        }
    }
}

/// When the ad-tech module could not start, answers every call the stub queued, and every later
/// one, as failed (`callback(null, false)`, as the CMP APIs answer a command they cannot carry
/// out), so that no ad tag waits for an answer that never comes. Only the stub's own functions
/// (they hold a `queue`) are replaced: another CMP's are left alone.
fn refuse_queued(win: &Window) {
    // `__tcfapi(command, version, callback, parameter)`, `__gpp(command, callback, parameter, version)`.
    for (name, callback_at) in [("__tcfapi", 2), ("__gpp", 1)] {
        let current = Reflect::get(win, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        if !current.is_function() || !Reflect::has(&current, &JsValue::from_str("queue")).unwrap_or(false) {
            continue;
        }
        let refuse = Closure::<dyn Fn(JsValue, JsValue, JsValue, JsValue)>::new(
            move |_: JsValue, b: JsValue, c: JsValue, _: JsValue| {
                let callback = if callback_at == 2 { c } else { b };
                if let Some(f) = callback.dyn_ref::<Function>() {
                    let _ = f.call2(&JsValue::NULL, &JsValue::NULL, &JsValue::FALSE);
                }
            },
        );
        // The stub's setter hands its queue to the new function.
        if Reflect::set(win, &JsValue::from_str(name), refuse.as_ref()).is_ok() {
            refuse.forget();
        }
    }
}

async fn load(win: &Window, setup: AdSetup, options: &JsValue) -> Result<AdModule, JsValue> {
    let Some(import) = super::option(options, "adSignals").dyn_into::<Function>().ok() else {
        return Err(super::fail(
            "banner.adtech_missing",
            "the page needs the TCF or GPP signals, and the banner was started without its ad-tech module".into(),
            "start the banner through the package's `assent/banner` entry, which loads it",
        ));
    };
    let list = match setup.settings.vendor_list.as_deref() {
        Some(url) => Some(super::net::get(win, url, "a Global Vendor List").await.map_err(|why| {
            super::fail(
                "banner.vendor_list",
                format!("the Global Vendor List could not be loaded: {why}"),
                "serve the site's copy of the list at `tcf.vendorList`",
            )
        })?),
        None => None,
    };
    let module = JsFuture::from(js_sys::Promise::resolve(&import.call0(&JsValue::NULL)?)).await?;
    let class = Reflect::get(&module, &JsValue::from_str("AdSignals"))?;
    let class = class.dyn_into::<Function>()?;
    let setup = crate::api::to_json(&setup).map_err(super::api)?;
    let args = js_sys::Array::of2(
        &JsValue::from_str(&setup),
        &list.map_or(JsValue::UNDEFINED, |l| JsValue::from_str(&l)),
    );
    let signals = Reflect::construct(&class, &args)?;
    let rows = call(&signals, "vendors", &[])?;
    let vendors: Vec<VendorRow> = crate::policy::read_json(&rows).map_err(super::problem)?;
    Ok(AdModule {
        signals,
        vendors,
        strings: RefCell::new(AdStrings::default()),
    })
}

/// Says `what` and `detail` on the console at `level` (`error`, `warn`): for what nothing on
/// the page waits for.
pub(super) fn console(level: &str, what: &str, detail: &JsValue) {
    let console = Reflect::get(&js_sys::global(), &JsValue::from_str("console"));
    if let Ok(f) = console.and_then(|c| Reflect::get(&c, &JsValue::from_str(level))) {
        if let Some(f) = f.dyn_ref::<Function>() {
            let _ = f.call2(&JsValue::NULL, &JsValue::from_str(what), detail);
        }
    }
}

/// Calls `object.name(...args)`, which answers JSON text.
fn call(object: &JsValue, name: &str, args: &[&str]) -> Result<String, JsValue> {
    let f = Reflect::get(object, &JsValue::from_str(name))?.dyn_into::<Function>()?;
    let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
    f.apply(object, &args)?.as_string().ok_or_else(|| {
        super::fail(
            "banner.adtech",
            format!("the ad-tech module's `{name}` answered no text"),
            "rebuild the package",
        )
    })
}

/// Hands the ad-tech module the visitor after `event`; it tells the APIs' listeners
/// (and, the first time, installs them) and answers the strings `window.assent.state()` shows.
pub fn notify(app: &App, event: TcEvent) {
    let Some(ad) = app.ad.get() else { return };
    let now = super::now();
    let visit = {
        let s = app.session.borrow();
        let Ok(ev) = s.evaluate(now) else { return };
        s.ad_visit(&ev, now, app.is_open())
    };
    let Ok(visit) = crate::api::to_json(&visit) else { return };
    match call(&ad.signals, "update", &[&visit, event.name()]) {
        Ok(text) => {
            if let Ok(strings) = crate::policy::read_json(&text) {
                *ad.strings.borrow_mut() = strings;
            }
        }
        // Nothing on the page waits for this answer: the console says why the strings are old.
        Err(e) => console("error", "assent: the ad-tech signals failed:", &e),
    }
}

/// The strings the ad-tech module wrote last (none without it).
pub fn strings(app: &App) -> AdStrings {
    app.ad.get().map(|a| a.strings.borrow().clone()).unwrap_or_default()
}

/// Adds the vendors' section to the second layer `dialog` (when the site serves its list).
pub fn add_vendors(app: &App, dialog: &Element, shown: Shown) -> Result<(), JsValue> {
    let Some(ad) = app.ad.get().filter(|_| shown == Shown::Second) else {
        return Ok(());
    };
    let s = app.session.borrow();
    let Some(tree) = vendor_section(&ad.vendors, s.vendor_choices(), s.words()) else {
        return Ok(());
    };
    if let Some(sections) = dialog.query_selector(".assent-sections")? {
        let section = super::dom::render(&app.doc, &tree)?;
        sections.append_child(&section)?;
    }
    Ok(())
}

/// Records what an action says about the vendors (the second layer's vendor switches, for a
/// save) and keeps the choices in this browser.
pub fn record_vendors(app: &App, action: &Action) {
    // Without the TCF there are no vendor choices, and nothing of them is stored.
    if !app.session.borrow().tcf_on() {
        return;
    }
    // The vendor switches count only where the dialog listed the vendors (the second layer,
    // once the ad-tech module loaded); elsewhere each vendor's choice stays as it was.
    let listed = app
        .ui
        .borrow()
        .as_ref()
        .and_then(|u| u.dialog.as_ref())
        .and_then(|d| d.query_selector_all("input[data-assent-vendor]").ok())
        .filter(|list| list.length() > 0);
    let switches = match (listed, app.ad.get()) {
        (Some(list), Some(ad)) => {
            let on: Vec<String> = (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
                .filter(|i| i.checked())
                .filter_map(|i| i.get_attribute("data-assent-vendor"))
                .collect();
            Some(switches_of(on.iter().map(String::as_str), &ad.vendors))
        }
        _ => None,
    };
    let mut s = app.session.borrow_mut();
    s.record_vendors(action, switches.as_ref());
    super::write(
        super::local_storage(&app.win),
        &vendors_key(&s.policy().id),
        &s.vendor_choices_json(),
    );
}
