//! The IAB Global Privacy Platform string (GPP 1.1): a header naming the sections it carries,
//! then each section, joined by `~`. assent writes the sections a visitor's jurisdiction needs:
//! `tcfeuv2` (id 2, the TC string itself) in the EEA, `usnat` (7, version 2) for the United
//! States, and the state sections `usca` (8) and `usco` (10). Written from the GPP
//! specification and its US extensions.
//!
//! The header is Type 6 bits (= 3), Version 6 (= 1) and SectionIds as a Fibonacci-coded range
//! list: NumEntries 12, then per entry IsARange 1 and Fibonacci integers that are deltas from
//! the previous id (for a range, the start's delta, then the end minus the start). A Fibonacci
//! integer is its Zeckendorf sum, least significant term (1, 2, 3, 5, ...) first, closed by an
//! extra 1. A US section is a core segment of 2-bit fields (0 not applicable, 1 yes / opted out
//! / no consent, 2 no / did not opt out / consent, by field), then, after `.`, a GPC segment:
//! SubsectionType 2 (= 1) and Gpc 1. Segments other than the TC string are padded with zero
//! bits to whole bytes and then to whole base64url characters (the "compressed" encoding).

use crate::prelude::*;

use serde::{Deserialize, Serialize};

use super::SignalError;

/// A US section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UsKind {
    /// `usnat`, id 7, version 2: the national section.
    UsNat,
    /// `usca`, id 8, version 1: California.
    UsCa,
    /// `usco`, id 10, version 1: Colorado.
    UsCo,
}

impl UsKind {
    /// The section id.
    pub fn id(self) -> u16 {
        match self {
            UsKind::UsNat => 7,
            UsKind::UsCa => 8,
            UsKind::UsCo => 10,
        }
    }

    /// The API prefix (`usnat`).
    pub fn name(self) -> &'static str {
        match self {
            UsKind::UsNat => "usnat",
            UsKind::UsCa => "usca",
            UsKind::UsCo => "usco",
        }
    }

    fn version(self) -> u8 {
        match self {
            UsKind::UsNat => 2,
            UsKind::UsCa | UsKind::UsCo => 1,
        }
    }

    /// How many sensitive data categories the section has.
    pub fn sensitive_len(self) -> usize {
        match self {
            UsKind::UsNat => 16,
            UsKind::UsCa => 9,
            UsKind::UsCo => 7,
        }
    }

    /// How many known-child entries it has (usco has a single field).
    pub fn child_len(self) -> usize {
        match self {
            UsKind::UsNat => 3,
            UsKind::UsCa => 2,
            UsKind::UsCo => 1,
        }
    }

    /// The core segment's fields, in order.
    fn layout(self) -> &'static [Field] {
        use Field::*;
        match self {
            UsKind::UsNat => Field::ALL,
            UsKind::UsCa => &[
                SaleOptOutNotice,
                SharingOptOutNotice,
                SensitiveDataLimitUseNotice,
                SaleOptOut,
                SharingOptOut,
                SensitiveDataProcessing,
                KnownChildSensitiveDataConsents,
                PersonalDataConsents,
                MspaCoveredTransaction,
                MspaOptOutOptionMode,
                MspaServiceProviderMode,
            ],
            UsKind::UsCo => &[
                SharingNotice,
                SaleOptOutNotice,
                TargetedAdvertisingOptOutNotice,
                SaleOptOut,
                TargetedAdvertisingOptOut,
                SensitiveDataProcessing,
                KnownChildSensitiveDataConsents,
                MspaCoveredTransaction,
                MspaOptOutOptionMode,
                MspaServiceProviderMode,
            ],
        }
    }
}

/// Declares [`Field`] from one list: the variants, every one of them in order ([`Field::ALL`]) and
/// the names the GPP CMP API gives them.
macro_rules! fields {
    ($($field:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Field {
            $($field),*
        }

        impl Field {
            /// Every field, in the order of the usnat core segment, which has them all.
            const ALL: &'static [Field] = &[$(Field::$field),*];

            fn name(self) -> &'static str {
                match self {
                    $(Field::$field => stringify!($field)),*
                }
            }
        }
    };
}

