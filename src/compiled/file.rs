//! The files of a compiled policy: one core file, and one texts file per locale.
//!
//! Each file is a JSON object `{"format", "sha256", <body>}`, where `sha256` is the hex SHA-256
//! of the body's text as it stands in the file (compact JSON, members in declaration order). The
//! reader hashes that text before it parses it, so a truncated file, a changed byte or a file
//! edited by hand is refused, as is a texts file of another compile: the core lists the digest of
//! every texts file. A page's module reads the files and never writes them. See
//! `docs/compiled-policy.md`.

use super::{ClauseLink, CompiledPolicy, CompiledPurpose, CompiledVersion, LocaleTexts, SourcePolicy};
use crate::banner::words::{Word, Words};
use crate::eval::jurisdiction::{ResolvedRule, Source};
use crate::eval::messages::{MessageKey, Messages};
use crate::json::{self, ErrorKind, FromJson};
use crate::policy::{Entries, LocalizedTexts, Problem, SortedMap, Vendor, MAX_POLICY_BYTES};
use crate::prelude::*;
use crate::receipt::record::sha256_hex;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The format this crate writes and reads. Another version is refused (`compiled.format`):
/// a page must use an engine that matches the compiler.
pub const FORMAT: &str = "assent-compiled/4";

/// Why compiled files were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompiledError {
    /// The file is larger than any compiled policy may be.
    #[error("the {file} file is {bytes} bytes; the limit is {MAX_POLICY_BYTES}")]
    TooLarge {
        /// Which file.
        file: String,
        /// Its size.
        bytes: usize,
    },
    /// The file is not of this format version (or of no compiled format).
    #[error("the {file} file {}; this engine reads {FORMAT:?}", match found {
        Some(f) => format!("is of format {f:?}"),
        None => "names no compiled format (a policy document is compiled first)".to_string(),
    })]
    Format {
        /// Which file.
        file: String,
        /// The format it names, if any.
        found: Option<String>,
    },
    /// The file ends early.
    #[error("the {file} file ends early: it was cut short")]
    Truncated {
        /// Which file.
        file: String,
    },
    /// The file is not what the compiler wrote: not JSON, not of the format's shape, or its
    /// digest does not match its content.
    #[error("the {file} file is corrupt: {detail}")]
    Corrupt {
        /// Which file.
        file: String,
        /// What is wrong.
        detail: String,
    },
    /// A texts file that does not belong to the core file (another policy, version or compile).
    #[error("the {file} file does not belong to this compiled policy: {detail}")]
    Mismatch {
        /// Which file.
        file: String,
        /// What differs.
        detail: String,
    },
    /// Texts were asked for in a locale whose file was not given.
    #[error("no texts file for locale `{locale}` was given")]
    MissingLocale {
        /// The locale.
        locale: String,
    },
}

impl CompiledError {
    /// The stable code of the error at the boundary.
    pub fn code(&self) -> &'static str {
        match self {
            CompiledError::TooLarge { .. } => "compiled.too_large",
            CompiledError::Format { .. } => "compiled.format",
            CompiledError::Truncated { .. } => "compiled.truncated",
            CompiledError::Corrupt { .. } => "compiled.corrupt",
            CompiledError::Mismatch { .. } => "compiled.mismatch",
            CompiledError::MissingLocale { .. } => "compiled.missing_locale",
        }
    }

    fn hint(&self) -> &'static str {
        match self {
            CompiledError::Format { .. } => "compile the policy again with this version of assent",
            CompiledError::MissingLocale { .. } => "pass the texts file of this locale, or ask for one that was passed",
            CompiledError::Mismatch { .. } => "pass the texts files written with this core file",
            _ => "compile the policy again (`assent compile`) and serve the files unchanged",
        }
    }
}

impl From<CompiledError> for Problem {
    fn from(e: CompiledError) -> Problem {
        let hint = e.hint();
        Problem::at(e.code(), "$", e.to_string()).hint(hint)
    }
}

impl From<CompiledError> for crate::error::ApiError {
    fn from(e: CompiledError) -> Self {
        Problem::from(e).into()
    }
}

/// One file of a compiled policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompiledFile {
    /// Its file name: `<id>-<version>.core.json` or `<id>-<version>.<locale>.json`.
    pub name: String,
    /// The locale of a texts file; `None` for the core file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Its content.
    pub json: String,
}

/// The files of a compiled policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompiledFiles {
    /// The core file: everything evaluation needs but the texts.
    pub core: CompiledFile,
    /// One texts file per locale, in the policy's order.
    pub texts: Vec<CompiledFile>,
}

