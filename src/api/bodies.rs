//! The JSON API's request bodies, read by the core: the edge hands over the text of a request's
//! body (its size and content type are HTTP's, checked there) and gets back the typed body or an
//! `AssentError` saying what is wrong, where (the JSON path) and how to fix it. The edge checks the
//! body before it identifies the visitor, so a bad body is refused (400) with or without a
//! credential.
//!
//! The codes: `request.malformed_json` when the text is not JSON, `schema.unknown_variant` for a
//! `method` that is no collection method (the code the policy's own values have), and
//! `request.invalid` for every other body that is not the route's.

// The error carries every problem; it is the cold path of a call made once per request.
#![allow(clippy::result_large_err)]

use crate::prelude::*;
use serde::{Deserialize, Serialize};

use super::{to_json, ApiError};
use crate::json::{self, ErrorKind, FromJson, ReadError, Reader, Unread};
use crate::policy::{did_you_mean, Problem};
use crate::receipt::CollectionMethod;
use crate::sorted_map::SortedMap;

/// `POST /v1/consent`: the visitor's choices, purpose by purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentBody {
    /// The subject the device's credential names; the edge takes it from there when left out.
    #[serde(default, skip_serializing_if = "Given::is_absent")]
    pub subject: Given<String>,
    /// The locale the notice was shown in.
    pub locale: String,
    /// Each purpose's choice: given (`true`) or refused (`false`).
    pub choices: SortedMap<bool>,
    /// How the choice was asked (the engine's `receiptChoice` requires it for a consent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<CollectionMethod>,
    /// The receipt this choice follows, as a compact JWS.
    #[serde(default, skip_serializing_if = "Given::is_absent")]
    pub previous: Given<String>,
}

/// `POST /v1/consent/withdraw`: the purposes whose consent is withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WithdrawBody {
    /// The subject the device's credential names; the edge takes it from there when left out.
    #[serde(default, skip_serializing_if = "Given::is_absent")]
    pub subject: Given<String>,
    /// The locale of the withdrawal; the policy's best match for the browser's when left out.
    #[serde(default, skip_serializing_if = "Given::is_absent")]
    pub locale: Given<String>,
    /// The purposes withdrawn, by id.
    pub purposes: Vec<String>,
    /// How the withdrawal was made; the API when left out or null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<CollectionMethod>,
    /// The receipt this withdrawal follows, as a compact JWS.
    #[serde(default, skip_serializing_if = "Given::is_absent")]
    pub previous: Given<String>,
}

/// `POST /v1/guardian/requests`: a child asks a guardian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardianRequestBody {
    /// The guardian's email address (the engine's `askGuardian` checks it is one).
    pub contact: String,
    /// The locale of the guardian's message; the visitor's when left out or not one of the
    /// edge's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The purposes asked about; every purpose that needs a guardian when left out.
    #[serde(default, skip_serializing_if = "Given::is_absent")]
    pub purposes: Given<Vec<String>>,
}

/// A member that may be left out, but is never sent as `null`: absent, or a `T`. (An `Option`
/// reads `null` as absent, as serde does.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Given<T>(pub Option<T>);

impl<T> Given<T> {
    /// Whether the member was left out.
    pub fn is_absent(&self) -> bool {
        self.0.is_none()
    }
}

impl<T> Unread for Given<T> {
    fn unread() -> Self {
        Given(None)
    }
}

impl<T: FromJson> FromJson for Given<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, ReadError> {
        T::read(r).map(|v| Given(Some(v)))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Given<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|v| Given(Some(v)))
    }
}

/// Its schema is a `T`'s: the member is optional in the struct, never null.
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Given<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        generator.subschema_for::<T>()
    }
}

