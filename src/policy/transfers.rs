//! Transfers abroad a policy does not own up to: a purpose that sends data to a recipient in a
//! country outside `storage.countries` while it says `crossBorder: false`. The policy stays
//! valid (the recipient may process the data where it is stored), so `assent check` warns.

use super::{Policy, Problem};
use crate::prelude::*;

/// A warning for every recipient of a purpose that is outside the storage countries while the
/// purpose is not marked cross-border, in the policy's order.
pub fn unflagged_transfers(p: &Policy) -> Vec<Problem> {
    let mut found = Vec::new();
    for (i, purpose) in p.purposes.iter().enumerate().filter(|(_, pu)| !pu.cross_border) {
        for id in &purpose.recipients {
            let Some(r) = p.recipients.iter().find(|r| &r.id == id) else {
                continue;
            };
            if p.storage.countries.contains(&r.country) {
                continue;
            }
            found.push(
                Problem::at(
                    "policy.transfer_not_flagged",
                    format!("$.purposes[{i}].crossBorder"),
                    format!(
                        "purpose `{}` sends data to `{}` in {}, outside the storage countries ({}), but is not marked cross-border",
                        purpose.id,
                        r.id,
                        r.country,
                        p.storage.countries.join(", ")
                    ),
                )
                .hint(
                    "set `crossBorder: true` (and `separateConsent: true` where `storage.crossBorderNeedsConsent` is set, as PIPL asks), or correct the recipient's `country`",
                ),
            );
        }
    }
    found
}
