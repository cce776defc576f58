//! The signals the ecosystem reads, sent from what the core computed: Google Consent Mode
//! (`gtag('consent', 'default' | 'update', ...)`) and the IAB TCF API (`window.__tcfapi`).

use alloc::rc::Rc;

use js_sys::{Function, Reflect};
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;

use super::App;
use crate::banner::tcf::{self, TcEvent};
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

/// The TCF listeners: id and callback.
#[derive(Default)]
pub struct TcfListeners {
    next: u32,
    callbacks: Vec<(u32, Function)>,
}

fn tc_data_for(app: &App, event: TcEvent, id: Option<u32>) -> Result<JsValue, JsValue> {
    let now = super::now();
    let session = app.session.borrow();
    let ev = session.evaluate(now).map_err(super::problem)?;
    let Some(choice) = session.tc_choice(&ev, now) else {
        return Ok(JsValue::NULL);
    };
    let data = tcf::tc_data(&choice, tcf::gdpr_applies(&ev), event, id).map_err(|e| super::problem(e.into()))?;
    json_to_js(&data)
}

/// Tells every TCF listener about a change.
pub fn notify(app: &App, event: TcEvent) {
    let listeners: Vec<(u32, Function)> = app.tcf.borrow().callbacks.clone();
    for (id, f) in listeners {
        if let Ok(data) = tc_data_for(app, event, Some(id)) {
            let _ = f.call2(&JsValue::NULL, &data, &JsValue::TRUE);
        }
    }
}

/// Installs `window.__tcfapi(command, version, callback, parameter)` with `ping`,
/// `addEventListener` and `removeEventListener`; other commands answer `(null, false)`.
pub fn install_tcfapi(app: &Rc<App>) -> Result<(), JsValue> {
    let weak = Rc::downgrade(app);
    let api = Closure::<dyn Fn(JsValue, JsValue, JsValue, JsValue)>::new(
        move |command: JsValue, _version: JsValue, callback: JsValue, parameter: JsValue| {
            let (Some(app), Some(callback)) = (weak.upgrade(), callback.dyn_ref::<Function>()) else {
                return;
            };
            let answer = |value: &JsValue, ok: bool| {
                let _ = callback.call2(&JsValue::NULL, value, &JsValue::from_bool(ok));
            };
            match command.as_string().as_deref() {
                Some("ping") => {
                    let now = super::now();
                    let session = app.session.borrow();
                    let (Ok(ev), Some(settings)) = (session.evaluate(now), session.tcf_settings()) else {
                        return answer(&JsValue::NULL, false);
                    };
                    let ping = tcf::ping(settings, session.vendors(), tcf::gdpr_applies(&ev), app.is_open());
                    match json_to_js(&ping) {
                        Ok(v) => answer(&v, true),
                        Err(_) => answer(&JsValue::NULL, false),
                    }
                }
                Some("addEventListener") => {
                    let id = {
                        let mut l = app.tcf.borrow_mut();
                        l.next += 1;
                        let id = l.next;
                        l.callbacks.push((id, callback.clone()));
                        id
                    };
                    let event = if app.is_open() {
                        TcEvent::UiShown
                    } else {
                        TcEvent::Loaded
                    };
                    match tc_data_for(&app, event, Some(id)) {
                        Ok(v) if !v.is_null() => answer(&v, true),
                        _ => answer(&JsValue::NULL, false),
                    }
                }
                Some("removeEventListener") => {
                    let id = parameter.as_f64().map(|n| n as u32);
                    let mut l = app.tcf.borrow_mut();
                    let before = l.callbacks.len();
                    l.callbacks.retain(|(i, _)| Some(*i) != id);
                    let removed = l.callbacks.len() < before;
                    drop(l);
                    answer(&JsValue::from_bool(removed), removed);
                }
                _ => answer(&JsValue::NULL, false),
            }
        },
    );
    Reflect::set(&app.win, &JsValue::from_str("__tcfapi"), api.as_ref())?;
    // The page keeps the function for as long as it lives.
    api.forget();
    Ok(())
}
