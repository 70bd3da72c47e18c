// A new diary entry written without a connection: kept on the phone (the one save queue, IndexedDB) with an id
// of its own and saved when the signal is back (static/js/offline.js sends it); with a connection the form is
// posted as usual.
import { openQueueStore } from "./offline/queue_store.js";
import { personPrefix } from "./offline/replay.js";
import { uuid4 } from "./player/server.js";

export function entryFrom(formData, id) {
  const one = (name) => formData.get(name) || "";
  return {
    id,
    score: parseInt(one("score"), 10),
    when: one("when"),
    region: formData.getAll("region"),
    worse: formData.getAll("worse"),
    note: one("note"),
  };
}

function main() {
  const form = document.querySelector("form[data-offline-diary]");
  const person = document.body.getAttribute("data-person");
  if (!form || !person) return;
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    const id = uuid4();
    const entry = entryFrom(new FormData(form), id);
    if (Number.isNaN(entry.score)) {
      form.querySelector("[data-offline-kept]").textContent = form.getAttribute("data-need-score");
      return;
    }
    openQueueStore().then((store) => {
      store.setItem(personPrefix(person) + "diary-" + id, JSON.stringify([{ url: "/api/v1/diary", body: entry }]));
      return store.written();
    }).then(() => {
      form.reset();
      const kept = form.querySelector("[data-offline-kept]");
      kept.textContent = form.getAttribute("data-kept");
      kept.focus();
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then((reg) => reg.sync && reg.sync.register("unknot-queue")).catch(() => undefined);
      }
    });
  });
}

if (typeof document !== "undefined") main();
