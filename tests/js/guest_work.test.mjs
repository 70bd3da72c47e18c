// A guest's session kept on the phone: the queue keeps it and never sends it, home finds it for a day and builds
// the one request that saves it, and "Not mine" throws it away.
import { test } from "node:test";
import assert from "node:assert/strict";

import { GUEST_PREFIX, PENDING_PREFIX, createSaveQueue } from "../../static/js/player/queue.js";
import { KEPT_MS, discardGuestWork, guestWork, keptBody, keptVerdict } from "../../static/js/guest/work.js";

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

const T0 = Date.parse("2026-12-02T17:30:00Z");

function guestQueue(storage, id) {
  const sent = [];
  const queue = createSaveQueue({
    key: GUEST_PREFIX + id,
    storage,
    send: (url, body) => { sent.push(url); return Promise.resolve({ status: 201, body: {} }); },
    renewToken: () => Promise.resolve(),
    onStatus: () => {},
    later: () => 0,
    keepOnly: true,
  });
  return { queue, sent };
}

function playAsGuest(storage, id, startedMs, finished = true) {
  const { queue, sent } = guestQueue(storage, id);
  queue.save("/api/v1/sessions", { id, pain_before: 6, started_at: new Date(startedMs).toISOString(), steps: [{ muscle: "trapezius", side: "left", seconds: 90 }] });
  queue.save(`/api/v1/sessions/${id}/events`, { id: "e1", step: 0, kind: "done", seconds: 90 });
  if (finished) queue.save(`/api/v1/sessions/${id}/finish`, { pain_after: 3, active_seconds: 90, finished_at: new Date(startedMs + 120000).toISOString() });
  return sent;
}

test("a guest's saves stay on the phone and are never sent", async () => {
  const storage = memoryStorage();
  const sent = playAsGuest(storage, "g1", T0);
  await Promise.resolve();
  assert.deepEqual(sent, []);
  assert.equal(JSON.parse(storage.getItem(GUEST_PREFIX + "g1")).length, 3);
});

test("a signed-in queue never sends a guest's saves", async () => {
  const storage = memoryStorage();
  playAsGuest(storage, "g1", T0);
  const sent = [];
  const queue = createSaveQueue({
    key: PENDING_PREFIX + "s1", storage, renewToken: () => Promise.resolve(), onStatus: () => {}, later: () => 0,
    send: (url) => { sent.push(url); return Promise.resolve({ status: 201, body: {} }); },
  });
  await queue.flush();
  assert.deepEqual(sent, []);
});

test("home finds the session with its start, events and finish as one body", () => {
  const storage = memoryStorage();
  playAsGuest(storage, "g1", T0);
  const [found] = guestWork(storage, T0 + 3600000);
  assert.equal(found.key, GUEST_PREFIX + "g1");
  assert.equal(found.areas, 1);
  assert.equal(found.finished, true);
  assert.equal(found.body.start.id, "g1");
  assert.equal(found.body.events.length, 1);
  assert.equal(found.body.finish.pain_after, 3);
});

test("an unfinished session is found without a finish", () => {
  const storage = memoryStorage();
  playAsGuest(storage, "g1", T0, false);
  const [found] = guestWork(storage, T0);
  assert.equal(found.finished, false);
  assert.equal(found.body.finish, null);
});

test("after a day the phone forgets it", () => {
  const storage = memoryStorage();
  playAsGuest(storage, "g1", T0);
  assert.deepEqual(guestWork(storage, T0 + KEPT_MS + 1), []);
  assert.equal(storage.getItem(GUEST_PREFIX + "g1"), null);
});

test("the newest session comes first", () => {
  const storage = memoryStorage();
  playAsGuest(storage, "older", T0 - 7200000);
  playAsGuest(storage, "newer", T0);
  assert.deepEqual(guestWork(storage, T0).map((w) => w.body.start.id), ["newer", "older"]);
});

test("saves without a start are broken and removed", () => {
  const storage = memoryStorage();
  storage.setItem(GUEST_PREFIX + "x", JSON.stringify([{ url: "/api/v1/sessions/x/events", body: {} }]));
  storage.setItem(GUEST_PREFIX + "y", "not json");
  assert.deepEqual(guestWork(storage, T0), []);
  assert.equal(storage.length, 0);
  assert.equal(keptBody([]), null);
});

test("Not mine, discard it removes it", () => {
  const storage = memoryStorage();
  playAsGuest(storage, "g1", T0);
  discardGuestWork(storage, guestWork(storage, T0).map((w) => w.key));
  assert.deepEqual(guestWork(storage, T0), []);
});

test("the answers say what to do with the kept copy", () => {
  assert.deepEqual([200, 201].map(keptVerdict), ["kept", "kept"]);
  assert.deepEqual([400, 403, 404, 422].map((s) => keptVerdict(s, null)), ["gone", "gone", "gone", "gone"]);
  assert.equal(keptVerdict(403, { code: "safety_check_needed", url: "/safety-check/" }), "check");
  assert.equal(keptVerdict(403, { code: "safety_hold", url: "/safety-check/3/" }), "check");
  assert.deepEqual([0, 401, 429, 500, 503].map(keptVerdict), ["later", "later", "later", "later", "later"]);
});
