// The receipt log's HTTP routes: the head over all shards, a receipt's proof up to it, the
// consistency of two heads, the auditor's entries, a receipt by id, and a subject's erasure. The
// shards and the head object (www/consent-log.js, www/log-head.js) hold the log; the engine
// computes every hash and proof; this file only reads requests and writes answers.
//
// What each route trusts (docs/threat-model.md): the head and consistency are public; a receipt's
// proof goes only to who already holds the receipt (its chain link in `?link=`), its own subject
// (the device credential) or the auditor, and is 404 to anyone else, as for an unknown id;
// entries name subjects and are the auditor's only (the AUDITOR_TOKEN bearer); a receipt by id
// goes to its own subject or the auditor; an erasure is the subject the request speaks for (the
// device credential, else the age lock: `identify`).
import { logHeadProof } from "assent";
import { erasedFailure, MAX_PAGE } from "./consent-log.js";
import { guardians, newSubjectCookies } from "./guardian.js";
import { cookieHeader, HttpError, invalid, json, readJson, checkFields } from "./http.js";
import { allShards, logFor, logHead, RECEIPT_ID, shard, shardCount } from "./log-shards.js";
import { clock, fail, identity } from "./visitor.js";

function nonNegativeInt(url, name, fallback) {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw invalid(`\`${name}\` must be a non-negative integer`);
  return Number(raw);
}

/**
 * Whether the request carries the auditor's credential: `Authorization: Bearer` with the
 * AUDITOR_TOKEN secret. Compared as SHA-256 digests in constant time, so neither the token's
 * length nor a matching prefix shows in the timing.
 */
export async function isAuditor(request, env) {
  const given = /^Bearer ([\x21-\x7e]{16,512})$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!given || !env.AUDITOR_TOKEN) return false;
  const digest = async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return crypto.subtle.timingSafeEqual(await digest(given), await digest(env.AUDITOR_TOKEN));
}

/** 401 unless the request is the auditor's. */
async function auditorOnly(request, env) {
  if (await isAuditor(request, env)) return;
  throw new HttpError(401, "log.auditor_only", "the log's entries name subjects: only the auditor may read them", {
    hint: "send Authorization: Bearer <the AUDITOR_TOKEN secret>; anyone may fetch /v1/log/head and /v1/log/consistency",
    headers: { "www-authenticate": 'Bearer realm="assent-log"' },
  });
}

/** `GET /v1/log/head`: the signed head over all shards and the checkpoints it signs over. */
async function head(env) {
  const { head, checkpoints } = await logHead(env).latest();
  return json({ head, checkpoints });
}

/**
 * `GET /v1/log/entries?shard=&from=&to=`: the auditor's record of one shard, with its current
 * checkpoint. `shard` may be left out only when the log has one.
 */
async function entries(request, env, url) {
  await auditorOnly(request, env);
  const count = shardCount(env);
  const k = nonNegativeInt(url, "shard", count === 1 ? 0 : undefined);
  if (k === undefined) throw invalid(`\`shard\` is required: this log has ${count} shards`, `e.g. ?shard=0 (0 to ${count - 1})`);
  if (k >= count) throw new HttpError(404, "log.unknown_shard", `shard ${k} is not one of the log's ${count} shards`);
  const from = nonNegativeInt(url, "from", 0);
  const to = nonNegativeInt(url, "to", from + MAX_PAGE);
  if (to < from) throw invalid("`to` must not be below `from`", "`from` is inclusive, `to` exclusive");
  return json(await shard(env, k).entries(from, to));
}

/**
 * `GET /v1/log/proof/{receiptId}?shard=K&link=HEX`: the receipt, its salt, its inclusion in its
 * shard's tree and that checkpoint's inclusion under the latest head; for a receipt newer than the
 * head, the inclusion in the shard's current checkpoint, `head: null` (a head covers it within a
 * second). `shard` is the consent answer's (it may be left out with one shard). Only to who holds
 * the receipt: `link` its chain link (hex SHA-256 of the JWS), the subject's device credential, or
 * the auditor; anyone else, and anyone but the auditor for an erased receipt, gets the 404 of an
 * unknown id, so the answer shows neither that the id exists nor that it was erased.
 */
async function proof(request, env, url, id) {
  const unknown = () => new HttpError(404, "log.unknown_receipt", `no receipt ${id} in the log`);
  if (!RECEIPT_ID.test(id)) throw unknown();
  const count = shardCount(env);
  const k = nonNegativeInt(url, "shard", count === 1 ? 0 : undefined);
  if (k === undefined) {
    throw invalid(`\`shard\` is required: this log has ${count} shards`, "send the `shard` the consent answer gave with the receipt");
  }
  if (k >= count) throw unknown();
  const link = url.searchParams.get("link");
  if (link !== null && !/^[0-9a-f]{64}$/.test(link)) {
    throw invalid("`link` must be the receipt's chain link: 64 lowercase hex digits", "the hex SHA-256 of the receipt's compact JWS");
  }
  const auditor = await isAuditor(request, env);
  const subject = auditor ? null : (await identity(request, env, clock(request, env))).subject;
  const latest = await logHead(env).latest();
  const p = await shard(env, k).proof(id, latest.sizes[k], { auditor, subject, link });
  if (p.error?.code === "log.unknown_receipt") throw unknown();
  if (p.error) fail(p.error);
  const underHead = p.checkpoint === null;
  return json({
    receiptId: p.receiptId,
    shard: k,
    index: p.index,
    size: p.size,
    jws: p.jws,
    salt: p.salt,
    proof: p.proof,
    checkpoint: underHead ? latest.checkpoints[k] : p.checkpoint,
    head: underHead ? latest.head : null,
    headProof: underHead ? logHeadProof(latest.checkpoints, k) : null,
  });
}