/// The body of the core file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CoreBody {
    source: SourcePolicy,
    default_locale: String,
    locales: Vec<String>,
    /// Per locale, the digest of its texts file.
    texts: SortedMap<String>,
    purposes: Vec<CompiledPurpose>,
    /// The source of every jurisdiction rule that sets a field, once, by code.
    sources: Vec<Source>,
    /// Each rule resolved, its fields naming their rule by code.
    jurisdictions: SortedMap<ResolvedRule<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<CompiledVersion>,
    guardian_clause: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    vendors: Vec<Vendor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    storage_country: Option<String>,
}

/// The body of a texts file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TextsBody {
    source: SourcePolicy,
    texts: LocalizedTexts,
    notices: Entries<String>,
    #[serde(default, skip_serializing_if = "Entries::is_empty")]
    clauses: Entries<ClauseLink>,
    words: Words,
    messages: Messages,
}

/// Only the format of a file, read when the file is not what this version writes, so that
/// another version is named as such rather than reported as a shape this version does not know.
#[derive(Deserialize, FromJson)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Probe {
    format: Option<String>,
}

/// A file (the format, the digest of the body's text and the body, as member `member`) and that
/// digest. The reader finds the body where this puts it.
fn file_text<T: Serialize>(member: &str, body: &T) -> Result<(String, String), json::WriteError> {
    let body = json::to_string(body)?;
    let sha256 = sha256_hex(body.as_bytes());
    Ok((format!("{}{sha256}\",\"{member}\":{body}}}", header()), sha256))
}

/// What every file of this format starts with, up to its digest.
fn header() -> String {
    format!("{{\"format\":\"{FORMAT}\",\"sha256\":\"")
}

/// Writes the files of a compiled policy. `policy` must hold the texts of every locale (as
/// [`CompiledPolicy::from_policy`] makes it).
pub fn write(policy: &CompiledPolicy, source: &SourcePolicy) -> Result<CompiledFiles, json::WriteError> {
    let stem = format!("{}-{}", policy.id, policy.version);
    let mut texts = Vec::with_capacity(policy.texts.len());
    let mut digests = Vec::with_capacity(policy.texts.len());
    for t in &policy.texts {
        let body = TextsBody {
            source: source.clone(),
            texts: t.texts.clone(),
            notices: t.notices.clone(),
            clauses: t.clauses.clone(),
            words: t.words.clone(),
            messages: t.messages.clone(),
        };
        let (json, sha256) = file_text("texts", &body)?;
        digests.push((t.locale().to_string(), sha256));
        texts.push(CompiledFile {
            name: format!("{stem}.{}.json", t.locale()),
            locale: Some(t.locale().to_string()),
            json,
        });
    }
    let mut sources: SortedMap<Source> = SortedMap::default();
    let jurisdictions = policy
        .jurisdictions
        .iter()
        .map(|(code, rule)| {
            let Ok(by_code) = rule.clone().try_map_sources(|s| {
                sources.insert(s.code.clone(), Source::clone(&s));
                Ok::<_, core::convert::Infallible>(s.code.clone())
            });
            (code.clone(), by_code)
        })
        .collect();
    let body = CoreBody {
        source: source.clone(),
        default_locale: policy.default_locale.clone(),
        locales: policy.locales.clone(),
        texts: SortedMap::new(digests),
        purposes: policy.purposes.clone(),
        sources: sources.into_iter().map(|(_, s)| s).collect(),
        jurisdictions,
        history: policy.history.clone(),
        guardian_clause: policy.guardian_clause.clone(),
        vendors: policy.vendors.clone(),
        storage_country: policy.storage_country.clone(),
    };
    Ok(CompiledFiles {
        core: CompiledFile {
            name: format!("{stem}.core.json"),
            locale: None,
            json: file_text("policy", &body)?.0,
        },
        texts,
    })
}

/// Parses one file (`what`, its body in member `member`): its size, its digest over the body's
/// text where the writer put it, then the body. Returns the body and its digest. A file not laid
/// out as the writer lays it out, or whose digest does not match, is read once more as JSON only
/// to say why: another format, cut short, or corrupt.
fn parse<B: FromJson>(text: &str, what: &str, member: &str) -> Result<(B, String), CompiledError> {
    let file = || what.to_string();
    if text.len() > MAX_POLICY_BYTES {
        return Err(CompiledError::TooLarge {
            file: file(),
            bytes: text.len(),
        });
    }
    let refused = |e: json::ReadError| match e.kind() {
        ErrorKind::Eof => CompiledError::Truncated { file: file() },
        _ => CompiledError::Corrupt {
            file: file(),
            detail: format!("{} at {}", e.message(), e.path()),
        },
    };
    let Some((sha256, body)) = split(text, member).filter(|(sha256, body)| sha256_hex(body.as_bytes()) == *sha256)
    else {
        let probe: Probe = json::read_str(text).map_err(refused)?;
        if probe.format.as_deref() != Some(FORMAT) {
            return Err(CompiledError::Format {
                file: file(),
                found: probe.format,
            });
        }
        let detail = match split(text, member) {
            Some(_) => "its content does not match its digest",
            None => "it is not laid out as `assent compile` writes it",
        };
        return Err(CompiledError::Corrupt {
            file: file(),
            detail: detail.into(),
        });
    };
    Ok((json::read_str(body).map_err(refused)?, sha256.to_string()))
}

