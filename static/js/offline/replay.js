// Sending the saves that waited (offline, or refused while the CSRF token was old): the signed-in person's own,
// oldest first, after a fresh CSRF token; the server keeps each once whatever is sent twice. Used by the pages (on
// load and when the signal returns) and by the service worker when it starts.
import { PENDING_PREFIX, createSaveQueue } from "../player/queue.js";
import { createServer } from "../player/server.js";
import { openQueueStore } from "./queue_store.js";

export const PERSON_KEY = "unknot-meta-person"; // whose sign-in the pages last saw; none when signed out
export const CSRF_URL = "/api/v1/csrf";

export function personPrefix(person) {
  return PENDING_PREFIX + person + "-";
}

export function waitingFor(store, person) {
  if (!person) return 0;
  const prefix = personPrefix(person);
  let count = 0;
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key && key.indexOf(prefix) === 0) {
      try { count += JSON.parse(store.getItem(key) || "[]").length; } catch (error) { /* broken: not counted */ }
    }
  }
  return count;
}

// Answers how many saves are still waiting afterwards.
export async function replayQueue(fetchApi, given) {
  const store = given || (await openQueueStore());
  const person = store.getItem(PERSON_KEY);
  if (!person) return 0;
  if (!waitingFor(store, person)) return 0;
  const client = { csrf: "", person, api: { csrf: CSRF_URL } };
  const server = createServer(client, fetchApi);
  try {
    await server.renewToken();
  } catch (error) {
    return waitingFor(store, person); // offline, or signed out: they wait
  }
  const queue = createSaveQueue({
    key: personPrefix(person) + "replay",
    prefix: personPrefix(person),
    storage: store,
    send: server.send,
    renewToken: server.renewToken,
    onStatus: () => {},
    later: () => 0, // no timers here: the next load, the signal's return or the worker tries again
  });
  await queue.flush();
  if (store.written) await store.written();
  return waitingFor(store, person);
}
