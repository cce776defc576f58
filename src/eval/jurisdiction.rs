//! Resolving the rules that apply in one jurisdiction: the rule itself, what it `extends`, the
//! country of a subdivision, then `*`. Each resolved field remembers which rule gave it, so a
//! decision can name the law.

use crate::policy::{iso3166, GuardianMode, JurisdictionRule, Policy, Problem};
use crate::prelude::*;
use crate::time::Duration;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::json::FromJson;

/// Which rule a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The rule's code.
    pub code: String,
    /// The law it names.
    pub law: String,
    /// The policy clause it cites, or the law when it cites none.
    pub clause: String,
}

/// A value and the rule that set it: in memory that rule's [`Source`], shared by every field the
/// rule set; in a compiled file the rule's code, the file holding each rule's source once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(deny_unknown_fields)]
pub struct Sourced<T, S = Arc<Source>> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: S,
}

impl<T, S> Sourced<T, S> {
    fn try_map_source<R, E>(self, f: &mut impl FnMut(S) -> Result<R, E>) -> Result<Sourced<T, R>, E> {
        Ok(Sourced {
            value: self.value,
            source: f(self.source)?,
        })
    }
}

/// Every field of a jurisdiction rule, resolved. A compiled policy stores one per rule code
/// (`src/compiled`), so a page never resolves a chain. `S` is how a field names its rule
/// ([`Sourced`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResolvedRule<S = Arc<Source>> {
    /// The chain of rule codes consulted, most specific first.
    pub chain: Vec<String>,
    /// Below this age a guardian consents.
    pub guardian_age: Sourced<u8, S>,
    /// Below this age the visitor is a minor.
    pub minor_age: Sourced<u8, S>,
    /// Whether to ask the age gate.
    pub ask_age: Sourced<bool, S>,
    /// Whose consent counts below the guardian age.
    pub guardian_mode: Sourced<GuardianMode, S>,
    /// Per purpose (policy order): forbidden for minors.
    pub forbidden_for_minors: Sourced<Vec<bool>, S>,
    /// Per purpose (policy order): opted out of by GPC.
    pub gpc_opts_out: Sourced<Vec<bool>, S>,
    /// How long a consent is valid.
    pub consent_validity: Sourced<Duration, S>,
    /// How long a refusal is remembered.
    pub refusal_memory: Sourced<Duration, S>,
    /// Whether a major change since a guardian consented asks the guardian again (`None`: no rule
    /// of the chain says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_again_on_major_change: Option<S>,
    /// Below this age a child's personal information is sensitive, so every optional purpose
    /// needs a separate consent (`None`: no rule of the chain says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_data_sensitive_below: Option<Sourced<u8, S>>,
}

impl<S> ResolvedRule<S> {
    /// The same rule with each field's source replaced by what `f` gives for it, or `f`'s first
    /// error: a compiled file names a rule by its code, memory holds its [`Source`].
    pub fn try_map_sources<R, E>(self, mut f: impl FnMut(S) -> Result<R, E>) -> Result<ResolvedRule<R>, E> {
        Ok(ResolvedRule {
            chain: self.chain,
            guardian_age: self.guardian_age.try_map_source(&mut f)?,
            minor_age: self.minor_age.try_map_source(&mut f)?,
            ask_age: self.ask_age.try_map_source(&mut f)?,
            guardian_mode: self.guardian_mode.try_map_source(&mut f)?,
            forbidden_for_minors: self.forbidden_for_minors.try_map_source(&mut f)?,
            gpc_opts_out: self.gpc_opts_out.try_map_source(&mut f)?,
            consent_validity: self.consent_validity.try_map_source(&mut f)?,
            refusal_memory: self.refusal_memory.try_map_source(&mut f)?,
            guardian_again_on_major_change: self.guardian_again_on_major_change.map(&mut f).transpose()?,
            child_data_sensitive_below: self
                .child_data_sensitive_below
                .map(|s| s.try_map_source(&mut f))
                .transpose()?,
        })
    }
}

