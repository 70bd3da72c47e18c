import { test } from "node:test";
import assert from "node:assert/strict";

import { counted } from "../../static/js/player/plurals.js";

test("English forms without a catalogue", () => {
  assert.equal(counted("done", 1, null), "1 area done");
  assert.equal(counted("done", 3, null), "3 areas done");
  assert.equal(counted("minutes", 12, null), "12 min");
});

test("the catalogue decides the plural form", () => {
  const calls = [];
  const catalogue = {
    ngettext: (one, many, n) => {
      calls.push(n);
      return n % 10 === 2 ? "%(n)s obszary" : many; // a language with more than two forms
    },
  };
  assert.equal(counted("done", 22, catalogue), "22 obszary");
  assert.deepEqual(calls, [22]);
});

test("an unknown kind is a programming error", () => {
  assert.throws(() => counted("nothing", 1, null));
});
