// A guest's sessions kept on this phone (the player's save queue, GUEST_PREFIX): found for a day, then gone.
// What the server takes in one request (api: POST /sessions/kept) is built here from the queued saves.
import { GUEST_PREFIX } from "../player/queue.js";

export const KEPT_MS = 24 * 3600 * 1000;

function itemsOf(storage, key) {
  try {
    const items = JSON.parse(storage.getItem(key) || "[]");
    return Array.isArray(items) ? items : [];
  } catch (error) {
    return [];
  }
}

function guestKeys(storage) {
  const keys = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && key.indexOf(GUEST_PREFIX) === 0) keys.push(key);
    }
  } catch (error) { /* no storage */ }
  return keys;
}

// The request body for one kept session: its start, the steps' events, and its finish if it got there.
export function keptBody(items) {
  const start = items.find((item) => item.body && Array.isArray(item.body.steps));
  if (!start) return null;
  const ends = (suffix) => (item) => typeof item.url === "string" && item.url.slice(-suffix.length) === suffix;
  const finish = items.find(ends("/finish"));
  return {
    start: start.body,
    events: items.filter(ends("/events")).map((item) => item.body),
    finish: finish ? finish.body : null,
  };
}

// Sessions done on this phone without an account in the last day, newest first; older ones (and broken ones)
// are removed as they are found.
export function guestWork(storage, nowMs) {
  const found = [];
  for (const key of guestKeys(storage)) {
    const body = keptBody(itemsOf(storage, key));
    const started = body ? Date.parse(body.start.started_at) : NaN;
    if (!body || !(nowMs - started <= KEPT_MS)) {
      try { storage.removeItem(key); } catch (error) { /* nothing to remove */ }
      continue;
    }
    found.push({ key, startedAt: started, areas: body.start.steps.length, finished: !!body.finish, body });
  }
  return found.sort((a, b) => b.startedAt - a.startedAt);
}

export function sweepGuestWork(storage, nowMs) {
  guestWork(storage, nowMs);
}

export function discardGuestWork(storage, keys) {
  for (const key of keys) {
    try { storage.removeItem(key); } catch (error) { /* already gone */ }
  }
}

// What an answer to one kept session means: "kept" (saved now or before), "check" (the safety questions first:
// it stays on the phone), "gone" (it can never be saved: too old, refused for good), "later" (try again: no
// connection, server trouble).
export function keptVerdict(status, body) {
  if (status === 200 || status === 201) return "kept";
  const code = body && body.code;
  if (status === 403 && (code === "safety_check_needed" || code === "safety_hold")) return "check";
  if (status === 400 || status === 403 || status === 404 || status === 422) return "gone";
  return "later";
}
