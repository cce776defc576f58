//! Fetching the policy and the site's keys, and sending choices to the consent service.
//! Requests are same-origin by default, so the edge's consent cookie goes along.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response, Window};

async fn text_of(p: Result<js_sys::Promise, JsValue>) -> Result<String, String> {
    let p = p.map_err(describe)?;
    JsFuture::from(p)
        .await
        .map_err(describe)?
        .as_string()
        .ok_or_else(|| "the answer is not text".to_string())
}

/// What went wrong, in a few words, for the page to show.
pub fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".into())
}

async fn send(win: &Window, url: &str, init: &RequestInit) -> Result<(Response, String), String> {
    answer(win.fetch_with_str_and_init(url, init)).await
}

/// The response `pending` (a `fetch`) resolves to, and its body.
async fn answer(pending: js_sys::Promise) -> Result<(Response, String), String> {
    let answer = JsFuture::from(pending).await.map_err(describe)?;
    let response: Response = answer.dyn_into().map_err(|_| "not a response".to_string())?;
    let body = text_of(response.text()).await?;
    Ok((response, body))
}

/// `GET url` for `what` (a JSON file: "a compiled policy file", ...): the body of a 2xx answer.
pub async fn get(win: &Window, url: &str, what: &str) -> Result<String, String> {
    let init = RequestInit::new();
    init.set_method("GET");
    ok_body(url, what, win.fetch_with_str_and_init(url, &init)).await
}

/// The body of `pending`, a `GET url` for `what` the page already sent, if its answer is a 2xx
/// and not an HTML page (a dev server's `index.html` for a path it does not have).
pub async fn ok_body(url: &str, what: &str, pending: js_sys::Promise) -> Result<String, String> {
    let (response, body) = answer(pending).await?;
    if !response.ok() {
        return Err(format!("{url} answered {}", response.status()));
    }
    let content_type = response.headers().get("content-type").ok().flatten();
    match crate::banner::config::html_in_place_of(what, url, content_type.as_deref(), &body) {
        Some(refused) => Err(refused),
        None => Ok(body),
    }
}

/// The consent service's error answer, `{"error": {"code", "message", "hint"?}}`.
#[derive(crate::json::FromJson)]
struct Failure {
    error: FailureBody,
}

#[derive(crate::json::FromJson)]
struct FailureBody {
    code: String,
    message: String,
}

/// Why the consent service recorded nothing: its error's code, when it answered one, and what
/// to say.
pub struct Refused {
    pub code: Option<String>,
    pub message: String,
}

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused { code: None, message }
    }
}

/// `POST url` with a JSON body: the body of a 2xx answer, or why the consent service refused.
pub async fn post_json(win: &Window, url: &str, json: &str) -> Result<String, Refused> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(json));
    let headers = js_sys::Object::new();
    js_sys::Reflect::set(&headers, &"content-type".into(), &"application/json".into()).map_err(describe)?;
    init.set_headers(&headers);
    ask(win, url, &init).await
}

/// Posts `body`, a form's fields (URL-encoded), to the consent service, as a page without
/// scripts would; neither its answer nor the page it leads to is read.
pub fn post_form(win: &Window, url: &str, body: &str) -> js_sys::Promise {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_redirect(web_sys::RequestRedirect::Manual);
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &headers,
        &"content-type".into(),
        &"application/x-www-form-urlencoded".into(),
    );
    init.set_headers(&headers);
    win.fetch_with_str_and_init(url, &init)
}

/// Sends `GET url` to the consent service now; [`service_answer`] reads what it answers.
pub fn start_get(win: &Window, url: &str) -> js_sys::Promise {
    let init = RequestInit::new();
    init.set_method("GET");
    win.fetch_with_str_and_init(url, &init)
}

/// What the consent service answered to a request already sent: the body of a 2xx answer, or
/// why it refused.
pub async fn service_answer(sent: js_sys::Promise) -> Result<String, Refused> {
    refused_or_body(answer(sent).await?)
}

async fn ask(win: &Window, url: &str, init: &RequestInit) -> Result<String, Refused> {
    refused_or_body(send(win, url, init).await?)
}

fn refused_or_body((response, body): (Response, String)) -> Result<String, Refused> {
    if response.ok() {
        return Ok(body);
    }
    Err(match crate::policy::read_json::<Failure>(&body) {
        Ok(f) => Refused {
            code: Some(f.error.code),
            message: f.error.message,
        },
        Err(_) => format!("the consent service answered {}", response.status()).into(),
    })
}