/// `consentBody(text)`: the body of `POST /v1/consent`.
pub fn consent_body(text: &str) -> Result<ConsentBody, ApiError> {
    let body: ConsentBody = read(text)?;
    non_empty_text(
        &body.subject,
        "subject",
        "leave it out: the edge takes it from the device's credential",
    )?;
    if body.locale.is_empty() {
        return Err(invalid(
            "$.locale",
            "`locale` is empty",
            "send the locale the notice was shown in",
        ));
    }
    if body.choices.is_empty() {
        return Err(invalid(
            "$.choices",
            "`choices` has no purpose",
            r#"send each purpose's choice, e.g. {"analytics-cookies": true}"#,
        ));
    }
    non_empty_text(
        &body.previous,
        "previous",
        "send the compact JWS of the receipt this choice follows",
    )?;
    Ok(body)
}

/// `withdrawBody(text)`: the body of `POST /v1/consent/withdraw`.
pub fn withdraw_body(text: &str) -> Result<WithdrawBody, ApiError> {
    let body: WithdrawBody = read(text)?;
    non_empty_text(
        &body.subject,
        "subject",
        "leave it out: the edge takes it from the device's credential",
    )?;
    non_empty_text(&body.locale, "locale", "leave it out for the browser's language")?;
    if body.purposes.is_empty() {
        return Err(invalid(
            "$.purposes",
            "`purposes` has no purpose",
            r#"name the purposes withdrawn, e.g. {"purposes": ["advertising"]}"#,
        ));
    }
    non_empty_text(
        &body.previous,
        "previous",
        "send the compact JWS of the receipt this withdrawal follows",
    )?;
    Ok(body)
}

/// `guardianRequestBody(text)`: the body of `POST /v1/guardian/requests`.
pub fn guardian_request_body(text: &str) -> Result<GuardianRequestBody, ApiError> {
    let body: GuardianRequestBody = read(text)?;
    if body.purposes.0.as_ref().is_some_and(Vec::is_empty) {
        return Err(invalid(
            "$.purposes",
            "`purposes` has no purpose",
            "leave it out to ask about every purpose",
        ));
    }
    Ok(body)
}

/// [`consent_body`] as JSON text.
pub fn consent_body_json(text: &str) -> Result<String, ApiError> {
    to_json(&consent_body(text)?)
}

/// [`withdraw_body`] as JSON text.
pub fn withdraw_body_json(text: &str) -> Result<String, ApiError> {
    to_json(&withdraw_body(text)?)
}

/// [`guardian_request_body`] as JSON text.
pub fn guardian_request_body_json(text: &str) -> Result<String, ApiError> {
    to_json(&guardian_request_body(text)?)
}

/// A `request.invalid` error at `path`.
fn invalid(path: &str, message: &str, hint: &str) -> ApiError {
    Problem::at("request.invalid", path, message).hint(hint).into()
}

/// Refuses a string member sent empty.
fn non_empty_text(value: &Given<String>, name: &str, hint: &str) -> Result<(), ApiError> {
    match &value.0 {
        Some(s) if s.is_empty() => Err(invalid(&format!("$.{name}"), &format!("`{name}` is empty"), hint)),
        _ => Ok(()),
    }
}

/// Reads a body with the crate's reader; its errors in the API's codes (see the module
/// documentation), placed at their path, line and column.
fn read<T: FromJson>(text: &str) -> Result<T, ApiError> {
    json::read_str(text).map_err(|e| ApiError::from(problem(text, &e)))
}

