//! The banner in the browser: `startBanner()` loads the compiled policy (its core file and the
//! texts file of the visitor's language, nothing else), has the visitor's stored receipts
//! verified with the site's keys (by the receipts module, imported only then), asks the core ([`crate::banner`]) what to show and what may
//! run, draws it, gates the page's scripts and embeds, records choices with the consent service,
//! and sends the ecosystem's signals. It decides nothing itself: every rule is the core's.
//!
//! The page includes the package's `banner.js` (and `assent.css`) and a configuration:
//! `<script type="application/json" id="assent-config">{"policy": "/v1/policy/compiled/core.json", "edge": "/"}</script>`.
//! `window.assent` is then the [`Banner`], for sites that test themselves in headless browsers.

mod dom;
mod gate;
mod net;
mod receipts;
mod signals;

use alloc::rc::Rc;
use core::cell::{Cell, OnceCell, RefCell};

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent, Storage, Window};

use self::dom::Ui;
use super::interop::{given, js_error, json_text, json_to_js};
use crate::api::ApiError;
use crate::banner::config::{visitor, Config};
use crate::banner::events::{fired, BannerEvent, PurposeStates};
use crate::banner::markup::{Shown, Target};
use crate::banner::preset::{parse_preset, preset_in_cookies, preset_in_query};
use crate::banner::storage::{storage_of, withdrawal_notice};
use crate::banner::tcf::TcEvent;
use crate::banner::words::{Word, Words};
use crate::banner::{choose_locale, placeholder, Action, Opening, Session};
use crate::eval::{Decision, Evaluation};
use crate::policy::{Problem, SortedMap};
use crate::time::Timestamp;

/// The current time, from the browser's clock: the core has none.
fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0).floor() as i64)
}

fn problem(p: Problem) -> JsValue {
    js_error(&ApiError::from(p))
}

fn api(e: ApiError) -> JsValue {
    js_error(&e)
}

fn fail(code: &'static str, message: String, hint: &str) -> JsValue {
    problem(Problem::at(code, "$", message).hint(hint))
}

/// Where the banner keeps what it knows in this browser, per policy.
struct Keys {
    receipts: String,
    local: String,
    subject: String,
    seen: String,
    dismissed: String,
    guidance: String,
    /// The age band the age question locked, on a site without an edge (never the age).
    age: String,
    /// What the status line said before the page reloaded itself, to say again after.
    said: String,
}

impl Keys {
    fn for_policy(id: &str) -> Keys {
        let k = |name: &str| format!("assent:{id}:{name}");
        Keys {
            receipts: k("receipts"),
            local: k("local"),
            subject: k("subject"),
            seen: k("seen"),
            dismissed: k("dismissed"),
            guidance: k("guidance"),
            age: k("age"),
            said: k("said"),
        }
    }
}

/// Everything the banner holds on one page.
pub struct App {
    win: Window,
    doc: Document,
    config: Config,
    keys: Keys,
    session: RefCell<Session>,
    receipts: RefCell<Vec<String>>,
    subject: RefCell<Option<String>>,
    jwks: RefCell<Option<String>>,
    ui: RefCell<Option<Ui>>,
    /// Purposes whose scripts or embeds ran on this page.
    ran: RefCell<Vec<String>>,
    /// The page's listeners (`window.assent.on`), each with its event.
    listeners: RefCell<Vec<(BannerEvent, Function)>>,
    /// Each purpose's decision and whether it may run, as the listeners last heard.
    heard: RefCell<Option<Heard>>,
    /// The ad-tech module, on a page of a site with TCF settings, once it loaded.
    ad: OnceCell<signals::AdModule>,
    /// Imports the receipts module (`options.receipts`), called only when there is a receipt to
    /// verify.
    receipts_module: Option<Function>,
    gtag: Option<Function>,
    busy: Cell<bool>,
    /// The dialog the visitor asked for while a step before it (the age question) stands in for
    /// it: it opens once that step is answered.
    wanted: Cell<Option<Shown>>,
    /// How many choices this page has recorded: a check of older receipts that a choice
    /// overtook is not applied.
    choices: Cell<u32>,
    /// Counts status messages, so that clearing an old one never clears a newer one.
    said: Rc<Cell<u32>>,
}

/// What the core and texts files are, in a refusal of an answer that is not one.
const COMPILED: &str = "a compiled policy file";

/// How long a status message stays, unless it asks for a reload.
const STATUS_MS: i32 = 12_000;

fn local_storage(win: &Window) -> Option<Storage> {
    win.local_storage().ok().flatten()
}

fn session_storage(win: &Window) -> Option<Storage> {
    win.session_storage().ok().flatten()
}

fn read(store: Option<Storage>, key: &str) -> Option<String> {
    store.and_then(|s| s.get_item(key).ok().flatten())
}

fn write(store: Option<Storage>, key: &str, value: &str) {
    if let Some(s) = store {
        let _ = s.set_item(key, value);
    }
}

