//! The TypeScript declarations of the values that cross the JavaScript boundary, rendered from the
//! JSON Schemas of the Rust types. schemars reads the same serde attributes the readers and writers
//! follow (`rename_all`, `tag`, `default`, `skip_serializing_if`), so the package's `types.d.ts`
//! says what the engine writes and accepts, and `tests/typescript.rs` fails when a type changed
//! and the file was not regenerated.

use alloc::collections::{BTreeMap, BTreeSet};
use core::fmt::Write;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value};

/// The declarations of `types.d.ts`, with a trailing newline; an error names a type whose schema
/// has a shape this renderer does not know.
pub fn declarations() -> Result<String, String> {
    let mut written = Roots::new(SchemaSettings::draft2020_12().for_serialize());
    super::boundary::answers(&mut written);
    let mut read = Roots::new(SchemaSettings::draft2020_12().for_deserialize());
    super::boundary::arguments(&mut read);

    let mut definitions = written.definitions();
    for (name, schema) in read.definitions() {
        let merged = match definitions.remove(&name) {
            Some(answer) => both_ways(&name, answer, schema)?,
            None => schema,
        };
        definitions.insert(name, merged);
    }
    // A name the Rust types share with a class of the package, or with each other, is an error:
    // schemars would have numbered the second one.
    if let Some(name) = definitions.keys().find(|n| n.ends_with(|c: char| c.is_ascii_digit())) {
        return Err(format!(
            "{name}: two types share a name; rename one with #[schemars(rename)]"
        ));
    }

    let mut out = String::from(HEADER);
    for (name, schema) in &definitions {
        out.push('\n');
        declaration(&mut out, name, schema).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(out)
}

const HEADER: &str = "\
// Generated from the Rust types by `ASSENT_BLESS=1 cargo test --test typescript`: do not edit.
// The values that cross the JavaScript boundary, as the engine writes and accepts them.
";

/// Where the boundary's types are registered: each `add` brings the type and every type it names.
pub struct Roots {
    generator: SchemaGenerator,
    /// Types declared under another name than their schema's: (schema name, TypeScript name).
    renamed: Vec<(String, String)>,
}

impl Roots {
    fn new(settings: SchemaSettings) -> Self {
        Roots {
            generator: settings.into_generator(),
            renamed: Vec::new(),
        }
    }

    /// Declares `T` and the types it is made of.
    pub fn add<T: JsonSchema>(&mut self) -> &mut Self {
        self.generator.subschema_for::<T>();
        self
    }

    /// Declares `T` as `name`: for a type whose own name is taken by a class of the package.
    pub fn add_as<T: JsonSchema>(&mut self, name: &str) -> &mut Self {
        self.add::<T>();
        self.renamed.push((T::schema_name().into_owned(), name.to_string()));
        self
    }

    /// Every type declared, by name, with references to renamed types renamed too.
    fn definitions(mut self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (name, mut schema) in self.generator.take_definitions(true) {
            for (old, new) in &self.renamed {
                rename_references(&mut schema, old, new);
            }
            let name = match self.renamed.iter().find(|(old, _)| *old == name) {
                Some((_, new)) => new.clone(),
                None => name,
            };
            out.insert(name, schema);
        }
        out
    }
}

/// Points every `$ref` to `old` at `new`.
fn rename_references(schema: &mut Value, old: &str, new: &str) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(target) if key == "$ref" && target.rsplit('/').next() == Some(old) => {
                        *target = format!("#/$defs/{new}");
                    }
                    _ => rename_references(value, old, new),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_references(v, old, new)),
        _ => {}
    }
}

/// One type that is both written and read: the same shape, except that a member is required only
/// when both ways require it (one written with `skip_serializing_if` and read with `default`).
fn both_ways(name: &str, written: Value, read: Value) -> Result<Value, String> {
    if written == read {
        return Ok(written);
    }
    let (Value::Object(mut w), Value::Object(r)) = (written, read) else {
        return Err(format!("{name} has different shapes written and read"));
    };
    let required = |m: &Map<String, Value>| -> BTreeSet<String> {
        m.get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
            .unwrap_or_default()
    };
    let both: Vec<Value> = required(&w)
        .intersection(&required(&r))
        .cloned()
        .map(Value::String)
        .collect();
    let mut w_rest = w.clone();
    let mut r_rest = r.clone();
    for m in [&mut w_rest, &mut r_rest] {
        m.remove("required");
    }
    if w_rest != r_rest {
        return Err(format!("{name} has different members written and read"));
    }
    w.insert("required".into(), Value::Array(both));
    Ok(Value::Object(w))
}

/// `export interface Name {...}` for an object with members, `export type Name = ...;` otherwise.
fn declaration(out: &mut String, name: &str, schema: &Value) -> Result<(), String> {
    doc(out, schema, "");
    if let Some(members) = schema.get("properties").and_then(Value::as_object) {
        if schema.get("oneOf").is_none() && schema.get("anyOf").is_none() {
            let _ = write!(out, "export interface {name} ");
            object(out, schema, members, "")?;
            out.push('\n');
            return Ok(());
        }
    }
    let _ = write!(out, "export type {name} =");
    match alternatives(schema) {
        Some(alts) if alts.iter().any(|a| a.get("description").is_some()) => {
            for alt in alts {
                out.push('\n');
                doc(out, alt, "  ");
                out.push_str("  | ");
                out.push_str(&ts(alt, "  ")?);
            }
        }
        _ => {
            out.push(' ');
            out.push_str(&ts(schema, "")?);
        }
    }
    out.push_str(";\n");
    Ok(())
}

