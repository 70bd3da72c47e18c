// The offline save queue: kept when it cannot be sent, sent once, a fresh CSRF token instead of endless
// retries, and a safety hold that stops the retries without losing anything.
import { test } from "node:test";
import assert from "node:assert/strict";

import { PENDING_PREFIX, createSaveQueue, verdict } from "../../static/js/player/queue.js";

function memoryStorage() {
  const data = new Map();
  return {
    get length() { return data.size; },
    key: (i) => [...data.keys()][i],
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
  };
}

function harness(answers) {
  const storage = memoryStorage();
  const sent = [];
  const statuses = [];
  const timers = [];
  let renewals = 0;
  const queue = createSaveQueue({
    key: PENDING_PREFIX + "s1",
    storage,
    send: (url, body) => {
      sent.push({ url, body });
      const next = answers.shift() || { status: 201, body: {} };
      return next.fail ? Promise.reject(new Error("offline")) : Promise.resolve(next);
    },
    renewToken: () => { renewals += 1; return Promise.resolve(); },
    onStatus: (s) => statuses.push(s),
    later: (fn) => { timers.push(fn); return timers.length; },
  });
  return { queue, storage, sent, statuses, timers, renewals: () => renewals };
}

test("the verdicts follow the API's answers", () => {
  assert.equal(verdict(201, {}), "done");
  assert.equal(verdict(200, {}), "done");
  assert.equal(verdict(422, {}), "done");
  assert.equal(verdict(503, {}), "retry");
  assert.equal(verdict(0, null), "retry");
  assert.equal(verdict(429, {}), "retry");
  assert.equal(verdict(403, { detail: "CSRF check Failed" }), "renew");
  assert.equal(verdict(403, { code: "safety_hold" }), "hold");
  assert.equal(verdict(403, { code: "safety_check_needed" }), "hold");
});

test("a save is sent and then forgotten", async () => {
  const h = harness([]);
  await h.queue.save("/api/v1/sessions", { id: "a" });
  assert.equal(h.sent.length, 1);
  assert.equal(h.queue.pending(), 0);
  assert.deepEqual(h.statuses.slice(-1), ["saved"]);
});

test("without a connection the save is kept in storage and sent when retried", async () => {
  const h = harness([{ fail: true }]);
  await h.queue.save("/api/v1/sessions", { id: "a" });
  assert.equal(h.queue.pending(), 1);
  assert.match(h.storage.getItem(PENDING_PREFIX + "s1"), /"id":"a"/);
  assert.ok(h.statuses.includes("offline"));
  await h.timers.shift()();
  assert.equal(h.sent.length, 2);
  assert.equal(h.queue.pending(), 0);
  assert.equal(h.storage.getItem(PENDING_PREFIX + "s1"), null);
});

test("saves go oldest first, one at a time", async () => {
  const h = harness([{ fail: true }]);
  await h.queue.save("/start", { n: 1 });
  await h.queue.save("/event", { n: 2 });
  await h.timers.shift()();
  assert.deepEqual(h.sent.map((s) => s.body.n), [1, 1, 2]);
});

test("a refused CSRF token is renewed once, not retried forever", async () => {
  const h = harness([{ status: 403, body: { detail: "CSRF check Failed" } }, { status: 201, body: {} }]);
  await h.queue.save("/api/v1/sessions", { id: "a" });
  assert.equal(h.renewals(), 1);
  assert.equal(h.sent.length, 2);
  assert.equal(h.queue.pending(), 0);
});

test("a token refused again after renewal waits instead of looping", async () => {
  const refused = { status: 403, body: { detail: "CSRF check Failed" } };
  const h = harness([refused, refused]);
  await h.queue.save("/api/v1/sessions", { id: "a" });
  assert.equal(h.renewals(), 1);
  assert.equal(h.sent.length, 2);
  assert.equal(h.timers.length, 1); // one later try, not a tight loop
  assert.equal(h.queue.pending(), 1);
});

test("a safety hold stops the retries and keeps every save", async () => {
  const h = harness([{ status: 403, body: { code: "safety_hold", url: "/safety-check/3/" } }]);
  await h.queue.save("/api/v1/sessions", { id: "a" });
  await h.queue.save("/api/v1/sessions/a/events", { id: "e" });
  assert.equal(h.sent.length, 1);
  assert.equal(h.timers.length, 0);
  assert.ok(h.queue.isHeld());
  assert.equal(h.queue.pending(), 2);
  assert.deepEqual(h.statuses.slice(-1), ["held"]);
});

test("a save refused for good is dropped and the rest still go", async () => {
  const h = harness([{ status: 422, body: {} }]);
  await h.queue.save("/bad", { id: "x" });
  await h.queue.save("/good", { id: "y" });
  assert.deepEqual(h.sent.map((s) => s.url), ["/bad", "/good"]);
  assert.equal(h.queue.pending(), 0);
});