fn option(options: &JsValue, name: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// Reads the configuration: `options.config`, else the page's `#assent-config` JSON.
fn config(doc: &Document, options: &JsValue) -> Result<Config, JsValue> {
    let text = match given(&option(options, "config")) {
        Some(config) => json_text(config, "the banner configuration")?,
        None => doc
            .get_element_by_id("assent-config")
            .and_then(|e| e.text_content())
            .ok_or_else(|| {
                fail(
                    "config.missing",
                    "the page has no banner configuration".into(),
                    "add <script type=\"application/json\" id=\"assent-config\">{\"policy\": \"/v1/policy/compiled/core.json\"}</script>",
                )
            })?,
    };
    Config::from_json(&text).map_err(problem)
}

/// Links the package's stylesheet unless the page already has it: linked, or written into the page
/// by the edge (`<style data-assent-css>`).
fn stylesheet(doc: &Document, href: &JsValue) -> Result<(), JsValue> {
    let Some(href) = href.as_string() else {
        return Ok(());
    };
    if doc
        .query_selector("[data-assent-css], link[rel='stylesheet'][href$='assent.css']")?
        .is_some()
    {
        return Ok(());
    }
    let link = doc.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", &href)?;
    link.set_attribute("data-assent-css", "")?;
    if let Some(head) = doc.query_selector("head")? {
        head.append_child(&link)?;
    }
    Ok(())
}

fn languages(win: &Window) -> Vec<String> {
    win.navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect()
}

fn gpc(win: &Window) -> bool {
    Reflect::get(&win.navigator(), &JsValue::from_str("globalPrivacyControl"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Starts the banner on this page and returns it (also set as `window.assent`). `options`:
/// `config` (the configuration, instead of the page's `#assent-config`), `core` (the request
/// for the configuration's `policy`, if the page already sent it), `logged` (the request for
/// the consent service's `/v1/receipts/mine`, if the page already sent it), `stylesheet` (the URL
/// of `assent.css`, linked unless the page has it), `gtag` (gtag's queue function, used when
/// the page has no `window.gtag`), `adSignals` (imports the ad-tech module, asked for only on a
/// page with TCF settings, once the banner is drawn), `receipts` (imports the receipts module, asked for
/// only when there is a receipt to verify).
#[wasm_bindgen(js_name = "startBanner", unchecked_return_type = "Banner")]
pub async fn start_banner(
    #[wasm_bindgen(unchecked_param_type = "BannerOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let win = web_sys::window().ok_or_else(|| fail("banner.no_window", "no window".into(), "run in a page"))?;
    let doc = win
        .document()
        .ok_or_else(|| fail("banner.no_document", "no document".into(), "run in a page"))?;
    let config = config(&doc, &options)?;
    // What the consent service's log holds for this device: the request the banner entry sent
    // while the module compiled (`options.logged`), read once the banner can verify it.
    let logged = option(&options, "logged").dyn_into::<js_sys::Promise>().ok();
    stylesheet(&doc, &option(&options, "stylesheet"))?;
    let html = doc.document_element();
    let attr = |name: &str| html.as_ref().and_then(|h| h.get_attribute(name));
    let fetched = |why: String| {
        fail(
            "banner.policy",
            format!("the policy could not be loaded: {why}"),
            "check `policy` in the configuration: the compiled core file (`assent compile`, or the edge's /v1/policy/compiled/core.json), with its texts files beside it",
        )
    };
    // The core file first: it names the policy's locales, so the page fetches the texts of its
    // own language only.
    // The banner entry sends that request while the module compiles (`options.core`).
    let core_text = match option(&options, "core").dyn_into::<js_sys::Promise>() {
        Ok(sent) => net::ok_body(&config.policy, COMPILED, sent).await,
        Err(_) => net::get(&win, &config.policy, COMPILED).await,
    };
    let core = config.read_core(&core_text.map_err(fetched)?).map_err(problem)?;
    let page_lang = attr("lang");
    let languages = languages(&win);
    let locale = choose_locale(core.policy(), page_lang.as_deref(), &languages);
    let texts = net::get(&win, &config.texts_url(&core.texts_file_name(locale)), COMPILED)
        .await
        .map_err(fetched)?;
    // GPC is on when the browser says so, or when the edge saw the request's `Sec-GPC` header.
    let who = visitor(
        &config,
        attr("data-assent-jurisdiction").as_deref(),
        attr("data-assent-age-band").as_deref(),
        gpc(&win) || attr("data-assent-gpc").as_deref() == Some("1"),
    );
    // The stub (`assent/stub.js`) sent Consent Mode's default before any tag ran.
    let stub_sent = attr("data-assent-consent-default").is_some();
    let mut session = Session::new(
        core,
        &[&texts],
        who,
        page_lang.as_deref(),
        &languages,
        config.edge.is_some(),
    )
    .map_err(api)?;
    session.set_tcf(config.tcf.clone());
    session.set_words(config.words.clone()).map_err(|p| api(p.into()))?;
    signals::read_vendor_choices(&win, &mut session);
    let keys = Keys::for_policy(&session.policy().id);
    session.set_seen(read(local_storage(&win), &keys.seen));
    session.set_dismissed(read(session_storage(&win), &keys.dismissed).is_some());
    session.set_guided(read(local_storage(&win), &keys.guidance).is_some());
    // The edge says so on a site that bound no mail sender for guardians.
    session.set_guardian_mail(attr("data-assent-guardian-mail").as_deref() != Some("off"));
    session.set_guardian_asked(attr("data-assent-guardian-asked").as_deref() == Some("1"));
    session.set_local_json(read(local_storage(&win), &keys.local).as_deref());
    session.set_local_age_lock(read(local_storage(&win), &keys.age).and_then(|t| crate::policy::read_json(&t).ok()));
    let stored: Vec<String> = read(local_storage(&win), &keys.receipts)
        .and_then(|t| crate::policy::read_json(&t).ok())
        .unwrap_or_default();
    let subject = read(local_storage(&win), &keys.subject);
    let gtag = option(&options, "gtag").dyn_into::<Function>().ok();
    let app = Rc::new(App {
        win,
        doc,
        config,
        keys,
        session: RefCell::new(session),
        receipts: RefCell::new(Vec::new()),
        subject: RefCell::new(subject),
        jwks: RefCell::new(None),
        ui: RefCell::new(None),
        ran: RefCell::new(Vec::new()),
        listeners: RefCell::new(Vec::new()),
        heard: RefCell::new(None),
        ad: OnceCell::new(),
        receipts_module: option(&options, "receipts").dyn_into::<Function>().ok(),
        gtag,
        busy: Cell::new(false),
        wanted: Cell::new(None),
        choices: Cell::new(0),
        said: Rc::new(Cell::new(0)),
    });
    let live = gate::live_at_load(&app.doc);
    *app.ran.borrow_mut() = live.clone();
    forget_what_the_edge_stopped(&app);
    let stored = match logged_receipts(&app, logged).await {
        Some(Logged::Holds(logged)) => {
            *app.receipts.borrow_mut() = logged.clone();
            app.save();
            logged
        }
        // The log did not answer: what the browser kept may predate a withdrawal made
        // elsewhere, so none of it is trusted on this page (and none of it is thrown away).
        Some(Logged::Silent) => Vec::new(),
        None => stored,
    };
    // A first visit has no receipts: its first layer is drawn without fetching a key or the
    // receipts module. A returning visitor's receipts decide whether any layer opens at
    // all, so they are checked first (by the receipts module, with the browser's WebCrypto):
    // drawing before would show a banner that a valid receipt then closes.
    if !stored.is_empty() {
        // A receipt counts only once it verifies with the site's published keys.
        verify(&app, stored).await;
    }
    if app.config.development {
        apply_preset(&app)?;
    }
    if app.consent_mode_on() && !stub_sent {
        let default = {
            let s = app.session.borrow();
            let regions: Vec<&str> = app.config.consent_mode.regions.iter().map(String::as_str).collect();
            s.consent_mode_default(&regions, app.config.consent_mode.wait_for_update)
                .map_err(|e| problem(e.into()))?
        };
        signals::gtag(&app.win, app.gtag.as_ref(), "default", &default)?;
    }
    listen(&app)?;
    warn_ungated(&app, &live);
    refresh(&app, false)?;
    // What the status line said before a withdrawal reloaded the page, said again.
    if let Some(said) = session_storage(&app.win).and_then(|s| {
        let text = s.get_item(&app.keys.said).ok().flatten();
        let _ = s.remove_item(&app.keys.said);
        text
    }) {
        app.set_status(&said)?;
    }
    *app.heard.borrow_mut() = app.heard();
    wasm_bindgen_futures::spawn_local(signals::start(app.clone(), options));
    if who_is_child(&app.doc) {
        watch_guardian(app.clone());
    }
    let banner: JsValue = Banner { app: app.clone() }.into();
    Reflect::set(&app.win, &JsValue::from_str("assent"), &banner)?;
    app.doc.dispatch_event(&Event::new("assent:ready")?)?;
    Ok(banner)
}

/// How often a child's page asks the edge for its guardian's receipts.
const GUARDIAN_POLL_MS: i32 = 5_000;

/// Whether the edge's age lock says the visitor is below the guardian age.
fn who_is_child(doc: &Document) -> bool {
    doc.document_element()
        .and_then(|h| h.get_attribute("data-assent-age-band"))
        .is_some_and(|b| b == "below_guardian_age")
}

/// The subject this browser spoke for was erased (on another device): the edge gave this device
/// a new one with its answer, and what this browser kept of the old one (its subject, its
/// receipts) goes too, so the next choice's receipt is checked against the new one.
fn forget_subject(app: &App) {
    *app.subject.borrow_mut() = None;
    app.receipts.borrow_mut().clear();
    app.session.borrow_mut().set_signed(SortedMap::default());
    if let Some(store) = local_storage(&app.win) {
        let _ = store.remove_item(&app.keys.subject);
    }
    app.save();
}

/// The part of the state the edge writes after its banner (`<script type="application/json"
/// id="assent-state">`) that the module acts on.
#[derive(crate::json::FromJson)]
struct EdgeWrote {
    forget: Vec<crate::policy::StorageItem>,
}

/// Deletes what the edge says this visitor's device keeps for purposes that may not run now (the
/// state block's `forget`: refused, withdrawn, never answered, or a consent that lapsed), as
/// assent/edge-banner.js does; the edge expires their cookies itself. Only the block right after
/// the edge's banner counts, never one the page's own content holds.
fn forget_what_the_edge_stopped(app: &App) {
    let Ok(list) = app.doc.query_selector_all("aside.assent[data-assent-ui]") else {
        return;
    };
    let Some(ui) = list.length().checked_sub(1).and_then(|last| list.item(last)) else {
        return;
    };
    let Some(block) = ui.dyn_ref::<Element>().and_then(Element::next_element_sibling) else {
        return;
    };
    let is_state = block.id() == "assent-state"
        && block.local_name() == "script"
        && block.get_attribute("type").as_deref() == Some("application/json");
    let wrote = is_state
        .then(|| block.text_content())
        .flatten()
        .and_then(|text| crate::policy::read_json::<EdgeWrote>(&text).ok());
    if let Some(wrote) = wrote {
        let items: Vec<&crate::policy::StorageItem> = wrote.forget.iter().collect();
        gate::delete_storage(&app.win, &app.doc, &items);
    }
}

/// What the edge answers at `/v1/receipts/mine`.
#[derive(crate::json::FromJson)]
struct Mine {
    subject: Option<String>,
    receipts: Vec<String>,
}

/// What the consent service's log said of this device's receipts.
enum Logged {
    /// The receipts it holds for the device's subject (none for a subject erased since).
    Holds(Vec<String>),
    /// It did not answer, or not as the service answers.
    Silent,
}

/// With a consent service, the receipts its log holds for this device's subject (its answer to
/// `sent`, or to a request sent now) stand for those this browser kept: what the subject chose on
/// another device (a withdrawal among them), what a guardian chose for a child, and nothing of a
/// subject erased since. They count only once they verify, like any other. `None` without a
/// service.
async fn logged_receipts(app: &Rc<App>, sent: Option<js_sys::Promise>) -> Option<Logged> {
    let url = app.config.edge_url("/v1/receipts/mine")?;
    let sent = sent.unwrap_or_else(|| net::start_get(&app.win, &url));
    let mine = match net::service_answer(sent).await {
        Ok(text) => crate::policy::read_json::<Mine>(&text).ok(),
        Err(refused) if refused.code.as_deref() == Some("subject.erased") => {
            // The edge gave this device a new subject with its answer.
            forget_subject(app);
            return Some(Logged::Holds(Vec::new()));
        }
        Err(_) => None,
    };
    let Some(mine) = mine else {
        return Some(Logged::Silent);
    };
    if mine.subject != *app.subject.borrow() {
        forget_subject(app);
        *app.subject.borrow_mut() = mine.subject;
    }
    Some(Logged::Holds(mine.receipts))
}

/// On a child's page, asks the edge for the guardian's receipts every few seconds, and unlocks
/// (or locks again) what they say as soon as they verify: the page learns of the guardian's
/// answer without a reload.
fn watch_guardian(app: Rc<App>) {
    wasm_bindgen_futures::spawn_local(async move {
        // The log's last answer: a tick acts only on a new one.
        let mut last = app.receipts.borrow().clone();
        loop {
            let tick = js_sys::Promise::new(&mut |resolve, _| {
                let _ = app
                    .win
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, GUARDIAN_POLL_MS);
            });
            if wasm_bindgen_futures::JsFuture::from(tick).await.is_err() {
                return;
            }
            let before = app.receipts.borrow().clone();
            let choices = app.choices.get();
            let logged = match logged_receipts(&app, None).await {
                Some(Logged::Holds(logged)) => logged,
                // No answer this time: the page stays as it is until the next.
                Some(Logged::Silent) => continue,
                None => return,
            };
            // Only what the log says anew; and never over a choice recorded meanwhile, whose
            // receipt the log's answer, asked before it, may not hold yet.
            let meanwhile = |app: &App| app.busy.get() || app.choices.get() != choices;
            if logged == last || meanwhile(&app) || *app.receipts.borrow() != before {
                continue;
            }
            if !verify(&app, logged.clone()).await {
                continue;
            }
            if meanwhile(&app) {
                // A choice was recorded while this answer was checked: the next tick asks again.
                continue;
            }
            last = logged;
            app.save();
            if stop_revoked(&app) {
                return;
            }
            if refresh(&app, true).is_ok() {
                // The guardian answered: the step that asked for them has nothing left to say.
                let answered = app
                    .ui
                    .borrow()
                    .as_ref()
                    .is_some_and(|u| u.shown == Some(Shown::Guardian))
                    && app
                        .evaluate()
                        .is_ok_and(|ev| app.session.borrow().model(&ev, now()).guardian.is_none());
                if answered {
                    let _ = close(&app);
                }
                changed(&app);
            }
        }
    });
}

/// Markup of a purpose not allowed that ran as the page loaded (a `<script data-purpose>`
/// without `type="text/plain"`, an embed with `src`) was gated by nothing: the console names the
/// purposes and how to write their markup. What ran cannot be taken back.
fn warn_ungated(app: &App, live: &[String]) {
    let Ok(ev) = app.evaluate() else { return };
    let allowed = allowed(&ev);
    let ungated: Vec<&str> = live
        .iter()
        .map(String::as_str)
        .filter(|p| !allowed.contains(p))
        .collect();
    if ungated.is_empty() {
        return;
    }
    signals::console(
        "warn",
        "assent: markup of these purposes ran before they were allowed; write each such script as <script type=\"text/plain\" data-purpose=\"...\" src=\"...\"> and each iframe or embed with data-src instead of src (docs/banner.md):",
        &JsValue::from_str(&ungated.join(", ")),
    );
}

/// What ran on this page and is no longer allowed (a guardian withdrew it) stops only with the
/// page: its cookies and storage go, and the page reloads at once, where the gate holds that code
/// back, and says there why. Whether it reloads.
fn stop_revoked(app: &App) -> bool {
    let Ok(ev) = app.evaluate() else { return false };
    let allowed_now = allowed(&ev);
    let revoked: Vec<String> = app
        .ran
        .borrow()
        .iter()
        .filter(|p| !allowed_now.contains(&p.as_str()))
        .cloned()
        .collect();
    if revoked.is_empty() {
        return false;
    }
    let revoked: Vec<&str> = revoked.iter().map(String::as_str).collect();
    let said = {
        let s = app.session.borrow();
        gate::delete_storage(&app.win, &app.doc, &storage_of(s.policy(), &revoked));
        withdrawal_notice(s.policy(), s.locale(), s.words(), &revoked, &revoked, true)
    };
    if let Some((said, _)) = said {
        write(session_storage(&app.win), &app.keys.said, &said);
    }
    app.win.location().reload().is_ok()
}

/// Verifies `receipts` with the site's keys (fetched once) in the receipts module; those that do
/// not verify are dropped from the browser's store. Whether the verdicts were applied (the keys
/// and the module were at hand).
async fn verify(app: &Rc<App>, receipts: Vec<String>) -> bool {
    if app.config.edge.is_none() {
        // No site to publish keys: nothing is trusted; the receipts stay stored.
        *app.receipts.borrow_mut() = receipts;
        return false;
    }
    // The module and the keys are fetched side by side.
    let module = receipts::import(app.receipts_module.as_ref());
    let Some(jwks) = jwks(app).await else {
        // Without the keys nothing is trusted; the receipts stay stored for the next visit.
        *app.receipts.borrow_mut() = receipts;
        return false;
    };
    let subject = app.subject.borrow().clone();
    let policy = app.session.borrow().source().clone();
    let outcome = match module {
        Ok(module) => receipts::verify(module, &receipts, &jwks, now(), subject.as_deref(), &policy).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(store) => {
            if let Ok(text) = crate::api::to_json(&store.kept) {
                write(local_storage(&app.win), &app.keys.receipts, &text);
            }
            app.session.borrow_mut().set_signed(store.consents);
            *app.receipts.borrow_mut() = store.kept;
            if app.subject.borrow().is_none() {
                *app.subject.borrow_mut() = store.subject;
            }
            true
        }
        // Nothing could be verified (the module did not load): nothing is trusted, and the
        // receipts stay stored for the next visit.
        Err(_) => {
            *app.receipts.borrow_mut() = receipts;
            false
        }
    }
}

async fn jwks(app: &Rc<App>) -> Option<String> {
    if let Some(k) = app.jwks.borrow().clone() {
        return Some(k);
    }
    let url = app.config.edge_url("/.well-known/jwks.json")?;
    let keys = net::get(&app.win, &url, "the edge's keys").await.ok()?;
    *app.jwks.borrow_mut() = Some(keys.clone());
    Some(keys)
}

/// In development mode, a preset from the query or a cookie is applied as the visitor's choice
/// on this page (no receipt is asked for, nothing is stored).
fn apply_preset(app: &Rc<App>) -> Result<(), JsValue> {
    let query = app.win.location().search().unwrap_or_default();
    let cookies = Reflect::get(&app.doc, &JsValue::from_str("cookie"))
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    let Some(text) = preset_in_query(&query).or_else(|| preset_in_cookies(&cookies)) else {
        return Ok(());
    };
    let action = parse_preset(&text).map_err(problem)?;
    let at = now();
    let mut s = app.session.borrow_mut();
    let ev = s.evaluate(at).map_err(problem)?;
    let plan = s.plan(&ev, &action).map_err(problem)?;
    s.record_preset(&plan, at);
    let version = s.policy().version.clone();
    s.set_seen(Some(version));
    Ok(())
}

impl App {
    /// Whether the visitor has a choice on record that acknowledging a notice would record again.
    fn has_choices(&self) -> bool {
        let Ok(ev) = self.evaluate() else { return false };
        self.session
            .borrow()
            .plan(&ev, &Action::Acknowledge)
            .is_ok_and(|p| !p.is_empty())
    }

    /// The edge's readable list of every change between the two versions of a notice.
    fn diff_link(&self, u: &crate::banner::model::UpdateModel, w: &Words) -> Option<crate::banner::model::Link> {
        let locale = self.session.borrow().locale().to_string();
        let href = self
            .config
            .edge_url(&format!("/policy/changes?from={}&to={}&lang={locale}", u.from, u.to))?;
        Some(crate::banner::model::Link {
            label: w[Word::UpdateDiff].to_string(),
            href,
        })
    }

    /// Where the banner's forms post: the edge's handlers when there is an edge (the age
    /// question and the guardian request go there as plain form posts); without one the forms
    /// never post, the click and submit listeners answer them here.
    fn target(&self, model: &crate::banner::BannerModel) -> Target {
        let edge = |path: &str| {
            self.config
                .edge_url(&format!("{path}?lang={}", model.locale))
                .unwrap_or_default()
        };
        let location = self.win.location();
        Target {
            action: edge("/consent/form"),
            age_action: edge("/age"),
            guardian_action: edge("/guardian/request"),
            return_to: format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            ),
            diff: model
                .update
                .as_ref()
                .and_then(|u| self.diff_link(u, self.session.borrow().words())),
            look: self.config.look(),
            // The module writes its own status line as it acts.
            status: String::new(),
        }
    }

    fn consent_mode_on(&self) -> bool {
        self.config.consent_mode.enabled && self.session.borrow().consent_mode_on()
    }

    fn is_open(&self) -> bool {
        self.ui.borrow().as_ref().is_some_and(|u| u.shown.is_some())
    }

    fn evaluate(&self) -> Result<Evaluation, JsValue> {
        self.session.borrow().evaluate(now()).map_err(problem)
    }

    fn state(&self) -> Result<JsValue, JsValue> {
        let at = now();
        let s = self.session.borrow();
        let ev = s.evaluate(at).map_err(problem)?;
        json_to_js(&s.state(&ev, self.is_open(), signals::strings(self)))
    }

    /// Each purpose's decision and whether it may run now (None if the policy cannot be evaluated).
    fn heard(&self) -> Option<Heard> {
        let at = now();
        let s = self.session.borrow();
        let ev = s.evaluate(at).ok()?;
        let state = s.state(&ev, self.is_open(), Default::default());
        Some((state.purposes, state.decisions))
    }

    fn save(&self) {
        let s = self.session.borrow();
        write(local_storage(&self.win), &self.keys.local, &s.local_json());
        if let Ok(text) = crate::api::to_json(&*self.receipts.borrow()) {
            write(local_storage(&self.win), &self.keys.receipts, &text);
        }
        if let Some(subject) = self.subject.borrow().as_deref() {
            write(local_storage(&self.win), &self.keys.subject, subject);
        }
    }

    fn mark_seen(&self) {
        let version = self.session.borrow().policy().version.clone();
        write(local_storage(&self.win), &self.keys.seen, &version);
        self.session.borrow_mut().set_seen(Some(version));
    }

    /// Says something in the status line (a live region). It clears itself after a while.
    fn set_status(&self, text: &str) -> Result<(), JsValue> {
        let ui = self.ui.borrow();
        let Some(ui) = ui.as_ref() else { return Ok(()) };
        ui.status.set_text_content(None);
        dom::add_text(&self.doc, &ui.status, "p", "", text)?;
        let n = self.said.get().wrapping_add(1);
        self.said.set(n);
        let status = ui.status.clone();
        let said = self.said.clone();
        let clear = Closure::once_into_js(move || {
            if said.get() == n {
                status.set_text_content(None);
            }
        });
        self.win
            .set_timeout_with_callback_and_timeout_and_arguments_0(clear.unchecked_ref(), STATUS_MS)?;
        Ok(())
    }
}

/// The purposes the evaluation allows, in the policy's order.
fn allowed(ev: &Evaluation) -> Vec<&str> {
    ev.purposes
        .iter()
        .filter(|d| d.decision == Decision::Allowed)
        .map(|d| d.purpose.as_str())
        .collect()
}

/// Redraws after a load or a choice: the persistent button, the gated scripts and embeds, the
/// Consent Mode update; on load, opens what the core says opens by itself.
fn refresh(app: &Rc<App>, after_choice: bool) -> Result<(), JsValue> {
    let ev = app.evaluate()?;
    let model = app.session.borrow().model(&ev, now());
    // A page in a frame of a page of the same site draws no banner: the page around it asks.
    // Its gates still follow the visitor's choices. In another site's frame (whose storage is
    // its own) it asks.
    let framed = app
        .win
        .top()
        .ok()
        .flatten()
        .is_some_and(|top| top != app.win && top.location().href().is_ok());
    if !framed {
        let mut ui = app.ui.borrow_mut();
        match ui.as_ref() {
            Some(u) => dom::relabel(u, &model)?,
            None => *ui = Some(dom::root(&app.doc, &model, &app.target(&model))?),
        }
    }
    let allowed = allowed(&ev);
    let ran = gate::release_scripts(&app.doc, &allowed)?;
    let loaded = {
        let s = app.session.borrow();
        gate::gate_embeds(&app.doc, &allowed, |purpose, title| {
            placeholder(s.policy(), &ev, purpose, title, s.words())
                .map(|p| dom::placeholder(&app.doc, &p, purpose, &model.locale))
                .transpose()
        })?
    };
    for purpose in ran.into_iter().chain(loaded) {
        gate::add_purpose(&mut app.ran.borrow_mut(), purpose);
    }
    let recorded = !app.session.borrow().consents().is_empty();
    if app.consent_mode_on() && (after_choice || recorded) {
        let state = app.session.borrow().consent_mode(&ev);
        signals::gtag(&app.win, app.gtag.as_ref(), "update", &state)?;
    }
    youth_mode(&app.doc, model.youth_mode)?;
    if !after_choice && !framed {
        open_by_itself(app, &model)?;
    }
    Ok(())
}

/// Marks `<html data-assent-youth-mode>` while youth mode is on, for the page's own styles and
/// scripts (the edge writes it too, for pages without scripts).
fn youth_mode(doc: &Document, on: bool) -> Result<(), JsValue> {
    let Some(html) = doc.document_element() else {
        return Ok(());
    };
    if on {
        html.set_attribute("data-assent-youth-mode", "on")
    } else {
        html.remove_attribute("data-assent-youth-mode")
    }
}

/// Opens what the core says opens by itself. What the edge already opened in the page stays
/// as it is (it is the same markup); what it opened that the core does not open now closes.
fn open_by_itself(app: &Rc<App>, model: &crate::banner::BannerModel) -> Result<(), JsValue> {
    let written = app.ui.borrow().as_ref().map(|u| (u.shown, u.bar.is_some()));
    match (Shown::of(model.opening), written) {
        (Some(shown), Some((open_now, _))) if open_now == Some(shown) => {
            focus_title(app)?;
            signals::notify(app, TcEvent::UiShown);
            Ok(())
        }
        (Some(shown), _) => open(app, shown),
        (None, Some((Some(_), _))) => close(app),
        (None, Some((_, true))) => Ok(()),
        (None, _) => {
            if let (Opening::UpdateBar, Some(u)) = (model.opening, &model.update) {
                let bar = dom::update_bar(&app.doc, u, &model.locale, &app.target(model))?;
                if let Some(ui) = app.ui.borrow_mut().as_mut() {
                    ui.root.append_child(&bar)?;
                    ui.bar = Some(bar);
                }
            }
            Ok(())
        }
    }
}

/// Moves focus to the open dialog's heading: the start of what it says, no button preselected.
fn focus_title(app: &App) -> Result<(), JsValue> {
    if let Some(title) = app.doc.get_element_by_id("assent-title") {
        if let Ok(h) = title.dyn_into::<HtmlElement>() {
            h.focus()?;
        }
    }
    Ok(())
}

/// The minor acknowledged the guardian-guidance notice: it does not open by itself again in
/// this browser, and what would have opened without it opens now.
fn acknowledge_guidance(app: &Rc<App>) -> Result<(), JsValue> {
    write(local_storage(&app.win), &app.keys.guidance, "1");
    app.session.borrow_mut().set_guided(true);
    // The edge writes the notice into its pages until it hears the acknowledgement, by the
    // notice's own form, as without scripts.
    if let Some(url) = app.config.edge_url("consent/form") {
        let _ = net::post_form(&app.win, &url, "action=guidance-continue&return=%2F");
    }
    let ev = app.evaluate()?;
    let model = app.session.borrow().model(&ev, now());
    if matches!(model.opening, Opening::Banner | Opening::UpdateModal) {
        // Replaces the notice in the same container; focus moves to the banner's heading.
        open_by_itself(app, &model)
    } else {
        close(app)?;
        open_by_itself(app, &model)
    }
}

/// Opens a dialog, remembering where focus was and moving it to the dialog's heading.
fn open(app: &Rc<App>, shown: Shown) -> Result<(), JsValue> {
    let ev = app.evaluate()?;
    let model = app.session.borrow().model(&ev, now());
    let asked = shown;
    let shown = shown.or_step_before(&model);
    app.wanted.set((shown != asked).then_some(asked));
    let Some(layer_box) = dom::dialog(&app.doc, &model, shown, &app.target(&model))? else {
        return Ok(());
    };
    signals::add_vendors(app, &layer_box, shown)?;
    let mut guard = app.ui.borrow_mut();
    let Some(ui) = guard.as_mut() else { return Ok(()) };
    if let Some(old) = ui.dialog.take() {
        old.remove();
    } else {
        // Focus returns where it was, unless it was inside the banner itself.
        ui.return_focus = app
            .doc
            .active_element()
            .filter(|e| !ui.root.contains(Some(e)))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    }
    ui.root.insert_before(&layer_box, ui.root.first_child().as_ref())?;
    ui.dialog = Some(layer_box);
    ui.shown = Some(shown);
    ui.reopen.set_attribute("aria-expanded", "true")?;
    drop(guard);
    focus_title(app)?;
    signals::notify(app, TcEvent::UiShown);
    Ok(())
}

/// Closes the dialog and returns focus.
fn close(app: &App) -> Result<(), JsValue> {
    app.wanted.set(None);
    let mut guard = app.ui.borrow_mut();
    let Some(ui) = guard.as_mut() else { return Ok(()) };
    if let Some(d) = ui.dialog.take() {
        d.remove();
    }
    ui.shown = None;
    ui.reopen.set_attribute("aria-expanded", "false")?;
    let target = ui
        .return_focus
        .take()
        .filter(|e| e.is_connected())
        .or_else(|| ui.reopen.clone().dyn_into::<HtmlElement>().ok());
    drop(guard);
    if let Some(t) = target {
        t.focus()?;
    }
    Ok(())
}

/// Closing without choosing (Escape, the close button): the defaults stay (nothing optional
/// runs) and the banner does not open by itself again in this browsing session.
fn dismiss(app: &App) -> Result<(), JsValue> {
    write(session_storage(&app.win), &app.keys.dismissed, "1");
    app.session.borrow_mut().set_dismissed(true);
    close(app)
}

/// Records an action: applied at once and kept in this browser, then sent to the consent
/// service, whose signed receipt replaces the unsigned record once it verifies.
/// Records `action`: a click of the visitor's on the banner (`by_visitor`), or a call of the
/// page's own code (`window.assent`), which keeps the page as it is: a withdrawal reloads only a
/// page whose visitor asked for it, never an app that called `set`.
fn act(app: Rc<App>, action: Action, by_visitor: bool) -> Pending {
    // Boxed: one future type for every caller, so its state machine is compiled once.
    Box::pin(act_now(app, action, by_visitor))
}

/// A choice being recorded.
type Pending = core::pin::Pin<Box<dyn core::future::Future<Output = Result<JsValue, JsValue>>>>;

async fn act_now(app: Rc<App>, action: Action, by_visitor: bool) -> Result<JsValue, JsValue> {
    if app.busy.replace(true) {
        return Err(fail(
            "banner.busy",
            "a choice is being recorded".into(),
            "wait for the previous call's promise",
        ));
    }
    let outcome = record(&app, action, by_visitor).await;
    app.choices.set(app.choices.get().wrapping_add(1));
    app.busy.set(false);
    outcome?;
    app.state()
}

async fn record(app: &Rc<App>, action: Action, by_visitor: bool) -> Result<(), JsValue> {
    signals::record_vendors(app, &action);
    let at = now();
    let plan = {
        let ev = app.evaluate()?;
        app.session.borrow().plan(&ev, &action).map_err(problem)?
    };
    app.session.borrow_mut().record_locally(&plan, at);
    app.mark_seen();
    app.save();
    if app.is_open() {
        close(app)?;
    }
    if let Some(bar) = app.ui.borrow_mut().as_mut().and_then(|u| u.bar.take()) {
        bar.remove();
    }
    // What was allowed and is now withdrawn: its cookies and storage go now.
    let withdrawn: Vec<&str> = plan.withdraw.iter().map(String::as_str).collect();
    let notice = {
        let s = app.session.borrow();
        gate::delete_storage(&app.win, &app.doc, &storage_of(s.policy(), &withdrawn));
        let ran = app.ran.borrow();
        let ran_refs: Vec<&str> = ran.iter().map(String::as_str).collect();
        withdrawal_notice(s.policy(), s.locale(), s.words(), &withdrawn, &ran_refs, by_visitor)
    };
    // What the choice takes back applies to the page, its gates and its signals at once: a
    // refusal needs no receipt to count. With a consent service, what it allows waits for the
    // service's receipt, so the page moves again once the service answered, whatever it answered.
    let service = app.config.edge.is_some();
    let takes_back = !withdrawn.is_empty();
    let grants = plan.consent.values().any(|allowed| *allowed);
    // Best effort before the service answers: a page whose own gtag throws still gets the
    // choice to the service, and hears of the failure afterwards.
    let early = if !service || takes_back {
        refresh(app, true).map(|()| changed(app))
    } else {
        Ok(())
    };
    let signed = if service { Some(sign(app, &plan).await) } else { None };
    if service && (grants || !takes_back) {
        refresh(app, true)?;
        changed(app);
    }
    // The TCF's `useractioncomplete` once, with what the choice settled at.
    signals::notify(app, TcEvent::ActionComplete);
    early?;
    let saved = |word: Word| app.session.borrow().words()[word].to_string();
    let locale = app.session.borrow().locale().to_string();
    if plan.consent_body(&locale).is_none() && plan.withdraw_body(&locale).is_none() {
        // Every switch was unavailable (the age not known yet, a child waiting for a guardian).
        return app.set_status(&saved(Word::NothingRecorded));
    }
    // A withdrawn purpose whose code already runs on this page stops only with the page: it
    // reloads at once, where the gate holds that code back, and says there what it said here.
    let reload = notice.as_ref().is_some_and(|n| n.1);
    let said = match (&notice, signed) {
        (_, Some(Err(why))) => app.session.borrow().words().not_recorded_for(&why),
        (Some((text, _)), _) => text.clone(),
        (None, Some(Ok(()))) => saved(Word::SavedSigned),
        (None, None) => saved(Word::SavedUnsigned),
    };
    if reload {
        write(session_storage(&app.win), &app.keys.said, &said);
        return app.win.location().reload();
    }
    app.set_status(&said)
}

/// What the consent service answers to a choice: the receipt (its other fields are not needed;
/// whose it is, the receipt says once it verifies).
#[derive(crate::json::FromJson)]
struct Recorded {
    receipt: String,
}

/// Sends a plan to the consent service and keeps the receipts it signs.
async fn sign(app: &Rc<App>, plan: &crate::banner::ChoicePlan) -> Result<(), String> {
    let locale = app.session.borrow().locale().to_string();
    let mut bodies = Vec::new();
    if let Some(b) = plan.consent_body(&locale) {
        bodies.push(("/v1/consent", crate::api::to_json(&b).map_err(|e| e.message)?));
    }
    if let Some(b) = plan.withdraw_body(&locale) {
        bodies.push(("/v1/consent/withdraw", crate::api::to_json(&b).map_err(|e| e.message)?));
    }
    for (path, body) in bodies {
        let url = app.config.edge_url(path).ok_or("no consent service")?;
        let answer = match net::post_json(&app.win, &url, &body).await {
            Ok(answer) => answer,
            Err(refused) => {
                if refused.code.as_deref() == Some("subject.erased") {
                    forget_subject(app);
                }
                return Err(refused.message);
            }
        };
        let recorded = crate::policy::read_json::<Recorded>(&answer)
            .map_err(|_| "the consent service sent no receipt".to_string())?;
        app.receipts.borrow_mut().push(recorded.receipt);
    }
    let receipts = app.receipts.borrow().clone();
    verify(app, receipts).await;
    // The signed records now hold these choices: the unsigned ones they match go.
    app.session.borrow_mut().settle();
    app.save();
    Ok(())
}

/// What the listeners last heard: each purpose's may-run and decision.
type Heard = (SortedMap<bool>, SortedMap<Decision>);

fn purpose_states(heard: &Heard) -> PurposeStates<'_> {
    PurposeStates {
        runs: &heard.0,
        decisions: &heard.1,
    }
}

/// Calls the listeners of the events the change fires (`events::fired`) with the new state.
fn changed(app: &App) {
    let Ok(state) = app.state() else { return };
    let now = app.heard();
    let before = app.heard.replace(now.clone());
    let events = match (&before, &now) {
        (Some(b), Some(a)) => fired(purpose_states(b), purpose_states(a)),
        _ => vec![BannerEvent::Change],
    };
    let listeners = app.listeners.borrow().clone();
    for event in &events {
        for (wanted, f) in &listeners {
            if wanted == event {
                let _ = f.call1(&JsValue::NULL, &state);
            }
        }
    }
    if let Ok(e) = Event::new("assent:change") {
        let _ = app.doc.dispatch_event(&e);
    }
}

/// Switches the banner's language, fetching the texts file of the new locale only when the
/// session has not read it, and redraws what is shown in it.
async fn switch_locale(app: &Rc<App>, wanted: &str) -> Result<(), JsValue> {
    let needed = app.session.borrow().texts_needed(wanted);
    if let Some(name) = needed {
        let text = net::get(&app.win, &app.config.texts_url(&name), COMPILED)
            .await
            .map_err(|why| {
                fail(
                    "banner.policy",
                    format!("the texts of `{wanted}` could not be loaded: {why}"),
                    "serve every texts file `assent compile` wrote beside the core file",
                )
            })?;
        app.session.borrow_mut().add_texts(&text).map_err(api)?;
    }
    app.session.borrow_mut().set_locale(wanted).map_err(api)?;
    let ev = app.evaluate()?;
    let model = app.session.borrow().model(&ev, now());
    let shown = app.ui.borrow().as_ref().and_then(|u| u.shown);
    if let Some(u) = app.ui.borrow().as_ref() {
        dom::relabel(u, &model)?;
    }
    if let Some(shown) = shown {
        open(app, shown)?;
    }
    changed(app);
    Ok(())
}

/// One click listener and one key listener on the document, for every button the banner draws.
fn listen(app: &Rc<App>) -> Result<(), JsValue> {
    let weak = Rc::downgrade(app);
    let click = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        if let Some(app) = weak.upgrade() {
            on_click(&app, &e);
        }
    });
    app.doc
        .add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    click.forget();
    let weak = Rc::downgrade(app);
    let key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
        if let Some(app) = weak.upgrade() {
            on_key(&app, &e);
        }
    });
    app.doc
        .add_event_listener_with_callback("keydown", key.as_ref().unchecked_ref())?;
    key.forget();
    let weak = Rc::downgrade(app);
    let submit = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        if let Some(app) = weak.upgrade() {
            on_submit(&app, &e);
        }
    });
    app.doc
        .add_event_listener_with_callback("submit", submit.as_ref().unchecked_ref())?;
    submit.forget();
    Ok(())
}

