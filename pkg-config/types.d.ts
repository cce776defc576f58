// Generated from the Rust types by `ASSENT_BLESS=1 cargo test --test typescript`: do not edit.
// The values that cross the JavaScript boundary, as the engine writes and accepts them.

/** Who gave a consent. */
export type Actor =
  /** The visitor themself. */
  | "self"
  /** The visitor's parent or guardian. */
  | "guardian";

export interface AgeAnswer {
  birthMonth: number;
  birthYear: number;
  existing?: AgeLock | null;
  jurisdiction: string;
  now: string;
}

/** The age band that matters for a decision; the age itself is never kept. */
export type AgeBand =
  /** Below the jurisdiction's guardian age. */
  | "below_guardian_age"
  /** At or above the guardian age, below the minor age. */
  | "minor"
  /** Adult. */
  | "adult"
  /** Not known. */
  | "unknown";

export interface AgeGateResult {
  /** Whether this answer disagreed with an earlier one (the stricter band stands). */
  conflict: boolean;
  lock: AgeLock;
}

/** The age gate's answer as kept for a device: the band only. */
export interface AgeLock {
  /** The band that stands. */
  band: AgeBand;
  /** How many later answers disagreed with it. */
  conflicts: number;
  /** Where the answer was given (bands depend on the jurisdiction). */
  jurisdiction: string;
  /** When the first answer was given. */
  lockedAt: string;
  /**
   * The oldest age every answer so far allows: the band's oldest where it was first locked,
   * and never older after, wherever the visitor answers again (none: no bound, an adult's
   * lock). A lock written before it was kept stands for its band's oldest.
   */
  oldest?: number | null;
}

/** A guardian request a child asked for: `NewRequest` and the guardian's address. */
export interface AskedGuardian {
  code: string;
  /** The form of the address its message limit counts against. */
  contactKey: string;
  /**
   * Where the child picks what to ask for: the purposes waiting for a guardian that the child
   * left out. That is the child's own "no", for the edge to record as the child's refusal, so
   * the guardian step does not ask about them again each visit.
   */
  declined: string[];
  /** The message to send, when the site's `origin` was given. */
  message?: GuardianMessage | null;
  methods: VerificationMethod[];
  /** The address to send the guardian's message to. */
  recipient: string;
  request: GuardianRequest;
  token: string;
}

/** The page's configuration. */
export interface BannerConfig {
  /** Google Consent Mode. */
  consentMode?: ConsentModeConfig;
  /**
   * Development mode: presets from the query or a cookie are honoured
   * (see `super::preset`). Never on in production.
   */
  development?: boolean;
  /**
   * The consent service's base URL (the edge); without it choices are kept in the browser,
   * unsigned.
   */
  edge?: string | null;
  /**
   * The jurisdiction when the edge does not say (`data-assent-jurisdiction` on `<html>`);
   * the policy's `*` rule when neither does.
   */
  jurisdiction?: string | null;
  /** Where the first layer sits: `bar`, `box` or `modal` (the default). */
  layout?: Layout;
  /**
   * Where the compiled policy's core file is (`assent compile` writes it, the edge serves the
   * version in force at `/v1/policy/compiled/core.json`); its texts files sit beside it.
   */
  policy: string;
  /** IAB TCF settings; the TCF stays off without them. */
  tcf?: TcfSettings | null;
  /**
   * The colour scheme: `auto` (the visitor's `prefers-color-scheme`, the default), `light`
   * or `dark`.
   */
  theme?: Theme;
  /**
   * The site's own words for the banner, per language (`{"de": {"acceptAll": "..."}}`);
   * the keys are listed in docs/banner.md.
   */
  words?: WordOverrides;
}

/** What `bannerHtml` answers. */
export interface BannerHtml {
  /** The banner's container, with the dialog (or bar) that opens by itself, if any. */
  html: string;
  /** What opens by itself. */
  opening: string;
  /** The dialog drawn open in `html`, if any (`first`, `second`, ...). */
  shown: string | null;
  /**
   * The data block of the visitor's state (`<script type="application/json"
   * id="assent-state">`), to place in the page beside `html`: what the page's script
   * (`assent/edge-banner.js`) applies.
   */
  state: string;
}

/** `policy.bannerHtml(context, options)`'s options. */
export interface BannerHtmlOptions {
  /** Where the choice forms post (the edge's `/consent/form`). */
  action: string;
  /** Where the age question posts; `/age?lang=<locale>` by default. */
  ageAction?: string | null;
  /** The visitor closed the banner in this browsing session: it does not open by itself. */
  dismissed?: boolean;
  /** Where the guardian request posts; `/guardian/request?lang=<locale>` by default. */
  guardianAction?: string | null;
  /** The child's newest request to a guardian waits for the guardian's answer. */
  guardianAsked?: boolean;
  /** The minor acknowledged the guardian-guidance notice. */
  guided?: boolean;
  /** The locale to speak, instead of the context's. */
  locale?: string | null;
  /**
   * The site sends no messages to guardians (no mail sender is bound): a child's guardian step
   * says what to do instead of asking for an address. False by default.
   */
  noGuardianMail?: boolean;
  /**
   * The page's configuration (the text of its `assent-config`), for the banner's layout and
   * colour scheme; the defaults without it.
   */
  pageConfig?: string | null;
  /** The page to come back to after a post (the forms' `return` field). */
  returnTo?: string | null;
  /** The edge has just recorded a choice this visitor posted: the status line says so. */
  saved?: boolean;
  /**
   * A dialog to draw open instead of what opens by itself: `first`, `second`, `update`,
   * `guidance`, `age` or `guardian` (the second layer after "Choose" without scripts).
   */
  show?: string | null;
}

/** What `window.assent.state()` returns. */
export interface BannerState {
  /** The visitor's age band, as the evaluator used it. */
  ageBand: AgeBand;
  /** The Google Consent Mode state sent with the latest `update`. */
  consentMode: ConsentModeState;
  /** Every purpose's decision. */
  decisions: Record<string, Decision>;
  /** Whether Global Privacy Control is on. */
  gpc: boolean;
  /** The GPP string, when the TCF settings were given. */
  gppString: string | null;
  /** The jurisdiction rule chain that applied. */
  jurisdiction: string[];
  /** The banner's locale. */
  locale: string;
  /** Whether the banner or a notice is open. */
  open: boolean;
  /** The policy id. */
  policy: string;
  /** Every purpose: whether it may run now. */
  purposes: Record<string, boolean>;
  /** Whether a consent service signs the choices. */
  signed: boolean;
  /** The TC string, when the policy maps purposes to the TCF and TCF settings were given. */
  tcString: string | null;
  /**
   * The version whose terms apply to the visitor: `version`, unless a later change reduced
   * their rights and they have not accepted it yet.
   */
  termsVersion: string;
  /** Purposes whose latest record is kept in this browser without a signed receipt. */
  unsigned: string[];
  /** The version a pending update notice is about, when one awaits the visitor. */
  updateFrom: string | null;
  /** Its version. */
  version: string;
  /**
   * Youth mode is on (a visitor below the minor age): the page should turn on its youth
   * mode (the banner also marks `<html data-assent-youth-mode>`).
   */
  youthMode: boolean;
}

export type ChangeKind = "controller.name" | "controller.ownership" | "controller.contact" | "controller.department" | "controller.complaint_channel" | "purpose.added" | "purpose.removed" | "purpose.data_added" | "purpose.data_removed" | "purpose.recipients_added" | "purpose.recipients_removed" | "purpose.legal_basis" | "purpose.kind" | "purpose.retention" | "purpose.cross_border" | "purpose.separate_consent" | "purpose.storage_added" | "purpose.storage_removed" | "purpose.storage_changed" | "purpose.signals_added" | "purpose.signals_removed" | "recipient.added" | "recipient.removed" | "recipient.role" | "recipient.country" | "recipient.deidentified_only" | "data_category.added" | "data_category.removed" | "data_category.sensitivity" | "retention.minimum" | "retention.rule_added" | "retention.rule_removed" | "retention.duration" | "retention.trigger" | "retention.action" | "storage.countries_added" | "storage.countries_removed" | "storage.cross_border_consent" | "right.added" | "right.removed" | "right.how" | "right.kind" | "legal_exception.added" | "legal_exception.removed" | "impact_assessment.high_risk" | "impact_assessment.changed" | "jurisdiction.added" | "jurisdiction.removed" | "jurisdiction.changed" | "jurisdiction.law" | "guardian.methods_added" | "guardian.methods_removed" | "guardian.request_validity" | "changes.notice_period" | "changes.channels_added" | "changes.channels_removed" | "policy.url" | "policy.locales_added" | "policy.locales_removed" | "policy.default_locale" | "clause.added" | "clause.removed" | "clause.anchor" | "text.changed";

/** How changes to the policy are announced. */
export interface ChangeNotification {
  /** Channels for every change. */
  channels: NoticeChannel[];
  /** Where this is stated. */
  cite: Cite;
  /** Extra channels for a major change. */
  majorChannels: NoticeChannel[];
  /** How long before the effective date a new version is posted (ISO 8601 duration). */
  noticePeriod: string;
}

/**
 * The changes page, for the edge to send inside its page shell: its language, its heading and
 * its body as HTML.
 */
export interface ChangesPage {
  /** What goes under the heading, as HTML: every text in it escaped. */
  body: string;
  /** The page's language (`en` or `zh-CN`: the languages a diff's lines are written in). */
  lang: string;
  /** The heading (and the page's title), as text. */
  title: string;
}

/** A signed statement of the log's size and root. */
export interface Checkpoint {
  /** Which log (the site's origin). */
  origin: string;
  /** Hex SHA-256 Merkle root of those entries. */
  root: string;
  /** How many entries it holds. */
  size: number;
  /** When it was signed (RFC 3339). */
  time: string;
}

/** The context a guardian's choice for a child is checked against: the child's place and age band. */
export interface ChildContext {
  ageBand: AgeBand;
  jurisdiction: string;
}

/**
 * The child's page of the guardian flow: what it shows, and the state of the child's newest
 * request (none if they never asked).
 */
export interface ChildPage {
  /**
   * Where the child and a guardian consent together, the purposes waiting for a guardian,
   * for the child to pick what to ask for (`askGuardian`'s `purposes`); empty elsewhere, and
   * when the page asks nothing.
   */
  pick?: string[];
  /** The newest request's state at the context's time; none if the child never asked. */
  state: GuardianRequestState | null;
  /** What the page shows. */
  step: ChildStep;
}

