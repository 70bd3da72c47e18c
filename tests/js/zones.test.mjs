// The zone picker on a muscle page: one trigger point's pain, or the whole pattern.
import { test } from "node:test";
import assert from "node:assert/strict";

import { choose } from "../../static/js/zones/choice.js";

const OPTIONS = [
  { src: "/m.svg", alt: "all" },
  { src: "/m.svg?point=1", alt: "one" },
  { src: "/m.svg?point=2", alt: "two" },
];

test("pressing a number shows that point's drawing, pressed alone", () => {
  const picked = choose(OPTIONS, 2, 0);
  assert.equal(picked.src, "/m.svg?point=2");
  assert.equal(picked.alt, "two");
  assert.deepEqual(picked.pressed, [false, false, true]);
});

test("pressing the shown number again goes back to the whole pattern", () => {
  const picked = choose(OPTIONS, 1, 1);
  assert.equal(picked.index, 0);
  assert.equal(picked.src, "/m.svg");
  assert.deepEqual(picked.pressed, [true, false, false]);
});

test("pressing 'all spots' twice stays on the whole pattern", () => {
  assert.equal(choose(OPTIONS, 0, 0).index, 0);
});
