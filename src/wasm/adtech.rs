//! The ad-tech module (`assent_adtech`, the `adtech` feature): the page's `window.__tcfapi` and
//! `window.__gpp`, answered from [`AdSignals`]. The banner's module imports it only on pages
//! of sites with TCF settings ([`crate::banner::Session::ad_setup`]), sets it up once with the site's
//! settings and Global Vendor List, and hands it the visitor ([`AdVisit`]) after every change;
//! it works out the [`AdFacts`] the signals carry, answers with the strings for
//! `window.assent.state()` and tells the APIs' listeners.
//! Everything it says is the core's ([`crate::banner::adtech`]); this only converts and calls.

use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use super::interop::{js_error, json_to_js};
use crate::api::{to_json, ApiError};
use crate::banner::adtech::{AdFacts, AdSetup, AdSignals, AdVisit};
use crate::banner::gpp::GppEvent;
use crate::banner::tcf::TcEvent;
use crate::policy::Problem;
use crate::prelude::*;
use crate::signals::SignalError;

fn problem(p: Problem) -> JsValue {
    js_error(&ApiError::from(p))
}

fn signal(e: SignalError) -> JsValue {
    problem(e.into())
}

/// One API's listeners: id and callback.
#[derive(Default)]
struct Listeners {
    next: u32,
    callbacks: Vec<(u32, Function)>,
}

impl Listeners {
    fn add(&mut self, f: &Function) -> u32 {
        self.next += 1;
        self.callbacks.push((self.next, f.clone()));
        self.next
    }

    fn remove(&mut self, id: &JsValue) -> bool {
        let id = id.as_f64();
        let before = self.callbacks.len();
        self.callbacks.retain(|(i, _)| Some(f64::from(*i)) != id);
        self.callbacks.len() < before
    }
}

struct State {
    signals: AdSignals,
    facts: RefCell<Option<AdFacts>>,
    tcf: RefCell<Listeners>,
    gpp: RefCell<Listeners>,
}

/// The ad-tech signals of one page.
#[wasm_bindgen(js_name = "AdSignals")]
pub struct WasmAdSignals {
    state: Rc<State>,
}

#[wasm_bindgen(js_class = "AdSignals")]
impl WasmAdSignals {
    /// Sets the signals up: `setup` is the JSON of the banner's `AdSetup`, `vendor_list` the
    /// site's copy of the Global Vendor List, if it serves one. Throws an `AssentError` with
    /// the path of what is wrong in either.
    #[wasm_bindgen(constructor)]
    pub fn new(setup: &str, vendor_list: Option<String>) -> Result<WasmAdSignals, JsValue> {
        let setup: AdSetup = crate::policy::parse_json(setup).map_err(problem)?;
        let signals = AdSignals::new(setup, vendor_list.as_deref()).map_err(problem)?;
        Ok(WasmAdSignals {
            state: Rc::new(State {
                signals,
                facts: RefCell::new(None),
                tcf: RefCell::new(Listeners::default()),
                gpp: RefCell::new(Listeners::default()),
            }),
        })
    }

    /// The policy's vendors as the banner's second layer lists them (JSON of `VendorRow`s).
    pub fn vendors(&self) -> Result<String, JsValue> {
        to_json(&self.state.signals.vendor_rows()).map_err(|e| js_error(&e))
    }

    /// Takes the visitor (JSON of `AdVisit`) after `event` (`tcloaded`, `cmpuishown`,
    /// `useractioncomplete`): the first call installs `__tcfapi` and `__gpp` (the stub then
    /// hands them the calls it queued), later ones tell their listeners. Returns the JSON of
    /// the strings (`AdStrings`).
    pub fn update(&self, visit: &str, event: &str) -> Result<String, JsValue> {
        let visit: AdVisit = crate::policy::parse_json(visit).map_err(problem)?;
        let event = TcEvent::parse(event).ok_or_else(|| {
            problem(
                Problem::at("adtech.event", "$", format!("`{event}` is not a TCF event"))
                    .hint("use tcloaded, cmpuishown or useractioncomplete"),
            )
        })?;
        let facts = self.state.signals.facts(visit);
        let strings = self.state.signals.strings(&facts).map_err(signal)?;
        let first = self.state.facts.replace(Some(facts)).is_none();
        if first {
            install(&self.state)?;
        } else {
            notify(&self.state, event);
        }
        to_json(&strings).map_err(|e| js_error(&e))
    }
}

/// Calls `f(value, ok)`, as both APIs answer.
fn answer(f: &Function, value: &JsValue, ok: bool) {
    let _ = f.call2(&JsValue::NULL, value, &JsValue::from_bool(ok));
}

fn tc_data(state: &State, event: TcEvent, id: Option<u32>) -> Option<JsValue> {
    let facts = state.facts.borrow();
    let data = state.signals.tc_data(facts.as_ref()?, event, id).ok()??;
    json_to_js(&data).ok()
}

fn gpp_event(state: &State, name: &'static str, id: u32, data: serde_json::Value) -> Option<JsValue> {
    let facts = state.facts.borrow();
    let ping_data = state.signals.gpp_ping(facts.as_ref()?).ok()?;
    json_to_js(&GppEvent {
        event_name: name,
        listener_id: id,
        data,
        ping_data,
    })
    .ok()
}

