// The routine editor's order: moving a row up or down, and the positions that follow from the rows' order.

// The list after moving the item at `index` one place `direction` ("up" or "down"); unchanged at the ends.
export function move(items, index, direction) {
  const to = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || to < 0 || to >= items.length) return items.slice();
  const moved = items.slice();
  [moved[index], moved[to]] = [moved[to], moved[index]];
  return moved;
}

// Positions counted from 1, in the rows' order.
export function positions(items) {
  return items.map((_item, index) => index + 1);
}
