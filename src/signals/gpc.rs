//! Global Privacy Control: the visitor's "do not sell or share my data" preference.
//!
//! A browser sends it on every request as the header `Sec-GPC: 1`, and exposes it to scripts
//! (pages and workers) as `navigator.globalPrivacyControl === true`. Either way it becomes
//! [`Context::gpc`](crate::eval::Context::gpc), and the evaluator's rule R-GPC opts the visitor
//! out of the purposes each jurisdiction lists in `gpcOptsOut` (binding in California and
//! Colorado). In the browser, pass `navigator.globalPrivacyControl === true` as `gpc`; at the
//! edge, pass [`Gpc::from_header`] of the request's `Sec-GPC` header.

/// Whether the visitor's browser sent a Global Privacy Control signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Gpc {
    /// The visitor asks not to have their data sold or shared.
    On,
    /// No signal: no preference stated (which is not consent to anything).
    #[default]
    Off,
}

impl Gpc {
    /// Reads the `Sec-GPC` request header: on only for the value `1`, the one value the GPC
    /// specification defines; absent, empty, `0`, `true` or anything else is off. Spaces and
    /// tabs around the value are HTTP whitespace, not part of it (RFC 9110 section 5.5), so they
    /// are ignored.
    pub fn from_header(value: Option<&str>) -> Gpc {
        match value.map(|v| v.trim_matches([' ', '\t'])) {
            Some("1") => Gpc::On,
            _ => Gpc::Off,
        }
    }

    /// Whether the signal is on, as [`Context::gpc`](crate::eval::Context::gpc) wants it.
    pub fn is_on(self) -> bool {
        self == Gpc::On
    }
}

impl From<Gpc> for bool {
    fn from(g: Gpc) -> bool {
        g.is_on()
    }
}

impl From<bool> for Gpc {
    /// From `navigator.globalPrivacyControl`, which is a boolean.
    fn from(on: bool) -> Gpc {
        if on {
            Gpc::On
        } else {
            Gpc::Off
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_value_one_turns_gpc_on() {
        assert_eq!(Gpc::from_header(Some("1")), Gpc::On);
        assert!(Gpc::from_header(Some(" 1\t")).is_on());
    }

    #[test]
    fn any_other_header_value_or_none_leaves_gpc_off() {
        for v in ["", "0", "true", "yes", "1, 1", "01", "１", "1;", "11"] {
            assert_eq!(Gpc::from_header(Some(v)), Gpc::Off, "{v:?}");
        }
        assert_eq!(Gpc::from_header(None), Gpc::Off);
    }

    #[test]
    fn navigator_boolean_maps_both_ways() {
        assert_eq!(Gpc::from(true), Gpc::On);
        assert!(!bool::from(Gpc::from(false)));
    }
}
