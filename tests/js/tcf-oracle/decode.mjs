// Decodes TC strings with the IAB reference library, @iabtcf/core, so that tests/tcf_oracle.rs
// can check the Rust encoder against it. Reads one TC string a line on stdin and prints one JSON
// object a line on stdout, in the same order; a string the library rejects prints {"error": ...}
// so that one bad string does not hide the verdict on the others.
import { TCString } from '@iabtcf/core';

import { answerEachLine } from './lines.mjs';

const ids = (vector) => [...vector.values()].sort((a, b) => a - b);
// Dates come back as JS Dates; the string holds deciseconds, so print those.
const deciseconds = (date) => Math.round(date.getTime() / 100);

function model(tcString) {
  const m = TCString.decode(tcString);
  return {
    version: m.version,
    created: deciseconds(m.created),
    lastUpdated: deciseconds(m.lastUpdated),
    cmpId: m.cmpId,
    cmpVersion: m.cmpVersion,
    consentScreen: m.consentScreen,
    consentLanguage: m.consentLanguage,
    vendorListVersion: m.vendorListVersion,
    policyVersion: m.policyVersion,
    isServiceSpecific: m.isServiceSpecific,
    // The library still calls the v2.2 UseNonStandardTexts bit by its v2.0 name.
    useNonStandardTexts: m.useNonStandardStacks,
    purposeOneTreatment: m.purposeOneTreatment,
    publisherCountryCode: m.publisherCountryCode,
    specialFeatureOptins: ids(m.specialFeatureOptins),
    purposeConsents: ids(m.purposeConsents),
    purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
    vendorConsents: ids(m.vendorConsents),
    vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
    publisherRestrictions: m.publisherRestrictions
      .getRestrictions()
      .map((r) => [r.purposeId, r.restrictionType, ids(m.publisherRestrictions.getVendors(r))])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]),
    vendorsDisclosed: ids(m.vendorsDisclosed),
    publisherConsents: ids(m.publisherConsents),
    publisherLegitimateInterests: ids(m.publisherLegitimateInterests),
    numCustomPurposes: m.numCustomPurposes,
    publisherCustomConsents: ids(m.publisherCustomConsents),
    publisherCustomLegitimateInterests: ids(m.publisherCustomLegitimateInterests),
  };
}

answerEachLine(model);