fn source(r: &JurisdictionRule) -> Source {
    Source {
        code: r.code.clone(),
        law: r.law.clone(),
        clause: r
            .cite
            .as_ref()
            .map(|c| c.clause.clone())
            .unwrap_or_else(|| r.law.clone()),
    }
}

/// The chain of rules for a jurisdiction code, most specific first, ending with `*`: the code's
/// own, its country's, the state its country is part of ([`iso3166::part_of`]), each with the
/// rules it extends.
fn chain<'a>(policy: &'a Policy, code: &str) -> Vec<&'a JurisdictionRule> {
    let find = |c: &str| policy.jurisdictions.iter().find(|r| r.code == c);
    let mut out: Vec<&JurisdictionRule> = Vec::new();
    let push_with_extends = |start: Option<&'a JurisdictionRule>, out: &mut Vec<&'a JurisdictionRule>| {
        let mut cur = start;
        while let Some(r) = cur {
            if out.iter().any(|o| o.code == r.code) {
                break;
            }
            out.push(r);
            cur = r.extends.as_deref().and_then(find);
        }
    };
    let country = code.split_once('-').map_or(code, |(country, _)| country);
    push_with_extends(find(code), &mut out);
    push_with_extends(find(country), &mut out);
    if let Some(state) = iso3166::part_of(country) {
        push_with_extends(find(state), &mut out);
    }
    push_with_extends(find("*"), &mut out);
    out
}

/// Normalises and checks a visitor's jurisdiction code (`de` becomes `DE`). `*` says where the
/// visitor is is not known (a banner on a static page, without an edge or a configured
/// jurisdiction): the policy's default rule applies.
pub fn normalise_code(code: &str) -> Result<String, Problem> {
    let up = code.trim().to_ascii_uppercase();
    if up == "*" || iso3166::is_jurisdiction(&up) {
        Ok(up)
    } else {
        Err(Problem::at(
            "context.invalid_jurisdiction",
            "$.jurisdiction",
            format!("`{code}` is not an ISO 3166 code"),
        )
        .maybe_hint(crate::policy::did_you_mean(&up, iso3166::countries()))
        .hint_or("use a country code such as DE or CN, or a subdivision such as US-CA"))
    }
}

trait HintOr {
    fn hint_or(self, h: &str) -> Self;
}

impl HintOr for Problem {
    fn hint_or(mut self, h: &str) -> Self {
        if self.hint.is_none() {
            self.hint = Some(h.to_string());
        }
        self
    }
}

/// Resolves every field for `code` (already normalised). `None` only when the policy has no
/// complete `*` rule, which validation rules out.
pub fn resolve(policy: &Policy, code: &str) -> Option<ResolvedRule> {
    let rules = chain(policy, code);
    // Each rule's source, shared by the fields it sets.
    let sources: Vec<Arc<Source>> = rules.iter().map(|r| Arc::new(source(r))).collect();
    // The first rule of the chain that sets a field: its value (borrowed) and the rule's source.
    macro_rules! pick {
        ($field:ident) => {{
            let (r, s) = rules.iter().zip(&sources).find(|(r, _)| r.$field.is_some())?;
            (r.$field.as_ref()?, s.clone())
        }};
    }
    let per_purpose = |ids: &[String]| -> Vec<bool> { policy.purposes.iter().map(|p| ids.contains(&p.id)).collect() };
    let codes: Vec<String> = rules.iter().map(|r| r.code.clone()).collect();
    let (&guardian_age, s1) = pick!(guardian_age);
    let (&minor_age, s2) = pick!(minor_age);
    let (&ask_age, s3) = pick!(ask_age);
    let (&guardian_mode, s4) = pick!(guardian_mode);
    let (forbidden, s5) = pick!(forbidden_for_minors);
    let (gpc, s6) = pick!(gpc_opts_out);
    let (validity, s7) = pick!(consent_validity);
    let (memory, s8) = pick!(refusal_memory);
    Some(ResolvedRule {
        chain: codes,
        guardian_age: Sourced {
            value: guardian_age,
            source: s1,
        },
        minor_age: Sourced {
            value: minor_age,
            source: s2,
        },
        ask_age: Sourced {
            value: ask_age,
            source: s3,
        },
        guardian_mode: Sourced {
            value: guardian_mode,
            source: s4,
        },
        forbidden_for_minors: Sourced {
            value: per_purpose(forbidden),
            source: s5,
        },
        gpc_opts_out: Sourced {
            value: per_purpose(gpc),
            source: s6,
        },
        consent_validity: Sourced {
            value: Duration::parse(validity).ok()?,
            source: s7,
        },
        refusal_memory: Sourced {
            value: Duration::parse(memory).ok()?,
            source: s8,
        },
        guardian_again_on_major_change: rules
            .iter()
            .zip(&sources)
            .find_map(|(r, s)| r.guardian_again_on_major_change.map(|on| (on, s.clone())))
            .and_then(|(on, s)| on.then_some(s)),
        child_data_sensitive_below: rules.iter().zip(&sources).find_map(|(r, s)| {
            r.child_data_sensitive_below.map(|value| Sourced {
                value,
                source: s.clone(),
            })
        }),
    })
}

