// On every page: installs the service worker (templates/guide/sw.js), tells it whose pages these are, sends the
// signed-in person's waiting saves when the signal is there, says how many wait ("3 entries waiting to be saved",
// then "Saved"), asks the worker to keep the pages a person needs offline, offers a new version without reloading
// in the middle of anything, and on signing out leaves nothing of the person on the phone.
import { openQueueStore } from "./offline/queue_store.js";
import { PERSON_KEY, personPrefix, replayQueue, waitingFor } from "./offline/replay.js";

const body = document.body;
const person = body.getAttribute("data-person") || "";
const worker = "serviceWorker" in navigator ? navigator.serviceWorker : null;

function text(name, n) {
  const node = document.querySelector(`[data-offline-text="${name}"]`);
  return node ? node.textContent.replace("{n}", String(n)) : "";
}

function tellWorker(message) {
  if (worker && worker.controller) worker.controller.postMessage(message);
}

function showWaiting(count) {
  document.querySelectorAll("[data-waiting]").forEach((node) => {
    node.hidden = false;
    node.textContent = count ? text(count === 1 ? "one-waiting" : "many-waiting", count) : text("saved", 0);
  });
}

async function replay(store) {
  const before = waitingFor(store, person);
  if (!before) return;
  showWaiting(before);
  if (!navigator.onLine) return;
  showWaiting(await replayQueue(window.fetch.bind(window), store));
}

function offerUpdate(registration) {
  const banner = document.querySelector("[data-update]");
  if (!banner || !registration.waiting) return;
  banner.hidden = false; // never reloads by itself: a timed session may be running
  banner.querySelector("button").addEventListener("click", () => {
    worker.addEventListener("controllerchange", () => window.location.reload());
    registration.waiting.postMessage({ type: "update" });
  });
}

function register() {
  if (!worker) return;
  worker.register("/sw.js", { type: "module", scope: "/" }).then((registration) => {
    offerUpdate(registration);
    registration.addEventListener("updatefound", () => {
      const next = registration.installing;
      if (!next) return;
      next.addEventListener("statechange", () => {
        if (next.state === "installed" && worker.controller) offerUpdate(registration);
      });
    });
  }, () => { /* not in this browser: everything still works online */ });
}

// Before signing out: send what waits, or ask; then nothing of this person stays for the next one.
function guardSignOut(store) {
  document.querySelectorAll("form[data-sign-out]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.confirmed) return;
      event.preventDefault();
      let left = waitingFor(store, person);
      if (left && navigator.onLine) left = await replayQueue(window.fetch.bind(window), store);
      if (left && !window.confirm(text(left === 1 ? "sign-out-anyway-one" : "sign-out-anyway", left))) return;
      for (let i = store.length - 1; i >= 0; i--) {
        const key = store.key(i);
        if (key && key.indexOf(personPrefix(person)) === 0) store.removeItem(key);
      }
      store.removeItem(PERSON_KEY);
      await store.written();
      tellWorker({ type: "forget" });
      if (window.caches) {
        const names = await caches.keys();
        await Promise.all(names.filter((n) => n.indexOf("unknot-person-") === 0).map((n) => caches.delete(n)));
      }
      form.dataset.confirmed = "yes";
      form.submit();
    });
  });
}

async function main() {
  register();
  const store = await openQueueStore({ legacy: window.localStorage });
  if (person) store.setItem(PERSON_KEY, person);
  else if (store.getItem(PERSON_KEY)) store.removeItem(PERSON_KEY); // signed out: the worker replays nothing
  tellWorker({ type: "person", person: person || "guest" });
  if (worker) worker.addEventListener("controllerchange", () => tellWorker({ type: "person", person: person || "guest" }));
  guardSignOut(store);
  // One sender at a time: a session page's own queue sends everything waiting (static/js/player.js).
  if (person && !document.querySelector("[data-player]")) {
    await replay(store);
    window.addEventListener("online", () => replay(store));
  } else if (person && waitingFor(store, person)) {
    showWaiting(waitingFor(store, person));
  }
  const warm = document.getElementById("offline-pages");
  if (warm && navigator.onLine) {
    const urls = JSON.parse(warm.textContent);
    if (worker) worker.ready.then((registration) => registration.active && registration.active.postMessage({ type: "warm", urls, person }));
  }
}

main();
