import { test } from "node:test";
import assert from "node:assert/strict";

import { createTimer } from "../../static/js/player/timer.js";

test("the get-ready phase runs to its deadline, then the work phase to its own", () => {
  const timer = createTimer();
  timer.begin("ready", 1000, 10000);
  assert.equal(timer.left(4000), 7000);
  timer.begin("work", 11000, 90000);
  assert.equal(timer.left(41000), 60000);
  assert.equal(timer.worked(41000, 90000), 30000);
});

test("a pause keeps what is left and the work done; resuming carries on from there", () => {
  const timer = createTimer();
  timer.begin("work", 0, 90000);
  assert.equal(timer.hold(20000, 90000), 20000);
  assert.equal(timer.running, false);
  assert.equal(timer.left(999999), 70000); // a paused timer does not move
  timer.begin("work", 100000, timer.remaining);
  assert.equal(timer.worked(110000, 90000), 30000);
});

test("work never counts more than the area's time, however long the tab slept", () => {
  const timer = createTimer();
  timer.begin("work", 0, 90000);
  assert.equal(timer.stopWork(10_000_000, 90000), 90000);
  assert.equal(timer.workedMs, 90000);
});

test("finishing counts only the work not counted yet", () => {
  const timer = createTimer();
  timer.begin("work", 0, 90000);
  timer.hold(30000, 90000);
  timer.begin("work", 50000, 60000);
  assert.equal(timer.finish(90000), 60000);
  assert.equal(timer.running, false);
});

test("waiting for the person after a long time away holds the whole area", () => {
  const timer = createTimer();
  timer.newArea();
  timer.waitFor(60000);
  assert.equal(timer.phase, "work");
  assert.equal(timer.left(123456), 60000);
  assert.equal(timer.stopWork(200000, 60000), 0); // nothing was being worked
});