/// A file's digest and its body's text, found where [`file_text`] puts them.
fn split<'t>(text: &'t str, member: &str) -> Option<(&'t str, &'t str)> {
    let (sha256, rest) = text.strip_prefix(header().as_str())?.split_once('"')?;
    let body = rest
        .strip_prefix(",\"")?
        .strip_prefix(member)?
        .strip_prefix("\":")?
        .strip_suffix('}')?;
    Some((sha256, body))
}

/// A core file, read and checked, waiting for the texts of the locales its reader wants: a page
/// reads the core, picks its language from the core's locales, then fetches that one texts file.
#[derive(Debug, Clone)]
pub struct Core {
    /// The policy without texts.
    policy: CompiledPolicy,
    source: SourcePolicy,
    /// Per locale, the digest of its texts file.
    digests: SortedMap<String>,
}

impl Core {
    /// Reads and checks a core file (format, shape, digest).
    pub fn read(core: &str) -> Result<Core, CompiledError> {
        let (body, _): (CoreBody, _) = parse(core, "core", "policy")?;
        let corrupt = |detail: &str| CompiledError::Corrupt {
            file: "core".into(),
            detail: detail.into(),
        };
        // The digest says the compiler wrote this; these say the evaluator can rely on it.
        if body.jurisdictions.get("*").is_none() {
            return Err(corrupt("it has no `*` jurisdiction rule"));
        }
        if !body.locales.contains(&body.default_locale) || body.locales.iter().any(|l| !body.texts.contains_key(l)) {
            return Err(corrupt("its locales and texts digests disagree"));
        }
        let n = body.purposes.len();
        if body
            .jurisdictions
            .values()
            .any(|r| r.forbidden_for_minors.value.len() != n || r.gpc_opts_out.value.len() != n)
        {
            return Err(corrupt("a jurisdiction rule's purpose flags do not match its purposes"));
        }
        let sources: SortedMap<Arc<Source>> = body
            .sources
            .into_iter()
            .map(|s| (s.code.clone(), Arc::new(s)))
            .collect();
        let jurisdictions = body
            .jurisdictions
            .into_iter()
            .map(|(code, rule)| {
                let rule = rule.try_map_sources(|from| {
                    sources
                        .get(&from)
                        .cloned()
                        .ok_or_else(|| corrupt("a jurisdiction rule names a source it does not list"))
                })?;
                Ok((code, rule))
            })
            .collect::<Result<_, CompiledError>>()?;
        let source = body.source;
        Ok(Core {
            policy: CompiledPolicy {
                id: source.id.clone(),
                version: source.version.clone(),
                default_locale: body.default_locale,
                locales: body.locales,
                purposes: body.purposes,
                jurisdictions,
                history: body.history,
                guardian_clause: body.guardian_clause,
                vendors: body.vendors,
                storage_country: body.storage_country,
                texts: Vec::new(),
            },
            source,
            digests: body.texts,
        })
    }

    /// The policy it compiles, without texts: its locales and default locale say which texts
    /// file to fetch.
    pub fn policy(&self) -> &CompiledPolicy {
        &self.policy
    }

    /// The policy it was compiled from.
    pub fn source(&self) -> &SourcePolicy {
        &self.source
    }

    /// The name `assent compile` gives the texts file of `locale`: `<id>-<version>.<locale>.json`,
    /// beside the core file.
    pub fn texts_file_name(&self, locale: &str) -> String {
        format!("{}-{}.{locale}.json", self.source.id, self.source.version)
    }

    /// Reads a texts file, refused unless it is the one this core lists for its locale.
    pub fn read_texts(&self, text: &str) -> Result<LocaleTexts, CompiledError> {
        let (t, sha256): (TextsBody, _) = parse(text, "texts", "texts")?;
        let file = format!("texts ({})", t.texts.locale);
        if t.source != self.source {
            return Err(CompiledError::Mismatch {
                file,
                detail: format!(
                    "it is of {} {}, the core of {} {}",
                    t.source.id, t.source.version, self.source.id, self.source.version
                ),
            });
        }
        match self.digests.get(&t.texts.locale) {
            None => Err(CompiledError::Mismatch {
                file,
                detail: "the core lists no such locale".into(),
            }),
            Some(listed) if *listed != sha256 => Err(CompiledError::Mismatch {
                file,
                detail: "its digest is not the one the core lists".into(),
            }),
            // The compiler writes every word and message; one missing would show as nothing.
            Some(_) => {
                let words = Word::all()
                    .into_iter()
                    .map(Word::key)
                    .find(|k| blank(t.words.by_key(), k));
                let messages = MessageKey::all()
                    .into_iter()
                    .map(MessageKey::key)
                    .find(|k| blank(&t.messages.0, k));
                if let Some(key) = words.or(messages) {
                    return Err(CompiledError::Corrupt {
                        file,
                        detail: format!("it has no text for `{key}`"),
                    });
                }
                Ok(LocaleTexts {
                    texts: t.texts,
                    notices: t.notices,
                    clauses: t.clauses,
                    words: t.words,
                    messages: t.messages,
                })
            }
        }
    }