/** What the child's page of the guardian flow shows. */
export type ChildStep =
  /** Nothing: the visitor is not a child waiting for a guardian, and the page is not theirs. */
  | "leave"
  /**
   * The form that asks a guardian: no request was made yet, the newest one expired or was
   * cancelled, or it was decided and purposes still wait.
   */
  | "ask"
  /** The newest request, while the guardian has it open. */
  | "wait";

/**
 * What a person chose, as the page (or the CLI's CHOICES.json) reports it: the input from
 * which `build_receipt` makes a receipt.
 */
export interface Choice {
  /** Who chose; the person themself when absent. */
  actor?: ReceiptActor;
  /** The age band, when the site asked. */
  ageBand?: AgeBand | null;
  /** Where the choice was made. */
  collectionMethod: CollectionMethod;
  /** The controller, when no policy document is given to `build_receipt`. */
  controller?: ControllerRef | null;
  /** Where the person is. */
  jurisdiction: string;
  /** The locale the notice was shown in. */
  locale: string;
  /** The hash of the texts shown, when the page computed it itself. */
  noticeSha256?: string | null;
  /** The policy reference, when no policy document is given to `build_receipt`. */
  policy?: PolicyRef | null;
  /** The link to the subject's previous receipt (see `chain_link`). */
  prev?: string | null;
  /** The choice per purpose. */
  purposes: PurposeChoice[];
  /**
   * The exact texts shown, in order; derived from the policy when absent
   * (see `notice_texts`).
   */
  shownTexts?: string[] | null;
  /** The pseudonymous subject id. */
  subject: string;
  /**
   * How long the receipt counts (ISO 8601 duration); from the policy's jurisdiction rules
   * when absent.
   */
  validity?: string | null;
}

/** Where in the human-readable policy a statement comes from. */
export interface Cite {
  /** The id of a clause in `clauses`. */
  clause: string;
  /** A short verbatim quote from that clause of the human text, as an anchor. */
  quote: string;
}

/** A section of the human-readable policy. */
export interface Clause {
  /** The fragment identifier of the section in the published policy (`#...`). */
  anchor: string;
  /** Dotted id, e.g. `collection.search`. */
  id: string;
  /** The section's heading. */
  title: Text;
}

/** Where a choice was made. */
export type CollectionMethod =
  /**
   * The banner's bundled answers, "accept all" and "reject all", on whichever layer they
   * were pressed (the first layer holds nothing else).
   */
  | "banner_layer1"
  /** The banner's second layer (per-purpose settings). */
  | "banner_layer2"
  /** The page where a guardian gives or refuses consent. */
  | "guardian_page"
  /** The notice of a policy update. */
  | "update_notice"
  /** A call to the site's API (e.g. a settings page or an app). */
  | "api"
  /**
   * The browser's Global Privacy Control signal, where the visitor's law makes it an
   * opt-out: the withdrawal of a consent in force to what it opts out of, recorded by the edge
   * when the signal first reaches it.
   */
  | "gpc";

/** One file of a compiled policy. */
export interface CompiledFile {
  /** Its content. */
  json: string;
  /** The locale of a texts file; `None` for the core file. */
  locale?: string | null;
  /** Its file name: `<id>-<version>.core.json` or `<id>-<version>.<locale>.json`. */
  name: string;
}

/** The files of a compiled policy. */
export interface CompiledFiles {
  /** The core file: everything evaluation needs but the texts. */
  core: CompiledFile;
  /** One texts file per locale, in the policy's order. */
  texts: CompiledFile[];
}

/** The latest recorded choice for one purpose. */
export interface Consent {
  /** Who gave it. */
  by?: Actor;
  /**
   * For a guardian's consent: whether the child consented together with the guardian
   * (jurisdictions whose `guardianMode` is `guardian_and_child`).
   */
  joint?: boolean;
  /** The policy version it was given under. */
  policyVersion: string;
  /** Whether it was given for this purpose alone. */
  separate?: boolean;
  /** The DPV state. */
  state: ConsentState;
  /** When it was recorded (RFC 3339). */
  time: string;
}

/** `POST /v1/consent`: the visitor's choices, purpose by purpose. */
export interface ConsentBody {
  /** Each purpose's choice: given (`true`) or refused (`false`). */
  choices: Record<string, boolean>;
  /** The locale the notice was shown in. */
  locale: string;
  /** How the choice was asked (the engine's `receiptChoice` requires it for a consent). */
  method?: CollectionMethod | null;
  /** The receipt this choice follows, as a compact JWS. */
  previous?: string;
  /** The subject the device's credential names; the edge takes it from there when left out. */
  subject?: string;
}

/** Google Consent Mode settings. */
export interface ConsentModeConfig {
  /** Whether to send the commands (only when the policy maps purposes to signals). */
  enabled?: boolean;
  /** The regions the default applies to; everywhere when empty. */
  regions?: string[];
  /** How long tags wait for the update, in milliseconds. */
  waitForUpdate?: number | null;
}

/** The argument of `gtag('consent', 'default', ...)`: what holds before the visitor chooses. */
export interface ConsentModeDefault {
  /** Personalised advertising. */
  ad_personalization: ConsentStatus;
  /** Storage (cookies) for advertising. */
  ad_storage: ConsentStatus;
  /** Sending user data to Google for advertising. */
  ad_user_data: ConsentStatus;
  /** Storage (cookies) for analytics. */
  analytics_storage: ConsentStatus;
  /** Storage that supports the site's functions. */
  functionality_storage: ConsentStatus;
  /** Storage for personalisation other than ads. */
  personalization_storage: ConsentStatus;
  /** The ISO 3166 codes this default applies to; none means everywhere. */
  region?: string[];
  /** Storage for security. */
  security_storage: ConsentStatus;
  /** How long tags wait for the `update` command, in milliseconds. */
  wait_for_update?: number | null;
}

/** The seven Google Consent Mode v2 consent types. */
export type ConsentModeSignal =
  /** Advertising cookies. */
  | "ad_storage"
  /** Sending user data to Google for advertising. */
  | "ad_user_data"
  /** Personalised advertising. */
  | "ad_personalization"
  /** Analytics cookies. */
  | "analytics_storage"
  /** Storage that supports the site's functions (language, settings). */
  | "functionality_storage"
  /** Storage for personalisation other than ads (recommendations). */
  | "personalization_storage"
  /** Storage for security (authentication, fraud prevention). */
  | "security_storage";

/** The seven consent types: the argument of `gtag('consent', 'update', ...)`. */
export interface ConsentModeState {
  /** Personalised advertising. */
  ad_personalization: ConsentStatus;
  /** Storage (cookies) for advertising. */
  ad_storage: ConsentStatus;
  /** Sending user data to Google for advertising. */
  ad_user_data: ConsentStatus;
  /** Storage (cookies) for analytics. */
  analytics_storage: ConsentStatus;
  /** Storage that supports the site's functions. */
  functionality_storage: ConsentStatus;
  /** Storage for personalisation other than ads. */
  personalization_storage: ConsentStatus;
  /** Storage for security. */
  security_storage: ConsentStatus;
}

/** A consent state, after the W3C Data Privacy Vocabulary. */
export type ConsentState =
  /** Consent was given. */
  | "ConsentGiven"
  /** Consent was given again, renewing an earlier one. */
  | "RenewedConsentGiven"
  /** Consent was asked for and the answer is pending. */
  | "ConsentRequested"
  /** The person put off the decision. */
  | "ConsentRequestDeferred"
  /** The person said no. */
  | "ConsentRefused"
  /** Consent lapsed. */
  | "ConsentExpired"
  /** Consent was invalidated (for example by a policy change). */
  | "ConsentInvalidated"
  /** Consent was revoked by someone else (a guardian). */
  | "ConsentRevoked"
  /** The person withdrew consent. */
  | "ConsentWithdrawn"
  /** Nothing is known. */
  | "ConsentUnknown";

/** The value of one signal. */
export type ConsentStatus =
  /** The tags may use it. */
  | "granted"
  /** They may not. */
  | "denied";

/** What a list of receipts says, once verified. */
export interface ConsentsFromReceipts {
  /** Their receipt ids. */
  accepted: string[];
  /**
   * The consent state the receipts that verified record: for each purpose, its latest record,
   * unless that record's receipt has expired (then nothing is recorded for it, and the person
   * is asked again: an earlier choice never comes back because a later one expired).
   */
  consents: Record<string, Consent>;
  /**
   * The indexes of the expired receipts (among `rejected`) that the site signed for this
   * subject and that still hold some purpose's latest record: they record no choice any more,
   * but they end the earlier ones. Keep them until a newer receipt covers their purposes.
   */
  lapsed: number[];
  /** The others, never trusted. */
  rejected: RejectedReceipt[];
}

export interface ConsistencyProof {
  newRoot: string;
  newSize: number;
  oldRoot: string;
  oldSize: number;
  proof: string[];
}

/** The visitor, as far as the site knows them. */
export interface Context {
  /** The visitor's age, or null when not known. */
  age?: number | null;
  /**
   * The visitor's locked age band, when the age itself is not kept (the age gate's answer,
   * recorded by the edge). With both, the stricter band stands.
   */
  ageBand?: AgeBand | null;
  /**
   * Where `age_band` was locked (its jurisdiction code), when that is known. Bands depend on
   * the jurisdiction's ages: elsewhere, the band counts as the strictest one the ages it
   * stands for can have there (a 13-to-17-year-old "minor" of GB is below Germany's guardian
   * age of 16 at the youngest).
   */
  ageBandIn?: string | null;
  /** The latest consent per purpose id. */
  consents?: Record<string, Consent>;
  /** Whether a Global Privacy Control signal is on. */
  gpc?: boolean;
  /** ISO 3166 code of where the visitor is (`DE`, `US-CA`). */
  jurisdiction: string;
  /** The locale for messages (`en`, `zh-CN`); the policy's default when absent. */
  locale?: string | null;
  /** The current time (RFC 3339); the engine has no clock of its own. */
  now: string;
  /** The policy version the visitor last saw, if any. */
  seenPolicyVersion?: string | null;
}

/** The controller: who decides why and how information is processed. */
export interface Controller {
  /** Postal address. */
  address: Text;
  /** Where the controller's details come from. */
  cite: Cite;
  /** Where to complain. */
  complaintChannel: Text;
  /** How to reach it in general (service channels). */
  contact: Text;
  /** The department responsible for personal-information security. */
  department: Text;
  /** Contact email. */
  email: string;
  /** The organisation's name. */
  name: Text;
  /** The ownership and organisational structure, as stated to users. */
  ownership: Text;
  /** Contact telephone. */
  phone: string;
}