/// A form of the banner submits (its required fields filled): the age question is answered
/// here on a site without an edge, and posts to the edge's `/age` with one (the edge locks the
/// band and sends the visitor back to this page); the guardian request posts to the edge. Any
/// other banner form (Enter in a field) stays on the page: its buttons are the click
/// listener's.
fn on_submit(app: &Rc<App>, e: &Event) {
    let Some(form) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    if form.closest("[data-assent-ui]").ok().flatten().is_none() {
        return;
    }
    let kind = form.get_attribute("data-assent-form");
    if app.config.edge.is_some() && kind.as_deref() == Some("age") {
        // The edge locks the answer; the page stays (a single-page app keeps its state).
        e.prevent_default();
        let app = app.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if answer_age_at_edge(&app, &form).await.is_err() {
                // What the edge refused, its own page says: the form goes there as without scripts.
                let submit = Reflect::get(&form, &JsValue::from_str("submit"));
                if let Ok(submit) = submit.and_then(|f| f.dyn_into::<Function>()) {
                    let _ = submit.call0(&form);
                }
            }
        });
        return;
    }
    if app.config.edge.is_some() && kind.as_deref() == Some("guardian") {
        return;
    }
    e.prevent_default();
    if kind.as_deref() == Some("age") {
        if let Err(err) = answer_age(app, &form) {
            let _ = app.set_status(&net::describe(err));
        }
    }
}

