// Where a session stands when its page opens again.
import { test } from "node:test";
import assert from "node:assert/strict";

import { firstOpen, progressFrom } from "../../static/js/player/progress.js";

const API = { start: "/start", events: "/events" };
const STEPS = [{ seconds: 60 }, { seconds: 90 }, { seconds: 60 }];

test("a fresh session has nothing done and no pain yet", () => {
  assert.deepEqual(progressFrom(STEPS, null, [], API), {
    outcome: {},
    baseSeconds: 0,
    painBefore: null,
    started: false,
  });
});

test("the server's outcomes count with their seconds; a nerve note is not an outcome", () => {
  const resume = { pain_before: 6, done: { 0: { kind: "done", seconds: 60 }, 1: { kind: "nerve", seconds: 5 } } };
  assert.deepEqual(progressFrom(STEPS, resume, [], API), {
    outcome: { 0: "done" },
    baseSeconds: 60,
    painBefore: 6,
    started: true,
  });
});

test("an old-style outcome without seconds counts the area's full time when done", () => {
  const { baseSeconds } = progressFrom(STEPS, { done: { 1: "done", 2: "skipped" } }, [], API);
  assert.equal(baseSeconds, 90);
});

test("outcomes for areas the routine does not have are ignored", () => {
  const { outcome } = progressFrom(STEPS, { done: { 7: "done" } }, [], API);
  assert.deepEqual(outcome, {});
});

test("what this device has not sent yet counts too", () => {
  const waiting = [
    { url: "/start", body: { pain_before: 4 } },
    { url: "/events", body: { step: 2, kind: "cut_short" } },
    { url: "/events", body: { step: 1, kind: "nerve" } },
  ];
  const progress = progressFrom(STEPS, null, waiting, API);
  assert.deepEqual(progress.outcome, { 2: "cut_short" });
  assert.equal(progress.painBefore, 4);
});

test("a pain of 0 before is an answer, not a missing one", () => {
  assert.equal(progressFrom(STEPS, { pain_before: 0, done: {} }, [], API).painBefore, 0);
});

test("the first open area skips what is done and is the end when all are", () => {
  assert.equal(firstOpen(STEPS, { 0: "done", 2: "skipped" }), 1);
  assert.equal(firstOpen(STEPS, { 0: "done", 1: "cut_short", 2: "skipped" }), 3);
});

test("a session begun with pain before skipped is started all the same, saved or still waiting", () => {
  const saved = progressFrom(STEPS, { started: true, pain_before: null, done: {} }, [], API);
  assert.deepEqual([saved.started, saved.painBefore], [true, null]);
  const waiting = progressFrom(STEPS, null, [{ url: API.start, body: { pain_before: null } }], API);
  assert.deepEqual([waiting.started, waiting.painBefore], [true, null]);
  const events = progressFrom(STEPS, null, [{ url: API.events, body: { step: 0, kind: "done" } }], API);
  assert.equal(events.started, false); // only a start begins a session
});
