// The routine editor with a script: "Move up" and "Move down" move the row at once (no page load), keep the
// keyboard focus on the button pressed, and renumber the hidden positions that the form sends.
import { move, positions } from "./routine/order.js";

function main() {
  const form = document.querySelector("[data-routine-form]");
  if (!form) return;
  const say = document.createElement("p");
  say.className = "visually-hidden";
  say.setAttribute("aria-live", "polite");
  form.appendChild(say);

  function rows() {
    return Array.from(form.querySelectorAll("[data-row]"));
  }

  function renumber() {
    const all = rows();
    positions(all).forEach((position, index) => {
      const row = all[index];
      row.querySelector('input[type="hidden"][name$="-ORDER"]').value = String(position);
      row.querySelector('[data-move="up"]').disabled = index === 0;
      row.querySelector('[data-move="down"]').disabled = index === all.length - 1;
    });
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    event.preventDefault();
    const all = rows();
    const row = button.closest("[data-row]");
    const index = all.indexOf(row);
    const next = move(all, index, button.dataset.move);
    if (next[index] === row) return;
    const parent = row.parentNode;
    next.forEach((item) => parent.insertBefore(item, form.querySelector("[data-routine-end]")));
    renumber();
    const target = row.querySelector(`[data-move="${button.dataset.move}"]`);
    (target.disabled ? row.querySelector("[data-move]:not([disabled])") : target).focus();
    say.textContent = `${row.querySelector("legend").textContent}: ${next.indexOf(row) + 1} / ${all.length}`;
  });
  // With a mouse or pen, a row can also be dragged by its handle (pointer events: the same code for both);
  // the buttons stay for touch, the keyboard and assistive technology.
  if (window.matchMedia && window.matchMedia("(pointer: fine)").matches) {
    rows().forEach((row) => {
      const handle = document.createElement("span");
      handle.className = "drag-handle";
      handle.setAttribute("aria-hidden", "true");
      handle.textContent = "⠿";
      row.querySelector(".row-moves").prepend(handle);
    });
    let dragged = null;
    form.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest(".drag-handle");
      if (!handle) return;
      event.preventDefault();
      dragged = handle.closest("[data-row]");
      dragged.classList.add("is-dragged");
      handle.setPointerCapture(event.pointerId);
    });
    form.addEventListener("pointermove", (event) => {
      if (!dragged) return;
      const over = document.elementFromPoint(event.clientX, event.clientY);
      const target = over && over.closest("[data-row]");
      if (!target || target === dragged) return;
      const all = rows();
      const before = all.indexOf(dragged) > all.indexOf(target) ? target : target.nextSibling;
      target.parentNode.insertBefore(dragged, before);
    });
    const drop = () => {
      if (!dragged) return;
      dragged.classList.remove("is-dragged");
      renumber();
      say.textContent = `${dragged.querySelector("legend").textContent}: ${rows().indexOf(dragged) + 1} / ${rows().length}`;
      dragged = null;
    };
    form.addEventListener("pointerup", drop);
    form.addEventListener("pointercancel", drop);
  }
  renumber();
}

main();