    /// The compiled policy with `texts` (at least one locale's; a locale given twice counts
    /// once).
    pub fn with_texts(self, texts: Vec<LocaleTexts>) -> Result<(CompiledPolicy, SourcePolicy), CompiledError> {
        let mut policy = self.policy;
        if texts.is_empty() {
            return Err(CompiledError::MissingLocale {
                locale: policy.default_locale,
            });
        }
        for t in texts {
            if !policy.texts.iter().any(|l| l.locale() == t.locale()) {
                policy.texts.push(t);
            }
        }
        Ok((policy, self.source))
    }
}

/// Reads a compiled policy: its core file and the texts files of one or more of its locales
/// (a page passes its own language's). Every file is checked (format, shape, digest) and every
/// texts file must be one the core lists.
pub fn read(core: &str, texts: &[&str]) -> Result<(CompiledPolicy, SourcePolicy), CompiledError> {
    let core = Core::read(core)?;
    if texts.is_empty() {
        return Err(CompiledError::MissingLocale {
            locale: core.policy.default_locale,
        });
    }
    let loaded = texts
        .iter()
        .map(|text| core.read_texts(text))
        .collect::<Result<Vec<_>, _>>()?;
    core.with_texts(loaded)
}

/// Whether `map` has no text, or an empty one, for `key`.
fn blank(map: &SortedMap<String>, key: &str) -> bool {
    map.get(key).is_none_or(|t| t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both readers on one text: the same body, or the same error in every detail.
    fn same<B: FromJson + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug>(text: &str) {
        match (json::read_str::<B>(text), json::from_str::<B>(text)) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs),
            (Err(ours), Err(theirs)) => {
                assert_eq!(
                    (ours.kind(), ours.message(), ours.offset(), ours.path()),
                    (theirs.kind(), theirs.message(), theirs.offset(), theirs.path()),
                    "{text}"
                );
            }
            (ours, theirs) => panic!("ours {ours:?}, serde {theirs:?}"),
        }
    }

    /// The body's text, and that text with each member removed, replaced by a value of each
    /// JSON type, repeated, or joined by one no body has; and cut at a few places.
    fn damaged(body: &str) -> Vec<String> {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        let members = value.as_object().unwrap();
        let mut out = vec![body.to_string()];
        for key in members.keys() {
            let mut without = members.clone();
            without.remove(key);
            out.push(serde_json::to_string(&without).unwrap());
            for other in ["null", "true", "7", "-1", "1.5", "\"x\"", "[]", "{}"] {
                let mut replaced = members.clone();
                replaced.insert(key.clone(), serde_json::from_str(other).unwrap());
                out.push(serde_json::to_string(&replaced).unwrap());
            }
            let repeated = format!("{{\"{key}\":{},{}", members[key], body.strip_prefix('{').unwrap());
            out.push(repeated);
        }
        out.push(body.replacen('{', "{\"unexpectedMember\":1,", 1));
        for n in 1..40 {
            let at = body.len() * n / 40;
            if let Some(cut) = body.get(..at) {
                out.push(cut.to_string());
            }
        }
        out
    }

    #[test]
    fn the_bodies_read_with_from_json_as_serde_reads_them() {
        let text = include_str!("../../policies/releases/2.0.0.json");
        let policy = crate::policy::load(text).unwrap();
        let compiled = CompiledPolicy::from_policy(&policy);
        let source = SourcePolicy {
            id: policy.id.clone(),
            version: policy.version.clone(),
            sha256: "0".repeat(64),
        };
        let files = write(&compiled, &source).unwrap();
        let (_, core) = split(&files.core.json, "policy").unwrap();
        for text in damaged(core) {
            same::<CoreBody>(&text);
        }
        let (_, texts) = split(&files.texts[0].json, "texts").unwrap();
        for text in damaged(texts) {
            same::<TextsBody>(&text);
        }
        for text in [
            r#"{"format":"assent-compiled/1","rest":[1,{"a":2}]}"#,
            "{}",
            "[]",
            "{\"format\":",
        ] {
            same::<Probe>(text);
        }
    }
}
