//! ISO 3166-1 alpha-2 country codes, for checking jurisdiction and country fields.

/// Every assigned alpha-2 code, sorted.
const ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD",
    "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA",
    "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE",
    "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA",
    "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP",
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT",
    "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS",
    "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
    "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST",
    "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA",
    "ZM", "ZW",
];

/// The member states of the European Union.
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code.
pub fn is_country(code: &str) -> bool {
    ALPHA2.binary_search(&code).is_ok()
}

/// Every assigned alpha-2 code.
pub fn countries() -> impl Iterator<Item = &'static str> {
    ALPHA2.iter().copied()
}

/// The state a country code is part of, where that state's law applies there: France's overseas
/// departments and Saint-Martin, which are in the European Union as France; the Åland Islands,
/// which are as Finland; the United States' territories, where federal law (COPPA among it)
/// applies. A visitor placed in one of them takes that state's rule when the policy has none of
/// its own.
pub fn part_of(country: &str) -> Option<&'static str> {
    match country {
        "GP" | "MQ" | "GF" | "RE" | "YT" | "MF" => Some("FR"),
        "AX" => Some("FI"),
        "PR" | "GU" | "VI" | "AS" | "MP" | "UM" => Some("US"),
        _ => None,
    }
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
            let plain = sub.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
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