/// The value of a named field of `form`.
fn field(form: &Element, name: &str) -> Option<String> {
    let input = form.query_selector(&format!("[name={name}]")).ok().flatten()?;
    Reflect::get(&input, &JsValue::from_str("value")).ok()?.as_string()
}

/// Answers the age question in this browser (a site without an edge): the core locks the band
/// as the edge would, the browser keeps the lock (never the age), and the same dialog goes on
/// to what opens now: the choices, the guardian step, or nothing.
fn answer_age(app: &Rc<App>, form: &Element) -> Result<(), JsValue> {
    let number = |name: &str| field(form, name).and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(year), Some(month)) = (number("birthYear"), number("birthMonth")) else {
        return Ok(());
    };
    let existing = read(local_storage(&app.win), &app.keys.age).and_then(|t| crate::policy::read_json(&t).ok());
    let month = u32::try_from(month).unwrap_or(0);
    let lock = app
        .session
        .borrow_mut()
        .answer_age(year, month, now(), existing)
        .map_err(problem)?;
    if let Ok(text) = crate::api::to_json(&lock) {
        write(local_storage(&app.win), &app.keys.age, &text);
    }
    go_on_after_age(app)
}

/// What the edge answers at `/v1/state`, of what the banner reads after the age question.
#[derive(crate::json::FromJson)]
#[serde(rename_all = "camelCase")]
struct EdgeState {
    age_band: String,
}