/// Tells every TCF and GPP listener about a change.
fn notify(state: &State, event: TcEvent) {
    let listeners = state.tcf.borrow().callbacks.clone();
    for (id, f) in listeners {
        if let Some(data) = tc_data(state, event, Some(id)) {
            answer(&f, &data, true);
        }
    }
    let (name, data) = match event {
        TcEvent::UiShown => ("cmpDisplayStatus", serde_json::Value::from("visible")),
        TcEvent::Loaded | TcEvent::ActionComplete => ("signalStatus", serde_json::Value::from("ready")),
    };
    let listeners = state.gpp.borrow().callbacks.clone();
    for (id, f) in listeners {
        if let Some(v) = gpp_event(state, name, id, data.clone()) {
            answer(&f, &v, true);
        }
    }
}

/// Sets `window[name]` to `api`, which the page keeps for as long as it lives.
fn set_global(name: &str, api: Closure<dyn Fn(JsValue, JsValue, JsValue, JsValue)>) -> Result<(), JsValue> {
    Reflect::set(&js_sys::global(), &JsValue::from_str(name), api.as_ref())?;
    api.forget();
    Ok(())
}

fn install(state: &Rc<State>) -> Result<(), JsValue> {
    if state.signals.tcf_on() {
        set_global("__tcfapi", tcfapi(state))?;
    }
    set_global("__gpp", gpp(state))
}

/// `window.__tcfapi(command, version, callback, parameter)` per the TCF CMP API 2.2: `ping`,
/// `addEventListener`, `removeEventListener` and `getTCData` (deprecated there, still called by
/// older vendor code); other commands answer `(null, false)`.
fn tcfapi(state: &Rc<State>) -> Closure<dyn Fn(JsValue, JsValue, JsValue, JsValue)> {
    let weak = Rc::downgrade(state);
    Closure::new(
        move |command: JsValue, _version: JsValue, callback: JsValue, parameter: JsValue| {
            let (Some(state), Some(callback)) = (weak.upgrade(), callback.dyn_ref::<Function>()) else {
                return;
            };
            let visible = state.facts.borrow().as_ref().is_some_and(|f| f.banner_visible);
            let reply = |v: Option<JsValue>| match v {
                Some(v) => answer(callback, &v, true),
                None => answer(callback, &JsValue::NULL, false),
            };
            match command.as_string().as_deref() {
                Some("ping") => {
                    let facts = state.facts.borrow();
                    reply(facts.as_ref().and_then(|f| json_to_js(&state.signals.ping(f)).ok()));
                }
                Some("addEventListener") => {
                    let id = state.tcf.borrow_mut().add(callback);
                    let event = if visible { TcEvent::UiShown } else { TcEvent::Loaded };
                    reply(tc_data(&state, event, Some(id)));
                }
                Some("getTCData") => reply(tc_data(&state, TcEvent::Loaded, None)),
                Some("removeEventListener") => {
                    let removed = state.tcf.borrow_mut().remove(&parameter);
                    answer(callback, &JsValue::from_bool(removed), removed);
                }
                _ => reply(None),
            }
        },
    )
}

/// `window.__gpp(command, callback, parameter)` per the GPP CMP API 1.1: `ping`,
/// `addEventListener`, `removeEventListener`, `hasSection`, `getSection` and `getField`
/// (`section.Field`); other commands answer `(null, false)`.
fn gpp(state: &Rc<State>) -> Closure<dyn Fn(JsValue, JsValue, JsValue, JsValue)> {
    let weak = Rc::downgrade(state);
    Closure::new(
        move |command: JsValue, callback: JsValue, parameter: JsValue, _version: JsValue| {
            let (Some(state), Some(callback)) = (weak.upgrade(), callback.dyn_ref::<Function>()) else {
                return;
            };
            let ping = {
                let facts = state.facts.borrow();
                facts.as_ref().and_then(|f| state.signals.gpp_ping(f).ok())
            };
            let Some(ping) = ping else {
                return answer(callback, &JsValue::NULL, false);
            };
            let section = |name: &str| ping.parsed_sections.get(name);
            let param = parameter.as_string().unwrap_or_default();
            let value = |v: Option<JsValue>| v.unwrap_or(JsValue::NULL);
            let outcome = match command.as_string().as_deref() {
                Some("ping") => json_to_js(&ping).ok().map(|v| (v, true)),
                Some("addEventListener") => {
                    let id = state.gpp.borrow_mut().add(callback);
                    gpp_event(&state, "listenerRegistered", id, serde_json::Value::Bool(true)).map(|v| (v, true))
                }
                Some("removeEventListener") => {
                    let removed = state.gpp.borrow_mut().remove(&parameter);
                    Some((JsValue::from_bool(removed), removed))
                }
                Some("hasSection") => Some((JsValue::from_bool(section(&param).is_some()), true)),
                Some("getSection") => Some((value(section(&param).and_then(|f| json_to_js(f).ok())), true)),
                Some("getField") => {
                    let (name, field) = param.split_once('.').unwrap_or((&param, ""));
                    let v = section(name)
                        .and_then(|f| f.get(field))
                        .and_then(|v| json_to_js(v).ok());
                    Some((value(v), true))
                }
                _ => None,
            };
            match outcome {
                Some((v, ok)) => answer(callback, &v, ok),
                None => answer(callback, &JsValue::NULL, false),
            }
        },
    )
}
