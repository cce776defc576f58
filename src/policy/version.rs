//! A policy's version: `MAJOR.MINOR.PATCH`, compared number by number.
//!
//! The validator checks that a policy's versions read this way and that its history is ordered;
//! the evaluator tells a consent given under an older version from one under a newer; the change
//! detector refuses a diff that goes backwards. All three read versions here.

/// A version as three numbers; ordered as versions are (`1.10.0` after `1.9.0`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Incompatible changes.
    pub major: u32,
    /// Compatible additions.
    pub minor: u32,
    /// Fixes.
    pub patch: u32,
}

impl Version {
    /// Reads `MAJOR.MINOR.PATCH`: three decimal numbers without leading zeros, nothing else.
    pub fn parse(v: &str) -> Option<Version> {
        let n = |s: &str| -> Option<u32> {
            let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let leading_zero = s.len() > 1 && s.starts_with('0');
            (digits && !leading_zero).then(|| s.parse().ok()).flatten()
        };
        let mut parts = v.split('.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(major), Some(minor), Some(patch), None) => Some(Version {
                major: n(major)?,
                minor: n(minor)?,
                patch: n(patch)?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_strictly() {
        assert_eq!(
            Version::parse("1.10.0"),
            Some(Version {
                major: 1,
                minor: 10,
                patch: 0
            })
        );
        for bad in ["1.0", "1.0.0.0", "01.0.0", "1.a.0", "", "1..0", "-1.0.0"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions_order_by_number_not_by_text() {
        let v = |s| Version::parse(s).unwrap();
        assert!(v("1.10.0") > v("1.9.0"));
        assert!(v("2.0.0") > v("1.99.99"));
        assert!(v("1.0.1") > v("1.0.0"));
    }
}
