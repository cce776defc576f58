//! RFC 8785 canonical JSON: numbers as a JavaScript engine prints them, and properties that
//! must hold for every value.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use assent::receipt::jcs;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

#[test]
fn numbers_print_as_a_javascript_engine_prints_them() {
    let data = include_str!("data/jcs-numbers-v8.txt");
    let mut checked = 0;
    for line in data.lines() {
        let (bits, want) = line.split_once(' ').unwrap();
        let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        let mut got = String::new();
        jcs::write_f64(x, &mut got).unwrap();
        assert_eq!(got, want, "{bits}");
        checked += 1;
    }
    assert_eq!(checked, 2000);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        any::<String>().prop_map(Value::String),
        "[\\u{0}-\\u{20}\"\\\\a-z\\u{7f}-\\u{ff}\\u{2028}\\u{e000}-\\u{ffff}\\u{10000}-\\u{10ffff}]{0,8}"
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn canonical_json_is_idempotent(value in json_value()) {
        let once = jcs::to_string(&value).unwrap();
        let twice = jcs::canonicalize_str(&once).unwrap();
        prop_assert_eq!(&once, &twice);
        // Canonical text is valid JSON with no insignificant whitespace between tokens.
        let reread: Value = serde_json::from_str(&once).unwrap();
        prop_assert_eq!(jcs::to_string(&reread).unwrap(), once);
    }

    #[test]
    fn any_spelling_of_a_document_has_the_same_canonical_form(value in json_value()) {
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let compact = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(jcs::canonicalize_str(&pretty).unwrap(), jcs::canonicalize_str(&compact).unwrap());
    }

    #[test]
    fn every_finite_double_reads_back_exactly(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assume!(x.is_finite());
        let mut text = String::new();
        jcs::write_f64(x, &mut text).unwrap();
        let back: f64 = text.parse().unwrap();
        prop_assert!(back == x, "{} printed as {} read back as {}", x, text, back);
    }

    #[test]
    fn object_members_come_out_in_utf16_order(names in prop::collection::btree_set(any::<String>(), 0..8)) {
        let object: Map<String, Value> = names.iter().map(|n| (n.clone(), Value::Null)).collect();
        let text = jcs::to_string(&Value::Object(object)).unwrap();
        let mut expected: Vec<&String> = names.iter().collect();
        expected.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let body: Vec<String> = expected.iter().map(|n| format!("{}:null", jcs::to_string(&Value::String((*n).clone())).unwrap())).collect();
        prop_assert_eq!(text, format!("{{{}}}", body.join(",")));
    }
}
