// Decodes GPP strings with the IAB reference library, @iabgpp/cmpapi, so that
// tests/gpp_oracle.rs can check the Rust encoder against it. One GPP string a line on stdin,
// one JSON object a line on stdout: the header's section ids and, per section, its fields as
// the library reads them (the TC string's vendors and purposes for tcfeuv2). A string the
// library rejects prints {"error": ...}.
import { GppModel } from '@iabgpp/cmpapi';

import { answerEachLine } from './lines.mjs';

const TCF_FIELDS = ['CmpId', 'PurposeConsents', 'VendorConsents', 'VendorLegitimateInterests', 'VendorsDisclosed'];
const US_FIELDS = [
  'Version', 'SharingNotice', 'SaleOptOutNotice', 'SharingOptOutNotice', 'TargetedAdvertisingOptOutNotice',
  'SensitiveDataProcessingOptOutNotice', 'SensitiveDataLimitUseNotice', 'SaleOptOut', 'SharingOptOut',
  'TargetedAdvertisingOptOut', 'SensitiveDataProcessing', 'KnownChildSensitiveDataConsents',
  'PersonalDataConsents', 'MspaCoveredTransaction', 'MspaOptOutOptionMode', 'MspaServiceProviderMode', 'Gpc',
];

function model(text) {
  const m = new GppModel(text);
  const ids = m.getSectionIds();
  const sections = {};
  for (const name of ['tcfeuv2', 'usnat', 'usca', 'usco']) {
    if (!m.hasSection(name)) continue;
    const fields = {};
    for (const f of name === 'tcfeuv2' ? TCF_FIELDS : US_FIELDS) {
      if (!m.hasField(name, f)) continue;
      const v = m.getFieldValue(name, f);
      // The TC string's purpose bit fields come as booleans by position: print the ids set.
      fields[f] = Array.isArray(v) && typeof v[0] === 'boolean' ? v.flatMap((on, i) => (on ? [i + 1] : [])) : v;
    }
    sections[name] = fields;
  }
  return { sectionIds: ids, sections };
}

answerEachLine(model);
