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

test("the nerve-sensation panel pauses the timer until the person carries on", () => {
  const timer = createTimer();
  timer.begin("work", 0, 90000);
  assert.equal(timer.holdFor("nerve", 30000, 90000), 30000);
  assert.equal(timer.running, false);
  assert.equal(timer.left(300000), 60000); // reading the panel for minutes costs the area nothing
  assert.equal(timer.carryOn("nerve"), true);
  timer.begin("work", 300000, timer.remaining);
  assert.equal(timer.left(301000), 59000);
  assert.equal(timer.worked(301000, 90000), 31000);
});

test("the panel leaves a timer that was not running as it was", () => {
  const waiting = createTimer(); // waiting for "I'm in position"
  assert.equal(waiting.holdFor("nerve", 1000, 90000), 0);
  assert.equal(waiting.carryOn("nerve"), false); // carrying on does not start it
  const paused = createTimer(); // the person had paused already
  paused.begin("work", 0, 90000);
  paused.hold(10000, 90000);
  paused.holdFor("nerve", 20000, 90000);
  assert.equal(paused.carryOn("nerve"), false);
  assert.equal(paused.left(50000), 80000);
});

test("resuming by hand or a new area forgets why the timer was held", () => {
  const timer = createTimer();
  timer.begin("ready", 0, 10000);
  timer.holdFor("nerve", 4000, 90000);
  assert.equal(timer.phase, "ready");
  assert.equal(timer.left(99999), 6000); // a get-ready countdown holds too
  timer.begin("ready", 50000, timer.remaining);
  assert.equal(timer.carryOn("nerve"), false);
  timer.holdFor("nerve", 51000, 90000);
  timer.newArea();
  assert.equal(timer.carryOn("nerve"), false);
});
