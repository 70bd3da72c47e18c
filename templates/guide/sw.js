// unknot's service worker, served at /sw.js by guide.views.service_worker (never from /static/, so it controls
// every page). Pages come from the network when there is one and from the caches when not; a page never kept shows
// the offline page. Public files live in one cache per release; a person's own pages in a cache of their own,
// named by a key that is not their id, deleted when they sign out. Writes are never handled here: the pages keep
// them in the IndexedDB queue (static/js/offline/queue_store.js) and send them when the signal is back; the
// worker only wakes a page to do so, and replays the queue itself when it starts (static/js/offline/replay.js).
import { openQueueStore } from "{{ store_url }}";
import { PERSON_KEY, replayQueue } from "{{ replay_url }}";

const RELEASE = "{{ release }}";
const PRECACHE = {{ precache|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const SHARED = "unknot-shared-" + RELEASE;
const PERSON = "unknot-person-";
let person = null; // the signed-in person's key, as the pages last said ("guest" without an account)

// A worker is stopped when idle and starts afresh: whose pages these are is read back from the store the pages
// write it to.
async function whose() {
  if (!person) {
    const store = await openQueueStore().catch(() => null);
    person = (store && store.getItem(PERSON_KEY)) || "guest";
  }
  return person;
}

function personCache(key) {
  return PERSON + key + "-" + RELEASE;
}

self.addEventListener("install", (event) => {
  // No skipWaiting here: a new version waits until the page says so, never in the middle of a session.
  event.waitUntil(caches.open(SHARED).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("unknot-") && !n.endsWith("-" + RELEASE)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
      .then(() => replayWhenNoPage()),
  );
});

function isPublic(response) {
  const control = response.headers.get("Cache-Control") || "";
  return control.includes("public") && !control.includes("private");
}

// Kept for next time: a public answer for everyone, anything else only in the person's own cache.
async function keep(request, response) {
  if (!response.ok || response.redirected || response.type !== "basic") return;
  if (isPublic(response)) return (await caches.open(SHARED)).put(request, response);
  return (await caches.open(personCache(await whose()))).put(request, response);
}

// Vary (Cookie, Accept-Language) is ignored: a page kept from the worker's own fetch has neither, and each cache
// is one person's (or public) anyway.
async function kept(request) {
  const shared = await (await caches.open(SHARED)).match(request, { ignoreVary: true });
  if (shared) return shared;
  return (await caches.open(personCache(await whose()))).match(request, { ignoreVary: true });
}

async function page(request) {
  try {
    const response = await fetch(request);
    keep(request, response.clone());
    return response;
  } catch (error) {
    return (await kept(request)) || (await caches.match(OFFLINE_URL, { ignoreVary: true })) || Response.error();
  }
}

async function file(request) {
  const found = await kept(request);
  if (found) return found;
  const response = await fetch(request);
  keep(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/accounts/") || url.pathname === "/sw.js") return;
  event.respondWith(request.mode === "navigate" ? page(request) : file(request));
});

// The pictures of a kept session page: fetched now, so the session works offline from its first step.
async function keepPictures(html) {
  const match = html.match(/<script id="player-data" type="application\/json">([\s\S]*?)<\/script>/);
  if (!match) return;
  let steps = [];
  try { steps = JSON.parse(match[1]).steps || []; } catch (error) { return; }
  const urls = new Set();
  steps.forEach((step) => {
    [step.picture, step.picture_stills, step.drawing].forEach((url) => { if (url) urls.add(url); });
  });
  await Promise.all([...urls].map((url) => file(new Request(url)).catch(() => undefined)));
}

// The pages a person needs offline (their routines' sessions, the atlas pages of those muscles, a diary form),
// asked for by the page while the connection is there.
async function warm(urls) {
  for (const url of urls) {
    try {
      const request = new Request(url, { credentials: "same-origin" });
      // "kept for later": a session page is then made without the server's "Anything new?" (the page asks it)
      const response = await fetch(new Request(url, { credentials: "same-origin", headers: { "X-Unknot-Keep": "1" } }));
      if (!response.ok || response.redirected) continue;
      await keep(request, response.clone());
      if ((response.headers.get("Content-Type") || "").includes("text/html")) await keepPictures(await response.text());
    } catch (error) { /* offline again: the next visit tries */ }
  }
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "person") person = message.person || null;
  else if (message.type === "warm") {
    if (message.person) person = message.person;
    event.waitUntil(warm(message.urls || []));
  }
  else if (message.type === "forget") {
    person = null;
    event.waitUntil(caches.keys().then((names) => Promise.all(names.filter((n) => n.startsWith(PERSON)).map((n) => caches.delete(n)))));
  } else if (message.type === "update") self.skipWaiting();
  else if (message.type === "replay") event.waitUntil(replayWhenNoPage());
});

// The worker sends what waits only while no page of unknot is open: an open page sends it itself (on load and
// when the signal returns), and one sender at a time keeps the order of a session's saves.
async function replayWhenNoPage() {
  const open = await self.clients.matchAll({ type: "window" });
  if (open.length) return undefined;
  return replayQueue(self.fetch.bind(self)).catch(() => undefined);
}

self.addEventListener("sync", (event) => {
  // Background Sync, where the browser has it, only wakes the replay sooner.
  if (event.tag === "unknot-queue") event.waitUntil(replayWhenNoPage());
});