fields!(
    SharingNotice,
    SaleOptOutNotice,
    SharingOptOutNotice,
    TargetedAdvertisingOptOutNotice,
    SensitiveDataProcessingOptOutNotice,
    SensitiveDataLimitUseNotice,
    SaleOptOut,
    SharingOptOut,
    TargetedAdvertisingOptOut,
    SensitiveDataProcessing,
    KnownChildSensitiveDataConsents,
    PersonalDataConsents,
    MspaCoveredTransaction,
    MspaOptOutOptionMode,
    MspaServiceProviderMode,
);

/// Reads ([`UsSection::get`]) and writes ([`UsSection::slot`]) the fields that are one number,
/// from one list of the member that holds each (the two lists are read and written whole).
macro_rules! numbers {
    ($($field:ident => $member:ident),* $(,)?) => {
        impl UsSection {
            fn get(&self, f: Field) -> u8 {
                match f {
                    $(Field::$field => self.$member,)*
                    Field::SensitiveDataProcessing | Field::KnownChildSensitiveDataConsents => 0,
                }
            }

            fn slot(&mut self, f: Field) -> Option<&mut u8> {
                Some(match f {
                    $(Field::$field => &mut self.$member,)*
                    Field::SensitiveDataProcessing | Field::KnownChildSensitiveDataConsents => return None,
                })
            }
        }
    };
}

numbers!(
    SharingNotice => sharing_notice,
    SaleOptOutNotice => sale_opt_out_notice,
    SharingOptOutNotice => sharing_opt_out_notice,
    TargetedAdvertisingOptOutNotice => targeted_advertising_opt_out_notice,
    SensitiveDataProcessingOptOutNotice => sensitive_data_processing_opt_out_notice,
    SensitiveDataLimitUseNotice => sensitive_data_limit_use_notice,
    SaleOptOut => sale_opt_out,
    SharingOptOut => sharing_opt_out,
    TargetedAdvertisingOptOut => targeted_advertising_opt_out,
    PersonalDataConsents => personal_data_consents,
    MspaCoveredTransaction => mspa_covered_transaction,
    MspaOptOutOptionMode => mspa_opt_out_option_mode,
    MspaServiceProviderMode => mspa_service_provider_mode,
);

/// A US section's values. Each is 0 (not applicable), 1 or 2, as the specification defines
/// for the field: notices 1 given / 2 not given; opt-outs 1 opted out / 2 did not opt out;
/// consents 1 no consent / 2 consent; MspaCoveredTransaction 1 yes / 2 no. Fields a section
/// does not have are not written, and read back as 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsSection {
    /// Which section.
    pub kind: UsKind,
    /// Notice of sharing personal data (usnat, usco).
    pub sharing_notice: u8,
    /// Notice of the right to opt out of sale.
    pub sale_opt_out_notice: u8,
    /// Notice of the right to opt out of sharing (usnat, usca).
    pub sharing_opt_out_notice: u8,
    /// Notice of the right to opt out of targeted advertising (usnat, usco).
    pub targeted_advertising_opt_out_notice: u8,
    /// Notice of the right to opt out of sensitive data processing (usnat).
    pub sensitive_data_processing_opt_out_notice: u8,
    /// Notice of the right to limit the use of sensitive data (usnat, usca).
    pub sensitive_data_limit_use_notice: u8,
    /// Opted out of sale.
    pub sale_opt_out: u8,
    /// Opted out of sharing (usnat, usca).
    pub sharing_opt_out: u8,
    /// Opted out of targeted advertising (usnat, usco).
    pub targeted_advertising_opt_out: u8,
    /// Per sensitive data category ([`UsKind::sensitive_len`] entries).
    pub sensitive_data_processing: Vec<u8>,
    /// Known-child consents ([`UsKind::child_len`] entries).
    pub known_child_sensitive_data_consents: Vec<u8>,
    /// Consent to processing personal data (usnat, usca).
    pub personal_data_consents: u8,
    /// Whether the transaction is covered by the IAB's MSPA (1 yes, 2 no).
    pub mspa_covered_transaction: u8,
    /// MSPA opt-out option mode.
    pub mspa_opt_out_option_mode: u8,
    /// MSPA service provider mode.
    pub mspa_service_provider_mode: u8,
    /// The browser's Global Privacy Control; `None` leaves out the GPC segment.
    pub gpc: Option<bool>,
}

