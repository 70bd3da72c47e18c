// Home after signing up: a session done on this phone before the account existed is offered, once, to keep
// ("Keep it") or to throw away ("Not mine, discard it"). Right after saving it with an emailed code it is kept
// without asking again.
import { discardGuestWork, guestWork, keptVerdict } from "./guest/work.js";
import { openQueueStore } from "./offline/queue_store.js";
import { deviceStorage } from "./player/server.js";

function main(storage) {
  const card = document.querySelector("[data-guest-work]");
  if (!card) return;
  // Right after saving one session with an emailed code: that session alone, kept without asking again.
  const only = card.getAttribute("data-keep-now");
  const found = guestWork(storage, Date.now()).filter((work) => !only || work.body.start.id === only);
  if (!found.length) return;
  const status = card.querySelector("[data-guest-status]");
  const text = (name) => card.querySelector(`[data-text="${name}"]`).textContent;
  const when = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).format(new Date(found[0].startedAt));
  card.querySelector("[data-guest-what]").textContent = text(found.length === 1 ? "one" : "many")
    .replace("{when}", when).replace("{count}", String(found.length));
  card.hidden = false;

  function keepAll() {
    const buttons = card.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    status.textContent = text("saving");
    let left = 0;
    let check = "";
    const sends = found.map((work) =>
      fetch(card.getAttribute("data-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": card.getAttribute("data-csrf"), Accept: "application/json" },
        body: JSON.stringify(work.body),
      }).then(
        (response) => response.json().catch(() => null).then((json) => ({ code: response.status, json })),
        () => ({ code: 0, json: null }),
      ).then(({ code, json }) => {
        const verdict = keptVerdict(code, json);
        if (verdict === "later") left += 1;
        else if (verdict === "check") check = json.url;
        else discardGuestWork(storage, [work.key]);
        return verdict;
      }),
    );
    Promise.all(sends).then((verdicts) => {
      if (check) {
        status.textContent = text("check");
        const go = card.querySelector("[data-guest-check]");
        go.querySelector("a").setAttribute("href", check);
        go.hidden = false;
        buttons.forEach((b) => { b.disabled = false; });
      } else if (left) {
        status.textContent = text("later");
        buttons.forEach((b) => { b.disabled = false; });
      } else if (verdicts.indexOf("kept") >= 0) {
        status.textContent = text("kept");
        window.location.reload(); // home counts it now: this week, the next due day
      } else {
        status.textContent = text("gone");
      }
    });
  }

  card.querySelector("[data-guest-keep]").addEventListener("click", keepAll);
  card.querySelector("[data-guest-discard]").addEventListener("click", () => {
    discardGuestWork(storage, found.map((work) => work.key));
    card.hidden = true;
    const said = document.querySelector("[data-guest-said]");
    if (said) said.textContent = text("discarded");
  });
  if (card.hasAttribute("data-keep-now")) keepAll();
}

openQueueStore({ legacy: deviceStorage() }).then(main);
