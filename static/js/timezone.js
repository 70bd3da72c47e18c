// The device's time zone. On home, while the account has none (UTC), it is offered to confirm in one tap;
// in settings it is suggested in the list and kept when the person saves.
import { deviceZone } from "./timezone/zone.js";

const zone = deviceZone(globalThis.Intl);

const prompt = document.querySelector("[data-zone-confirm]");
if (prompt && zone && zone !== "UTC") {
  prompt.querySelector("[data-zone-input]").value = zone;
  prompt.querySelector("[data-zone-name]").textContent = zone.replaceAll("_", " ");
  prompt.hidden = false;
  const fallback = document.querySelector("[data-zone-fallback]");
  if (fallback) fallback.hidden = true;
}

const select = document.querySelector("[data-time-zone]");
if (select && select.value === "UTC" && zone && select.querySelector(`option[value="${CSS.escape(zone)}"]`)) {
  select.value = zone;
  const hint = document.querySelector("[data-time-zone-hint]");
  if (hint) hint.hidden = false;
}
