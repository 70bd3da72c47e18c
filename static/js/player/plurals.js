// Counted words ("3 areas done") through Django's JavaScript catalogue (/jsi18n/, loaded before the
// player), so every language gets its own plural forms; English forms when the catalogue is missing.
export function counted(kind, n, catalogue = globalThis.django) {
  const ngettext = catalogue && catalogue.ngettext ? catalogue.ngettext : (one, many, count) => (count === 1 ? one : many);
  let text;
  if (kind === "done") text = ngettext("%(n)s area done", "%(n)s areas done", n);
  else if (kind === "skipped") text = ngettext("%(n)s skipped", "%(n)s skipped", n);
  else if (kind === "minutes") text = ngettext("%(n)s min", "%(n)s min", n);
  else throw new Error("no counted words for " + kind);
  return text.split("%(n)s").join(String(n));
}
