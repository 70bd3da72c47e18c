import { test } from "node:test";
import assert from "node:assert/strict";

import { formatClock, stepSeconds, timerFace, workedMs } from "../../static/js/player/clock.js";
import { wordsFrom } from "../../static/js/player/words.js";

test("the get-ready countdown shows whole seconds, rounding up", () => {
  assert.equal(formatClock(9001, "ready"), "10");
  assert.equal(formatClock(0, "ready"), "0");
  assert.equal(formatClock(-50, "ready"), "0");
});

test("the work phase shows minutes and seconds", () => {
  assert.equal(formatClock(90000, "work"), "1:30");
  assert.equal(formatClock(5000, "work"), "0:05");
  assert.equal(formatClock(119001, "work"), "2:00");
});

test("getting into position never shows the hold as a countdown: the hold is 'then 1:30'", () => {
  // waiting for "I'm in position": no big number at all
  assert.deepEqual(timerFace("ready", 90000, 90000, false), { count: "", then: "1:30" });
  // a chosen get-ready countdown: its seconds, and the hold after it
  assert.deepEqual(timerFace("ready", 14200, 90000, true), { count: "15", then: "1:30" });
  // back in an area left part-way: the time that was left
  assert.deepEqual(timerFace("ready", 40000, 40000, false), { count: "", then: "0:40" });
});

test("working or paused, the big number is the hold and nothing follows it", () => {
  assert.deepEqual(timerFace("work", 59001, 90000, true), { count: "1:00", then: "" });
  assert.deepEqual(timerFace("work", 90000, 90000, false), { count: "1:30", then: "" });
});

test("work done counts the running stretch and never passes the step's time", () => {
  const base = { workedBefore: 10000, phase: "work", workStarted: 1000, stepSeconds: 90 };
  assert.equal(workedMs({ ...base, running: true, now: 21000 }), 30000);
  assert.equal(workedMs({ ...base, running: false, now: 21000 }), 10000);
  assert.equal(workedMs({ ...base, running: true, now: 10_000_000 }), 90000); // a sleeping tab
  assert.equal(workedMs({ ...base, phase: "ready", running: true, now: 21000 }), 10000);
});

test("seconds sent to the API are whole and within two minutes", () => {
  assert.equal(stepSeconds(90.4), 90);
  assert.equal(stepSeconds(500), 120);
  assert.equal(stepSeconds(-3), 0);
});

test("words are filled in and counted", () => {
  const nodes = [
    ["progress", "Area {n} of {total}"],
    ["done-one", "1 area done"],
    ["done-many", "{n} areas done"],
  ].map(([key, text]) => ({ getAttribute: () => key, textContent: ` ${text} ` }));
  const { t, plural } = wordsFrom(nodes);
  assert.equal(t("progress", { n: 2, total: 7 }), "Area 2 of 7");
  assert.equal(plural("done", 1), "1 area done");
  assert.equal(plural("done", 3), "3 areas done");
  assert.equal(t("missing"), "");
});