/** The controller as the notice named them, in the notice's locale. */
export interface ControllerRef {
  /** Postal address. */
  address: string;
  /** How to reach it. */
  contact: string;
  /** Contact email. */
  email: string;
  /** The organisation's name. */
  name: string;
  /** Contact telephone. */
  phone: string;
}

/** A credential as the edge signs it (typ `assent-credential+jwt`). */
export interface Credential {
  /**
   * The strictest age lock the edge knew for the subject when it signed this, with the lock's
   * own expiry (a lock lasts its year, whatever the credential's life): a device that drops
   * its age-lock cookie keeps the lock in its credential, and a subject moved to another device
   * takes it along.
   */
  ageLock?: SignedAgeLock | null;
  /** Until when it counts (RFC 3339). */
  expiresAt: string;
  /** When the edge signed it (RFC 3339). */
  issuedAt: string;
  /** What it allows. */
  kind: CredentialKind;
  /** A transfer's single-use nonce. */
  nonce?: string | null;
  /** The pseudonymous subject it speaks for. */
  subject: string;
}

/** What a credential lets its holder do. */
export type CredentialKind =
  /** Speak for the subject on the device the edge issued it to: record, read and withdraw. */
  | "device"
  /** Move the subject to another device, once (its `nonce` is spent when claimed). */
  | "transfer";

/**
 * A kind of personal information. Ids are hierarchical (`user.device.id` is within
 * `user.device`); a parent must be declared before it is refined.
 */
export interface DataCategory {
  /** Where the policy names it. */
  cite: Cite;
  /** Dotted, hierarchical id. */
  id: string;
  /** What a person reads. */
  label: Text;
  /** Normal or sensitive. */
  sensitivity: Sensitivity;
}

/** The answer for one purpose. */
export type Decision =
  /** It may run. */
  | "allowed"
  /** It may not run, and the visitor should not be asked now. */
  | "denied"
  /** It may not run until the visitor consents. */
  | "needs_consent"
  /** It may not run until the visitor consents to it separately. */
  | "needs_separate_consent"
  /** It may not run until a guardian consents. */
  | "needs_guardian_consent"
  /** Consent was given to an earlier, narrower version; ask again. */
  | "needs_reconsent"
  /** It may never run for this visitor, whatever the consent. */
  | "forbidden";

/**
 * What kind of failure an error is: what a caller does about it without reading its code. The
 * edge answers each kind with one HTTP status (docs/edge.md); which code is of which kind is
 * the engine's alone (`ErrorKind::of`).
 */
export type ErrorKind =
  /** The input is malformed, or not what the call takes: a policy, a context, an argument. */
  | "invalid"
  /**
   * Well-formed, but the policy does not allow it: a choice this visitor is not offered, a
   * purpose a guardian is not asked about.
   */
  | "unprocessable"
  /**
   * What it acts on is not in a state that allows it: a guardian request expired, already
   * decided or not yet verified; a child who needs no guardian.
   */
  | "conflict"
  /** What it names does not exist. */
  | "not_found"
  /** What it names existed and is gone for good (an erased receipt). */
  | "gone"
  /**
   * The deployment's own settings are wrong (its log shards, its default jurisdiction): the
   * operator's to fix, not the caller's.
   */
  | "misconfigured"
  /** The engine itself failed. */
  | "internal";

/** The whole answer for one visitor. */
export interface Evaluation {
  /** The visitor's age band. */
  ageBand: AgeBand;
  /** The jurisdiction rule chain that applied, most specific first. */
  jurisdiction: string[];
  /** The locale of the messages. */
  locale: string;
  /** What the page should do. */
  page: PageState;
  /** The policy id. */
  policy: string;
  /** One decision per purpose, in the policy's order. */
  purposes: PurposeDecision[];
  /** The policy version decided against. */
  version: string;
}

/** What one button of a banner form does: what the page shows next, and what it records. */
export interface FormAnswer {
  /** What the button records; none for a button that only changes what the page shows. */
  record: FormChoice | null;
  /** What the page shows next. */
  then: FormNext;
}

/** What one button of a banner form records. */
export interface FormChoice {
  consent: Record<string, boolean>;
  method: CollectionMethod;
  withdraw: string[];
}

/** What the page shows after a banner button posted without scripts. */
export type FormNext =
  /** The page again, after the button's choices are recorded. */
  | "page"
  /** The page with the banner's second layer open. */
  | "second_layer"
  /** The page with the banner closed for the browsing session: it does not open by itself. */
  | "dismissed"
  /** The page with the guardian-guidance notice read: it does not show again. */
  | "guided";

/** What a guardian's step records: the choice, and the child's context to check it against. */
export interface GuardianChoice {
  choice: Choice;
  context: ChildContext;
}

/** What can happen to a guardian request. */
export type GuardianEvent =
  /** The guardian proved who they are. */
  | {
    /** The method used. */
    method: VerificationMethod;
    /** Their relationship to the child. */
    relationship: GuardianRelationship;
    type: "verify";
  }
  /** The guardian approved or refused each purpose asked. */
  | {
    /** Per purpose: approved or not. */
    approvals: Record<string, boolean>;
    type: "decide";
  }
  /** The guardian revoked purposes they had approved. */
  | {
    /** The purposes revoked. */
    purposes: string[];
    type: "revoke";
  }
  /** The request is withdrawn. */
  | {
    type: "cancel";
  };

/**
 * The message a guardian receives, in their language: who asks and who runs the site, what is
 * asked, the way to the guardian's page (the link, or the site and the short code), what
 * happens without an answer, and the operator's policy and contact (COPPA 16 CFR 312.4(c)(1);
 * GDPR Art. 14(1)(a)). Written by the engine from the request and the policy's texts.
 */
export interface GuardianMessage {
  /** The text, one paragraph a line. */
  body: string;
  /** The guardian's page: `{origin}/guardian/{token}?lang={locale}`. */
  link: string;
  /** The subject line. */
  subject: string;
}

/** How a guardian's consent is combined with the child's. */
export type GuardianMode =
  /** The guardian's consent alone. */
  | "guardian"
  /** The guardian and the child together (France below 15). */
  | "guardian_and_child";

/** The guardian's page of a request: what it asks of them, and the request's state. */
export interface GuardianPage {
  /** The request's state at the time asked. */
  state: GuardianRequestState;
  /** What the page asks of the guardian. */
  step: GuardianStep;
}

/** How guardian consent is asked for and verified. */
export interface GuardianPolicy {
  /** Where the policy asks for a guardian's consent. */
  cite: Cite;
  /**
   * Methods accepted when a purpose uses sensitive data, sends data abroad or shares it with
   * third parties (supplied by a pluggable verifier at the edge).
   */
  highRiskMethods: VerificationMethod[];
  /** Methods accepted when every purpose asked about is low risk. */
  lowRiskMethods: VerificationMethod[];
  /** How long a guardian request stays open (ISO 8601 duration). */
  requestValidity: string;
}

/** A guardian's relationship to the person. */
export type GuardianRelationship =
  /** A parent. */
  | "parent"
  /** A legal guardian who is not a parent. */
  | "legal_guardian";

/**
 * A request for a guardian's consent, as the edge keeps it. The token and the short code are
 * kept only as SHA-256 hashes.
 */
export interface GuardianRequest {
  /** The child's pseudonymous subject id. */
  child: string;
  /**
   * Whether the child picked these purposes themselves, rather than asking about everything
   * that waits for a guardian: only then, where the child and a guardian consent together
   * (`crate::policy::GuardianMode::GuardianAndChild`), does the guardian's approval
   * complete a joint consent.
   */
  chosenByChild?: boolean;
  /** SHA-256 (hex) of the short code. */
  codeSha256: string;
  /** When it was created (RFC 3339). */
  createdAt: string;
  /** When the last decision or revocation was made (RFC 3339). */
  decidedAt?: string | null;
  /** Per purpose: the guardian's answer, then any revocation. */
  decisions: Record<string, ConsentState>;
  /** When it lapses if undecided (RFC 3339). */
  expiresAt: string;
  /** Where the child is. */
  jurisdiction: string;
  /** The policy version asked about. */
  policyVersion: string;
  /** The purposes the guardian is asked about. */
  purposes: string[];
  /** The guardian's relationship to the child. */
  relationship?: GuardianRelationship | null;
  /** Where it stands. */
  state: GuardianRequestState;
  /** SHA-256 (hex) of the guardian's link token. */
  tokenSha256: string;
  /** How the guardian verified. */
  verification?: VerificationMethod | null;
}

/** `POST /v1/guardian/requests`: a child asks a guardian. */
export interface GuardianRequestBody {
  /** The guardian's email address (the engine's `askGuardian` checks it is one). */
  contact: string;
  /**
   * The locale of the guardian's message; the visitor's when left out or not one of the
   * edge's.
   */
  locale?: string | null;
  /** The purposes asked about; every purpose that needs a guardian when left out. */
  purposes?: string[];
}

/** Where a guardian request stands. */
export type GuardianRequestState =
  /** Created and sent; waiting for the guardian. */
  | "pending"
  /** The guardian verified; waiting for their decisions. */
  | "verified"
  /** The guardian decided; they may come back to revoke. */
  | "decided"
  /** Nobody decided in time. */
  | "expired"
  /** The child or the site withdrew the request. */
  | "cancelled";

/** What the guardian's page of a request asks of them. */
export type GuardianStep =
  /** Prove who they are, with a method the purposes allow. */
  | "verify"
  /** Approve or refuse each purpose. */
  | "decide"
  /** Nothing more: their decisions stand, and they may revoke an approval. */
  | "decided"
  /** Nothing: the request expired or was cancelled, and only the child can ask again. */
  | "closed";

/**
 * Which verification method each of the edge's verifiers proves: following a confirmation link
 * sent to the guardian's address proves `email_plus`; the development verifier's test card
 * stands in for `card_check`, and only where the edge runs in development mode. Any other method
 * a policy allows has no verifier at the edge, and its page says so.
 */
export interface GuardianVerifiers {
  /** The method a followed confirmation link proves. */
  link: VerificationMethod;
  /** The method the development verifier's test card stands in for; none outside development. */
  testCard: VerificationMethod | null;
}

/**
 * The fixed words of the age gate's and the guardian's pages in one locale. `{name}` in a
 * sentence is filled in by the page that shows it.
 */