/// Answers the age question at the edge without leaving the page: the form's fields go to the
/// edge's `/age` (which locks the band in its cookie), then the band the edge now gives the
/// visitor (`/v1/state`) is the page's, and the same dialog goes on. An error when the edge
/// refused the answer or did not say the band.
async fn answer_age_at_edge(app: &Rc<App>, form: &Element) -> Result<(), JsValue> {
    let action = form.get_attribute("action").unwrap_or_default();
    let fields: Vec<String> = ["birthYear", "birthMonth", "return"]
        .iter()
        .filter_map(|name| {
            let value = field(form, name)?;
            Some(format!("{name}={}", String::from(js_sys::encode_uri_component(&value))))
        })
        .collect();
    let answer = wasm_bindgen_futures::JsFuture::from(net::post_form(&app.win, &action, &fields.join("&"))).await?;
    // A lock is answered with a redirect back to the page; anything else is a refusal.
    if Reflect::get(&answer, &JsValue::from_str("type"))?
        .as_string()
        .as_deref()
        != Some("opaqueredirect")
    {
        return Err(JsValue::from_str("the edge refused the answer"));
    }
    let url = app
        .config
        .edge_url("/v1/state")
        .ok_or_else(|| JsValue::from_str("no edge"))?;
    let text = net::get(&app.win, &url, "the visitor's state")
        .await
        .map_err(|e| JsValue::from_str(&e))?;
    let state: EdgeState = crate::policy::read_json(&text).map_err(|p| JsValue::from_str(&p.message))?;
    let band = crate::banner::config::age_band(&state.age_band)
        .ok_or_else(|| JsValue::from_str("the edge did not say the age band"))?;
    app.session.borrow_mut().set_age_band(band);
    if let Some(html) = app.doc.document_element() {
        html.set_attribute("data-assent-age-band", state.age_band.trim())?;
    }
    if who_is_child(&app.doc) {
        watch_guardian(app.clone());
    }
    go_on_after_age(app)
}