impl UsSection {
    /// Everything not applicable, outside the MSPA, without the GPC segment.
    pub fn new(kind: UsKind) -> UsSection {
        UsSection {
            kind,
            sharing_notice: 0,
            sale_opt_out_notice: 0,
            sharing_opt_out_notice: 0,
            targeted_advertising_opt_out_notice: 0,
            sensitive_data_processing_opt_out_notice: 0,
            sensitive_data_limit_use_notice: 0,
            sale_opt_out: 0,
            sharing_opt_out: 0,
            targeted_advertising_opt_out: 0,
            sensitive_data_processing: vec![0; kind.sensitive_len()],
            known_child_sensitive_data_consents: vec![0; kind.child_len()],
            personal_data_consents: 0,
            mspa_covered_transaction: 2,
            mspa_opt_out_option_mode: 0,
            mspa_service_provider_mode: 0,
            gpc: None,
        }
    }

    /// The same section with the fields its kind does not have set to 0, as it reads back.
    pub fn own_fields_only(mut self) -> UsSection {
        // A field every kind has is never cleared, and the two lists have no slot.
        for &f in Field::ALL {
            if !self.kind.layout().contains(&f) {
                if let Some(slot) = self.slot(f) {
                    *slot = 0;
                }
            }
        }
        self
    }

    /// The section's fields by the names the GPP CMP API gives them (`SaleOptOut`), as
    /// `getSection` answers: lists for the sensitive and known-child fields (a number for
    /// usco's single known-child field), `Gpc` when the GPC segment is present.
    pub fn fields(&self) -> Vec<(&'static str, FieldValue)> {
        let mut out = vec![("Version", FieldValue::Int(self.kind.version()))];
        for &f in self.kind.layout() {
            let v = match f {
                Field::SensitiveDataProcessing => FieldValue::List(self.sensitive_data_processing.clone()),
                Field::KnownChildSensitiveDataConsents if self.kind == UsKind::UsCo => {
                    FieldValue::Int(self.known_child_sensitive_data_consents.first().copied().unwrap_or(0))
                }
                Field::KnownChildSensitiveDataConsents => {
                    FieldValue::List(self.known_child_sensitive_data_consents.clone())
                }
                other => FieldValue::Int(self.get(other)),
            };
            out.push((f.name(), v));
        }
        if let Some(g) = self.gpc {
            out.push(("Gpc", FieldValue::Bool(g)));
        }
        out
    }