export interface GuardianWords {
  /** The age gate's neutral question. */
  ageQuestion: string;
  /** The age gate's heading. */
  ageTitle: string;
  /** The radio button that allows a purpose. */
  approve: string;
  /**
   * Where the site has no way to send a request (no mail sender is bound): what the child
   * does instead. The banner's guardian step says the same.
   */
  cannotSend: string;
  /** After the email step: where to go on. */
  checkMail: string;
  /** The empty first entry of a list to choose from. */
  choose: string;
  /** The label of the short code. */
  codeLabel: string;
  /** The confirm button. */
  confirm: string;
  /** What the guardian confirms by following the email's link. */
  confirmText: string;
  /** The label of the guardian's address. */
  contactLabel: string;
  /** The age gate's button. */
  continue: string;
  /** The label of a purpose's data. */
  data: string;
  /** The button that saves the decisions. */
  decide: string;
  /** The decision step's heading. */
  decideTitle: string;
  /** The heading once the decisions are saved. */
  decidedTitle: string;
  /** Each state a guardian's decision can leave a purpose in. */
  decisions: Record<string, string>;
  /** The development verifier's warning. */
  devVerifier: string;
  /** An error page's heading. */
  errorTitle: string;
  /** An expired request's page. */
  expiredText: string;
  /** "valid until", before the request's expiry. */
  expires: string;
  /** The guardian page's heading (and the message's subject line). */
  guardianTitle: string;
  /** Between the purposes' names in `message_asks`. */
  listSep: string;
  /** The locale these words are in. */
  locale: string;
  /** The link to the page where decisions are withdrawn. */
  manage: string;
  /** That page's heading. */
  manageTitle: string;
  /** What is asked: `{list}` (the purposes' names). */
  messageAsks: string;
  /** Who asks, and who runs the site: `{site}` and `{operator}`. */
  messageIntro: string;
  /** What happens without an answer: `{date}` (the request's expiry). */
  messageLapse: string;
  /** Before the link to the guardian's page. */
  messageOpen: string;
  /** The operator's policy and contact: `{operator}`, `{policy}` (its address), `{contact}`. */
  messagePolicy: string;
  /** The message's subject: `{operator}` (the policy's controller). */
  messageSubject: string;
  /** Each verification method's name. */
  methodNames: Record<string, string>;
  /** The birth month's label. */
  month: string;
  /** The months, January first. */
  months: string[];
  /** That page when nothing is allowed. */
  nothingToRevoke: string;
  /** The message's second way in: `{origin}` (the site) and `{code}`. */
  orCode: string;
  /** What holds until the guardian agrees. */
  pendingText: string;
  /** The heading shown to a child who needs a guardian's consent. */
  pendingTitle: string;
  /**
   * Above the purposes a child picks to ask for, where the child and a guardian consent
   * together.
   */
  pickLabel: string;
  /** The label of a purpose's recipients. */
  recipients: string;
  /** The radio button that refuses a purpose. */
  refuse: string;
  /** The label of the guardian's relationship to the child. */
  relationship: string;
  /** Each relationship a guardian may have to the child, in the order offered. */
  relationships: Record<string, string>;
  /** "Request", before its state. */
  requestState: string;
  /** The label of a purpose's retention. */
  retention: string;
  /** Its button. */
  revoke: string;
  /** The button that sends the request. */
  send: string;
  /** Each request state, as the child reads it. */
  states: Record<string, string>;
  /** The development verifier's card number label. */
  testCard: string;
  /** A method the jurisdiction or this edge does not offer. */
  unavailable: string;
  /** The verify button. */
  verify: string;
  /** The verification step's heading. */
  verifyTitle: string;
  /** Who asked and when: `{id}` (the child's pseudonymous id, shortened) and `{date}`. */
  whoAsked: string;
  /** The birth year's label. */
  year: string;
  /** The confirmation link's field: the guardian's own email address. */
  yourEmail: string;
}

/** A signature `identify` needs checked, for a runtime that verifies Ed25519 itself. */
export interface IdentifyCheck {
  /** The key's id in the JWKS. */
  kid: string;
  /** The 64-byte signature, base64url. */
  signature: string;
  /** What the signature covers. */
  signingInput: string;
  /** Whose signature it is. */
  token: PresentedToken;
  /** The public key, base64url (a JWK's `x`). */
  x: string;
}

/**
 * Who a request speaks for, what the edge must do about its credential, and what of the visitor's
 * context follows from it.
 */
export interface Identity {
  /**
   * The age band the visitor's context carries: this subject's age lock's, unless it is
   * `unknown` (which says nothing); none without the subject's lock.
   */
  ageBand: AgeBand | null;
  /**
   * Where that band was locked (the lock's jurisdiction), for the context's `ageBandIn`: a band
   * counts elsewhere as the strictest it can be there.
   */
  ageBandIn: string | null;
  /** The age lock, when it is this subject's: the age band the engine may use. */
  ageLock: SignedAgeLock | null;
  /**
   * The strictest lock this device holds, whoever's it names: a new answer to the age gate
   * never loosens it, whatever cookies were swapped.
   */
  heldLock: AgeLock | null;
  /** Whether to issue the device credential (again): it was missing, invalid, or near its end. */
  issueDevice: boolean;
  /**
   * The subject: the device credential's; without a valid one, the age lock's (the edge signed
   * it for this device too); none on a first visit.
   */
  subject: string | null;
}

/** A personal-information security impact assessment. */
export interface ImpactAssessment {
  /** When it was made, `YYYY-MM-DD`. */
  date: string;
  /** Whether it found a high risk. */
  highRisk: boolean;
  /** What a person reads. */
  summary: Text;
}

export interface InclusionProof {
  index: number;
  leaf: string;
  proof: string[];
  root: string;
  size: number;
}

/**
 * Rules for visitors in one jurisdiction. Unset fields come from the rule named in `extends`,
 * then from the rule for the country of a subdivision (`US` for `US-CA`), then from `*`.
 */
export interface JurisdictionRule {
  /** Whether the age gate is asked before optional processing. */
  askAge?: boolean | null;
  /**
   * Below this age a child's personal information is sensitive personal information (PIPL
   * Art. 28), so every optional purpose needs a consent given for it alone (Art. 29), from the
   * guardian below the guardian age (Art. 31). Unset everywhere: a child's data is as
   * sensitive as its data categories say.
   */
  childDataSensitiveBelow?: number | null;
  /** Where the policy text supports the rule, if it does. */
  cite?: Cite | null;
  /** ISO 3166-1 alpha-2 code, a subdivision like `US-CA`, `EU`, or `*` for everywhere else. */
  code: string;
  /** How long a consent stays valid (ISO 8601 duration). */
  consentValidity?: string | null;
  /** Another rule this one refines. */
  extends?: string | null;
  /** Purposes never allowed for minors, whatever the consent. */
  forbiddenForMinors?: string[] | null;
  /** Purposes that a Global Privacy Control signal opts out of. */
  gpcOptsOut?: string[] | null;
  /**
   * Whether a major change since a guardian consented for a child asks the guardian again for
   * every purpose, not only for those whose scope grew (COPPA, 16 CFR 312.5(a)(1): consent to
   * any material change). Unset everywhere: no.
   */
  guardianAgainOnMajorChange?: boolean | null;
  /** Below this age a guardian must consent to optional processing. */
  guardianAge?: number | null;
  /** Whose consent counts below the guardian age. */
  guardianMode?: GuardianMode | null;
  /** The law the rule comes from (`PIPL Art. 28, 29, 31`). */
  law: string;
  /** Below this age the visitor is a minor (guidance notice, youth mode). */
  minorAge?: number | null;
  /** How long a refusal is remembered before asking again (ISO 8601 duration). */
  refusalMemory?: string | null;
}

/**
 * Where the first layer sits, and whether it holds the page. The second layer, the age
 * question, the guardian step and the update notice ask for an answer before the visitor goes
 * on: they are modal in every layout.
 */
export type Layout = "bar" | "box" | "modal";

/** The legal basis of a purpose. */
export type LegalBasis =
  /** The person's consent. */
  | "consent"
  /** Necessary to perform a contract with the person. */
  | "contract"
  /** Required by law. */
  | "legal_obligation"
  /**
   * To protect someone's vital interests: their life (GDPR Art. 6(1)(d)); under PIPL
   * Art. 13(4) also health and property in an emergency.
   */
  | "vital_interests"
  /** A task in the public interest. */
  | "public_interest"
  /**
   * The legitimate interests of the controller or a third party, weighed against the
   * person's (GDPR Art. 6(1)(f)): running and securing a site for its visitors. Storage on
   * the device still needs consent unless it is strictly necessary (ePrivacy Art. 5(3)).
   */
  | "legitimate_interests";

/** A circumstance in which information is processed without consent. */
export interface LegalException {
  /** Where it is stated. */
  cite: Cite;
  /** What a person reads. */
  description: Text;
  /** Stable id. */
  id: string;
}

/**
 * All texts of a policy in one locale: what `policy.texts(locale)` answers, and the body of a
 * compiled policy's texts file for that locale (`src/compiled`).
 */
export interface LocalizedTexts {
  /** Where to complain. */
  complaintChannel: string;
  /** How to reach the controller. */
  contact: string;
  /** The controller's name. */
  controller: string;
  /** The locale the texts are in. */
  locale: string;
  /** The banner's summary. */
  noticeSummary: string;
  /** The banner's heading. */
  noticeTitle: string;
  /** Per purpose id, in the policy's order. */
  purposes: Record<string, PurposeTexts>;
  /** Per right id, in the policy's order: the right and how to exercise it. */
  rights: Record<string, [string, string]>;
  /** The policy's title. */
  title: string;
  /** Where the full policy is published. */
  url: string;
}

/** The signed statement over all shards. */
export interface LogHead {
  /** Which log (the site's log origin; each shard's checkpoints name `{origin}/shard/{k}`). */
  origin: string;
  /** Hex Merkle root over the shards' signed checkpoints, shard 0 first. */
  root: string;
  /** How many shards, and so how many leaves the head's tree has. */
  shards: number;
  /** The entries of all shards together: the sum of the checkpoints' sizes. */
  size: number;
  /** When it was signed (RFC 3339). */
  time: string;
}

/**
 * Why a change is major: one of the six kinds the seed policy lists in its `changes.major`
 * clause (the "policy updates" section of the GB/T 35273-2020 Appendix D template), or a rule
 * from elsewhere for what that list ("including but not limited to") does not spell out.
 */
