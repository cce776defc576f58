//! The GPP strings assent writes, read by the IAB's reference library (@iabgpp/cmpapi, run in
//! Node by tests/js/tcf-oracle/decode-gpp.mjs): the header's section ids and every field of
//! every section must come back as written.
//!
//! Needs `node` and the library: `npm ci --prefix tests/js/tcf-oracle`. Without them this test
//! fails (it does not skip).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use assent::signals::gpp::{FieldValue, GppSection, GppString, UsKind, UsSection};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};

/// Decodes every string with the reference library in one Node process.
fn oracle(strings: &[String]) -> Vec<Value> {
    common::oracle::decode_all("decode-gpp.mjs", "@iabgpp/cmpapi", strings)
}

fn value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Int(n) => json!(n),
        FieldValue::List(l) => json!(l),
        FieldValue::Bool(b) => json!(b),
    }
}

fn two_bits() -> impl Strategy<Value = u8> {
    0u8..=2
}

fn us_section(kind: UsKind) -> impl Strategy<Value = UsSection> {
    (
        prop::collection::vec(two_bits(), 15),
        prop::collection::vec(two_bits(), kind.sensitive_len()),
        prop::collection::vec(two_bits(), kind.child_len()),
        1u8..=2,
        prop::option::of(any::<bool>()),
    )
        .prop_map(move |(v, sensitive, child, covered, gpc)| {
            let mut s = UsSection::new(kind);
            s.sharing_notice = v[0];
            s.sale_opt_out_notice = v[1];
            s.sharing_opt_out_notice = v[2];
            s.targeted_advertising_opt_out_notice = v[3];
            s.sensitive_data_processing_opt_out_notice = v[4];
            s.sensitive_data_limit_use_notice = v[5];
            s.sale_opt_out = v[6];
            s.sharing_opt_out = v[7];
            s.targeted_advertising_opt_out = v[8];
            s.personal_data_consents = v[9];
            s.mspa_opt_out_option_mode = v[10];
            s.mspa_service_provider_mode = v[11];
            s.mspa_covered_transaction = covered;
            s.sensitive_data_processing = sensitive;
            s.known_child_sensitive_data_consents = child;
            s.gpc = gpc;
            s
        })
}

/// What decode-gpp.mjs prints for a string: the ids and the fields each section has.
fn expected(g: &GppString) -> Value {
    let mut sections = Map::new();
    let mut ids: Vec<u16> = g.sections.iter().map(GppSection::id).collect();
    ids.sort();
    for s in &g.sections {
        let fields: Map<String, Value> = match s {
            GppSection::Us(us) => us.fields().iter().map(|(k, v)| (k.to_string(), value(v))).collect(),
            GppSection::TcfEuV2(tc) => {
                let c = assent::signals::TcfChoice::decode(tc).unwrap();
                let mut m = Map::new();
                m.insert("CmpId".into(), json!(c.cmp_id));
                m.insert("PurposeConsents".into(), json!(c.purposes_consent));
                m.insert("VendorConsents".into(), json!(c.vendor_consents));
                m.insert("VendorLegitimateInterests".into(), json!(c.vendor_li));
                m.insert(
                    "VendorsDisclosed".into(),
                    json!(c.disclosed_vendors.unwrap_or_default()),
                );
                m
            }
        };
        sections.insert(s.name().into(), Value::Object(fields));
    }
    json!({"sectionIds": ids, "sections": sections})
}

/// The library leaves the GPC segment's field readable when the segment is absent (false);
/// compare only what the string says.
fn comparable(mut got: Value, want: &Value) -> Value {
    for (name, fields) in got["sections"].as_object_mut().unwrap() {
        let wanted = &want["sections"][name];
        fields.as_object_mut().unwrap().retain(|k, _| wanted.get(k).is_some());
    }
    got
}

#[test]
fn reference_library_reads_back_every_us_section() {
    let mut runner = TestRunner::deterministic();
    let strategy = (
        prop::option::of(us_section(UsKind::UsNat)),
        prop::option::of(us_section(UsKind::UsCa)),
        prop::option::of(us_section(UsKind::UsCo)),
        prop::option::of(common::tcf_choice()),
    );
    let mut strings = Vec::new();
    let mut wanted = Vec::new();
    for _ in 0..150 {
        let (nat, ca, co, tc) = strategy.new_tree(&mut runner).unwrap().current();
        let mut sections: Vec<GppSection> = [nat, ca, co].into_iter().flatten().map(GppSection::Us).collect();
        if let Some(tc) = tc {
            sections.push(GppSection::TcfEuV2(tc.encode().unwrap()));
        }
        let g = GppString { sections };
        strings.push(g.encode().unwrap());
        wanted.push(expected(&g));
    }
    let got = oracle(&strings);
    let mut fields = 0;
    for ((s, want), got) in strings.iter().zip(&wanted).zip(got) {
        assert!(got.get("error").is_none(), "{s}: {}", got["error"]);
        let got = comparable(got, want);
        for (name, section) in want["sections"].as_object().unwrap() {
            for (k, v) in section.as_object().unwrap() {
                assert_eq!(&got["sections"][name][k], v, "{name}.{k} of {s}");
                fields += 1;
            }
        }
        assert_eq!(&got, want, "{s}");
        assert_eq!(GppString::decode(s).unwrap(), {
            let mut g = GppString::decode(s).unwrap();
            g.sections.sort_by_key(GppSection::id);
            g
        });
    }
    eprintln!("oracle: {} GPP strings, {fields} fields compared", strings.len());
}
