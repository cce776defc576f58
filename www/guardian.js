// The age gate and the guardian flow at the edge: server-rendered pages (no script, no inline
// style, so a strict CSP holds) and a small JSON API. Every rule is the engine's: which band an
// answer locks, whether a child needs a guardian, which purposes a guardian is asked about, which
// verification methods those allow, every state change of a request and whether a guardian's
// receipt counts. This file stores, routes and renders what the engine returns.
import {
  guardianRequestBody,
  guardianRevocable,
  guardianShortCode,
  guardianTokenMatches,
  guardianVerification,
  guardianVerifiers,
  guardianWords,
} from "assent";
import { escape, htmlPage } from "./html-page.js";
import {
  askedLocale,
  cookieHeader,
  headersWith,
  HttpError,
  invalid,
  json,
  localPath,
  own,
  randomToken,
  readForm,
  readJsonText,
  seeOther,
  sha256Hex,
  siteOrigin,
} from "./http.js";
import { rfc3339, subjectErasedFailure } from "./consent-log.js";
import { announce, listening } from "./events.js";
import { logFor } from "./log-shards.js";
import { AGE_COOKIE, clock, CONSENT_COOKIE, deviceCookie, engine, fail, httpError, identity, newSubject, setup, visitor } from "./visitor.js";

import {
  FAILED_VERIFICATIONS_PER_REQUEST,
  MESSAGES_PER_CONTACT,
  REQUESTS_PER_CHILD,
  WRONG_CODES_PER_CLIENT,
} from "./guardian-requests.js";

/** The age lock lasts a year; a new answer never loosens it (the engine keeps the stricter band). */
export const AGE_LOCK_SECONDS = 365 * 24 * 3600;
/** A link token or nonce as the engine and this file make them: base64url. */
const TOKEN = "[A-Za-z0-9_-]{16,128}";
/**
 * Either opens a request's pages: a token, or 8 letters and digits that the engine reads as a short
 * code, or not (`guardianShortCode`).
 */
const KEY = `${TOKEN}|[A-Za-z0-9]{8}`;

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// ---------------------------------------------------------------------------------------------
// Words. The purposes' own texts come from the policy (`policy.texts(locale)`); these are only the
// pages' frame, in each of the engine's languages (`guardianWords`), so a page speaks the locale the
// policy resolved, English for a language the engine lacks.

/** The pages' words in `locale` (a locale the policy resolved), kept per locale once made. */
const wordsByLocale = new Map();
function wordsFor(locale) {
  if (!wordsByLocale.has(locale)) wordsByLocale.set(locale, guardianWords(locale));
  return wordsByLocale.get(locale);
}

/** An RFC 3339 time as a person reads it, in UTC (`2026-12-14 10:00 UTC`), as the guardian's message says it. */
const moment = (time) => time.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d)?Z$/, "$1 $2 UTC");

/** A sentence of the words with its `{name}` places filled from `values`. */
function fill(sentence, values) {
  return sentence.replace(/\{(\w+)\}/g, (place, name) => (own(values, name) ? String(values[name]) : place));
}

/** The locale the pages speak for an asked one: the policy's match, in the words' language. */
function localeFor(env, asked) {
  return wordsFor(setup(env).policy.texts(asked).locale).locale;
}

/** The locale for this visitor: `?lang=`, else the browser's languages, as the policy matches them. */
function localeOf(env, request, url) {
  return localeFor(env, askedLocale(request, url));
}

function html(locale, title, body, status = 200, headers = {}) {
  return htmlPage({
    lang: locale,
    title,
    mainClass: "assent-guardian",
    body,
    status,
    headers: headersWith(
      {
        "cache-control": "no-store",
        "content-security-policy": CSP,
        // Same-origin: the guardian's link never leaves in a Referer, and the site's own forms
        // still carry their Origin, which readForm checks.
        "referrer-policy": "same-origin",
      },
      headers,
    ),
  });
}

