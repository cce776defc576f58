//! What the edge knows of a visitor before the engine decides anything: where they are.

use crate::prelude::*;

use super::{to_json, ApiError};
use crate::eval::jurisdiction::{locate, Whereabouts};
use crate::policy::parse_json;

/// `visitorJurisdiction({country?, region?, asked?, fallback?})`: the jurisdiction the visitor is
/// in, as JSON text (see [`locate`]).
pub fn jurisdiction_json(whereabouts: &str) -> Result<String, ApiError> {
    let w: Whereabouts = parse_json(whereabouts)?;
    to_json(&locate(&w)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_asks_the_core_where_a_visitor_is() {
        assert_eq!(
            jurisdiction_json(r#"{"country":"US","region":"CA"}"#).unwrap(),
            "\"US-CA\""
        );
        assert_eq!(jurisdiction_json(r#"{"asked":"de"}"#).unwrap(), "\"DE\"");
        assert_eq!(jurisdiction_json("{}").unwrap(), "\"*\"");
        assert_eq!(
            jurisdiction_json(r#"{"fallback":"nowhere"}"#).unwrap_err().code,
            "jurisdiction.invalid_default"
        );
        // A member the edge does not send is refused by name, not ignored.
        let unknown = jurisdiction_json(r#"{"city":"Paris"}"#).unwrap_err();
        assert!(
            unknown.code.starts_with("schema.") && unknown.message.contains("city"),
            "{unknown:?}"
        );
    }
}
