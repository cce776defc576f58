#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! The packed answers of the Wasm boundary (`assent::json::pack`), read back the way
//! `pkg-config/unpack.js` reads them (UTF-16 lengths, `substring`, names at the end), must be exactly the answer's
//! JSON: for every evaluation of the golden corpus, in both locales, the seed policy, its texts,
//! problems, and any JSON value.

use std::path::Path;

use assent::json::pack::{pack, Packed};
use assent::json::{Sink, ToJson};
use proptest::prelude::*;
use serde_json::{Map, Value};

mod golden_support;

/// The reader of `unpack.js`, in Rust: the text as UTF-16 code units, sliced by the lengths; the
/// member names read first from the ends of both.
struct Unpack<'a> {
    text: Vec<u16>,
    shape: &'a [u32],
    names: Vec<String>,
    t: usize,
    s: usize,
}

impl Unpack<'_> {
    fn next(&mut self) -> u32 {
        let v = self.shape[self.s];
        self.s += 1;
        v
    }

    fn str(&mut self) -> String {
        let n = self.next() as usize;
        let s = String::from_utf16(&self.text[self.t..self.t + n]).unwrap();
        self.t += n;
        s
    }

    fn value(&mut self) -> Value {
        match self.next() {
            0 => Value::Null,
            1 => Value::Bool(true),
            2 => Value::Bool(false),
            3 => Value::String(self.str()),
            4 => serde_json::from_str(&self.str()).unwrap(),
            5 => {
                let n = self.next();
                Value::Array((0..n).map(|_| self.value()).collect())
            }
            6 => {
                let n = self.next();
                let mut m = Map::new();
                for _ in 0..n {
                    let i = self.next() as usize;
                    let k = self.names[i].clone();
                    m.insert(k, self.value());
                }
                Value::Object(m)
            }
            tag => panic!("unknown tag {tag}"),
        }
    }
}

fn unpack(p: &Packed) -> Value {
    let text: Vec<u16> = p.text.encode_utf16().collect();
    let count = *p.shape.last().unwrap() as usize;
    let lens = &p.shape[p.shape.len() - 1 - count..p.shape.len() - 1];
    let mut at = text.len() - lens.iter().map(|&n| n as usize).sum::<usize>();
    let value_text_end = at;
    let names = lens
        .iter()
        .map(|&n| {
            let name = String::from_utf16(&text[at..at + n as usize]).unwrap();
            at += n as usize;
            name
        })
        .collect();
    let mut u = Unpack {
        text,
        shape: &p.shape,
        names,
        t: 0,
        s: 0,
    };
    let v = u.value();
    assert_eq!(
        (u.t, u.s),
        (value_text_end, p.shape.len() - 1 - count),
        "everything is read, nothing more"
    );
    v
}

#[test]
fn every_golden_evaluation_unpacks_to_its_json() {
    let mut checked = 0;
    // One packer for every answer, as the Wasm boundary keeps one per object.
    let mut packed = Packed::default();
    for (engine, ctx) in golden_support::golden_contexts() {
        let Ok(out) = engine.evaluate(&ctx) else { continue };
        packed.pack(&out);
        assert_eq!(unpack(&packed), serde_json::to_value(&out).unwrap());
        for d in &out.purposes {
            packed.pack(d);
            assert_eq!(unpack(&packed), serde_json::to_value(d).unwrap());
        }
        checked += 1;
    }
    assert!(checked >= 120, "only {checked} evaluations were checked");
}

#[test]
fn policies_texts_and_problems_unpack_to_their_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("policies/seed.json")).unwrap();
    let policy = assent::policy::load(&text).unwrap();
    assert_eq!(unpack(&pack(&policy)), serde_json::to_value(&policy).unwrap());
    assert_eq!(
        unpack(&pack(&policy.purposes)),
        serde_json::to_value(&policy.purposes).unwrap()
    );
    for locale in ["en", "zh-CN"] {
        let texts = policy.texts(locale);
        assert_eq!(unpack(&pack(&texts)), serde_json::to_value(&texts).unwrap());
    }
    // Problems with and without a hint, with positions.
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["id"] = Value::from("");
    doc["version"] = Value::from("one");
    let doc = serde_json::to_string_pretty(&doc).unwrap();
    let problems = assent::policy::load(&doc).unwrap_err().0;
    assert!(problems.len() > 1);
    assert_eq!(unpack(&pack(&problems)), serde_json::to_value(&problems).unwrap());
    let bare = vec![assent::policy::Problem::at("x.y", "$", "no hint")];
    assert_eq!(unpack(&pack(&bare)), serde_json::to_value(&bare).unwrap());
}

/// Any JSON value, written through the packer's interface member by member.
struct Json(Value);

impl ToJson for Json {
    fn write_json<S: Sink + ?Sized>(&self, out: &mut S) {
        match &self.0 {
            Value::Null => out.null(),
            Value::Bool(b) => out.bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => out.int(i < 0, i.unsigned_abs()),
                (None, Some(u)) => out.int(false, u),
                _ => panic!("no floats here"),
            },
            Value::String(s) => out.str(s),
            Value::Array(a) => {
                out.open_array();
                for v in a {
                    Json(v.clone()).write_json(out);
                }
                out.close_array();
            }
            Value::Object(m) => {
                out.open_object();
                for (k, v) in m {
                    out.key(k);
                    Json(v.clone()).write_json(out);
                }
                out.close_object();
            }
        }
    }
}

#[test]
fn field_names_and_map_keys_of_one_text_are_one_name() {
    // Field names and map keys of the same text, in repeated objects, in and out of order.
    #[derive(assent::json::ToJson)]
    struct Row {
        b: u8,
        a: assent::policy::SortedMap<u8>,
    }
    let rows = vec![
        Row {
            b: 1,
            a: [("b".to_string(), 2), ("a".to_string(), 3)].into(),
        },
        Row {
            b: 4,
            a: Default::default(),
        },
        Row {
            b: 5,
            a: [("c".to_string(), 6)].into(),
        },
    ];
    let packed = pack(&rows);
    assert_eq!(
        unpack(&packed),
        serde_json::json!([{"b": 1, "a": {"a": 3, "b": 2}}, {"b": 4, "a": {}}, {"b": 5, "a": {"c": 6}}])
    );
    assert!(packed.text.ends_with("bac"), "each name once: {:?}", packed.text);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[a-z\u{4e00}-\u{4e10}\u{1f600}-\u{1f610}]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_value_unpacks_to_itself(v in json_value()) {
        prop_assert_eq!(unpack(&pack(&Json(v.clone()))), v);
    }
}
