// The words the player shows and says come from the page (so Django translates them); {name} parts are
// filled in here.
export function wordsFrom(nodes) {
  const texts = {};
  nodes.forEach((node) => { texts[node.getAttribute("data-text")] = node.textContent.trim(); });
  function t(key, values) {
    let text = texts[key] || "";
    Object.keys(values || {}).forEach((name) => { text = text.split("{" + name + "}").join(String(values[name])); });
    return text;
  }
  function plural(key, n) {
    return n === 1 ? t(key + "-one") : t(key + "-many", { n });
  }
  return { t, plural };
}
