//! The TypeScript shapes of what crosses the boundary, written once beside the Rust types they
//! mirror (`crate::eval::context`, `crate::policy::model`, `crate::api`).

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A W3C DPV consent state. */
export type ConsentState =
  | "ConsentGiven" | "RenewedConsentGiven" | "ConsentRequested" | "ConsentRequestDeferred"
  | "ConsentRefused" | "ConsentExpired" | "ConsentInvalidated" | "ConsentRevoked"
  | "ConsentWithdrawn" | "ConsentUnknown";

/** The latest recorded choice for one purpose. */
export interface Consent {
  state: ConsentState;
  /** RFC 3339. */
  time: string;
  policyVersion: string;
  by?: "self" | "guardian";
  separate?: boolean;
  joint?: boolean;
}

/** The age band that matters; the age itself is never kept. */
export type AgeBand = "below_guardian_age" | "minor" | "adult" | "unknown";

/** The visitor, as far as the site knows them. */
export interface Context {
  /** The current time, RFC 3339: the engine has no clock. */
  now: string;
  /** ISO 3166 code: `DE`, `US-CA`. */
  jurisdiction: string;
  age?: number | null;
  ageBand?: AgeBand;
  gpc?: boolean;
  consents?: Record<string, Consent>;
  seenPolicyVersion?: string | null;
  locale?: string | null;
}

export type Decision =
  | "allowed" | "denied" | "needs_consent" | "needs_separate_consent"
  | "needs_guardian_consent" | "needs_reconsent" | "forbidden";

export type PurposeKind = "essential" | "basic" | "extended";

export interface Reason {
  /** The rule's id, e.g. `R-GPC`. */
  rule: string;
  /** The policy clause (or law) the rule applies. */
  clause: string;
  message: string;
}

/** Options of `evaluate` and `decide` (on a `Policy` and on a `VisitorContext`). */
export interface DecideOptions {
  /**
   * `false`: leave each decision's `reasons` empty. Decisions, kinds and the page state are the
   * same; the engine just writes no message text, which is most of its work. For callers that act
   * on the decisions alone. Default `true`.
   */
  reasons?: boolean;
}

export interface PurposeDecision {
  purpose: string;
  kind: PurposeKind;
  decision: Decision;
  reasons: Reason[];
}

export interface UpdateNotice {
  from: string;
  to: string;
  major: boolean;
  summary: string;
  /** A change since the terms the visitor agreed to reduces their rights: those terms apply until they accept. */
  requiresAcceptance: boolean;
}

export interface PageState {
  showBanner: boolean;
  ageGate: boolean;
  guardianFlow: "pending_guardian" | null;
  guardianNotice: boolean;
  youthMode: boolean;
  updateNotice: UpdateNotice | null;
  /** The version whose terms apply to this visitor. */
  termsVersion: string;
}

export interface Evaluation {
  policy: string;
  version: string;
  /** The jurisdiction rules that applied, most specific first. */
  jurisdiction: string[];
  ageBand: AgeBand;
  locale: string;
  purposes: PurposeDecision[];
  page: PageState;
}

export interface Cite {
  clause: string;
  quote: string;
}

export interface StorageItem {
  kind: "cookie" | "localStorage" | "sessionStorage" | "indexedDb" | "webBeacon";
  name: string;
  lifetime?: string;
  firstParty: boolean;
}

export type ConsentModeSignal =
  | "ad_storage"
  | "ad_user_data"
  | "ad_personalization"
  | "analytics_storage"
  | "functionality_storage"
  | "personalization_storage"
  | "security_storage";

/** A purpose as the policy states it. */
export interface Purpose {
  id: string;
  kind: PurposeKind;
  legalBasis: "consent" | "contract" | "legal_obligation" | "vital_interests" | "public_interest" | "legitimate_interests";
  name: Record<string, string>;
  description: Record<string, string>;
  dataCategories: string[];
  recipients: string[];
  retention: string;
  storage: StorageItem[];
  separateConsent: boolean;
  crossBorder: boolean;
  consentMode?: ConsentModeSignal[];
  tcfPurposes?: number[];
  cite: Cite;
}

/** A policy document (see policies/policy.schema.json for every field). */
export interface PolicyDocument {
  id: string;
  version: string;
  published: string;
  effective: string;
  defaultLocale: string;
  locales: string[];
  purposes: Purpose[];
  [field: string]: unknown;
}

export interface PurposeTexts {
  name: string;
  description: string;
  data: string[];
  recipients: string[];
  retention: string;
  clause: string;
  anchor: string;
}