    fn encode(&self) -> Result<String, SignalError> {
        let bad = |field: &'static str, value: u8| SignalError::InvalidValue {
            field,
            value: value.to_string(),
        };
        let mut w = Writer::default();
        w.int(self.kind.version().into(), 6);
        for &f in self.kind.layout() {
            let list = match f {
                Field::SensitiveDataProcessing => Some((&self.sensitive_data_processing, self.kind.sensitive_len())),
                Field::KnownChildSensitiveDataConsents => {
                    Some((&self.known_child_sensitive_data_consents, self.kind.child_len()))
                }
                _ => None,
            };
            match list {
                Some((values, len)) => {
                    if values.len() != len {
                        return Err(SignalError::InvalidValue {
                            field: f.name(),
                            value: format!("{} entries ({} has {len})", values.len(), self.kind.name()),
                        });
                    }
                    for &v in values {
                        if v > 2 {
                            return Err(bad(f.name(), v));
                        }
                        w.int(v.into(), 2);
                    }
                }
                None => {
                    let v = self.get(f);
                    let covered = f == Field::MspaCoveredTransaction;
                    if v > 2 || (covered && v == 0) {
                        return Err(bad(f.name(), v));
                    }
                    w.int(v.into(), 2);
                }
            }
        }
        let mut out = w.compressed();
        if let Some(g) = self.gpc {
            let mut w = Writer::default();
            w.int(1, 2);
            w.bit(g);
            out.push('.');
            out.push_str(&w.compressed());
        }
        Ok(out)
    }

    fn decode(kind: UsKind, text: &str, at: usize) -> Result<UsSection, SignalError> {
        let mut parts = text.split('.');
        let mut r = Reader::new(parts.next().unwrap_or(""), at)?;
        let version = r.int(6, "Version")?;
        if version != u64::from(kind.version()) {
            return Err(SignalError::InvalidValue {
                field: "Version",
                value: format!("{version} ({} version {} is read)", kind.name(), kind.version()),
            });
        }
        let mut s = UsSection::new(kind);
        for &f in kind.layout() {
            match f {
                Field::SensitiveDataProcessing => {
                    s.sensitive_data_processing = r.list(kind.sensitive_len(), f.name())?;
                }
                Field::KnownChildSensitiveDataConsents => {
                    s.known_child_sensitive_data_consents = r.list(kind.child_len(), f.name())?;
                }
                other => {
                    let v = r.int(2, other.name())? as u8;
                    if let Some(slot) = s.slot(other) {
                        *slot = v;
                    }
                }
            }
        }
        if let Some(gpc) = parts.next() {
            let mut r = Reader::new(gpc, at)?;
            let kind = r.int(2, "SubsectionType")?;
            if kind != 1 {
                return Err(SignalError::UnsupportedSegment(kind));
            }
            s.gpc = Some(r.int(1, "Gpc")? == 1);
        }
        if parts.next().is_some() {
            return Err(SignalError::Inconsistent("a US section has at most two segments"));
        }
        Ok(s)
    }
}

/// A field's value as `getSection` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// A number.
    Int(u8),
    /// A list of numbers.
    List(Vec<u8>),
    /// A flag.
    Bool(bool),
}

/// One section of a GPP string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GppSection {
    /// `tcfeuv2` (id 2): a TC string, as written by [`super::TcfChoice::encode`].
    TcfEuV2(String),
    /// A US section.
    Us(UsSection),
}

impl GppSection {
    /// The section id.
    pub fn id(&self) -> u16 {
        match self {
            GppSection::TcfEuV2(_) => 2,
            GppSection::Us(s) => s.kind.id(),
        }
    }

    /// The API prefix (`tcfeuv2`, `usnat`).
    pub fn name(&self) -> &'static str {
        match self {
            GppSection::TcfEuV2(_) => "tcfeuv2",
            GppSection::Us(s) => s.kind.name(),
        }
    }
}

/// The section ids and API prefixes assent writes: the CMP API's `supportedAPIs`.
pub const SUPPORTED_APIS: [&str; 4] = ["2:tcfeuv2", "7:usnat", "8:usca", "10:usco"];

/// A GPP string's sections, in id order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GppString {
    /// The sections.
    pub sections: Vec<GppSection>,
}