/// The jurisdiction of a visitor placed nowhere, when the site names no default: the policy's
/// own rule for anywhere without a rule of its own (`*`), never one place's laws by accident.
pub const DEFAULT_JURISDICTION: &str = "*";

/// Where the edge learned a visitor is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Whereabouts {
    /// The country the runtime placed the request in (Cloudflare's `request.cf.country`).
    #[serde(default)]
    pub country: Option<String>,
    /// Its subdivision there (`request.cf.regionCode`: `CA` in the United States).
    #[serde(default)]
    pub region: Option<String>,
    /// Where the request itself says it is (a header or a query parameter): heeded only when the
    /// runtime placed it in no country, so that a deployed site's visitor cannot pick a laxer law,
    /// or in a local run.
    #[serde(default)]
    pub asked: Option<String>,
    /// A local run (the edge's DEV_MODE), whose runtime location is a placeholder (`wrangler dev`
    /// gives one): there a place the request asks for is heeded first.
    #[serde(default)]
    pub local: bool,
    /// The site's default for a visitor placed nowhere ([`DEFAULT_JURISDICTION`] when none).
    #[serde(default)]
    pub fallback: Option<String>,
}

/// Whether a code names a place a visitor can be in: the evaluator's own test
/// ([`normalise_code`]), an ISO 3166 country, perhaps with a subdivision (`US-CA`). The codes
/// geolocation uses for "unknown" (`XX`) and Tor (`T1`), and any other unassigned pair (`ZZ`),
/// are none, so such a visitor gets the default rather than an evaluation that refuses them.
fn placeable(code: &str) -> bool {
    iso3166::is_jurisdiction(code)
}

/// The jurisdiction a visitor is in: the runtime's country with its subdivision (`US-CA`) when
/// both read as a place, else the country alone; only where the runtime placed the request in no
/// country, or in a local run, what the request says (trimmed, in capitals); otherwise the site's
/// default. A default that is not a place is refused (`jurisdiction.invalid_default`), never used.
pub fn locate(w: &Whereabouts) -> Result<String, Problem> {
    fn given(s: &Option<String>) -> Option<&str> {
        s.as_deref().filter(|s| !s.is_empty())
    }
    if w.local && given(&w.asked).is_some() {
        let placed_nowhere = Whereabouts {
            country: None,
            region: None,
            local: false,
            ..w.clone()
        };
        return locate(&placed_nowhere);
    }
    if let Some(country) = given(&w.country) {
        let code = match given(&w.region) {
            Some(region) => format!("{country}-{region}"),
            None => country.to_string(),
        };
        if placeable(&code) {
            return Ok(code);
        }
        if placeable(country) {
            return Ok(country.to_string());
        }
    } else if let Some(asked) = given(&w.asked) {
        let asked = asked.trim().to_uppercase();
        if placeable(&asked) {
            return Ok(asked);
        }
    }
    match given(&w.fallback) {
        None => Ok(DEFAULT_JURISDICTION.to_string()),
        Some(code) if code == "*" || placeable(code) => Ok(code.to_string()),
        Some(code) => Err(Problem::at(
            "jurisdiction.invalid_default",
            "$.fallback",
            format!("the default jurisdiction `{code}` is not a place"),
        )
        .hint("set DEFAULT_JURISDICTION to a code such as CN, DE or US-CA, or to * for the policy's rule for anywhere else")),
    }
}

