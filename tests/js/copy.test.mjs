import assert from "node:assert/strict";
import { test } from "node:test";

import { copyText } from "../../static/js/copy/text.js";

test("copies with the clipboard API when it is there", async () => {
  let copied = "";
  const done = await copyText("webcal://x", { writeText: async (t) => { copied = t; } }, () => assert.fail("no fallback"));
  assert.equal(done, true);
  assert.equal(copied, "webcal://x");
});

test("falls back to the old way when the clipboard refuses", async () => {
  const refused = { writeText: async () => { throw new Error("NotAllowedError"); } };
  assert.equal(await copyText("x", refused, () => true), true);
});

test("says it failed when neither way works", async () => {
  assert.equal(await copyText("x", undefined, () => { throw new Error("no"); }), false);
  assert.equal(await copyText("x", undefined, () => false), false);
});