impl GppString {
    /// The string: the header, then each section in id order, joined by `~`. Fails on a
    /// section given twice or a value its field cannot hold.
    pub fn encode(&self) -> Result<String, SignalError> {
        let mut sections: Vec<&GppSection> = self.sections.iter().collect();
        sections.sort_by_key(|s| s.id());
        if let Some(w) = sections
            .windows(2)
            .find(|w| w.first().map(|s| s.id()) == w.get(1).map(|s| s.id()))
        {
            return Err(SignalError::DuplicateSegment(w.first().map_or(0, |s| s.id().into())));
        }
        let mut header = Writer::default();
        header.int(3, 6);
        header.int(1, 6);
        let ids: Vec<u16> = sections.iter().map(|s| s.id()).collect();
        header.fibonacci_ranges(&ids);
        let mut out = header.compressed();
        for s in sections {
            out.push('~');
            match s {
                GppSection::TcfEuV2(tc) => out.push_str(tc),
                GppSection::Us(us) => out.push_str(&us.encode()?),
            }
        }
        Ok(out)
    }

    /// Reads a GPP string with the sections assent writes. Never panics: a malformed header
    /// or section, a section the header does not list, or one assent does not read is a
    /// [`SignalError`] (segment numbers count the `~`-separated parts from 0).
    pub fn decode(s: &str) -> Result<GppString, SignalError> {
        if s.len() > super::tcf::MAX_TC_STRING_LEN {
            return Err(SignalError::TooLong {
                len: s.len(),
                max: super::tcf::MAX_TC_STRING_LEN,
            });
        }
        let mut parts = s.split('~');
        let mut r = Reader::new(parts.next().unwrap_or(""), 0)?;
        let kind = r.int(6, "Type")?;
        if kind != 3 {
            return Err(SignalError::UnsupportedSegment(kind));
        }
        let version = r.int(6, "Version")?;
        if version != 1 {
            return Err(SignalError::UnsupportedVersion(version));
        }
        let ids = r.fibonacci_ranges()?;
        let bodies: Vec<&str> = parts.collect();
        if bodies.len() != ids.len() {
            return Err(SignalError::InvalidValue {
                field: "SectionIds",
                value: format!("{} ids for {} sections", ids.len(), bodies.len()),
            });
        }
        let mut sections = Vec::new();
        for (i, (id, body)) in ids.iter().zip(bodies).enumerate() {
            let at = i + 1;
            let section = match id {
                2 => {
                    super::TcfChoice::decode(body)?;
                    GppSection::TcfEuV2(body.to_string())
                }
                7 => GppSection::Us(UsSection::decode(UsKind::UsNat, body, at)?),
                8 => GppSection::Us(UsSection::decode(UsKind::UsCa, body, at)?),
                10 => GppSection::Us(UsSection::decode(UsKind::UsCo, body, at)?),
                other => return Err(SignalError::UnsupportedSegment(u64::from(*other))),
            };
            sections.push(section);
        }
        Ok(GppString { sections })
    }
}

/// A bit string being written.
#[derive(Default)]
struct Writer {
    bits: Vec<bool>,
}

impl Writer {
    fn bit(&mut self, on: bool) {
        self.bits.push(on);
    }

    fn int(&mut self, value: u64, width: u32) {
        for i in (0..width).rev() {
            self.bits.push((value >> i) & 1 == 1);
        }
    }

    fn fibonacci(&mut self, value: u64) {
        // The Fibonacci terms up to `value`, then the Zeckendorf digits, smallest term first.
        let mut terms = vec![1u64, 2];
        while let (Some(&a), Some(&b)) = (terms.get(terms.len() - 2), terms.last()) {
            if a + b > value {
                break;
            }
            terms.push(a + b);
        }
        while terms.last().is_some_and(|&t| t > value) {
            terms.pop();
        }
        let mut digits = vec![false; terms.len()];
        let mut rest = value;
        for (i, t) in terms.iter().enumerate().rev() {
            if *t <= rest {
                rest -= t;
                if let Some(d) = digits.get_mut(i) {
                    *d = true;
                }
            }
        }
        self.bits.extend(digits);
        self.bit(true);
    }