/** An HTML route's error: the same code and status the JSON API would give, as a page. */
function htmlError(locale, e) {
  const w = wordsFor(locale);
  const hint = e.hint ? `<p class="assent-hint">${escape(e.hint)}</p>` : "";
  const body = `<p class="assent-error" data-code="${escape(e.code)}">${escape(e.message)}</p>${hint}<p><code>${escape(e.code)}</code></p>`;
  return html(locale, w.errorTitle, body, e.status, e.headers ?? {});
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/**
 * The client a wrong short code counts against: the network of the address Cloudflare gives (a
 * header it sets itself), hashed so that the limits table holds no address in clear.
 */
async function clientOf(request) {
  return sha256Hex(networkOf(request.headers.get("cf-connecting-ip") ?? "unknown"));
}

/**
 * The network an address counts as: an IPv4 address itself (also one written as IPv6, `::ffff:a.b.c.d`),
 * an IPv6 address its /64, the smallest block a subscriber is given (many are given a /56 or a
 * /48), so that the addresses one connection picks at will count as one client.
 */
function networkOf(address) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") && tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}

/** What the rate limits answer (`{code, retryAfter}` from GuardianRequests), as a 429 with Retry-After. */
function tooMany({ code, retryAfter }) {
  const minutes = Math.ceil(retryAfter / 60);
  const [message, hint] = {
    "guardian.too_many_requests": [
      `this child already sent ${REQUESTS_PER_CHILD} guardian requests today`,
      `wait for the guardian's answer, or try again in ${minutes} minutes`,
    ],
    "guardian.too_many_messages": [
      `this guardian's address already got ${MESSAGES_PER_CONTACT} messages today`,
      `use the message already sent, or try again in ${minutes} minutes`,
    ],
    "guardian.too_many_codes": [
      `too many wrong codes were typed (at most ${WRONG_CODES_PER_CLIENT} per 15 minutes); codes are not accepted for now`,
      `open the link in the message instead, or try the code again in ${minutes} minutes`,
    ],
  }[code] ?? ["too many attempts", `try again in ${minutes} minutes`];
  return new HttpError(429, code, message, { hint, headers: { "retry-after": String(retryAfter) } });
}

function lockedError() {
  return new HttpError(423, "guardian.locked", `this request is locked after ${FAILED_VERIFICATIONS_PER_REQUEST} failed verifications`, {
    hint: "the child can send a new request",
  });
}

/** Counts a failed verification on a request: 423 once it locks it, else `error`. */
async function failedVerification(env, stored, error) {
  const { locked } = await guardians(env).failed(stored.tokenSha256);
  throw locked ? lockedError() : error;
}

/**
 * Whether the site can send messages to guardians: the GUARDIAN_MAIL binding (the site's mail
 * Worker), or locally the outbox (DEV_MODE). Without either, nothing is asked of a guardian: the
 * child's step and page say what to do instead, and a request is refused before anything is stored.
 */
export function sendsToGuardians(env) {
  return Boolean(env.GUARDIAN_MAIL || env.DEV_MODE);
}

/** Whether the worker's log has said, in this isolate, that no sender is bound. */
let toldOperator = false;

/**
 * A child's request whose message nobody would send is refused (503), in words for the child;
 * what the operator must do goes to the log.
 */
function needSender(env, locale) {
  if (sendsToGuardians(env)) return;
  // Said once per isolate: any visitor can post a request.
  if (!toldOperator) {
    toldOperator = true;
    console.error('assent edge: a child asked a guardian, but GUARDIAN_MAIL is not bound: bind a Worker that sends mail (docs/deploy.md, "Messages to guardians")');
  }
  throw new HttpError(503, "guardian.no_sender", wordsFor(locale).cannotSend, {
    hint: "the site has to set up its messages to guardians first",
  });
}

export function guardians(env) {
  return env.GUARDIAN_REQUESTS.get(env.GUARDIAN_REQUESTS.idFromName("main"));
}

/** Wraps an HTML route: errors become pages in the visitor's locale. */
export function page(handler) {
  return async (request, env, url, match) => {
    const locale = localeOf(env, request, url);
    try {
      return await handler(request, env, url, match, locale);
    } catch (e) {
      if (e instanceof HttpError) return htmlError(locale, e);
      throw e;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// The age gate.

function ageGatePage(request, env, url, _m, locale) {
  const w = wordsFor(locale);
  const years = setup(env).policy.birthYears(clock(request, env));
  const back = localPath(url.searchParams.get("return"));
  // No option is selected: the empty "Choose…" comes first and is required away.
  const yearOptions = years.map((y) => `<option value="${y}">${y}</option>`).join("");
  const monthOptions = w.months.map((m, i) => `<option value="${i + 1}">${escape(m)}</option>`).join("");
  const body = `<form method="post" action="/age?lang=${escape(locale)}" class="assent-age-form">
<p>${escape(w.ageQuestion)}</p>
<input type="hidden" name="return" value="${escape(back)}">
<label>${escape(w.year)} <select name="birthYear" required><option value="" selected disabled>${escape(w.choose)}</option>${yearOptions}</select></label>
<label>${escape(w.month)} <select name="birthMonth" required><option value="" selected disabled>${escape(w.choose)}</option>${monthOptions}</select></label>
<button type="submit">${escape(w.continue)}</button>
</form>`;
  return html(locale, w.ageTitle, body);
}


async function answerAge(request, env, url) {
  const form = await readForm(request);
  const year = Number(form.get("birthYear"));
  const month = Number(form.get("birthMonth"));
  if (!Number.isInteger(year) || !Number.isInteger(month) || !form.get("birthYear") || !form.get("birthMonth")) {
    throw invalid("choose a birth year and a month");
  }
  const { policy } = setup(env);
  const now = clock(request, env);
  const who = await visitor(request, env, url, now);
  // The strictest lock this device holds, whoever's subject it names: no cookie game loosens it.
  const existing = who.identity.heldLock;
  const answer = { birthYear: year, birthMonth: month, jurisdiction: who.context.jurisdiction, now };
  if (existing) answer.existing = existing;
  const { lock, conflict } = engine(() => policy.answerAgeGate(answer));
  if (conflict) {
    // The lock counts disagreeing answers itself (`conflicts`); the log line is for the operator.
    console.log(`assent age gate: a different answer for a locked device (conflicts: ${lock.conflicts})`);
  }
  // Back where the visitor was, to the choices when they had asked for them (`then=second`).
  const back = new URL(localPath(form.get("return") ?? "/"), url.origin);
  if (url.searchParams.get("then") === "second") back.searchParams.set("assent", "second");
  // The lock is bound to the device's credential: the same subject, issued now if it had none.
  const response = seeOther(back.pathname + back.search);
  // An erased subject takes no new lock: the device moves on to a new one.
  const subject = who.subject && !who.erasedAt ? who.subject : newSubject();
  for (const cookie of await lockCookies(request, env, who, { lock, subject, now })) {
    response.headers.append("set-cookie", cookie);
  }
  return response;
}

/**
 * The `Set-Cookie` values of a device whose subject was erased: the erased pseudonym goes with its
 * receipts. The device's age lock stays (erasing never loosens it), signed again for a new
 * subject, with a new credential carrying it; a device without a lock keeps no credential.
 */
export async function newSubjectCookies(request, env, heldLock, now) {
  if (!heldLock) return [cookieHeader(request, CONSENT_COOKIE, "", 0)];
  const subject = newSubject();
  return lockCookies(request, env, { subject, identity: {} }, { lock: heldLock, subject, now });
}

/**
 * Appends a choice of the visitor `who` to their shard, the one way a visitor's own choice is
 * logged (the consent API, the banner's forms, what a child left out when asking): the engine
 * checks it against their context first (`checkChoice`); an erased subject moves the device on
 * (`subjectErased`); a child's "no" to what an open guardian request asks about withdraws that
 * request, so no guardian then turns on what the child refused. The shard's answer.
 */
export async function appendChoice(request, env, who, choice, expectedPrev) {
  const { pinned } = engine(() => setup(env).policy.checkChoice(who.context, choice));
  // A verdict the engine pinned to the consents in force as read (a withdrawal) is appended only
  // while the receipt read is still the subject's latest, so two withdrawals of one consent sent
  // at once never both stand (the other is 409 `consent.stale_previous`).
  if (expectedPrev === undefined && pinned) expectedPrev = who.head;
  const appended = await logFor(env, choice.subject).append({ choice, expectedPrev });
  if (appended.error?.code === "subject.erased") throw await subjectErased(request, env, who, appended.error);
  if (appended.error) fail(appended.error);
  if (who.context.ageBand === "below_guardian_age") await withdrawAskedAbout(env, choice, who.context.now);
  return appended;
}

/**
 * Whether the child's newest request to a guardian waits for the guardian's answer (the engine's
 * `childStep` is `wait`): the banner then says so and asks nobody again. Read only for a visitor
 * below the guardian age with a subject; false for anyone else.
 */
export async function guardianAsked(env, who, ageBand) {
  if (ageBand !== "below_guardian_age" || !who.subject) return false;
  return (await newestRequest(env, who)).open;
}

/**
 * The child's newest request as stored (null: none), and whether it is open: a guardian has it
 * and has not answered (the engine's `childStep` is `wait`).
 */
async function newestRequest(env, who) {
  const newest = await guardians(env).latestFor(who.subject);
  const open = Boolean(newest) && engine(() => setup(env).policy.childStep(who.context, newest.request)).step === "wait";
  return { newest, open };
}

/**
 * The answer to a request from a device whose subject was erased (on another device that spoke
 * for it): 410 `subject.erased` (the shard's `error`, or one made from `who.erasedAt`), with the
 * new subject's cookies, under which the visitor's next choice records.
 */
export async function subjectErased(request, env, who, error) {
  const refused = httpError(error ?? subjectErasedFailure(who.erasedAt).error);
  const cookies = await newSubjectCookies(request, env, who.identity.heldLock, who.context.now);
  refused.headers = cookies.map((cookie) => ["set-cookie", cookie]);
  return refused;
}

/**
 * The `Set-Cookie` values that bind an age lock to `subject` for AGE_LOCK_SECONDS: the lock the
 * edge signs, and the device credential, which carries the lock too, so that dropping the lock's
 * cookie loosens nothing.
 */
export async function lockCookies(request, env, who, { lock, subject, now }) {
  const expiresAt = new Date(Date.parse(now) + AGE_LOCK_SECONDS * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const ageLock = { lock, subject, expiresAt };
  const token = engine(() => setup(env).signer.signAgeLock(ageLock));
  return [cookieHeader(request, AGE_COOKIE, token, AGE_LOCK_SECONDS), await deviceCookie(request, env, who, subject, now, ageLock)];
}

// ---------------------------------------------------------------------------------------------
// The child's side: the page state, and asking a guardian.

/**
 * The visitor and, on the device whose age lock names them (the engine's identity holds only the
 * subject's own lock), their newest guardian request as stored.
 */
async function childState(request, env, url) {
  const now = clock(request, env);
  const who = await visitor(request, env, url, now);
  let stored = null;
  if (who.identity.ageLock) {
    stored = await guardians(env).latestFor(who.subject);
    // A guardian's step left unfinished by a crash is finished before the child's state is read.
    if (stored?.pending) await finishPending(env, stored.tokenSha256, stored.pending);
  }
  return { who, stored, now };
}

async function state(request, env, url) {
  const { who, stored, now } = await childState(request, env, url);
  const { policy } = setup(env);
  const evaluation = policy.evaluate(who.context);
  const guardianRequest = stored
    ? {
        state: engine(() => policy.guardianRequestState(stored.request, now)),
        expiresAt: stored.request.expiresAt,
        purposes: stored.request.purposes,
        decisions: stored.request.decisions,
      }
    : null;
  return json({
    subject: who.subject,
    jurisdiction: who.context.jurisdiction,
    ageBand: evaluation.ageBand,
    page: evaluation.page,
    purposes: evaluation.purposes.map(({ purpose, kind, decision }) => ({ purpose, kind, decision })),
    guardianRequest,
  });
}

/**
 * Creates a guardian request for the visitor. Whether they may ask (a child the engine puts in the
 * guardian flow, on the device whose age lock names them), which purposes are asked (those the
 * engine says need a guardian's consent, never one forbidden for minors) and what an address is
 * are the engine's rules (`policy.askGuardian`); this stores the request and queues the message.
 * `method`: how the child asked (`api` from the JSON route, `banner_layer2` from the step's form),
 * for the receipt of what a child who picks left out.
 */
async function createRequest(request, env, url, contact, locale, only, method) {
  if (typeof contact !== "string") throw invalid("`contact` must be the guardian's email address");
  needSender(env, locale);
  const now = clock(request, env);
  const who = await visitor(request, env, url, now);
  // A subject erased on another device asks nobody: this device gets a new one first.
  if (who.erasedAt) throw await subjectErased(request, env, who);
  const { policy } = setup(env);
  const origin = siteOrigin(env, url);
  // The engine writes the message too: who asks, who runs the site, what is asked, the link and
  // the code, what happens without an answer, the policy and the contact.
  const made = engine(() =>
    policy.askGuardian(who.context, {
      child: who.subject,
      lockSubject: who.identity.ageLock?.subject ?? null,
      contact,
      purposes: only,
      origin,
      locale,
    }),
  );
  // Where the child picks what to ask for, what they left out is their own "no" (the engine's
  // `declined`), recorded before the request: a refusal only turns things off, so it stands
  // whatever happens to the request, and the guardian step stops asking about it every visit.
  if (made.declined.length) {
    const choices = Object.fromEntries(made.declined.map((purpose) => [purpose, false]));
    const choice = engine(() => policy.receiptChoice(who.context, { subject: who.subject, locale, method, choices }));
    const appended = await appendChoice(request, env, who, choice);
    await announce(env, method === "api" ? "api" : "form", who.context, [appended.receipt]);
  }
  const { subject, body, link } = made.message;
  // A child has one open request at a time: a new one closes the one still waiting (the engine's
  // `cancel`), so no answer to an older request can stand against a guardian's answer to a newer
  // one, nor a second mailbox's against the first's.
  const { newest, open } = await newestRequest(env, who);
  const superseded = open ? { before: newest.request, after: engine(() => policy.applyGuardianEvent(newest.request, { type: "cancel" }, now)) } : null;
  const created = await guardians(env).create({
    tokenSha256: await sha256Hex(made.token),
    codeSha256: await sha256Hex(made.code),
    request: made.request,
    methods: made.methods,
    contactSha256: await sha256Hex(made.contactKey),
    message: {
      recipient: made.recipient,
      subject,
      body,
      link,
    },
    time: now,
    newest: newest?.tokenSha256 ?? null,
    superseded,
  });
  if (created.limited) throw tooMany(created.limited);
  if (created.changed) throw new HttpError(409, "guardian.changed", "another request to a guardian was made meanwhile", { hint: "open the guardian step again" });
  return { request: made.request, methods: made.methods, link: `/guardian/${made.token}` };
}

async function createRequestJson(request, env, url) {
  // The engine reads the body (`guardianRequestBody`) before the visitor is identified.
  const text = await readJsonText(request);
  const body = engine(() => guardianRequestBody(text));
  const { purposes } = body;
  // A locale the body names is kept only where the policy speaks it too: the message and the
  // guardian's pages then say the same language as the purposes' texts.
  const locale = body.locale != null && localeFor(env, body.locale) === body.locale ? body.locale : localeOf(env, request, url);
  const made = await createRequest(request, env, url, body.contact, locale, purposes, "api");
  // The link is the guardian's: the child's side learns only the state and the expiry.
  return json({ state: made.request.state, expiresAt: made.request.expiresAt, purposes: made.request.purposes }, 201);
}

/** The child's page: what the engine says it shows (`policy.childStep`), with their newest request. */
async function pendingPage(request, env, url, _m, locale) {
  const w = wordsFor(locale);
  const { who, stored } = await childState(request, env, url);
  const { step, state, pick = [] } = engine(() => setup(env).policy.childStep(who.context, stored?.request ?? null));
  if (step === "leave") return new Response(null, { status: 303, headers: { location: "/" } });
  let status = "";
  if (stored) {
    status = `<p class="assent-request" data-state="${escape(state)}">${escape(w.requestState)}: ${escape(
      w.states[state] ?? state,
    )} (${escape(w.expires)} ${escape(moment(stored.request.expiresAt))})</p>`;
  }
  const ask = step === "ask";
  // Where the child and a guardian consent together, the child picks what to ask for (the engine's `pick`).
  const names = pick.length ? setup(env).policy.texts(locale).purposes : {};
  const boxes = pick.length
    ? `<fieldset><legend>${escape(w.pickLabel)}</legend>${pick
        .map((id) => `<label><input type="checkbox" name="purpose" value="${escape(id)}"> ${escape(names[id]?.name ?? id)}</label>`)
        .join("\n")}</fieldset>\n`
    : "";
  // Without a way to send the request, the child is told what to do instead.
  const form = !ask
    ? ""
    : sendsToGuardians(env)
      ? `<form method="post" action="/guardian/request?lang=${escape(locale)}">
${boxes}<label>${escape(w.contactLabel)} <input type="email" name="contact" required autocomplete="off"></label>
<button type="submit">${escape(w.send)}</button>
</form>`
      : `<p class="assent-no-sender">${escape(w.cannotSend)}</p>`;
  // A refresh every 15 s, without a script: the page shows the guardian's answer when it comes.
  const refresh = ask ? {} : { refresh: "15" };
  return html(locale, w.pendingTitle, `<p class="assent-pending">${escape(w.pendingText)}</p>${status}${form}`, 200, refresh);
}

async function createRequestForm(request, env, url, _m, locale) {
  const form = await readForm(request);
  // The purposes the child picked, where they pick; none named asks about every one waiting.
  const picked = [...new Set(form.getAll("purpose"))];
  await createRequest(request, env, url, form.get("contact"), locale, picked.length ? picked : undefined, "banner_layer2");
  return new Response(null, { status: 303, headers: { location: `/guardian/request?lang=${encodeURIComponent(locale)}` } });
}

// ---------------------------------------------------------------------------------------------
// The guardian's side.

/**
 * The stored request a link token or short code opens, checked by the engine; 404 otherwise, 429
 * while this client typed too many wrong codes (a code only: the link still works), 423 once the
 * request is locked.
 */
async function opened(request, env, token) {
  const code = guardianShortCode(token);
  let stored;
  if (code) {
    const client = await clientOf(request);
    const now = clock(request, env);
    const found = await guardians(env).byCodeFrom(await sha256Hex(code), client, now);
    if (found.limited) throw tooMany(found.limited);
    stored = found.stored;
    if (stored && !guardianTokenMatches(stored.request, token)) await guardians(env).wrongCode(client, now);
  } else {
    stored = await guardians(env).byToken(await sha256Hex(token));
  }
  if (!stored || !guardianTokenMatches(stored.request, token)) {
    throw new HttpError(404, "guardian.unknown_request", "this link opens no guardian request");
  }
  if (stored.locked) throw lockedError();
  if (stored.pending) {
    await finishPending(env, stored.tokenSha256, stored.pending);
    return { ...stored, pending: null };
  }
  return stored;
}

/**
 * `opened`, for a step only the guardian takes (the request's page, verifying, deciding): refused
 * with 409 `guardian.childs_device` on the device the child asked from, or one holding a child's or
 * a minor's age lock (the engine's rule, `checkGuardianDevice`). Revoking is not refused: it only
 * takes consent away.
 */
async function openedByGuardian(request, env, url, token) {
  const stored = await opened(request, env, token);
  const who = await identity(request, env, clock(request, env));
  engine(() => setup(env).policy.checkGuardianDevice({ request: stored.request, subject: who.subject ?? null, held: who.heldLock ?? null }));
  return stored;
}

function purposeList(w, texts, purposes, decide, decisions) {
  return purposes
    .map((id) => {
      const t = texts.purposes[id] ?? { name: id, description: "", data: [], recipients: [], retention: "" };
      const choice = decide
        ? `<label><input type="radio" name="p:${escape(id)}" value="allow" required> ${escape(w.approve)}</label>
<label><input type="radio" name="p:${escape(id)}" value="refuse"> ${escape(w.refuse)}</label>`
        : "";
      const decided = decisions?.[id]
        ? `<p class="assent-decision" data-state="${escape(decisions[id])}">${escape(
            w.decisions[decisions[id]] ?? decisions[id],
          )}</p>`
        : "";
      return `<fieldset class="assent-purpose" data-purpose="${escape(id)}">
<legend>${escape(t.name)}</legend>
<p>${escape(t.description)}</p>
<dl>${[
        [w.data, t.data.join(", ")],
        [w.recipients, t.recipients.join(", ")],
        [w.retention, t.retention],
      ]
        .filter(([, v]) => v)
        .map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`)
        .join("")}</dl>
${choice}${decided}
</fieldset>`;
    })
    .join("\n");
}

function verifyForms(w, token, locale, methods, devMode) {
  const { link, testCard } = guardianVerifiers(devMode);
  const relationship = `<label>${escape(w.relationship)} <select name="relationship" required>
<option value="" selected disabled>${escape(w.choose)}</option>
${Object.entries(w.relationships)
  .map(([value, label]) => `<option value="${escape(value)}">${escape(label)}</option>`)
  .join("")}</select></label>`;
  return methods
    .map((m) => {
      const name = escape(w.methodNames[m] ?? m);
      if (m === link) {
        return `<form method="post" action="/guardian/${token}/verify?lang=${locale}" class="assent-verify" data-method="${m}">
<h3>${name}</h3><input type="hidden" name="method" value="${m}">${relationship}
<label>${escape(w.yourEmail)} <input type="email" name="email" autocomplete="email" required></label>
<button type="submit">${escape(w.verify)}</button></form>`;
      }
      if (m === testCard) {
        return `<form method="post" action="/guardian/${token}/verify?lang=${locale}" class="assent-verify" data-method="${m}">
<h3>${name}</h3><p class="assent-dev-verifier"><strong>${escape(w.devVerifier)}</strong></p>
<input type="hidden" name="method" value="${m}">${relationship}
<label>${escape(w.testCard)} <input name="card" inputmode="numeric" autocomplete="off" required></label>
<button type="submit">${escape(w.verify)}</button></form>`;
      }
      return `<p class="assent-method-unavailable" data-method="${escape(m)}">${name}: ${escape(w.unavailable)}</p>`;
    })
    .join("\n");
}

async function guardianPage(request, env, url, [token], locale) {
  const w = wordsFor(locale);
  const stored = await openedByGuardian(request, env, url, token);
  const { policy } = setup(env);
  const now = clock(request, env);
  // What the page asks of the guardian is the engine's to say, from the request's state.
  const { step, state: current } = engine(() => policy.guardianStep(stored.request, now));
  const r = stored.request;
  const texts = policy.texts(locale);
  const intro = `<p class="assent-who">${escape(fill(w.whoAsked, { id: `…${r.child.slice(-6)}`, date: r.createdAt.slice(0, 10) }))}</p>
<p class="assent-request" data-state="${escape(current)}">${escape(w.requestState)}: ${escape(w.states[current] ?? current)} (${escape(w.expires)} ${escape(moment(r.expiresAt))})</p>`;
  if (step === "closed") return html(locale, w.guardianTitle, `${intro}<p class="assent-expired">${escape(w.expiredText)}</p>`, 410);
  let body;
  if (step === "verify") {
    const waiting = stored.confirmSha256 ? `<p class="assent-check-mail">${escape(w.checkMail)}</p>` : "";
    body = `${purposeList(w, texts, r.purposes, false)}<h2>${escape(w.verifyTitle)}</h2>${waiting}${verifyForms(w, token, locale, stored.methods, Boolean(env.DEV_MODE))}`;
  } else if (step === "decide") {
    body = `<h2>${escape(w.decideTitle)}</h2><form method="post" action="/guardian/${token}/decide?lang=${locale}" class="assent-decide">
${purposeList(w, texts, r.purposes, true)}
<button type="submit">${escape(w.decide)}</button></form>`;
  } else {
    body = `<h2>${escape(w.decidedTitle)}</h2>${purposeList(w, texts, r.purposes, false, r.decisions)}
<p><a href="/guardian/${token}/manage?lang=${locale}">${escape(w.manage)}</a></p>`;
  }
  return html(locale, w.guardianTitle, intro + body);
}

/**
 * A step that the guardian signs: the engine applies the event and says what it records for the
 * child (`policy.guardianChoice`), and the new state is stored only if the request did not change
 * meanwhile (so two racing decisions cannot both pass), together with the choice still to log.
 * Then the choice is signed and logged under the step's key. If the engine refuses to sign, the
 * request goes back to what it was; if the process dies first, the next opening of the request
 * finishes the step (`finishPending`): never a decision without its receipt, and never two
 * receipts for one step.
 */
async function signedStep(request, env, stored, event, now, locale) {
  const { next, pending } = await advance(env, stored, event, now, locale);
  // Local runs only: a test stops here, as a process killed between the two writes would.
  if (env.DEV_MODE && request.headers.get("x-assent-dev-crash") === "after-state") {
    throw new Error("stopped after storing the state (X-Assent-Dev-Crash)");
  }
  // Local runs only: `after-log` stops between logging the receipt and clearing the step.
  const stopAfterLog = Boolean(env.DEV_MODE) && request.headers.get("x-assent-dev-crash") === "after-log";
  await finishPending(env, stored.tokenSha256, pending, stored.request, next, stopAfterLog);
}

/**
 * Logs a pending step's choice (once, by its key; the log checks it against the child's context
 * before signing) and clears it; on refusal, the request goes back from `after` to `before`. A
 * step whose receipt was logged and then erased (the child's erasure came between) is cleared,
 * never logged again.
 */
async function finishPending(env, tokenSha256, pending, before, after, stopAfterLog = false) {
  // A step stored by the single-object log (`{key, locale, purposes}`, no choice): the sharded
  // log is a new log and cannot finish it (docs/log.md).
  if (typeof pending?.choice?.subject !== "string") {
    throw new HttpError(409, "guardian.pending_outdated", "this request has a step stored by an earlier version of the log, which cannot be finished", {
      hint: "ask for a new guardian request from the child's device",
    });
  }
  // The consents before this step, for the events it raises (only when the site listens).
  const child = pending.choice.subject;
  const consentsBefore = listening() ? await childContext(env, pending.context, child) : null;
  // The child's shard: the choice's subject is the child.
  const appended = await logFor(env, pending.choice.subject).append({
    choice: pending.choice,
    context: pending.context,
    key: pending.key,
  });
  if (appended.error?.code === "log.erased") {
    await guardians(env).settle(tokenSha256, pending.key);
    return;
  }
  if (appended.error?.code === "subject.erased") {
    // The child's data was erased since the step began: nothing is recorded for them again.
    await guardians(env).settle(tokenSha256, pending.key);
    throw new HttpError(410, "guardian.child_erased", "the child's data was erased, so nothing more is recorded for them", {
      hint: "there is nothing left to decide on this request",
    });
  }
  if (appended.error) {
    if (before) await guardians(env).update(tokenSha256, after, before);
    fail(appended.error);
  }
  if (stopAfterLog) throw new Error("stopped after logging the receipt (X-Assent-Dev-Crash)");
  await guardians(env).settle(tokenSha256, pending.key);
  if (consentsBefore) await announce(env, "guardian", consentsBefore, [appended.receipt]);
}

/**
 * The child's context with the consents its guardians' receipts in the log record now; null (the
 * events are not raised, the step goes on) when they cannot be read.
 */
async function childContext(env, context, subject) {
  try {
    const { policy, jwksText } = setup(env);
    const now = rfc3339(Date.now());
    const receipts = (await logFor(env, subject).latestReceipts(subject)).map((r) => r.jws);
    const { consents } = policy.consentsFromReceipts(receipts, jwksText, { now, subject });
    return { ...context, now, consents };
  } catch (e) {
    console.error("assent edge: the guardian step's events will not be raised:", e?.stack ?? e);
    return null;
  }
}

/**
 * Applies an event with the engine and stores the result; 409 if the request changed meanwhile.
 * With a `locale`, the step records a choice: it is stored as pending with the new state.
 */
/**
 * Withdraws the child's open guardian request (the engine's `cancel`) when the engine says
 * `choice`, just logged for the child, refuses a purpose it asks about (`childWithdraws`): the
 * guardian's link then shows a closed request, and the child may ask again about what they still
 * want.
 */
async function withdrawAskedAbout(env, choice, now) {
  const stored = await guardians(env).latestFor(choice.subject);
  if (!stored || !engine(() => setup(env).policy.childWithdraws(stored.request, choice, now))) return;
  await advance(env, stored, { type: "cancel" }, now);
}

async function advance(env, stored, event, now, locale = null) {
  const { policy } = setup(env);
  const next = engine(() => policy.applyGuardianEvent(stored.request, event, now));
  const pending =
    locale === null ? null : { key: crypto.randomUUID(), ...engine(() => policy.guardianChoice(next, event, locale)) };
  const written = await guardians(env).update(stored.tokenSha256, stored.request, next, pending);
  if (!written.ok) throw new HttpError(409, "guardian.changed", "the request changed meanwhile; open the link again");
  return { next, pending };
}

async function verify(request, env, url, [token], locale) {
  const form = await readForm(request);
  const stored = await openedByGuardian(request, env, url, token);
  const now = clock(request, env);
  const back = `/guardian/${token}?lang=${encodeURIComponent(locale)}`;
  // Which verifier proves the chosen method, and whether the form passes it, is the engine's to say.
  const fields = { method: form.get("method"), relationship: form.get("relationship"), card: form.get("card"), email: form.get("email") };
  let answer;
  try {
    answer = guardianVerification(stored.methods, fields, Boolean(env.DEV_MODE), stored.contactSha256);
  } catch (e) {
    if (e?.name !== "AssentError") throw e;
    // A wrong answer to a verifier counts against the request (enough of them lock it).
    if (e.code === "guardian.verification_failed") await failedVerification(env, stored, httpError(e));
    fail(e);
  }
  if (answer.then === "send_link") {
    if (!sendsToGuardians(env)) {
      console.error('assent edge: a guardian chose email verification, but GUARDIAN_MAIL is not bound (docs/deploy.md, "Messages to guardians")');
      throw new HttpError(503, "guardian.no_sender", "this site cannot send the confirmation email yet", { hint: "choose another way to verify" });
    }
    // Email-plus: the guardian proves the address by a second click, on a link sent to it.
    const nonce = randomToken();
    const link = `${siteOrigin(env, url)}/guardian/${token}/confirm/${nonce}?lang=${encodeURIComponent(locale)}&relationship=${answer.relationship}`;
    const awaiting = await guardians(env).awaitConfirmation(stored.tokenSha256, {
      confirmSha256: await sha256Hex(nonce),
      relationship: answer.relationship,
      message: { recipient: answer.recipient, subject: wordsFor(locale).verifyTitle, body: link, link },
      time: now,
    });
    if (awaiting.limited) throw tooMany(awaiting.limited);
    return new Response(null, { status: 303, headers: { location: back } });
  }
  await advance(env, stored, answer.event, now);
  return new Response(null, { status: 303, headers: { location: back } });
}

/**
 * The page a confirmation link opens: one button that posts the confirmation. Following a link
 * changes nothing, so a mail scanner that fetches every link in a message confirms nothing.
 */
async function confirmPage(request, env, url, [token, nonce], locale) {
  const w = wordsFor(locale);
  await openedByGuardian(request, env, url, token);
  const body = `<form method="post" action="/guardian/${token}/confirm/${nonce}?lang=${escape(locale)}" class="assent-confirm">
<p>${escape(w.confirmText)}</p>
<button type="submit">${escape(w.confirm)}</button></form>`;
  return html(locale, w.verifyTitle, body);
}

async function confirm(request, env, url, [token, nonce], locale) {
  await readForm(request);
  const stored = await openedByGuardian(request, env, url, token);
  if (!stored.confirmSha256 || stored.confirmSha256 !== (await sha256Hex(nonce))) {
    await failedVerification(
      env,
      stored,
      new HttpError(404, "guardian.unknown_confirmation", "this confirmation link is not (or no longer) valid"),
    );
  }
  const now = clock(request, env);
  // Stored with the confirmation's hash, which matched: the relationship the guardian chose.
  const relationship = stored.confirmRelationship;
  await advance(env, stored, { type: "verify", method: guardianVerifiers(false).link, relationship }, now);
  return new Response(null, { status: 303, headers: { location: `/guardian/${token}?lang=${encodeURIComponent(locale)}` } });
}

async function decide(request, env, url, [token], locale) {
  const form = await readForm(request);
  const stored = await openedByGuardian(request, env, url, token);
  const approvals = {};
  for (const id of stored.request.purposes) {
    const v = form.get(`p:${id}`);
    if (v !== "allow" && v !== "refuse") throw invalid(`choose allow or refuse for ${id}`);
    approvals[id] = v === "allow";
  }
  const now = clock(request, env);
  await signedStep(request, env, stored, { type: "decide", approvals }, now, locale);
  return new Response(null, { status: 303, headers: { location: `/guardian/${token}?lang=${encodeURIComponent(locale)}` } });
}

async function managePage(request, env, url, [token], locale) {
  const w = wordsFor(locale);
  const stored = await opened(request, env, token);
  const r = stored.request;
  const texts = setup(env).policy.texts(locale);
  const given = guardianRevocable(r);
  const body = given.length
    ? `<form method="post" action="/guardian/${token}/revoke?lang=${locale}" class="assent-revoke">
${given
  .map((id) => `<label><input type="checkbox" name="purpose" value="${escape(id)}"> ${escape(texts.purposes[id]?.name ?? id)}</label>`)
  .join("\n")}
<button type="submit">${escape(w.revoke)}</button></form>`
    : `<p>${escape(w.nothingToRevoke)}</p>`;
  return html(locale, w.manageTitle, `${purposeList(w, texts, r.purposes, false, r.decisions)}${body}`);
}

async function revoke(request, env, url, [token], locale) {
  const form = await readForm(request);
  const stored = await opened(request, env, token);
  const purposes = [...new Set(form.getAll("purpose"))];
  if (!purposes.length) throw invalid("choose what to withdraw");
  const now = clock(request, env);
  await signedStep(request, env, stored, { type: "revoke", purposes }, now, locale);
  return new Response(null, { status: 303, headers: { location: `/guardian/${token}/manage?lang=${encodeURIComponent(locale)}` } });
}

function codePage(request, env, url, _m, locale) {
  const w = wordsFor(locale);
  const body = `<form method="post" action="/guardian?lang=${escape(locale)}" class="assent-code">
<label>${escape(w.codeLabel)} <input name="code" required autocomplete="off" autocapitalize="characters" maxlength="16"></label>
<button type="submit">${escape(w.continue)}</button></form>`;
  return html(locale, w.guardianTitle, body);
}

async function enterCode(request, env, url, _m, locale) {
  const code = guardianShortCode((await readForm(request)).get("code") ?? "");
  if (!code) throw new HttpError(404, "guardian.unknown_request", "this code opens no guardian request");
  await opened(request, env, code);
  return new Response(null, { status: 303, headers: { location: `/guardian/${code}?lang=${encodeURIComponent(locale)}` } });
}

async function outbox(env) {
  if (!env.DEV_MODE) throw new HttpError(404, "request.not_found", "nothing at /dev/outbox");
  return json({ messages: await guardians(env).outbox() });
}

/**
 * The outbox as JSON lines, oldest first, from after the id `after`: `cargo xtask demo` copies it
 * into .assent-local/outbox.jsonl (workerd itself writes no files). Each line starts with its id.
 */
async function outboxLines(env, url) {
  if (!env.DEV_MODE) throw new HttpError(404, "request.not_found", "nothing at /dev/outbox.jsonl");
  const raw = url.searchParams.get("after") ?? "0";
  if (!/^\d{1,15}$/.test(raw)) throw invalid("`after` must be a non-negative integer");
  const messages = await guardians(env).outboxAfter(Number(raw));
  const text = messages
    .map(({ id, time, recipient, subject, body, link }) => `${JSON.stringify({ id, time, recipient, subject, body, link })}\n`)
    .join("");
  return new Response(text, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}

/** The routes, in the shape of worker.js's ROUTES. */
export function guardianRoutes() {
  const p = page;
  return [
    { path: /^\/age$/, methods: { GET: p(ageGatePage), POST: p(answerAge) } },
    { path: /^\/v1\/state$/, methods: { GET: state } },
    { path: /^\/v1\/guardian\/requests$/, methods: { POST: createRequestJson } },
    { path: /^\/guardian\/request$/, methods: { GET: p(pendingPage), POST: p(createRequestForm) } },
    { path: /^\/dev\/outbox$/, methods: { GET: (_r, env) => outbox(env) } },
    { path: /^\/dev\/outbox\.jsonl$/, methods: { GET: (_r, env, url) => outboxLines(env, url) } },
    { path: /^\/guardian$/, methods: { GET: p(codePage), POST: p(enterCode) } },
    { path: new RegExp(`^/guardian/(${KEY})$`), methods: { GET: p(guardianPage) } },
    { path: new RegExp(`^/guardian/(${KEY})/verify$`), methods: { POST: p(verify) } },
    { path: new RegExp(`^/guardian/(${KEY})/confirm/(${TOKEN})$`), methods: { GET: p(confirmPage), POST: p(confirm) } },
    { path: new RegExp(`^/guardian/(${KEY})/decide$`), methods: { POST: p(decide) } },
    { path: new RegExp(`^/guardian/(${KEY})/manage$`), methods: { GET: p(managePage) } },
    { path: new RegExp(`^/guardian/(${KEY})/revoke$`), methods: { POST: p(revoke) } },
  ];
}
