// pkg-config/unpack.js on its own: the reader that turns the engine's packed answers into objects.
// tests/pack.rs holds the packing to a Rust copy of this reader over the golden corpus, and the
// differential and package tests run this file inside the built glue; these cases are the ones the
// reader's own state could get wrong.
import assert from "node:assert/strict";
import { test } from "node:test";

import { assentError, unpack } from "../../pkg-config/unpack.js";

// {name: "x", other: true} as pack.rs writes it, for the member names given.
const packed = (first, second) => ({
  text: `x${first}${second}`,
  shape: [6, 2, 0, 3, 1, 1, 1, first.length, second.length, 2],
});

test("answers whose names join to the same text keep their own names", () => {
  const a = packed("ab", "c");
  const b = packed("a", "bc");
  assert.equal(a.text, b.text);
  assert.deepEqual(unpack(a.text, a.shape), { ab: "x", c: true });
  assert.deepEqual(unpack(b.text, b.shape), { a: "x", bc: true });
  assert.deepEqual(unpack(a.text, a.shape), { ab: "x", c: true });
});

test("every kind of value, nested, and numbers as JSON writes them", () => {
  // {list: [null, false, 2.5, "é"], n: -1}
  const text = "2.5é-1listn";
  const shape = [6, 2, 0, 5, 4, 0, 2, 4, 3, 3, 1, 1, 4, 2, 4, 1, 2];
  assert.deepEqual(unpack(text, shape), { list: [null, false, 2.5, "é"], n: -1 });
});

test("a damaged answer throws, and the next one is read whole", () => {
  const good = packed("ok", "yes");
  assert.throws(() => unpack(good.text, [9, 2, 3, 2]), /unknown tag 9/);
  assert.throws(() => unpack(`${good.text}zz`, good.shape), /not read to its end/);
  assert.deepEqual(unpack(good.text, good.shape), { ok: "x", yes: true });
});

test("a packed error becomes an AssentError with every field", () => {
  // {code: "x.y", message: "bad", hint: null, problems: [{code: "x.y"}]}
  const text = "x.ybadx.ycodemessagehintproblems";
  const shape = [6, 4, 0, 3, 3, 1, 3, 3, 2, 0, 3, 5, 1, 6, 1, 0, 3, 3, 4, 7, 4, 8, 4];
  const e = assentError(text, shape);
  assert.ok(e instanceof Error);
  assert.equal(e.name, "AssentError");
  assert.equal(e.message, "bad");
  assert.deepEqual(
    { code: e.code, hint: e.hint, problems: e.problems },
    { code: "x.y", hint: null, problems: [{ code: "x.y" }] },
  );
  assert.match(String(e), /^AssentError: bad$/);
});