/// The problem for an error of the reader.
fn problem(text: &str, e: &ReadError) -> Problem {
    let (code, message, hint) = match e.kind() {
        ErrorKind::Syntax | ErrorKind::Eof | ErrorKind::Trailing => (
            "request.malformed_json",
            format!("the body is not valid JSON: {}", e.message()),
            Some("send one JSON object".to_string()),
        ),
        ErrorKind::UnknownVariant { variant, expected } => (
            "schema.unknown_variant",
            e.message().to_string(),
            did_you_mean(variant, expected.iter().copied()),
        ),
        ErrorKind::UnknownField { field, expected } => (
            "request.invalid",
            e.message().to_string(),
            did_you_mean(field, expected.iter().copied())
                .or_else(|| Some(format!("remove it; the fields are {}", expected.join(", ")))),
        ),
        ErrorKind::MissingField(field) => (
            "request.invalid",
            e.message().to_string(),
            Some(format!("add `{field}`")),
        ),
        ErrorKind::Type { object: true } => (
            "request.invalid",
            e.message().to_string(),
            Some("send a JSON object with the route's fields".to_string()),
        ),
        ErrorKind::Type { object: false } => (
            "request.invalid",
            e.message().to_string(),
            Some("use a value of the type after `expected`".to_string()),
        ),
        ErrorKind::Invalid => (
            "request.invalid",
            e.message().to_string(),
            Some("send each member once, with a value it allows".to_string()),
        ),
    };
    Problem::of_reading(code, text, e, message, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code, path and hint of a body refused.
    fn refused<T: core::fmt::Debug>(read: Result<T, ApiError>) -> (String, String, Option<String>) {
        let e = read.unwrap_err();
        assert_eq!(e.kind, crate::api::ErrorKind::Invalid, "{e:?}");
        (e.code, e.path, e.hint)
    }

    #[test]
    fn a_consent_body_is_read_with_its_choices() {
        let body =
            consent_body(r#"{"locale":"en","method":"banner_layer2","choices":{"search":true,"marketing":false}}"#)
                .unwrap();
        assert_eq!(body.locale, "en");
        assert_eq!(body.method, Some(CollectionMethod::BannerLayer2));
        assert_eq!(body.choices.get("search"), Some(&true));
        assert_eq!(body.choices.get("marketing"), Some(&false));
        assert!(body.subject.is_absent() && body.previous.is_absent());
        // Left-out members stay out of what the edge gets back; a null method is no method.
        let text = consent_body_json(r#"{"locale":"en","method":null,"choices":{"search":true}}"#).unwrap();
        assert_eq!(text, r#"{"locale":"en","choices":{"search":true}}"#);
    }

    #[test]
    fn a_consent_body_that_is_not_one_is_refused_where_it_is_wrong() {
        let unknown = consent_body(r#"{"locale":"en","choices":{"search":true},"extra":1}"#).unwrap_err();
        assert_eq!(unknown.code, "request.invalid");
        assert_eq!(unknown.path, "$.extra");
        assert!(unknown.message.contains("extra"), "{unknown:?}");
        assert_eq!(
            refused(consent_body(r#"{"locale":"en","choices":{"search":"yes"}}"#)).1,
            "$.choices.search"
        );
        assert_eq!(
            refused(consent_body(r#"{"locale":5,"choices":{"search":true}}"#)).1,
            "$.locale"
        );
        assert_eq!(
            refused(consent_body(r#"{"locale":"en","choices":[true]}"#)).1,
            "$.choices"
        );
        assert_eq!(refused(consent_body(r#"{"locale":"en","choices":{}}"#)).1, "$.choices");
        assert_eq!(
            refused(consent_body(r#"{"locale":"","choices":{"search":true}}"#)).1,
            "$.locale"
        );
        let (code, _, hint) = refused(consent_body(r#"{"choices":{"search":true}}"#));
        assert_eq!(
            (code.as_str(), hint.as_deref()),
            ("request.invalid", Some("add `locale`"))
        );
        // Sent, a subject or a previous receipt is a non-empty string, never null.
        assert_eq!(
            refused(consent_body(r#"{"locale":"en","choices":{"a":true},"subject":null}"#)).1,
            "$.subject"
        );
        assert_eq!(
            refused(consent_body(r#"{"locale":"en","choices":{"a":true},"subject":""}"#)).1,
            "$.subject"
        );
        assert_eq!(
            refused(consent_body(r#"{"locale":"en","choices":{"a":true},"previous":7}"#)).1,
            "$.previous"
        );
        // Not an object at all; not JSON; a method that is none.
        assert_eq!(refused(consent_body("[1,2]")).0, "request.invalid");
        assert_eq!(
            refused(consent_body(r#"{"locale": "en", "choices": {"#)).0,
            "request.malformed_json"
        );
        assert_eq!(
            refused(consent_body(r#"{"locale":"en","choices":{"a":true}} x"#)).0,
            "request.malformed_json"
        );
        let (code, path, _) = refused(consent_body(
            r#"{"locale":"en","choices":{"a":true},"method":"carrier_pigeon"}"#,
        ));
        assert_eq!((code.as_str(), path.as_str()), ("schema.unknown_variant", "$.method"));
    }

    #[test]
    fn a_withdrawal_body_names_its_purposes() {
        let body = withdraw_body(r#"{"purposes":["marketing"],"locale":"zh-CN","previous":"a.b.c"}"#).unwrap();
        assert_eq!(body.purposes, ["marketing"]);
        assert_eq!(body.locale, Given(Some("zh-CN".to_string())));
        assert_eq!(body.previous, Given(Some("a.b.c".to_string())));
        assert_eq!(body.method, None);
        assert_eq!(refused(withdraw_body(r#"{"purposes":[]}"#)).1, "$.purposes");
        assert_eq!(refused(withdraw_body(r#"{"purposes":"marketing"}"#)).1, "$.purposes");
        assert_eq!(refused(withdraw_body(r#"{"purposes":[1]}"#)).1, "$.purposes[0]");
        assert_eq!(refused(withdraw_body("{}")).2.as_deref(), Some("add `purposes`"));
        assert_eq!(
            refused(withdraw_body(r#"{"purposes":["a"],"locale":null}"#)).1,
            "$.locale"
        );
        assert_eq!(
            refused(withdraw_body(r#"{"purposes":["a"],"locale":""}"#)).1,
            "$.locale"
        );
        let unknown = withdraw_body(r#"{"purposes":["a"],"purpose":["b"]}"#).unwrap_err();
        assert_eq!(
            (unknown.code.as_str(), unknown.path.as_str()),
            ("request.invalid", "$.purpose")
        );
        assert!(unknown.hint.unwrap().contains("purposes"));
    }

    #[test]
    fn a_guardian_request_body_names_the_contact() {
        let body = guardian_request_body(r#"{"contact":"parent@example.test","purposes":["marketing"]}"#).unwrap();
        assert_eq!(body.contact, "parent@example.test");
        assert_eq!(body.purposes, Given(Some(vec!["marketing".to_string()])));
        assert_eq!(body.locale, None);
        let every = guardian_request_body(r#"{"contact":"p@example.test","locale":null}"#).unwrap();
        assert!(every.purposes.is_absent());
        assert_eq!(
            refused(guardian_request_body(r#"{"purposes":["a"]}"#)).2.as_deref(),
            Some("add `contact`")
        );
        assert_eq!(refused(guardian_request_body(r#"{"contact":5}"#)).1, "$.contact");
        assert_eq!(
            refused(guardian_request_body(r#"{"contact":"p@example.test","purposes":[]}"#)).1,
            "$.purposes"
        );
        assert_eq!(
            refused(guardian_request_body(r#"{"contact":"p@example.test","purposes":null}"#)).1,
            "$.purposes"
        );
        assert_eq!(
            refused(guardian_request_body(r#"{"contact":"p@example.test","locale":1}"#)).1,
            "$.locale"
        );
        assert_eq!(
            refused(guardian_request_body(r#"{"contact":"p@example.test","__proto__":{}}"#)).1,
            "$.__proto__"
        );
    }

    #[test]
    fn serde_reads_the_bodies_as_the_crate_reader_does() {
        for text in [
            r#"{"locale":"en","method":"api","choices":{"b":false,"a":true},"subject":"s"}"#,
            r#"{"locale":"en","choices":{"a":true},"previous":null}"#,
            r#"{"locale":"en","choices":{"a":true},"other":1}"#,
        ] {
            let ours = json::read_str::<ConsentBody>(text).map_err(|e| (e.path(), e.message().to_string()));
            let serde = json::from_str::<ConsentBody>(text).map_err(|e| (e.path(), e.message().to_string()));
            assert_eq!(ours, serde, "{text}");
        }
    }
}