export type MajorRule =
  /**
   * (1) The service model: the purpose of processing, the types of personal information, the
   * way it is used.
   */
  | "service_model"
  /** (2) The ownership or organisational structure (including who the controller is). */
  | "ownership"
  /** (3) The main recipients of sharing, transfer or public disclosure. */
  | "recipients"
  /** (4) The person's rights over the processing and how to exercise them. */
  | "rights"
  /** (5) The responsible department, the contact details or the complaint channel. */
  | "contact"
  /** (6) A personal-information security impact assessment showing a high risk. */
  | "impact_assessment"
  /**
   * A new purpose of processing (Art. 29 WP260 rev.01: a change in processing purpose is
   * always to be communicated).
   */
  | "new_purpose"
  /**
   * A recipient now in a wider category: identifiable data where it had de-identified data,
   * a third party where it was a processor (WP260 rev.01: an enlargement of the categories of
   * recipients is a fundamental change).
   */
  | "new_recipient_category"
  /**
   * Data newly leaving the country where it is stored (WP260 rev.01: the introduction of
   * transfers to a third country is a fundamental change).
   */
  | "transfer_abroad"
  /**
   * A change outside those kinds that reduces the person's rights, which the seed promises
   * never to do without explicit consent, so the person must be told prominently.
   */
  | "reduces_rights";

export interface NewGuardianRequest {
  /** The short code the guardian may type instead. */
  code: string;
  /** The verification methods the guardian may use for these purposes. */
  methods: VerificationMethod[];
  request: GuardianRequest;
  /** The guardian's link token: send it to the guardian, never store it. */
  token: string;
}

/** A stored node with its hash. */
export interface NodeHash {
  /** Hex SHA-256. */
  hash: string;
  /** Position in its level. */
  index: number;
  /** Height above the leaves. */
  level: number;
}

/**
 * A stored perfect subtree: `level` 0 is a leaf; it covers leaves
 * `index * 2^level .. (index + 1) * 2^level`.
 */
export interface NodeId {
  /** Position among the nodes of that level. */
  index: number;
  /** Height above the leaves. */
  level: number;
}

/** The first layer of the banner. */
export interface Notice {
  /** Where the summary comes from. */
  cite: Cite;
  /** Two or three sentences on what is collected and why. */
  summary: Text;
  /** A short heading. */
  title: Text;
}

/** Channels through which a change is announced. */
export type NoticeChannel =
  /** An announcement on the website. */
  | "website"
  /** A notice in the page itself. */
  | "in_page"
  /** Email. */
  | "email"
  /** SMS. */
  | "sms"
  /** A private message in the service. */
  | "private_message";

/** How visible the notice of a new version is. */
export type NoticeLevel =
  /** Nothing changed: no notice. */
  | "none"
  /** Minor changes: posted on the policy's `changes.channels` for people to find. */
  | "passive"
  /** Major changes: a prominent notice in the page, and the policy's `changes.majorChannels`. */
  | "prominent";

/** The notice that was shown. */
export interface NoticeRef {
  /** The locale it was shown in. */
  locale: string;
  /**
   * Hex SHA-256 of the canonical JSON array of the exact texts shown, in order
   * (see `notice_hash`).
   */
  sha256: string;
}

/** One message for the site to send. */
export interface NotificationEvent {
  /** Who receives it: `all`, or `consented:<purpose>` for those who consented to a purpose. */
  audience: string;
  /** The channel, as the policy names it (`email`, `in_page`, ...). */
  channel: NoticeChannel;
  /** Which template (`template`). */
  template: string;
}

/**
 * What to do about a new version.
 *
 * `requiresExplicitAcceptance` is set when a change reduces the person's rights. Until a person
 * accepts the new version explicitly, the version they last accepted keeps applying to them: the
 * site records acceptance per person (a receipt) and evaluates that person against the old
 * version meanwhile. Continued use is acceptance only for versions that do not reduce rights.
 */
export interface NotificationPlan {
  /** When it takes effect, `YYYY-MM-DD`. */
  effective: string;
  /** The messages to send. */
  events: NotificationEvent[];
  /** The old version. */
  from: string;
  /** The purposes that are new: asked for the first time. */
  newPurposes: string[];
  /** How visible the notice is. */
  notice: NoticeLevel;
  /** The policy id. */
  policy: string;
  /** What is wrong with the plan (`plan.published_late`, `plan.invalid_date`). */
  problems: Problem[];
  /**
   * The last day to publish it: the effective date minus the policy's notice period (absent
   * when a date or the period cannot be read).
   */
  publishBy: string | null;
  /** When the new version was published, `YYYY-MM-DD`. */
  published: string;
  /** Whether it was published after `publishBy`. */
  publishedLate: boolean;
  /** The purposes to ask again: those whose consent scope grew, and only those. */
  reconsent: string[];
  /** Whether the person must accept the new version explicitly (some change reduces rights). */
  requiresExplicitAcceptance: boolean;
  /** What changed, for a person, in `en` and `zh-CN`. */
  summary: Text;
  /** The new version. */
  to: string;
}

/** What the page should do for this visitor. */
export interface PageState {
  /** Ask the neutral age gate before anything optional. */
  ageGate: boolean;
  /** `PENDING_GUARDIAN` while a guardian's consent is awaited. */
  guardianFlow: string | null;
  /** Show the notice that minors read the policy with a guardian. */
  guardianNotice: boolean;
  /**
   * Show the consent banner: some optional purpose awaits the visitor's choice
   * (`PurposeDecision::awaits_answer`; one `deferred` after "accept all" does not).
   */
  showBanner: boolean;
  /**
   * The policy version whose terms apply to this visitor: the current one, unless a later
   * version reduced their rights and they have not accepted it yet (then the newest version
   * they made a choice under).
   */
  termsVersion: string;
  /**
   * The update notice, when the visitor last saw an older version, or has yet to accept a
   * version that reduces their rights.
   */
  updateNotice: UpdateNotice | null;
  /** Youth mode is on. */
  youthMode: boolean;
}

/** One change between two versions of a policy. */
export interface PolicyChange {
  /** For a major change, the clause of the policy that says so. */
  clause: string | null;
  /** What changed, as a stable code. */
  kind: ChangeKind;
  /** For a major change, the rule that makes it major. */
  majorBecause: MajorRule | null;
  /** The new value, short (`null` when something was removed). */
  new: unknown;
  /** The old value, short (`null` when something was added). */
  old: unknown;
  /** The JSON paths affected: in the new version, or in the old one for what was removed. */
  paths: string[];
  /**
   * Whether the change reduces the person's rights: the new version then applies to a person
   * only once they accept it explicitly.
   */
  reducesRights: boolean;
  /** Major or minor. */
  severity: Severity;
  /**
   * The id of what changed: a purpose, recipient, right, rule or jurisdiction code; the
   * section name (`controller`, `storage`, ...) for the policy's single objects.
   */
  subject: string;
  /** One line for a person, in `en` and `zh-CN`. */
  summary: Text;
  /** For a major change, what that rule says, for a person, in `en` and `zh-CN`. */
  why?: Text | null;
}

/** A diff and its notification plan, as `assent diff --format json` prints them. */
export interface PolicyChanges {
  /** What changed. */
  diff: PolicyDiff;
  /** What to do about it. */
  plan: NotificationPlan;
}

/** Every change between two versions of one policy. */
export interface PolicyDiff {
  /**
   * The changes: the substantive ones in the order of the policy's sections, then the
   * wording-only ones.
   */
  changes: PolicyChange[];
  /** The old version. */
  from: string;
  /** The policy id. */
  policy: string;
  /** The purposes whose consent scope grew, in the new version's order. */
  scopeGrowth: PurposeGrowth[];
  /** The new version. */
  to: string;
}

/** The whole policy document. */
export interface PolicyDocument {
  /** Optional pointer to the JSON Schema, for editors. */
  $schema?: string | null;
  /** How changes to the policy are announced. */
  changes: ChangeNotification;
  /** The sections of the human-readable policy that statements cite. */
  clauses: Clause[];
  /** Who is responsible for the processing. */
  controller: Controller;
  /** The kinds of personal information the policy covers. */
  dataCategories: DataCategory[];
  /** The locale used when a visitor's locale is not offered. */
  defaultLocale: string;
  /** The date this version takes effect, `YYYY-MM-DD`. */
  effective: string;
  /** How a guardian's consent is asked for and verified. */
  guardian: GuardianPolicy;
  /**
   * The scope of each purpose in earlier published versions, oldest first, so consents given
   * under an older version can be judged against this one.
   */
  history?: VersionScope[];
  /** A stable id for the policy across its versions. */
  id: string;
  /** The latest personal-information security impact assessment, if the policy states one. */
  impactAssessment?: ImpactAssessment | null;
  /** Rules that depend on where the visitor is. */
  jurisdictions: JurisdictionRule[];
  /** Circumstances in which information is processed without consent. */
  legalExceptions: LegalException[];
  /** Every locale the texts are given in; each `Text` must have all of them. */
  locales: string[];
  /** What the first layer of the banner says. */
  notice: Notice;
  /** The date this version was published, `YYYY-MM-DD`. */
  published: string;
  /** Why information is processed. */
  purposes: Purpose[];
  /** Who personal information is shared with or transferred to. */
  recipients: Recipient[];
  /** How long information is kept. */
  retention: Retention;
  /** The rights a person has and how to exercise them. */
  rights: Right[];
  /** Where information is stored and what a transfer abroad needs. */
  storage: StorageLocation;
  /** The policy's title. */
  title: Text;
  /** Where the human-readable policy is published. */
  url: string;
  /**
   * The IAB TCF vendors (Global Vendor List ids) the site works with, each with the TCF
   * purposes it may process for and under which legal basis.
   */
  vendors?: Vendor[];
  /** `MAJOR.MINOR.PATCH`; later versions compare greater. */
  version: string;
  /**
   * The banner's words as this policy says them: per locale (a language tag of the banner's
   * catalogue, `de`, or one of the policy's locales), per key (`acceptAll`), the word the
   * banner says instead of its own. The page's configuration can override these in turn.
   * The keys are listed in docs/banner.md.
   */
  words?: WordOverrides;
}

/** The policy document a receipt was given under. */
export interface PolicyRef {
  /** The policy id. */
  id: string;
  /** Hex SHA-256 of the RFC 8785 canonical JSON of the policy document. */
  sha256: string;
  /** Where the human-readable policy is published (Kantara's `policyUrl` needs it). */
  url: string;
  /** The policy version. */
  version: string;
}

/** What a request carries: its device credential and its age lock, as the cookies hold them. */
export interface Presented {
  /** The signed age lock, if any. */
  ageLock?: string | null;
  /** The device credential, if any. */
  device?: string | null;
  /** The time to judge them at. */
  now: string;
}

/** Which token of a request a `SignatureCheck` is for. */
export type PresentedToken =
  /** The device credential. */
  | "device"
  /** The signed age lock. */
  | "ageLock";