/**
 * `GET /v1/log/consistency?from=SIZE`: the head of SIZE entries (all shards together), the
 * latest head, and for each shard the proof that its older tree is a prefix of its newer one.
 */
async function consistency(env, url) {
  const from = nonNegativeInt(url, "from", undefined);
  if (from === undefined) {
    throw invalid("`from` is required: the size of the older signed head", "e.g. /v1/log/consistency?from=10 (a head's `size`)");
  }
  const heads = logHead(env);
  const [old, latest] = await Promise.all([heads.at(from), heads.latest()]);
  if (!old) throw new HttpError(404, "log.unknown_head", `no signed head of size ${from} in the log`, { hint: "sizes come from /v1/log/head" });
  const proofs = await Promise.all(allShards(env).map((s, k) => s.consistency(old.sizes[k], latest.sizes[k])));
  const bad = proofs.find((p) => p.error);
  if (bad) fail(bad.error);
  return json({
    old: { head: old.head, checkpoints: old.checkpoints },
    new: { head: latest.head, checkpoints: latest.checkpoints },
    proofs: proofs.map((p) => p.proof),
  });
}

/**
 * `GET /v1/receipts/{id}`: one receipt, to its own subject (by the device's credential, from
 * the subject's shard) or the auditor (from whichever shard has it); 404 to anyone else, the same
 * answer as for an id not in the log. An erased receipt is 410 to the auditor.
 */
async function receiptById(request, env, id) {
  const unknown = () => new HttpError(404, "log.unknown_receipt", `no receipt ${id} in the log`);
  if (!RECEIPT_ID.test(id)) throw unknown();
  if (await isAuditor(request, env)) {
    const answers = await Promise.all(allShards(env).map((s) => s.receipts([id])));
    const found = answers.flat()[0];
    if (!found) throw unknown();
    if (found.erasedAt) fail(erasedFailure(`receipt ${id}`, found.erasedAt).error);
    return json(found);
  }
  const { subject } = await identity(request, env, clock(request, env));
  if (!subject) throw unknown();
  const [found] = await logFor(env, subject).receipts([id]);
  if (!found || found.subject !== subject) throw unknown();
  return json(found, 200, { "cache-control": "private, no-store" });
}

/**
 * `POST /v1/erasure {}`: erases every receipt of the subject the request speaks for (`identify`:
 * the device credential, else the edge-signed age lock; the right to deletion): their content
 * leaves the log, their leaves and every proof stay, and the log records the erasure and its time.
 * The subject's guardian requests are deleted too (`guardianRequests`: how many). The consent
 * cookie is cleared: the device holds no choice.
 */
async function erasure(request, env) {
  checkFields(await readJson(request), []);
  const now = clock(request, env);
  const { subject, heldLock } = await identity(request, env, now);
  if (!subject) {
    throw new HttpError(403, "erasure.no_subject", "this device speaks for no subject, so there is nothing to erase", {
      hint: "an erasure is asked from the device that holds the subject's consent cookie",
    });
  }
  const done = await logFor(env, subject).erase(subject);
  // The subject's guardian requests, if it asked a guardian as a child.
  const guardian = await guardians(env).erase(subject);
  const response = json({
    erased: done.erased.length,
    at: done.at ?? null,
    shard: done.shard,
    record: done.record ?? null,
    guardianRequests: guardian.erased,
  });
  for (const cookie of await newSubjectCookies(request, env, heldLock, now)) response.headers.append("set-cookie", cookie);
  return response;
}

/** The log's routes, for worker.js's table. */
export function logRoutes() {
  return [
    { path: /^\/v1\/log\/head$/, methods: { GET: (_r, env) => head(env) } },
    { path: /^\/v1\/log\/proof\/([^/]+)$/, methods: { GET: (request, env, url, [id]) => proof(request, env, url, id) } },
    { path: /^\/v1\/log\/entries$/, methods: { GET: entries } },
    { path: /^\/v1\/log\/consistency$/, methods: { GET: (_r, env, url) => consistency(env, url) } },
    { path: /^\/v1\/receipts\/([^/]+)$/, methods: { GET: (request, env, _u, [id]) => receiptById(request, env, id) } },
    { path: /^\/v1\/erasure$/, methods: { POST: erasure } },
  ];
}