/// After the age question: the same dialog goes on to the dialog the visitor asked for, else to
/// what opens now (the choices, the guardian step, or nothing).
fn go_on_after_age(app: &Rc<App>) -> Result<(), JsValue> {
    if let Some(wanted) = app.wanted.take() {
        // The visitor asked for the choices ("Privacy choices"); the age question came first.
        refresh(app, false)?;
        changed(app);
        return open(app, wanted);
    }
    let ev = app.evaluate()?;
    if Shown::of(app.session.borrow().model(&ev, now()).opening).is_none() {
        close(app)?;
    }
    refresh(app, false)?;
    changed(app);
    Ok(())
}

fn spawn(app: &Rc<App>, action: Action) {
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = act(app.clone(), action, true).await {
            let why = net::describe(e);
            let _ = app.set_status(&why);
        }
    });
}

fn switches(app: &App) -> SortedMap<bool> {
    let found = app
        .ui
        .borrow()
        .as_ref()
        .and_then(|u| u.dialog.as_ref().map(dom::switches));
    SortedMap::new(found.unwrap_or_default())
}

fn on_click(app: &Rc<App>, e: &Event) {
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("[data-assent-action]").ok().flatten())
    else {
        return;
    };
    let action = target.get_attribute("data-assent-action").unwrap_or_default();
    if matches!(action.as_str(), "age" | "guardian-request") {
        // Their forms submit: the browser checks the required fields first, then `on_submit`
        // answers or lets the post go to the edge.
        return;
    }
    // The buttons are submit buttons of forms that post to the edge when no script runs; here
    // the banner answers them itself.
    e.prevent_default();
    let choice = match action.as_str() {
        "accept" => Some(Action::AcceptAll),
        "reject" => Some(Action::RejectAll),
        "save" => Some(Action::Save(switches(app))),
        "update-confirm" => Some(Action::Update(switches(app))),
        "allow" => {
            let purpose = target.get_attribute("data-assent-purpose").unwrap_or_default();
            Some(Action::Set([(purpose, true)].into()))
        }
        _ => None,
    };
    if let Some(choice) = choice {
        return spawn(app, choice);
    }
    let outcome = match action.as_str() {
        "choose" | "reopen" => open(app, Shown::Second),
        "close" => dismiss(app),
        // The older terms keep applying; the notice does not open by itself again in this
        // browsing session.
        "update-later" => dismiss(app),
        "guidance-continue" => acknowledge_guidance(app),
        "update-dismiss" if app.has_choices() => {
            // The acknowledgement of the notice is a receipt too: the visitor's choices as they
            // stand, under the new version.
            return spawn(app, Action::Acknowledge);
        }
        "update-dismiss" => {
            app.mark_seen();
            if let Some(bar) = app.ui.borrow_mut().as_mut().and_then(|u| u.bar.take()) {
                bar.remove();
            }
            if app.is_open() {
                close(app)
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    };
    if let Err(err) = outcome {
        let _ = app.set_status(&net::describe(err));
    }
}

fn on_key(app: &Rc<App>, e: &KeyboardEvent) {
    let dialog = match app.ui.borrow().as_ref() {
        Some(u) if u.shown.is_some() => u.dialog.clone(),
        _ => None,
    };
    let Some(dialog) = dialog else { return };
    // A bar or a box answers Escape only while focus is in it: the page's own keys go on working.
    let focused = app.doc.active_element().is_some_and(|a| dialog.contains(Some(&a)));
    match e.key().as_str() {
        "Escape" if focused || dom::is_modal(&dialog) => {
            e.prevent_default();
            // The guidance notice has one way out, on to the banner; Escape takes it.
            let guidance = app
                .ui
                .borrow()
                .as_ref()
                .is_some_and(|u| u.shown == Some(Shown::Guidance));
            let _ = if guidance {
                acknowledge_guidance(app)
            } else {
                dismiss(app)
            };
        }
        // Focus stays in a modal dialog while it is open: past the last element it wraps to
        // the first, and back. A bar or a box leaves the page usable: Tab moves on to it.
        "Tab" if dom::is_modal(&dialog) => {
            let items = dom::focusable(&dialog);
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = app.doc.active_element();
            let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<Element>());
            let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
            let on_title = active.as_ref().is_some_and(|a| a.id() == "assent-title");
            if e.shift_key() && (at(first) || on_title || !inside) {
                e.prevent_default();
                let _ = last.focus();
            } else if !e.shift_key() && (at(last) || !inside) {
                e.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    }
}

/// The banner on this page, as `window.assent`: a documented API for sites that test
/// themselves in headless browsers, and for pages with their own controls. Its calls record the
/// same choices, with the same receipts, as the banner's buttons.
#[wasm_bindgen(js_name = "Banner")]
pub struct Banner {
    app: Rc<App>,
}

fn choices_arg(v: &JsValue) -> Result<SortedMap<bool>, JsValue> {
    let text = json_text(v, "the choices")?;
    crate::policy::read_json(&text).map_err(|p| {
        problem(p.hint("pass an object of purpose ids to true or false, e.g. {\"analytics-cookies\": true}"))
    })
}

#[wasm_bindgen(js_class = "Banner")]
impl Banner {
    /// The visitor's state now: every purpose's decision and whether it may run, the locale,
    /// whether a dialog is open, the Consent Mode state and the TC string.
    #[wasm_bindgen(unchecked_return_type = "BannerState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        self.app.state()
    }

    /// Accept all, as the first layer's button: resolves to the new state once recorded.
    #[wasm_bindgen(js_name = "acceptAll", unchecked_return_type = "Promise<BannerState>")]
    pub fn accept_all(&self) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(act(self.app.clone(), Action::AcceptAll, false))
    }

    /// Reject all, as the first layer's button.
    #[wasm_bindgen(js_name = "rejectAll", unchecked_return_type = "Promise<BannerState>")]
    pub fn reject_all(&self) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(act(self.app.clone(), Action::RejectAll, false))
    }

    /// Sets the named purposes on or off, the others unchanged, as the second layer's switches
    /// do (`{"analytics-cookies": true}`). Rejects with an `AssentError` for an unknown or
    /// essential purpose, or one the visitor may not turn on.
    #[wasm_bindgen(unchecked_return_type = "Promise<BannerState>")]
    pub fn set(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, boolean>")] choices: JsValue,
    ) -> js_sys::Promise {
        match choices_arg(&choices) {
            Ok(choices) => wasm_bindgen_futures::future_to_promise(act(self.app.clone(), Action::Set(choices), false)),
            Err(e) => js_sys::Promise::reject(&e),
        }
    }

    /// Calls `listener(state)` on `event`: `"change"` after every change;
    /// `"accept:<purpose>"` when the purpose may run and did not before (at once, too, if it may
    /// already run); `"reject:<purpose>"` when a choice or a rule stops it (`banner::events`).
    /// Throws an `AssentError` for another name or an unknown purpose.
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BannerEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(state: BannerState) => void")] listener: Function,
    ) -> Result<(), JsValue> {
        let event = self.event(&event)?;
        let now = self.app.heard().unwrap_or_default();
        if event.holds(purpose_states(&now)) {
            listener.call1(&JsValue::NULL, &self.app.state()?)?;
        }
        self.app.listeners.borrow_mut().push((event, listener));
        Ok(())
    }

    /// Removes a listener added with `on` for the same event.
    pub fn off(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BannerEvent")] event: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(state: BannerState) => void")] listener: Function,
    ) -> Result<(), JsValue> {
        let event = self.event(&event)?;
        self.app
            .listeners
            .borrow_mut()
            .retain(|(e, f)| !(e == &event && f == &listener));
        Ok(())
    }

    fn event(&self, name: &JsValue) -> Result<BannerEvent, JsValue> {
        let name = name.as_string().unwrap_or_default();
        let heard = self.app.heard().unwrap_or_default();
        BannerEvent::parse(&name, purpose_states(&heard)).map_err(problem)
    }

    /// Opens the second layer, as the "privacy choices" button does.
    pub fn show(&self) -> Result<(), JsValue> {
        open(&self.app, Shown::Second)
    }

    /// Speaks the policy's locale that best matches `locale` from now on, fetching its texts
    /// file (beside the core file) the first time: resolves to the new state. Rejects with an
    /// `AssentError` for a language the policy does not offer.
    #[wasm_bindgen(js_name = "setLocale", unchecked_return_type = "Promise<BannerState>")]
    pub fn set_locale(&self, #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue) -> js_sys::Promise {
        let app = self.app.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let wanted = locale.as_string().unwrap_or_default();
            switch_locale(&app, &wanted).await?;
            app.state()
        })
    }
}

#[wasm_bindgen(typescript_custom_section)]
const BANNER_TYPES: &str = r#"
/** What `window.assent.on` listens to: every change, or a purpose accepted or rejected. */
export type BannerEvent = "change" | `accept:${string}` | `reject:${string}`;

export interface BannerOptions {
  config?: BannerConfig | string;
  /** The request for `config.policy` if the page already sent it (the banner entry sends it while the module compiles). */
  core?: Promise<Response>;
  /** The request for the consent service's `/v1/receipts/mine` if the page already sent it (the banner entry sends it while the module compiles). */
  logged?: Promise<Response>;
  /** The URL of assent.css, linked unless the page has it (linked, or written in by the edge). */
  stylesheet?: string;
  /** gtag's queue function, used when the page has no `window.gtag`. */
  gtag?: (...args: unknown[]) => void;
  /** Imports the ad-tech module (the banner entry's own import of `assent_adtech.js`); called only on a page with TCF settings, once the banner is drawn. */
  adSignals?: () => Promise<unknown>;
}
"#;