/** A problem found while loading or validating a policy. */
export interface Problem {
  /** A stable code (`policy.dangling_reference`), for tools and documentation. */
  code: string;
  /** 1-based column, in characters (0 when unknown). */
  column: number;
  /** How to fix it, when that can be said. */
  hint?: string | null;
  /** 1-based line of the offending value in the source text (0 when unknown). */
  line: number;
  /** What is wrong. */
  message: string;
  /** Where, as a JSON path (`$.purposes[3].dataCategories[1]`). */
  path: string;
}

/** One publisher restriction: a purpose, how it is restricted, and for which vendors. */
export interface PublisherRestriction {
  /** The restriction. */
  kind: RestrictionKind;
  /** The TCF purpose (1 to 24). */
  purpose: number;
  /** The vendors it applies to (1 to 65535). */
  vendors: number[];
}

/** The publisher TC segment: consent and legitimate interest for the publisher's own use. */
export interface PublisherTc {
  /** Custom purposes consented to (1 to `num_custom_purposes`). */
  customPurposesConsent: number[];
  /** Custom purposes under legitimate interest (1 to `num_custom_purposes`). */
  customPurposesLi: number[];
  /** How many custom purposes the publisher defined (0 to 63). */
  numCustomPurposes: number;
  /** Standard purposes consented to (1 to 24). */
  purposesConsent: number[];
  /** Standard purposes under legitimate interest, not objected to (1 to 24). */
  purposesLi: number[];
}

/** A reason for processing. */
export interface Purpose {
  /** Where the purpose is stated. */
  cite: Cite;
  /** Consent Mode signals this purpose grants when allowed. */
  consentMode?: ConsentModeSignal[];
  /** Whether data leaves the country where it is stored. */
  crossBorder: boolean;
  /** Ids of the data categories it uses. */
  dataCategories: string[];
  /** What is done and why, in a sentence or two. */
  description: Text;
  /** Stable id (`location`, `analytics-cookies`, ...). */
  id: string;
  /** Essential, basic or extended. */
  kind: PurposeKind;
  /** Why processing is lawful. */
  legalBasis: LegalBasis;
  /** A short name. */
  name: Text;
  /** Ids of the recipients it shares with. */
  recipients: string[];
  /** Id of the retention rule that applies. */
  retention: string;
  /** Whether it needs a consent given for it alone (sensitive data, transfers abroad). */
  separateConsent: boolean;
  /** Cookies and storage it uses on the visitor's device. */
  storage: StorageItem[];
  /** IAB TCF purpose ids (1-11) this purpose corresponds to. */
  tcfPurposes?: number[];
}

/** The choice for one purpose. */
export interface PurposeChoice {
  /** The purpose id in the policy. */
  purpose: string;
  /** Whether it was asked for on its own (separate consent), not bundled with others. */
  separate?: boolean;
  /** The DPV consent state chosen. */
  state: ConsentState;
}

/** The decision for one purpose, with its reasons. */
export interface PurposeDecision {
  /**
   * Whether a consent to it counts only when given for it alone (its own data or transfer
   * abroad, or a child's data the jurisdiction makes sensitive): a "yes" given with others
   * ("accept all") is no consent to it.
   */
  alone?: boolean;
  /** The answer. */
  decision: Decision;
  /**
   * Whether the visitor answered it with a "yes" given with others, which cannot count where it
   * needs a consent given alone: it waits in the second layer, and opens no banner by itself.
   */
  deferred?: boolean;
  /** Essential, basic or extended. */
  kind: PurposeKind;
  /** The purpose id. */
  purpose: string;
  /** Why, most decisive first. */
  reasons: Reason[];
}

/**
 * What a purpose's consent scope gained, so that a consent given under the old version no
 * longer covers it.
 */
export interface PurposeGrowth {
  /** What grew: `data`, `recipients`, `legalBasis`, `crossBorder`. */
  grew: string[];
  /** The purpose id. */
  purpose: string;
}

/** Essential, basic or extended, in the sense of GB/T 35273-2020 5.3. */
export type PurposeKind =
  /** Strictly necessary; runs without consent. */
  | "essential"
  /** A basic business function: may share one consent with other basic functions. */
  | "basic"
  /** An extended function: its own opt-in; refusing it must not degrade basic ones. */
  | "extended";

/** What a purpose covered in an earlier version: the part of it that consent was given to. */
export interface PurposeScope {
  /** The Google Consent Mode signals it stood for then (absent as above). */
  consentMode?: ConsentModeSignal[] | null;
  /** Whether it crossed borders then. */
  crossBorder: boolean;
  /** Its data categories then. */
  dataCategories: string[];
  /** The purpose id. */
  id: string;
  /** Its kind then. */
  kind: PurposeKind;
  /** Its legal basis then. */
  legalBasis: LegalBasis;
  /** Its recipients then. */
  recipients: string[];
  /** The IAB TCF purposes it stood for then (absent as above). */
  tcfPurposes?: number[] | null;
  /**
   * The names of the cookies and other storage that others than the site set for it then.
   * Absent in a history written before storage was recorded; then it is not compared.
   */
  thirdPartyStorage?: string[] | null;
}

/** The texts of one purpose. */
export interface PurposeTexts {
  /** The fragment of that clause in the published policy. */
  anchor: string;
  /** The title of the clause it comes from. */
  clause: string;
  /** Labels of the data categories it uses. */
  data: string[];
  /** What is done and why. */
  description: string;
  /** Short name. */
  name: string;
  /** Names of who receives the data. */
  recipients: string[];
  /** How long the data is kept. */
  retention: string;
}

/** One reason behind a decision: which rule, from which clause, in words. */
export interface Reason {
  /** The policy clause (or law) the rule applies. */
  clause: string;
  /** The reason in the requested locale. */
  message: string;
  /** The rule's id (`R-GPC`). */
  rule: string;
}

/** One consent receipt. */
export interface Receipt {
  /** Who made the choice. */
  actor: ReceiptActor;
  /** The age band the choice was made in, when the site asked; never the age itself. */
  ageBand?: AgeBand | null;
  /** Where the choice was made. */
  collectionMethod: CollectionMethod;
  /** Who is responsible for the processing, as the notice named them. */
  controller: ControllerRef;
  /** When the receipt stops counting as the person's consent state. */
  expiresAt: string;
  /** When the choice was recorded (RFC 3339, UTC, whole seconds). */
  issuedAt: string;
  /** Where the person was, as an ISO 3166 code (`CN`, `US-CA`). */
  jurisdiction: string;
  /** The notice that was shown. */
  notice: NoticeRef;
  /** The policy document the choice was made under. */
  policy: PolicyRef;
  /** Hex SHA-256 of the compact JWS of the subject's previous receipt; null for the first. */
  prev: string | null;
  /** The choice for each purpose that was asked about. */
  purposes: PurposeChoice[];
  /** A UUID v4, lowercase. */
  receiptId: string;
  /** Always `SCHEMA_VERSION`. */
  schemaVersion: string;
  /** The person, by a pseudonymous id: never an email address, IP address or phone number. */
  subject: string;
}

/** Who made the choice: the person, or their guardian. */
export interface ReceiptActor {
  /**
   * Whether the child consented together with the guardian (guardian only; for rules whose
   * `guardianMode` is `guardian_and_child`).
   */
  joint?: boolean;
  /** A guardian's relationship to the person (guardian only). */
  relationship?: GuardianRelationship | null;
  /** `self` or `guardian`. */
  type: Actor;
  /** How the guardian was verified (guardian only; one of the policy's methods). */
  verification?: VerificationMethod | null;
}

/** Someone information is shared with. */
export interface Recipient {
  /** Where the policy names them. */
  cite: Cite;
  /** ISO 3166 code of where they process the data. */
  country: string;
  /** Whether they only ever receive de-identified or aggregated data. */
  deidentifiedOnly: boolean;
  /** Stable id. */
  id: string;
  /** What a person reads. */
  name: Text;
  /** Their role. */
  role: RecipientRole;
}

/** The role a recipient plays. */
export type RecipientRole =
  /** Processes on the controller's instructions. */
  | "processor"
  /** Decides its own purposes for what it receives. */
  | "third_party"
  /** Decides purposes jointly with the controller. */
  | "joint_controller"
  /** A company of the same group. */
  | "affiliate";

/** What one logged receipt changed. */
export interface RecordedEvents {
  /** The purposes that may run now and did not before. */
  accepted: string[];
  /** The events it raises, `change` first, then each purpose's in the order of their ids. */
  events: string[];
  /** The receipt's id. */
  receiptId: string;
  /** The purposes a choice or a rule now stops or refuses. */
  rejected: string[];
  /** Whose choice it records. */
  subject: string;
}

/** A receipt that did not verify: its place in the list and why. */
export interface RejectedReceipt {
  /** The failed check's code. */
  code: string;
  /** Its index in the list given. */
  index: number;
  /** What failed. */
  message: string;
}

/** How a publisher restricts vendors for one purpose (RestrictionType). */
export type RestrictionKind =
  /** 0: the vendors may not process for the purpose at all. */
  | "not_allowed"
  /**
   * 1: the vendors may process for it only with consent (a flexible purpose they declared
   * under legitimate interest).
   */
  | "require_consent"
  /**
   * 2: the vendors may process for it only under legitimate interest (a flexible purpose
   * they declared under consent).
   */
  | "require_legitimate_interest";

/** How long information is kept. */
export interface Retention {
  /** Where the floor is stated. */
  cite: Cite;
  /** The policy's own floor: no rule may keep data for less (ISO 8601 duration). */
  minimum: string;
  /** The retention rules that purposes refer to. */
  rules: RetentionRule[];
}

/** What happens at the end of a retention period. */
export type RetentionAction =
  /** The data is deleted. */
  | "delete"
  /** The data is anonymized. */
  | "anonymize"
  /** Either, as the controller chooses. */
  | "delete_or_anonymize";

/** One retention rule. */
export interface RetentionRule {
  /** What happens at its end. */
  action: RetentionAction;
  /** Where the rule is stated. */
  cite: Cite;
  /** What a person reads. */
  description: Text;
  /** ISO 8601 duration (`P6M`, `P30D`). */
  duration: string;
  /** Stable id. */
  id: string;
  /** What starts the period. */
  trigger: RetentionTrigger;
}

/** What starts a retention period. */
export type RetentionTrigger =
  /** Counting from collection. */
  | "collection"
  /** Counting from when the purpose is fulfilled. */
  | "purpose_fulfilled"
  /** Counting from the cancellation of the account. */
  | "account_cancellation"
  /** Counting from the end of the service. */
  | "service_termination"
  /** Counting from the withdrawal of consent. */
  | "consent_withdrawal";