/// The alternatives of a union schema.
fn alternatives(schema: &Value) -> Option<&Vec<Value>> {
    schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
}

/// A schema's description as a doc comment on its own lines, indented by `indent`.
fn doc(out: &mut String, schema: &Value, indent: &str) {
    let Some(text) = schema.get("description").and_then(Value::as_str) else {
        return;
    };
    // Rust's intra-doc links read as code in TypeScript.
    let text = text.replace("*/", "*\\/").replace("[`", "`").replace("`]", "`");
    let lines: Vec<&str> = text.lines().collect();
    if let [line] = lines.as_slice() {
        let _ = writeln!(out, "{indent}/** {line} */");
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        let _ = writeln!(out, "{indent} *{}{line}", if line.is_empty() { "" } else { " " });
    }
    let _ = writeln!(out, "{indent} */");
}

/// The TypeScript type of a schema, written inline; `indent` is that of the line it starts on.
fn ts(schema: &Value, indent: &str) -> Result<String, String> {
    let map = match schema {
        Value::Bool(true) => return Ok("unknown".into()),
        Value::Bool(false) => return Ok("never".into()),
        Value::Object(map) => map,
        other => return Err(format!("a schema that is neither an object nor a boolean: {other}")),
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        return Ok(reference.rsplit('/').next().unwrap_or(reference).to_string());
    }
    if let Some(value) = map.get("const") {
        return Ok(value.to_string());
    }
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        return Ok(values.iter().map(Value::to_string).collect::<Vec<_>>().join(" | "));
    }
    if let Some(alts) = alternatives(schema) {
        let parts = alts.iter().map(|a| ts(a, indent)).collect::<Result<Vec<_>, _>>()?;
        return Ok(parts.join(" | "));
    }
    if let Some(all) = map.get("allOf").and_then(Value::as_array) {
        let parts = all.iter().map(|a| grouped(a, indent)).collect::<Result<Vec<_>, _>>()?;
        return Ok(parts.join(" & "));
    }
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        None if map.is_empty() || map.keys().all(|k| k == "description") => return Ok("unknown".into()),
        None => return Err(format!("a schema without a type: {schema}")),
        Some(other) => return Err(format!("a type that is not a name: {other}")),
    };
    let parts = types
        .iter()
        .map(|t| match *t {
            "string" => Ok("string".to_string()),
            "integer" | "number" => Ok("number".to_string()),
            "boolean" => Ok("boolean".to_string()),
            "null" => Ok("null".to_string()),
            "array" => array(map, indent),
            "object" => {
                let mut out = String::new();
                match map.get("properties").and_then(Value::as_object) {
                    Some(members) => object(&mut out, schema, members, indent)?,
                    None => match map.get("additionalProperties") {
                        Some(Value::Bool(false)) => out.push_str("Record<string, never>"),
                        Some(Value::Object(v)) => {
                            let _ = write!(out, "Record<string, {}>", ts(&Value::Object(v.clone()), indent)?);
                        }
                        _ => out.push_str("Record<string, unknown>"),
                    },
                }
                Ok(out)
            }
            other => Err(format!("an unknown type {other}")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(parts.join(" | "))
}

/// A type that can stand beside `&` or `[]`: a union in parentheses.
fn grouped(schema: &Value, indent: &str) -> Result<String, String> {
    let t = ts(schema, indent)?;
    Ok(if t.contains(" | ") && !t.starts_with('{') {
        format!("({t})")
    } else {
        t
    })
}

/// An array (`T[]`) or a tuple (`[A, B]`).
fn array(map: &Map<String, Value>, indent: &str) -> Result<String, String> {
    if let Some(items) = map.get("prefixItems").and_then(Value::as_array) {
        let parts = items.iter().map(|i| ts(i, indent)).collect::<Result<Vec<_>, _>>()?;
        return Ok(format!("[{}]", parts.join(", ")));
    }
    match map.get("items") {
        Some(items) => Ok(format!("{}[]", grouped(items, indent)?)),
        None => Ok("unknown[]".into()),
    }
}

/// An object type with its members, one a line, each with its doc comment.
fn object(out: &mut String, schema: &Value, members: &Map<String, Value>, indent: &str) -> Result<(), String> {
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    out.push_str("{\n");
    for (name, member) in members {
        doc(out, member, &inner);
        let key = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
            && !name.starts_with(|c: char| c.is_ascii_digit())
        {
            name.clone()
        } else {
            Value::String(name.clone()).to_string()
        };
        let optional = if required.contains(name.as_str()) { "" } else { "?" };
        let _ = writeln!(out, "{inner}{key}{optional}: {};", ts(member, &inner)?);
    }
    if let Some(rest) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        let _ = writeln!(out, "{inner}[member: string]: {};", ts(rest, &inner)?);
    }
    let _ = write!(out, "{indent}}}");
    Ok(())
}
