// The receipt log under load and under a crash, in real workerd with SQLite Durable Object storage on
// disk: many parallel consents make one gap-free log whose root, recomputed from the entries alone,
// is the signed head's; and a workerd killed with SIGKILL mid-stream loses no acknowledged receipt.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { adultHeaders, assent, cliVerifyLog, edgeState, get, post, recomputeLog, startEdge } from "./edge.mjs";

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function signedHead(url, jwks) {
  const { body } = await get(url, "/v1/log/head");
  return assent.verifyCheckpoint(body.checkpoint, jwks);
}

const CHOICE = { locale: "en", method: "banner_layer1", choices: { "analytics-cookies": true, advertising: true } };

test("200 parallel consents make 200 entries with consecutive indices and the signed root", { timeout: 120_000 }, async () => {
  const state = await edgeState("concurrency");
  const edge = await startEdge(state);
  cleanups.push(() => state.remove(), () => edge.stop());
  // 200 visitors, each with their own age lock and so their own subject.
  const results = await Promise.all(
    Array.from({ length: 200 }, () => post(edge.url, "/v1/consent", CHOICE, { headers: adultHeaders(state) })),
  );
  for (const r of results) assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(
    results.map((r) => r.body.logIndex).sort((a, b) => a - b),
    Array.from({ length: 200 }, (_, i) => i),
  );

  const log = await recomputeLog(edge.url, state);
  assert.equal(log.size, 200);
  const head = await signedHead(edge.url, state.publicJwks);
  assert.deepEqual({ size: head.size, root: head.root }, { size: 200, root: log.root });
  const audit = await cliVerifyLog(edge.url, state, results[137].body.receiptId);
  assert.equal(audit.code, 0, audit.stderr);
  // Each answer's receipt is the entry at its index, and its checkpoint is a prefix of the head.
  const byIndex = new Map(log.entries.map((e) => [e.index, e]));
  for (const r of results) {
    assert.equal(byIndex.get(r.body.logIndex).jws, r.body.receipt);
    const at = assent.verifyCheckpoint(r.body.checkpoint, state.publicJwks);
    assert.ok(at.size > r.body.logIndex && at.size <= 200);
  }
});

test("one subject's parallel choices form one unbroken chain", { timeout: 120_000 }, async () => {
  const state = await edgeState("chain");
  const edge = await startEdge(state);
  cleanups.push(() => state.remove(), () => edge.stop());
  const subject = "chain-test-subject-01";
  const headers = adultHeaders(state, "DE", subject);
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      post(edge.url, "/v1/consent", { ...CHOICE, subject, choices: { marketing: i % 2 === 0 } }, { headers }),
    ),
  );
  for (const r of results) assert.equal(r.status, 201, JSON.stringify(r.body));
  const ordered = results.map((r) => r.body).sort((a, b) => a.logIndex - b.logIndex);
  let prev = null;
  for (const { receipt } of ordered) {
    const verified = policyVerify(receipt, state.publicJwks);
    assert.equal(verified.receipt.prev, prev);
    prev = assent.chainLink(receipt);
  }
});

function policyVerify(jws, jwks) {
  return assent.verifyReceipt(jws, jwks, { now: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") });
}

test("workerd killed with SIGKILL mid-stream keeps every acknowledged receipt, and the log verifies", { timeout: 120_000 }, async () => {
  const state = await edgeState("durability");
  cleanups.push(() => state.remove());
  const first = await startEdge(state);
  const headers = adultHeaders(state);

  // 8 clients post consents back to back; workerd is killed once 150 are acknowledged, while
  // requests are in flight. A receipt counts as acknowledged when its 201 answer arrived.
  const acknowledged = [];
  let failedInFlight = 0;
  let killed = false;
  const deadline = Date.now() + 30_000;
  const client = async () => {
    while (!killed && Date.now() < deadline) {
      try {
        const r = await post(first.url, "/v1/consent", CHOICE, { headers });
        if (r.status === 201) acknowledged.push(r.body);
      } catch {
        failedInFlight++;
      }
      if (acknowledged.length >= 150 && !killed) {
        killed = true;
        first.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, client));
  assert.ok(killed, `workerd was not killed: only ${acknowledged.length} receipts acknowledged in 30 s`);
  const { signal } = await first.exited;
  assert.equal(signal, "SIGKILL");

  const second = await startEdge(state);
  cleanups.push(() => second.stop());
  const log = await recomputeLog(second.url, state);
  const byId = new Map(log.entries.map((e) => [e.receiptId, e]));
  for (const ack of acknowledged) {
    const entry = byId.get(ack.receiptId);
    assert.ok(entry, `acknowledged receipt ${ack.receiptId} (index ${ack.logIndex}) is in the log`);
    assert.equal(entry.index, ack.logIndex);
    assert.equal(entry.jws, ack.receipt);
  }
  const head = await signedHead(second.url, state.publicJwks);
  assert.deepEqual({ size: head.size, root: head.root }, { size: log.size, root: log.root });
  const audit = await cliVerifyLog(second.url, state, acknowledged.at(-1).receiptId);
  assert.equal(audit.code, 0, audit.stderr);
  // Every acknowledged checkpoint is consistent with the head after the restart: the log only grew.
  for (const ack of acknowledged.slice(-5)) {
    const old = assent.verifyCheckpoint(ack.checkpoint, state.publicJwks);
    const needed = assent.logConsistencyNeeds(old.size, log.size);
    // Nodes recomputed from the entries, as an outside verifier would.
    const nodes = perfectNodes(log.entries);
    const proof = assent.logConsistencyProof(old.size, log.size, needed.map(({ level, index }) => nodes.get(`${level}/${index}`)));
    assent.verifyConsistency({ oldSize: old.size, newSize: log.size, proof, oldRoot: old.root, newRoot: head.root });
  }
  // The log takes new receipts after the restart, continuing the indices.
  const after = await post(second.url, "/v1/consent", CHOICE, { headers });
  assert.equal(after.status, 201, JSON.stringify(after.body));
  assert.equal(after.body.logIndex, log.size);
  console.log(`durability: ${acknowledged.length} acknowledged, ${log.size} in the log after the crash, ${failedInFlight} requests cut off`);
});

function perfectNodes(entries) {
  const nodes = new Map();
  entries.forEach((entry, i) => {
    const needed = assent.logAppendNeeds(i).map(({ level, index }) => nodes.get(`${level}/${index}`));
    for (const n of assent.logAppend(i, assent.logLeafHash(entry.jws), needed)) nodes.set(`${n.level}/${n.index}`, n);
  });
  return nodes;
}
