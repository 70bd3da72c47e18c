// "Copy" buttons: [data-copy="id-of-a-field"] copies that field's text and says so in its [data-copied] line.
import { copyText } from "./copy/text.js";

for (const button of document.querySelectorAll("[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    const said = document.querySelector(`[data-copied="${CSS.escape(button.dataset.copy)}"]`);
    const done = await copyText(field.value, navigator.clipboard, () => {
      field.select();
      return document.execCommand("copy");
    });
    if (said) said.textContent = done ? button.dataset.copiedText : button.dataset.failedText;
  });
}
