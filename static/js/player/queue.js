// The session's offline save queue. Every save carries an id made on the device, so sending one twice is
// harmless; a save that cannot be sent waits in storage (localStorage on a phone) and goes later, oldest
// first, one at a time. Everything it touches is passed in, so node's test runner can drive it.

export const PENDING_PREFIX = "unknot-pending-";
// A guest's session (no account yet) waits under this prefix and is never sent by the queue: it is offered,
// for a day, to whoever signs up on this phone (static/js/guest_work.js), who sends it in one request.
export const GUEST_PREFIX = "unknot-guest-";
export const RETRY_MS = 20000;

// What an answer means for the save that got it:
//   "done"  - kept (200, 201) or refused for good (400, 404, 422: it would never succeed): drop it;
//   "retry" - server trouble, signed out, too many requests, a lost connection: keep it and try later;
//   "renew" - the CSRF token was refused: fetch a fresh token, then try again;
//   "hold"  - the safety check or a warning sign holds sessions back, or the phone is signed in as someone
//             else: keep it, stop trying until the page is opened again.
export function verdict(status, body) {
  if (status === 403) {
    const code = body && body.code;
    if (code === "safety_check_needed" || code === "safety_hold") return "hold";
    return "renew";
  }
  if (status === 409 && body && body.code === "not_this_person") return "hold"; // signed in as someone else
  if (status >= 500 || status === 0 || status === 401 || status === 408 || status === 429) return "retry";
  return "done";
}

// `prefix`: the saves this queue sends (the signed-in person's own, PENDING_PREFIX + their key + "-"); another
// person's saves on the same phone wait for them.
export function createSaveQueue({ key, prefix, storage, send, renewToken, onStatus, onSaved, later, keepOnly }) {
  const mine = prefix || PENDING_PREFIX;
  const memory = {}; // key -> queue, when storage is not available
  let sending = false;
  let held = false;
  let timer = null;
  let renewed = false; // one fresh token per failure, never a loop

  function read(k) {
    try { return JSON.parse(storage.getItem(k) || "[]") || []; } catch (error) { return []; }
  }
  function write(k, queue) {
    try {
      if (queue.length) storage.setItem(k, JSON.stringify(queue));
      else storage.removeItem(k);
    } catch (error) { /* storage full or blocked: the in-memory queue still retries while the page is open */ }
  }
  function queueOf(k) { return memory[k] || (memory[k] = read(k)); }
  function keys() {
    const found = [];
    try {
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k && k.indexOf(mine) === 0) found.push(k);
      }
    } catch (error) { /* no storage */ }
    Object.keys(memory).forEach((k) => { if (found.indexOf(k) < 0 && memory[k].length) found.push(k); });
    return found;
  }
  function waitAndRetry() {
    onStatus("offline");
    if (timer) return;
    timer = later(() => { timer = null; flush(); }, RETRY_MS);
  }

  function flush() {
    if (keepOnly) return Promise.resolve(); // a guest's saves stay on the phone
    if (sending || held) return Promise.resolve();
    const k = keys().filter((one) => queueOf(one).length)[0];
    if (!k) {
      onStatus("saved");
      return Promise.resolve();
    }
    const queue = queueOf(k);
    const item = queue[0];
    sending = true;
    if (k === key) onStatus("saving");
    return send(item.url, item.body).then(({ status, body }) => {
      sending = false;
      const what = verdict(status, body);
      if (what === "hold") {
        held = true;
        onStatus("held");
        return undefined;
      }
      if (what === "renew") {
        if (renewed) return waitAndRetry();
        renewed = true;
        return renewToken().then(flush, waitAndRetry);
      }
      if (what === "retry") return waitAndRetry();
      renewed = false;
      queue.shift();
      write(k, queue);
      if (onSaved) onSaved(k, item, status);
      return flush();
    }, () => {
      sending = false;
      waitAndRetry();
    });
  }

  function save(url, body) {
    const queue = queueOf(key);
    queue.push({ url, body });
    write(key, queue);
    return flush();
  }

  return {
    save,
    flush,
    waiting: () => queueOf(key).slice(), // this session's saves not sent yet, oldest first
    pending: () => keys().reduce((n, k) => n + queueOf(k).length, 0),
    isHeld: () => held,
  };
}