/** A right and how to exercise it. */
export interface Right {
  /** Where it is stated. */
  cite: Cite;
  /** What a person reads: the right. */
  description: Text;
  /** What a person reads: how to exercise it. */
  how: Text;
  /** Stable id. */
  id: string;
  /** Which right. */
  kind: RightKind;
}

/** The kinds of rights a person has. */
export type RightKind =
  /** See what is held. */
  | "access"
  /** Correct or update it. */
  | "rectification"
  /** Have it deleted. */
  | "erasure"
  /** Withdraw consent or turn functions off. */
  | "withdrawal"
  /** Cancel the account. */
  | "account_cancellation"
  /** Complain or give feedback. */
  | "complaint"
  /** Receive a copy in a portable form. */
  | "portability"
  /** Object to a kind of processing (e.g. programmatic advertising). */
  | "objection";

/** Whether a kind of information is sensitive personal information. */
export type Sensitivity =
  /** Ordinary personal information. */
  | "normal"
  /** Sensitive personal information: needs separate consent. */
  | "sensitive";

/**
 * How a change is announced: major changes get the prominent notice and the extra channels of
 * the policy's `changes.majorChannels`; minor ones a passive notice.
 */
export type Severity =
  /** Wording, or a change that narrows processing or widens what the person may do. */
  | "minor"
  /** One of the kinds of change the policy (or the law) says must be announced prominently. */
  | "major";

/**
 * A signature for the runtime to check with its own Ed25519 (WebCrypto's `verify`): the
 * published key (`kid`, and `x` as in its JWK), the signing input and the signature (base64url).
 */
export interface SignatureCheck {
  /** The key's id in the JWKS. */
  kid: string;
  /** The 64-byte signature, base64url. */
  signature: string;
  /** What the signature covers. */
  signingInput: string;
  /** The public key, base64url (a JWK's `x`). */
  x: string;
}

/**
 * The runtime's verdicts on the `IdentifyCheck`s of a request: whether each token's signature
 * verified. A token without a verdict is verified by the engine itself.
 */
export interface SignatureVerdicts {
  /** The age lock's signature. */
  ageLock?: boolean | null;
  /** The device credential's signature. */
  device?: boolean | null;
}

/** A device's age lock as the edge signs it into an HttpOnly cookie: the band, never the age. */
export interface SignedAgeLock {
  /** Until when it counts (RFC 3339). */
  expiresAt: string;
  /** The lock. */
  lock: AgeLock;
  /** The pseudonymous subject it belongs to. */
  subject: string;
}

/** The policy a compiled form was made from, as receipts name it. */
export interface SourcePolicy {
  /** The policy's id. */
  id: string;
  /** Hex SHA-256 of the RFC 8785 canonical JSON of the policy document. */
  sha256: string;
  /** Its version. */
  version: string;
}

/** One cookie or storage entry a purpose uses. */
export interface StorageItem {
  /** Whether it is set by the site itself or by someone else. */
  firstParty: boolean;
  /** Cookie, local storage, ... */
  kind: StorageKind;
  /** How long it lives (ISO 8601 duration); absent for session-only entries. */
  lifetime?: string | null;
  /** The cookie or key name; a trailing `*` matches a prefix. */
  name: string;
}

/** Where a purpose keeps something on the visitor's device. */
export type StorageKind =
  /** An HTTP cookie. */
  | "cookie"
  /** `localStorage`. */
  | "localStorage"
  /** `sessionStorage`. */
  | "sessionStorage"
  /** An IndexedDB database. */
  | "indexedDb"
  /** A web beacon (pixel); stores nothing but is gated the same way. */
  | "webBeacon";

/** Where data is stored. */
export interface StorageLocation {
  /** Where this is stated. */
  cite: Cite;
  /** ISO 3166 codes of where data is stored. */
  countries: string[];
  /** Whether a transfer abroad needs notice and the person's consent. */
  crossBorderNeedsConsent: boolean;
}

/** The stub's data. */
export interface StubData {
  /**
   * The arguments of `gtag('consent', 'default', ...)`, sent in this order; none when the
   * page turns Consent Mode off or the policy maps no purpose to a consent type.
   */
  consentMode: ConsentModeDefault[];
  /**
   * Whether the stub installs `__gpp` the same way: the page has TCF settings, so the banner
   * loads the ad-tech module for every visitor and its `__gpp` answers each one.
   */
  gpp: boolean;
  /**
   * Whether the stub installs `__tcfapi` (its locator frame and cross-frame answers): the page
   * has TCF settings (`tcf` in its configuration) and the policy speaks the TCF (maps some
   * purpose to a TCF purpose), so the ad-tech module will answer what the stub queued.
   */
  tcf: boolean;
}

/** What `stubHtml` answers. */
export interface StubHtml {
  /** What it holds. */
  data: StubData;
  /** The data block, to place before the stub's `<script>`. */
  html: string;
}

/**
 * Everything a TC string says: what the CMP showed and what the visitor chose.
 *
 * Sets hold 1-based ids. Letters are written in upper case and read back in upper case.
 */
export interface TcfChoice {
  /** The CMP's id in the IAB CMP list (2 to 4095; the reference library rejects 0 and 1). */
  cmpId: number;
  /** The CMP's own version number (0 to 4095). */
  cmpVersion: number;
  /** ISO 639-1 language of the CMP's texts (`EN`). */
  consentLanguage: string;
  /** The CMP screen on which the visitor chose (0 to 63). */
  consentScreen: number;
  /**
   * When the string was first created, in deciseconds since the epoch (the encoder keeps
   * only the day).
   */
  created: number;
  /**
   * Vendors disclosed to the visitor (the DisclosedVendors segment, mandatory since
   * TCF v2.3); `None` leaves the segment out.
   */
  disclosedVendors?: number[] | null;
  /** Whether the string is for this site or app only (`true`) or global. */
  isServiceSpecific: boolean;
  /** When it was last updated, in deciseconds since the epoch (day precision likewise). */
  lastUpdated: number;
  /** The TCF policy version of that list (0 to 63; see `TCF_POLICY_VERSION_2_2`). */
  policyVersion: number;
  /** The publisher's own purposes (the publisher TC segment, service-specific strings only). */
  publisher?: PublisherTc | null;
  /** ISO 3166-1 alpha-2 country of the publisher's legislation (`DE`). */
  publisherCc: string;
  /**
   * What the publisher allows each vendor per purpose, in the order written (none: each
   * vendor under the legal bases it declared in the Global Vendor List).
   */
  publisherRestrictions?: PublisherRestriction[];
  /** Whether Purpose 1 was not disclosed at all (allowed only in service-specific strings). */
  purposeOneTreatment: boolean;
  /** Purposes consented to (1 to 24). */
  purposesConsent: number[];
  /** Purposes whose legitimate interest was disclosed and not objected to (1 to 24). */
  purposesLi: number[];
  /** Special features opted into (1 to 12). */
  specialFeatureOptIns: number[];
  /** Whether the CMP used its own texts instead of the standard ones. */
  useNonStandardTexts: boolean;
  /** Vendors consented to (1 to 65535). */
  vendorConsents: number[];
  /** Vendors whose legitimate interest was disclosed and not objected to. */
  vendorLi: number[];
  /** The Global Vendor List version shown (0 to 4095). */
  vendorListVersion: number;
}

/**
 * What the site tells assent about itself for the TCF: its CMP registration and the list and
 * policy versions it shows.
 */
export interface TcfSettings {
  /** The CMP id the IAB registered for this deployment (2 to 4095). */
  cmpId: number;
  /** The CMP's version. */
  cmpVersion?: number;
  /** The TCF policy version. */
  policyVersion?: number;
  /**
   * The country whose law the publisher follows (ISO 3166-1 alpha-2); the first country the
   * policy stores data in when absent.
   */
  publisherCc?: string | null;
  /**
   * Where the site serves its copy of the Global Vendor List (its own origin); without it the
   * policy's vendors are not disclosed.
   */
  vendorList?: string | null;
  /** The Global Vendor List version shown (0 when none is). */
  vendorListVersion?: number;
}

/** Text for people, keyed by locale (`en`, `zh-CN`). */
export type Text = Record<string, string>;

/** The banner's colour scheme. */
export type Theme = "auto" | "light" | "dark";

/** What the page should show about a policy update. */
export interface UpdateNotice {
  /** The version the visitor last saw. */
  from: string;
  /** Whether the change is major (prominent notice) or minor (passive notice). */
  major: boolean;
  /**
   * Whether the visitor must accept the new version explicitly: a change since the terms they
   * agreed to reduces their rights, and those terms keep applying to them until they accept.
   */
  requiresAcceptance: boolean;
  /** What changed, in the requested locale. */
  summary: string;
  /** The current version. */
  to: string;
}

/**
 * A vendor of the IAB Global Vendor List the site works with, and what the site lets it do.
 *
 * The vendor's own declarations are in the Global Vendor List; these are the publisher's side:
 * where they are narrower than the declarations, the TC string carries publisher restrictions.
 */
export interface Vendor {
  /** Where the policy names the vendor or its kind of partner. */
  cite: Cite;
  /** TCF purposes (1-11) it may process for with the visitor's consent. */
  consent?: number[];
  /** Its id in the Global Vendor List. */
  id: number;
  /**
   * TCF purposes (2, 7-11) it may process for under its legitimate interest, to which the
   * visitor may object.
   */
  legitimateInterest?: number[];
  /** TCF special features (1-2) it may use once the visitor opts in. */
  specialFeatures?: number[];
}

/** What the edge does with a verify form the engine accepted. */
export type Verification =
  /**
   * Send a confirmation link to the guardian's address: following it proves the link's method
   * (`GuardianVerifiers::link`) for this relationship.
   */
  | {
    /** Where to send it: the address the guardian gave, as the request's message was sent. */
    recipient: string;
    /** The relationship the guardian chose, kept until the link is followed. */
    relationship: GuardianRelationship;
    then: "send_link";
  }
  /** The guardian proved who they are: apply this `verify` event to the request. */
  | {
    /** The event. */
    event: GuardianEvent;
    then: "apply";
  };

/** A way to verify that the person approving is the child's parent or guardian. */
export type VerificationMethod =
  /** Email with a delayed second confirmation ("email plus"). */
  | "email_plus"
  /** A one-time code to the guardian's phone. */
  | "sms_code"
  /** A small card transaction in the guardian's name. */
  | "card_check"
  /** A government ID checked against a live picture. */
  | "id_document"
  /** A video call with trained staff. */
  | "video_call";