export interface LocalizedTexts {
  locale: string;
  title: string;
  url: string;
  noticeTitle: string;
  noticeSummary: string;
  controller: string;
  contact: string;
  complaintChannel: string;
  /** Per purpose id, in the policy's order. */
  purposes: Record<string, PurposeTexts>;
  /** Per right id, in the policy's order: [the right, how to exercise it]. */
  rights: Record<string, [string, string]>;
}

/** One problem: what, where, how to fix it. */
export interface Problem {
  code: string;
  path: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** What assent throws: an Error named "AssentError" carrying the first problem and all of them. */
export interface AssentError extends Error {
  name: "AssentError";
  code: string;
  path: string;
  line: number;
  column: number;
  hint: string | null;
  problems: Problem[];
}
/** A public key set, as published at /.well-known/jwks.json. */
export interface Jwks {
  keys: { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg?: string; use?: string }[];
}

/** A private key set: keep it at the edge (a Worker secret), never in a page. */
export interface PrivateKeySet {
  active: string;
  keys: Record<string, unknown>[];
  [field: string]: unknown;
}

export interface KeyPair {
  privateKeySet: PrivateKeySet;
  publicJwks: Jwks;
}

export type CollectionMethod = "banner_layer1" | "banner_layer2" | "guardian_page" | "update_notice" | "api";

export type GuardianRelationship = "parent" | "legal_guardian";

export interface ReceiptActor {
  type: "self" | "guardian";
  relationship?: GuardianRelationship;
  verification?: "email_plus" | "sms_code" | "card_check" | "id_document" | "video_call";
  joint?: boolean;
}

export interface PurposeChoice {
  purpose: string;
  state: ConsentState;
  separate?: boolean;
}

/** A person's choice, before it is signed. */
export interface Choice {
  subject: string;
  actor?: ReceiptActor;
  jurisdiction: string;
  locale: string;
  purposes: PurposeChoice[];
  ageBand?: Exclude<AgeBand, "unknown">;
  collectionMethod: CollectionMethod;
  shownTexts?: string[];
  noticeSha256?: string;
  validity?: string;
  prev?: string | null;
}

/** A signed consent receipt's payload. */
export interface Receipt {
  schemaVersion: string;
  receiptId: string;
  subject: string;
  actor: ReceiptActor;
  jurisdiction: string;
  policy: { id: string; version: string; url: string; sha256: string };
  notice: { locale: string; sha256: string };
  purposes: PurposeChoice[];
  ageBand?: Exclude<AgeBand, "unknown">;
  collectionMethod: CollectionMethod;
  issuedAt: string;
  expiresAt: string;
  controller: { name: string; contact: string; email: string; phone: string; address: string };
  prev: string | null;
}

export interface SignedReceipt {
  jws: string;
  receipt: Receipt;
}

export interface VerifyOptions {
  /** The current time, RFC 3339. */
  now: string;
  /** The subject's previous receipt (compact JWS), to check the chain link. */
  previous?: string;
  /** Only this subject's receipts are accepted. */
  subject?: string;
}

export interface VerifiedReceipt {
  receipt: Receipt;
  kid: string;
  issued: string;
  link: string;
}

export interface ConsentsFromReceipts {
  consents: Record<string, Consent>;
  /** Receipt ids that verified. */
  accepted: string[];
  rejected: { index: number; code: string; message: string }[];
}

/** A signed statement of the log's size and root. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: string;
  time: string;
}

/** The signed head over all shards: the root of the tree whose leaf k is shard k's checkpoint. */
export interface LogHead {
  origin: string;
  shards: number;
  /** The entries of all shards together. */
  size: number;
  root: string;
  time: string;
}

/** What a `Signer` signs, for a runtime that signs with its own Ed25519 (`finishJws`). */
export interface PreparedReceipt {
  signingInput: string;
  receipt: Receipt;
}

/** The signer's active key, private part included: for WebCrypto's importKey at the edge only. */
export interface SigningKey {
  kid: string;
  jwk: { kty: "OKP"; crv: "Ed25519"; x: string; d: string };
}

export interface NodeId {
  level: number;
  index: number;
}

export interface NodeHash extends NodeId {
  hash: string;
}

export interface InclusionProof {
  /** The entry (its JWS) or its hex leaf hash. */
  leaf: string;
  index: number;
  size: number;
  proof: string[];
  root: string;
}

export interface ConsistencyProof {
  oldSize: number;
  newSize: number;
  proof: string[];
  oldRoot: string;
  newRoot: string;
}

/** The neutral age gate's answer. */
export interface AgeAnswer {
  birthYear: number;
  birthMonth: number;
  jurisdiction: string;
  now: string;
  existing?: AgeLock;
}

/** The age band locked for a device; never the age. */
export interface AgeLock {
  band: AgeBand;
  jurisdiction: string;
  lockedAt: string;
  conflicts: number;
}

export interface AgeGateResult {
  lock: AgeLock;
  conflict: boolean;
}

/** `policy.bannerHtml(context, options)`'s options (node and workerd builds). */
export interface BannerHtmlOptions {
  /** Where the choice forms post (the edge's `/consent/form`). */
  action: string;
  /** The locale to speak, instead of the context's. */
  locale?: string;
  /** The page to come back to after a post (each form's `return` field). */
  returnTo?: string;
  /** Where the age question posts; `/age?lang=<locale>` by default. */
  ageAction?: string;
  /** Where the guardian request posts; `/guardian/request?lang=<locale>` by default. */
  guardianAction?: string;
  /** The visitor closed the banner in this browsing session: nothing opens by itself. */
  dismissed?: boolean;
  /** The minor acknowledged the guardian-guidance notice. */
  guided?: boolean;
  /** A dialog to draw open instead of what opens by itself (the second layer after "Choose"). */
  show?: BannerDialog;
  /** The page's configuration (the text of its `assent-config`): its `layout` and `theme`. */
  pageConfig?: string;
}

/** What one receipt the edge logged changed (`policy.receiptEvents`). */
export interface RecordedEvents {
  receiptId: string;
  subject: string;
  /** `change` first, then `accept:<purpose>` / `reject:<purpose>` in the order of the ids. */
  events: string[];
  /** The purposes that may run now and did not before. */
  accepted: string[];
  /** The purposes a choice or a rule now stops or refuses. */
  rejected: string[];
}

export type BannerDialog = "first" | "second" | "update" | "guidance" | "age" | "guardian";

/** What opens by itself when the page loads. */
export type BannerOpening = "nothing" | "guidance" | "age_step" | "guardian_step" | "banner" | "update_modal" | "update_bar";

export interface BannerHtml {
  /** The banner's `<aside class="assent">`, with what opens by itself. */
  html: string;
  opening: BannerOpening;
  /** The dialog drawn open in `html`, if any. */
  shown: BannerDialog | null;
}

/** One `gtag('consent', 'default', ...)` argument. */
export type ConsentModeDefault = Record<ConsentModeSignal, "granted" | "denied"> & {
  wait_for_update?: number;
  /** ISO 3166 codes; absent for the fallback command. */
  region?: string[];
};

export interface StubHtml {
  /** `<script type="application/json" id="assent-stub">`, to place before `assent/stub.js`. */
  html: string;
  data: {
    /** The default commands, in the order the stub sends them. */
    consentMode: ConsentModeDefault[];
    /** Whether the stub installs `__tcfapi` and `__gpp`. */
    tcf: boolean;
  };
}

/** Everything a TC string says (sets are arrays of 1-based ids; times in deciseconds since the epoch). */
export interface TcfChoice {
  created: number;
  lastUpdated: number;
  cmpId: number;
  cmpVersion: number;
  consentScreen: number;
  consentLanguage: string;
  vendorListVersion: number;
  policyVersion: number;
  isServiceSpecific: boolean;
  useNonStandardTexts: boolean;
  specialFeatureOptIns: number[];
  purposesConsent: number[];
  purposesLi: number[];
  purposeOneTreatment: boolean;
  publisherCc: string;
  vendorConsents: number[];
  vendorLi: number[];
  publisherRestrictions?: { purpose: number; kind: "not_allowed" | "require_consent" | "require_legitimate_interest"; vendors: number[] }[];
  disclosedVendors?: number[];
  publisher?: {
    purposesConsent: number[];
    purposesLi: number[];
    numCustomPurposes: number;
    customPurposesConsent: number[];
    customPurposesLi: number[];
  };
}

export type VerificationMethod = "email_plus" | "sms_code" | "card_check" | "id_document" | "video_call";

export type GuardianRequestState = "pending" | "verified" | "decided" | "expired" | "cancelled";

export interface GuardianRequest {
  child: string;
  jurisdiction: string;
  policyVersion: string;
  purposes: string[];
  createdAt: string;
  expiresAt: string;
  state: GuardianRequestState;
  verification: VerificationMethod | null;
  relationship: GuardianRelationship | null;
  decisions: Record<string, ConsentState>;
  decidedAt: string | null;
  tokenSha256: string;
  codeSha256: string;
}

export interface NewGuardianRequest {
  request: GuardianRequest;
  token: string;
  code: string;
  methods: VerificationMethod[];
}

/** A guardian request a child asked for (`policy.askGuardian`): the new request, and where to send it. */
export interface AskedGuardian extends NewGuardianRequest {
  /** The guardian's address, to send the message to. */
  recipient: string;
  /** The form of the address that message limits count against. */
  contactKey: string;
}

export type GuardianEvent =
  | { type: "verify"; method: VerificationMethod; relationship: GuardianRelationship }
  | { type: "decide"; approvals: Record<string, boolean> }
  | { type: "revoke"; purposes: string[] }
  | { type: "cancel" };

/** A device's age lock as the edge signs it (typ `assent-age+jwt`): the band, never the age. */
export interface SignedAgeLock {
  lock: AgeLock;
  subject: string;
  expiresAt: string;
}

/** What one button of a banner form records (`policy.formChoice`). */
export interface FormChoice {
  method: CollectionMethod;
  consent: Record<string, boolean>;
  withdraw: string[];
}

/** What a credential lets its holder do. */
export type CredentialKind = "device" | "transfer";

/** A credential the edge signs (typ `assent-credential+jwt`) for one pseudonymous subject. */
export interface Credential {
  kind: CredentialKind;
  subject: string;
  issuedAt: string;
  expiresAt: string;
  /** A transfer's single-use nonce. */
  nonce?: string;
}

/** What a request carries: the tokens of its cookies. */
export interface Presented {
  now: string;
  device?: string;
  ageLock?: string;
}

/** Who a request speaks for (`identify`). */
export interface Identity {
  /** The device credential's subject, else the age lock's; null on a first visit. */
  subject: string | null;
  /** Whether to issue the device credential (again). */
  issueDevice: boolean;
  /** The age lock, when it is this subject's. */
  ageLock: SignedAgeLock | null;
  /** The strictest lock the device holds, whoever's: a new answer never loosens it. */
  heldLock: AgeLock | null;
}

/** A signature `identify` needs, for the runtime's Ed25519 to check (`identifyChecks`). */
export interface IdentifyCheck {
  token: "device" | "ageLock";
  kid: string;
  /** The public key, base64url (a JWK's `x`). */
  x: string;
  signingInput: string;
  /** base64url, 64 bytes. */
  signature: string;
}

/** The runtime's verdicts on the `IdentifyCheck`s: whether each signature verified. */
export interface SignatureVerdicts {
  device?: boolean;
  ageLock?: boolean;
}

/** What `issueCredential` signs, for a runtime that signs with its own Ed25519 (`finishJws`). */
export interface PreparedCredential {
  signingInput: string;
  credential: Credential;
}

/** One classified change between two policy versions. */
export interface PolicyChange {
  kind: string;
  subject: string;
  paths: string[];
  old: unknown;
  new: unknown;
  severity: "major" | "minor";
  majorBecause: string | null;
  /** What the rule in `majorBecause` says, per locale (major changes only). */
  why?: Record<string, string>;
  clause: string | null;
  reducesRights: boolean;
  summary: Record<string, string>;
}

/** What changed between two versions and how to announce it. */
export interface PolicyChanges {
  diff: { policy: string; from: string; to: string; changes: PolicyChange[]; [field: string]: unknown };
  plan: { notice: "none" | "passive" | "prominent"; reconsent: string[]; requiresExplicitAcceptance: boolean; [field: string]: unknown };
}

/** The policy a compiled policy was made from: what receipts name. */
export interface SourcePolicy {
  id: string;
  version: string;
  /** Hex SHA-256 of the policy document's RFC 8785 canonical JSON. */
  sha256: string;
}

/** One file of a compiled policy, to store or serve as it is. */
export interface CompiledFile {
  /** `<id>-<version>.core.json` or `<id>-<version>.<locale>.json`. */
  name: string;
  /** The locale of a texts file; absent for the core file. */
  locale?: string;
  /** Its content: pass it to `loadCompiled` unchanged. */
  json: string;
}

/** What `compilePolicy` writes: the core file and one texts file per locale. */
export interface CompiledFiles {
  core: CompiledFile;
  texts: CompiledFile[];
}
"#;
