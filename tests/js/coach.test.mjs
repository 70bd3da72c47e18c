import { test } from "node:test";
import assert from "node:assert/strict";

import { awayTooLong, dueWords, secondsLeft, summary } from "../../static/js/player/coach.js";

test("the breathing reminder comes a third of the way in, once", () => {
  assert.equal(dueWords(90, 75, {}).breath, false);
  assert.equal(dueWords(90, 60, {}).breath, true);
  assert.equal(dueWords(90, 59, { breath: true }).breath, false);
});

test("the half minutes and the last ten seconds are announced once each", () => {
  assert.equal(dueWords(90, 60, { breath: true }).left, 60);
  assert.equal(dueWords(90, 60, { breath: true, 60: true }).left, null);
  assert.equal(dueWords(90, 30, { breath: true, 60: true }).left, 30);
  assert.equal(dueWords(90, 10, { breath: true, 60: true, 30: true }).left, 10);
});

test("no announcement of the area's own length at its start", () => {
  assert.equal(dueWords(90, 90, {}).left, null);
  assert.equal(dueWords(60, 60, {}).left, null);
});

test("a mark passed while the tab slept is marked but not said", () => {
  const words = dueWords(90, 50, { breath: true });
  assert.equal(words.left, null);
  assert.equal(words.said[60], true);
});

test("the ten-second warning also marks the half minute as said", () => {
  const words = dueWords(90, 9, { breath: true, 60: true });
  assert.equal(words.left, 10);
  assert.equal(words.said[30], true);
});

test("the next area waits when the person was away longer than it lasts", () => {
  assert.equal(awayTooLong(100_000, 0, 10_000, 90), false);
  assert.equal(awayTooLong(100_001, 0, 10_000, 90), true);
});

test("the summary counts done and skipped areas and the minutes", () => {
  assert.deepEqual(summary({ 0: "done", 1: "cut_short", 2: "skipped" }, 185), {
    done: 2,
    skipped: 1,
    underAMinute: false,
    minutes: 3,
  });
  assert.equal(summary({}, 12).underAMinute, true);
  assert.equal(summary({ 0: "done" }, 40).minutes, 1);
});


test("time left counts this area's rest, the later areas and getting ready for each", () => {
  const steps = [{ seconds: 60 }, { seconds: 90 }, { seconds: 60 }];
  assert.equal(secondsLeft(steps, 0, 0, 20, false), 60 + 20 + 90 + 20 + 60 + 20);
  assert.equal(secondsLeft(steps, 1, 30, 20, true), 60 + 60 + 20);
  assert.equal(secondsLeft(steps, 2, 75, 20, true), 0);
});