export interface VerifiedReceipt {
  issued: string;
  kid: string;
  link: string;
  receipt: Receipt;
}

/**
 * A guardian's verify form as posted: the method they chose, their relationship to the child
 * and, for the development verifier, a card number. Each as sent, or absent.
 */
export interface VerifyForm {
  /** The card number given to the development verifier (spaces and dashes ignored). */
  card?: string | null;
  /**
   * For the confirmation link: the guardian's email address, which must be the one the
   * request was sent to (the request keeps only its hash, so the guardian gives it again).
   */
  email?: string | null;
  /** The verification method chosen (`email_plus`, ...). */
  method?: string | null;
  /** The guardian's relationship to the child (`parent`, `legal_guardian`). */
  relationship?: string | null;
}

/** Options of `verify_receipt_json`. */
export interface VerifyOptions {
  now: string;
  previous?: string | null;
  subject?: string | null;
}

/** The update notice for a visitor who last saw an earlier version, made by `assent diff`. */
export interface VersionNotice {
  /** Whether any change since that version is major (a prominent notice). */
  major: boolean;
  /**
   * Whether a change since that version reduces the person's rights. The policy promises not
   * to do so without explicit consent: a person who agreed under that version keeps its terms
   * until they accept the new ones.
   */
  reducesRights?: boolean;
  /** What changed, for a person: a heading line, then one line per change. */
  summary: Text;
}

/** An earlier published version, reduced to what consent was given to. */
export interface VersionScope {
  /** Its effective date. */
  effective: string;
  /**
   * What changed from that version to this one, as `assent diff` classified it; when present,
   * the update notice for a visitor who last saw that version says this.
   */
  notice?: VersionNotice | null;
  /** Its purposes. */
  purposes: PurposeScope[];
  /** That version. */
  version: string;
}

/** `POST /v1/consent/withdraw`: the purposes whose consent is withdrawn. */
export interface WithdrawBody {
  /** The locale of the withdrawal; the policy's best match for the browser's when left out. */
  locale?: string;
  /** How the withdrawal was made; the API when left out or null. */
  method?: CollectionMethod | null;
  /** The receipt this withdrawal follows, as a compact JWS. */
  previous?: string;
  /** The purposes withdrawn, by id. */
  purposes: string[];
  /** The subject the device's credential names; the edge takes it from there when left out. */
  subject?: string;
}

/** The banner's own words: per locale (a language tag of the banner's catalogue, or one of the policy's locales), per key, the word to say instead (docs/banner.md). */
export type WordOverrides = Record<string, {
  /** First-layer button: consent to everything optional that may be offered. */
  acceptAll?: string;
  /** The empty first option of each select. */
  ageChoose?: string;
  /** The age question's button. */
  ageContinue?: string;
  /** The birth-month select's label. */
  ageMonth?: string;
  /** The age question. */
  ageQuestion?: string;
  /** Beside the age question's "Reject all": what it refuses, and that refusing needs no age. */
  ageRejectNote?: string;
  /** The age question's heading. */
  ageTitle?: string;
  /** Why the age is asked, and that only the band is kept (no cutoff named). */
  ageWhy?: string;
  /** The birth-year select's label. */
  ageYear?: string;
  /** The placeholder's button: consent to that one purpose, `{purpose}`. */
  allowPurpose?: string;
  /** The label of the "allowed" side of a toggle, for screen readers and the legend. */
  allowed?: string;
  /** The badge of an essential purpose. */
  alwaysOn?: string;
  /** The fourth month's name in the birth-month select. */
  april?: string;
  /** The eighth month's name in the birth-month select. */
  august?: string;
  /** Heading of the basic functions. */
  basicHeading?: string;
  /** What consent to basic functions means (GB/T 35273-2020 5.3). */
  basicIntro?: string;
  /** First-layer button: open the second layer. */
  choose?: string;
  /** The label of a link to the clause a purpose comes from: `{clause}`. */
  clauseLink?: string;
  /** Second-layer button: close without saving (the defaults stay). */
  close?: string;
  /** Label of the data a purpose uses. */
  dataLabel?: string;
  /** The twelfth month's name in the birth-month select. */
  december?: string;
  /** The disclosure that holds a purpose's details. */
  details?: string;
  /** What a placeholder calls an embed that has no title of its own. */
  embeddedContent?: string;
  /** Heading of the essential purposes. */
  essentialHeading?: string;
  /** What the essential purposes are. */
  essentialIntro?: string;
  /** Heading of the extended functions. */
  extendedHeading?: string;
  /** What consent to extended functions means (GB/T 35273-2020 5.3). */
  extendedIntro?: string;
  /** The second month's name in the birth-month select. */
  february?: string;
  /**
   * The first layer, when the browser sent Global Privacy Control and the visitor's law makes
   * it an opt-out: which uses it keeps off, `{list}`.
   */
  gpcHonoured?: string;
  /** The label of the guardian's email field. */
  guardianContact?: string;
  /** How to ask a guardian, when a consent service sends the request. */
  guardianHow?: string;
  /** How to ask a guardian, when no consent service can send a request. */
  guardianHowOffline?: string;
  /** The guardian step's other button: keep the waiting purposes off, asking nobody. */
  guardianNotNow?: string;
  /** The guardian step, when no use waits for the guardian by name. */
  guardianPaused?: string;
  /** The guardian step: what is paused until a parent or guardian agrees, `{list}`. */
  guardianPausedList?: string;
  /**
   * Above the purposes a child picks to ask for, where the child and a guardian consent
   * together (France below 15): what the child agrees to.
   */
  guardianPick?: string;
  /** What the guardian will see and decide. */
  guardianSees?: string;
  /** The button that sends the request. */
  guardianSend?: string;
  /** The guardian step's heading. */
  guardianTitle?: string;
  /** The guardian step, while the child's request waits for the guardian's answer. */
  guardianWaiting?: string;
  /** The guardian-guidance notice's button: on to the banner. */
  guidanceContinue?: string;
  /**
   * The guardian-guidance notice: what the policy asks of a visitor under `{age}` (the
   * seed's clause on minors: read the policy, and decide whether to agree, under the
   * supervision and guidance of a parent or other guardian).
   */
  guidanceText?: string;
  /** The guardian-guidance notice's heading. */
  guidanceTitle?: string;
  /** The months' names in the birth-month select, January first. */
  january?: string;
  /** The seventh month's name in the birth-month select. */
  july?: string;
  /** The sixth month's name in the birth-month select. */
  june?: string;
  /** Separator between items of a list. */
  listSeparator?: string;
  /** The third month's name in the birth-month select. */
  march?: string;
  /** The fifth month's name in the birth-month select. */
  may?: string;
  /** A purpose that needs a consent given for it alone. */
  needsSeparate?: string;
  /** When nobody outside the controller receives it. */
  noRecipients?: string;
  /** The label of the "not allowed" side. */
  notAllowed?: string;
  /**
   * When recording a choice failed: a refusal still applies here, unsigned, and what was
   * allowed stays off; `{why}`.
   */
  notRecorded?: string;
  /** When a choice changed nothing that could be recorded (every switch was unavailable). */
  nothingRecorded?: string;
  /** The eleventh month's name in the birth-month select. */
  november?: string;
  /** The tenth month's name in the birth-month select. */
  october?: string;
  /**
   * The placeholder of a gated embed whose data nobody else receives: `{what}`,
   * `{purpose}`, `{data}`.
   */
  placeholder?: string;
  /**
   * The placeholder of a gated embed whose data is shared: `{what}`, `{purpose}`, `{data}`,
   * `{recipients}`.
   */
  placeholderShared?: string;
  /** The link to the full policy. */
  policyLink?: string;
  /** The persistent button that reopens the choices. */
  privacyChoices?: string;
  /** Label of who receives it. */
  recipientsLabel?: string;
  /** First-layer button: refuse everything optional. */
  rejectAll?: string;
  /**
   * After a withdrawal of purposes whose code already ran on the page, said again in the page
   * reloaded to stop it: `{list}`.
   */
  reloadNeeded?: string;
  /** Label of how long it is kept. */
  retentionLabel?: string;
  /** Second-layer button: record the toggles as they are. */
  save?: string;
  /** Shown in the page the edge sends after it recorded a choice posted to it. */
  savedAtEdge?: string;
  /** Shown after a choice was recorded and signed. */
  savedSigned?: string;
  /** Shown after a choice was kept in this browser only. */
  savedUnsigned?: string;
  /** The second layer's introduction. */
  secondIntro?: string;
  /** The second layer's heading. */
  secondTitle?: string;
  /**
   * The first layer's note when "accept all" cannot turn some purposes on, because each of
   * them needs a consent given for it alone (PIPL Art. 29, 39; GB/T 35273-2020 5.4):
   * `{accept}` and `{choose}` (the buttons' words), `{list}` (the purposes).
   */
  separateNote?: string;
  /** The ninth month's name in the birth-month select. */
  september?: string;
  /** Shown when no consent service signs the choice. */
  unsigned?: string;
  /** The button that accepts a version that reduces the visitor's rights. */
  updateAccept?: string;
  /** The update notice's button that records the answers. */
  updateConfirm?: string;
  /** The link to the full list of changes. */
  updateDiff?: string;
  /** The minor update bar's button that dismisses it. */
  updateDismiss?: string;
  /** The button that leaves that acceptance for later (the older terms keep applying). */
  updateLater?: string;
  /** The update notice's heading for a major change. */
  updateMajorTitle?: string;
  /** The update notice's heading for a minor change. */
  updateMinorTitle?: string;
  /** The update notice's introduction to the purposes it asks about again. */
  updateReconsentIntro?: string;
  /** What applies until then: `{version}`, the version the visitor agreed to. */
  updateTermsNote?: string;
  /** A vendor's purposes under consent. */
  vendorConsent?: string;
  /** A vendor's purposes under its legitimate interest (its switch off is an objection). */
  vendorLegitimateInterest?: string;
  /** The link to a vendor's privacy policy: `{name}`. */
  vendorPolicy?: string;
  /** How long a vendor keeps data: `{days}`. */
  vendorRetentionDays?: string;
  /** A vendor's special features. */
  vendorSpecialFeatures?: string;
  /** The second layer's vendors section (a site with IAB TCF vendors): its heading. */
  vendorsHeading?: string;
  /** What the vendors section is and what its switches do. */
  vendorsIntro?: string;
  /** After a withdrawal that needs no reload: `{list}`. */
  withdrawn?: string;
}>;