#[cfg(test)]
mod locate_tests {
    use super::*;

    fn at(
        country: Option<&str>,
        region: Option<&str>,
        asked: Option<&str>,
        fallback: Option<&str>,
    ) -> Result<String, String> {
        let s = |x: Option<&str>| x.map(str::to_string);
        locate(&Whereabouts {
            country: s(country),
            region: s(region),
            asked: s(asked),
            fallback: s(fallback),
            local: false,
        })
        .map_err(|p| p.code.to_string())
    }

    #[test]
    fn the_runtime_places_a_visitor_with_its_subdivision() {
        assert_eq!(at(Some("US"), Some("CA"), None, None), Ok("US-CA".into()));
        assert_eq!(at(Some("DE"), None, None, None), Ok("DE".into()));
        // A subdivision that does not read as one leaves the country.
        assert_eq!(at(Some("US"), Some("CALI"), None, None), Ok("US".into()));
    }

    #[test]
    fn a_placed_visitor_cannot_say_where_they_are() {
        assert_eq!(at(Some("DE"), None, Some("US-CA"), None), Ok("DE".into()));
        // Unknown or Tor: the default, still not what the request says.
        assert_eq!(at(Some("XX"), None, Some("US-CA"), None), Ok("*".into()));
        assert_eq!(at(Some("T1"), None, Some("US-CA"), Some("DE")), Ok("DE".into()));
    }

    /// The site owner's run: `wrangler dev` places every request in its placeholder location, so
    /// a local run heeds where the request asks to be; a deployed one never does.
    #[test]
    fn a_local_run_heeds_where_the_request_asks_to_be() {
        let local = |asked: Option<&str>| {
            locate(&Whereabouts {
                country: Some("US".into()),
                region: Some("TX".into()),
                asked: asked.map(str::to_string),
                fallback: None,
                local: true,
            })
            .map_err(|p| p.code.to_string())
        };
        assert_eq!(local(Some("fr")), Ok("FR".into()));
        assert_eq!(
            local(Some("xx")),
            Ok("*".into()),
            "no place: the default, not the placeholder"
        );
        assert_eq!(local(None), Ok("US-TX".into()));
        assert_eq!(at(Some("US"), Some("TX"), Some("FR"), None), Ok("US-TX".into()));
    }

    #[test]
    fn an_unplaced_request_may_say_where_it_is() {
        assert_eq!(at(None, None, Some(" us-ca "), None), Ok("US-CA".into()));
        assert_eq!(at(Some(""), None, Some("fr"), None), Ok("FR".into()));
        assert_eq!(at(None, None, Some("USA"), None), Ok("*".into()));
        assert_eq!(at(None, None, Some("xx"), Some("DE")), Ok("DE".into()));
        // Two capitals that no country has are no place either.
        assert_eq!(at(None, None, Some("ZZ"), Some("DE")), Ok("DE".into()));
        assert_eq!(at(Some("ZZ"), None, None, None), Ok("*".into()));
        // Without a site default, the policy's rule for anywhere else.
        assert_eq!(at(None, None, None, None), Ok("*".into()));
        assert_eq!(at(None, None, None, Some("*")), Ok("*".into()));
    }

    #[test]
    fn a_default_that_is_no_place_is_refused() {
        assert_eq!(
            at(None, None, None, Some("Germany")),
            Err("jurisdiction.invalid_default".into())
        );
        assert_eq!(at(None, None, None, Some("")), Ok("*".into()));
        assert_eq!(
            at(None, None, None, Some("ZZ")),
            Err("jurisdiction.invalid_default".into())
        );
    }
}
