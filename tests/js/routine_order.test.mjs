// The routine editor's order.
import { test } from "node:test";
import assert from "node:assert/strict";

import { move, positions } from "../../static/js/routine/order.js";

test("moving up swaps with the row above", () => {
  assert.deepEqual(move(["a", "b", "c"], 1, "up"), ["b", "a", "c"]);
});

test("moving down swaps with the row below", () => {
  assert.deepEqual(move(["a", "b", "c"], 1, "down"), ["a", "c", "b"]);
});

test("the first row cannot move up, nor the last down", () => {
  assert.deepEqual(move(["a", "b"], 0, "up"), ["a", "b"]);
  assert.deepEqual(move(["a", "b"], 1, "down"), ["a", "b"]);
});

test("positions count from one in the rows' order", () => {
  assert.deepEqual(positions(["x", "y", "z"]), [1, 2, 3]);
});