    fn fibonacci_ranges(&mut self, ids: &[u16]) {
        let mut runs: Vec<(u16, u16)> = Vec::new();
        for &id in ids {
            match runs.last_mut() {
                Some((_, end)) if end.checked_add(1) == Some(id) => *end = id,
                _ => runs.push((id, id)),
            }
        }
        self.int(runs.len() as u64, 12);
        let mut offset = 0u64;
        for (a, b) in runs {
            self.bit(a != b);
            self.fibonacci(u64::from(a) - offset);
            offset = a.into();
            if a != b {
                self.fibonacci(u64::from(b) - offset);
                offset = b.into();
            }
        }
    }

    /// Padded to whole bytes, then to whole base64url characters.
    fn compressed(mut self) -> String {
        while self.bits.len() % 8 != 0 {
            self.bits.push(false);
        }
        while self.bits.len() % 6 != 0 {
            self.bits.push(false);
        }
        self.bits
            .chunks(6)
            .map(|c| {
                let v = c.iter().fold(0usize, |acc, b| (acc << 1) | usize::from(*b));
                BASE64URL.get(v).map_or('A', |&b| char::from(b))
            })
            .collect()
    }
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A segment's bits being read.
struct Reader {
    bits: Vec<bool>,
    pos: usize,
    segment: usize,
}

impl Reader {
    fn new(text: &str, segment: usize) -> Result<Reader, SignalError> {
        if text.is_empty() {
            return Err(SignalError::EmptySegment { segment });
        }
        let mut bits = Vec::with_capacity(text.len() * 6);
        for found in text.chars() {
            let v = BASE64URL
                .iter()
                .position(|&b| char::from(b) == found)
                .ok_or(SignalError::NotBase64Url { segment, found })?;
            bits.extend((0..6).rev().map(|i| (v >> i) & 1 == 1));
        }
        Ok(Reader { bits, pos: 0, segment })
    }

    fn bit(&mut self, field: &'static str) -> Result<bool, SignalError> {
        let b = self.bits.get(self.pos).copied().ok_or(SignalError::Truncated {
            segment: self.segment,
            field,
        })?;
        self.pos += 1;
        Ok(b)
    }

    fn int(&mut self, width: u32, field: &'static str) -> Result<u64, SignalError> {
        let mut v = 0;
        for _ in 0..width {
            v = (v << 1) | u64::from(self.bit(field)?);
        }
        Ok(v)
    }

    fn list(&mut self, len: usize, field: &'static str) -> Result<Vec<u8>, SignalError> {
        (0..len).map(|_| self.int(2, field).map(|v| v as u8)).collect()
    }

    fn fibonacci(&mut self) -> Result<u64, SignalError> {
        let (mut a, mut b) = (1u64, 2u64);
        let mut value = 0u64;
        let mut last = false;
        loop {
            let on = self.bit("SectionIds")?;
            if on && last {
                return Ok(value);
            }
            if on {
                value = value.saturating_add(a);
            }
            last = on;
            if a > u64::from(u16::MAX) {
                return Err(SignalError::InvalidValue {
                    field: "SectionIds",
                    value: "a Fibonacci integer past 65535".into(),
                });
            }
            (a, b) = (b, a + b);
        }
    }

