// A muscle page's illustration shows every trigger point's pain by default; a row of buttons shows one
// point's pain instead (same drawing size, so nothing moves). Without scripts the row stays hidden and the
// whole pattern shows, as it does in print.
import { choose } from "./zones/choice.js";

function main() {
  const figure = document.querySelector("[data-zones]");
  const picker = figure && figure.querySelector("[data-zone-picker]");
  const image = figure && figure.querySelector("[data-zone-image]");
  if (!picker || !image) return;
  const buttons = Array.from(picker.querySelectorAll("button"));
  const options = buttons.map((b) => ({ src: b.dataset.src, alt: b.dataset.alt }));
  let current = 0;
  picker.hidden = false;
  picker.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const picked = choose(options, buttons.indexOf(button), current);
    current = picked.index;
    image.src = picked.src;
    image.alt = picked.alt;
    buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(picked.pressed[i])));
  });
}

main();
