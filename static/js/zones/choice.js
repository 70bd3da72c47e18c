// Which drawing to show when a button of the zone picker is pressed: that one, pressed alone; pressing the
// one already shown goes back to the whole pattern (the first button), so a second tap undoes the first.

export function choose(options, index, current = null) {
  const picked = index === current && index !== 0 ? 0 : index;
  const option = options[picked] || options[0];
  return { index: picked, src: option.src, alt: option.alt, pressed: options.map((_, i) => i === picked) };
}
