//! ISO 3166-1 alpha-2 country codes, for checking jurisdiction and country fields.

const ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS \
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET \
FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO \
IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH \
MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM \
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG \
TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The member states of the European Union.
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code.
pub fn is_country(code: &str) -> bool {
    // The codes are sorted and sit every three bytes ("AD AE ..."): a binary search over pairs.
    let table = ALPHA2.as_bytes();
    let (mut lo, mut hi) = (0, table.len().div_ceil(3));
    while lo < hi {
        let mid = (lo + hi) / 2;
        match table.get(mid * 3..mid * 3 + 2).map(|c| c.cmp(code.as_bytes())) {
            Some(core::cmp::Ordering::Less) => lo = mid + 1,
            Some(core::cmp::Ordering::Greater) => hi = mid,
            Some(core::cmp::Ordering::Equal) => return true,
            None => return false,
        }
    }
    false
}

/// Every assigned alpha-2 code.
pub fn countries() -> impl Iterator<Item = &'static str> {
    // One code every three bytes, read by hand: `step_by` brings its own iteration code.
    let mut at = 0;
    core::iter::from_fn(move || {
        let code = ALPHA2.get(at..at + 2)?;
        at += 3;
        Some(code)
    })
}

/// Whether `code` names a place a rule can be for: a country, a subdivision of one
/// (`US-CA`: country, hyphen, one to three letters or digits), or `EU`.
pub fn is_jurisdiction(code: &str) -> bool {
    if code == "EU" {
        return true;
    }
    match code.split_once('-') {
        None => is_country(code),
        Some((cc, sub)) => {
            let mut plain = true;
            for &b in sub.as_bytes() {
                plain &= b.is_ascii_uppercase() || b.is_ascii_digit();
            }
            is_country(cc) && (1..=3).contains(&sub.len()) && plain
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_all_249_countries() {
        assert_eq!(countries().count(), 249);
        assert!(is_country("GR") && !is_country("EL") && !is_country("UK"));
        // The binary search needs the list sorted, and finds every entry and nothing between.
        let all: Vec<&str> = countries().collect();
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        assert!(all.iter().all(|c| is_country(c)));
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(is_country(&code), all.contains(&code.as_str()), "{code}");
            }
        }
        assert!(!is_country("") && !is_country("A") && !is_country("ADE") && !is_country("ad"));
    }

    #[test]
    fn accepts_subdivisions_and_eu() {
        assert!(is_jurisdiction("US-CA") && is_jurisdiction("EU") && is_jurisdiction("CN-BJ"));
        assert!(!is_jurisdiction("US-california") && !is_jurisdiction("XX") && !is_jurisdiction("us"));
    }
}