    fn fibonacci_ranges(&mut self) -> Result<Vec<u16>, SignalError> {
        let n = self.int(12, "SectionIds")?;
        let mut out: Vec<u16> = Vec::new();
        let mut offset = 0u64;
        let too_big = |v: u64| SignalError::InvalidValue {
            field: "SectionIds",
            value: v.to_string(),
        };
        for _ in 0..n {
            let range = self.bit("SectionIds")?;
            let start = offset + self.fibonacci()?;
            offset = start;
            let end = if range {
                offset += self.fibonacci()?;
                offset
            } else {
                start
            };
            if end > 64 {
                return Err(too_big(end));
            }
            out.extend((start..=end).map(|v| v as u16));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits_of(w: &Writer) -> String {
        w.bits.iter().map(|b| if *b { '1' } else { '0' }).collect()
    }

    #[test]
    fn fibonacci_integers_are_zeckendorf_smallest_term_first() {
        for (v, want) in [
            (1, "11"),
            (2, "011"),
            (3, "0011"),
            (4, "1011"),
            (5, "00011"),
            (7, "01011"),
            (12, "101011"),
        ] {
            let mut w = Writer::default();
            w.fibonacci(v);
            assert_eq!(bits_of(&w), want, "{v}");
            let mut r = Reader {
                bits: w.bits.clone(),
                pos: 0,
                segment: 0,
            };
            assert_eq!(r.fibonacci().unwrap(), v);
        }
    }

    #[test]
    fn the_header_of_usnat_alone_is_dbabla() {
        // Type 3, Version 1, one entry: id 7 as a single (delta 7 = 01011).
        let s = GppString {
            sections: vec![GppSection::Us(UsSection::new(UsKind::UsNat))],
        }
        .encode()
        .unwrap();
        assert!(s.starts_with("DBABLA~"), "{s}");
    }

    #[test]
    fn sections_round_trip_in_id_order() {
        let mut ca = UsSection::new(UsKind::UsCa);
        ca.sale_opt_out_notice = 1;
        ca.sale_opt_out = 1;
        ca.sharing_opt_out = 1;
        ca.sensitive_data_processing = vec![0, 1, 2, 0, 1, 2, 0, 1, 2];
        ca.known_child_sensitive_data_consents = vec![1, 2];
        ca.gpc = Some(true);
        let mut co = UsSection::new(UsKind::UsCo);
        co.known_child_sensitive_data_consents = vec![2];
        let nat = UsSection::new(UsKind::UsNat);
        let g = GppString {
            sections: vec![GppSection::Us(co), GppSection::Us(ca), GppSection::Us(nat)],
        };
        let s = g.encode().unwrap();
        let back = GppString::decode(&s).unwrap();
        let ids: Vec<u16> = back.sections.iter().map(GppSection::id).collect();
        assert_eq!(ids, [7, 8, 10]);
        for sec in &g.sections {
            assert!(back.sections.contains(sec), "{sec:?}");
        }
    }

    #[test]
    fn bad_values_and_strings_are_typed_errors() {
        let mut s = UsSection::new(UsKind::UsNat);
        s.sale_opt_out = 3;
        let one = |s: UsSection| GppString {
            sections: vec![GppSection::Us(s)],
        };
        assert!(matches!(
            one(s).encode(),
            Err(SignalError::InvalidValue {
                field: "SaleOptOut",
                ..
            })
        ));
        let mut s = UsSection::new(UsKind::UsCo);
        s.sensitive_data_processing = vec![0; 8];
        assert!(matches!(
            one(s).encode(),
            Err(SignalError::InvalidValue {
                field: "SensitiveDataProcessing",
                ..
            })
        ));
        let mut s = UsSection::new(UsKind::UsCa);
        s.mspa_covered_transaction = 0;
        assert!(one(s).encode().is_err());
        let twice = GppString {
            sections: vec![
                GppSection::Us(UsSection::new(UsKind::UsCa)),
                GppSection::Us(UsSection::new(UsKind::UsCa)),
            ],
        };
        assert_eq!(twice.encode(), Err(SignalError::DuplicateSegment(8)));
        assert_eq!(GppString::decode(""), Err(SignalError::EmptySegment { segment: 0 }));
        assert!(matches!(
            GppString::decode("DBABLA"),
            Err(SignalError::InvalidValue {
                field: "SectionIds",
                ..
            })
        ));
        assert!(matches!(
            GppString::decode("DBABLA~C"),
            Err(SignalError::Truncated { .. })
        ));
        assert!(matches!(
            GppString::decode("DBABLA~+"),
            Err(SignalError::NotBase64Url { found: '+', .. })
        ));
        assert!(matches!(GppString::decode("DBA"), Err(SignalError::Truncated { .. })));
        assert_eq!(GppString::decode("CBABLA~x"), Err(SignalError::UnsupportedSegment(2)));
    }
}
