//! The types that cross the JavaScript boundary: what the package's functions answer (written
//! with serde's serialize rules) and what they accept (read with its deserialize rules). Each
//! brings the types it is made of.

use super::typescript::Roots;
use crate::api::{banner, bodies, credential, events, guardian, log, receipts};
use crate::{changes, compiled, eval, policy, receipt, signals};

/// What the package's functions and methods answer.
pub fn answers(roots: &mut Roots) {
    roots
        .add::<eval::Evaluation>()
        .add::<eval::PurposeDecision>()
        .add::<policy::Purpose>()
        .add_as::<policy::Policy>("PolicyDocument")
        .add::<policy::LocalizedTexts>()
        .add::<policy::Problem>()
        .add::<crate::error::ErrorKind>()
        .add::<changes::Report>()
        .add::<changes::ChangesPage>()
        .add::<compiled::CompiledFiles>()
        .add::<compiled::SourcePolicy>()
        .add::<receipt::Receipt>()
        .add::<receipts::Verified>()
        .add::<receipts::FromReceipts>()
        .add::<receipts::Checkpoint>()
        .add::<receipts::SignatureCheck>()
        .add::<receipts::SignedAgeLock>()
        .add::<crate::log::head::LogHead>()
        .add::<log::NodeHash>()
        .add::<guardian::AgeGateResult>()
        .add::<guardian::NewRequest>()
        .add::<guardian::AskedGuardian>()
        .add::<guardian::GuardianChoice>()
        .add::<guardian::ChildPage>()
        .add::<guardian::GuardianPage>()
        .add::<crate::guardian::GuardianRequest>()
        .add::<crate::guardian::RequestState>()
        .add::<crate::guardian::GuardianVerifiers>()
        .add::<crate::guardian::Verification>()
        .add::<crate::guardian::words::GuardianWords>()
        .add::<credential::Credential>()
        .add::<credential::Identity>()
        .add::<credential::IdentifyCheck>()
        .add::<banner::BannerHtml>()
        .add::<banner::StubHtml>()
        .add::<banner::FormAnswer>()
        .add::<bodies::ConsentBody>()
        .add::<bodies::WithdrawBody>()
        .add::<bodies::GuardianRequestBody>()
        .add_as::<events::Recorded>("RecordedEvents")
        .add::<crate::banner::BannerState>()
        .add::<signals::ConsentModeDefault>()
        .add::<signals::TcfChoice>();
}

/// What the package's functions and methods accept.
pub fn arguments(roots: &mut Roots) {
    roots
        .add::<eval::Context>()
        .add::<receipt::Choice>()
        .add::<receipts::VerifyArgs>()
        .add::<receipts::Checkpoint>()
        .add::<crate::log::head::LogHead>()
        .add::<crate::log::merkle::NodeId>()
        .add::<log::NodeHash>()
        .add::<log::InclusionArgs>()
        .add::<log::ConsistencyArgs>()
        .add::<guardian::AgeAnswer>()
        .add::<crate::guardian::GuardianRequest>()
        .add::<crate::guardian::GuardianEvent>()
        .add::<crate::guardian::VerifyForm>()
        .add::<credential::Credential>()
        .add::<credential::Presented>()
        .add::<credential::Verdicts>()
        .add::<banner::HtmlOptions>()
        .add::<crate::banner::config::Config>()
        .add::<signals::TcfChoice>();
}
