// The next session the summary proposes: the due day (two days on) at about the time of day this session ended,
// rounded up to the half hour, on the person's clock - the same rule as care/booking.py's proposed_time, so the
// words shown are the time the server books.

const STEP = 30; // minutes
const DAY_MS = 86400000;

function partsIn(ms, zone) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone || undefined, hourCycle: "h23", hour: "2-digit", minute: "2-digit", second: "2-digit"
  }).formatToParts(new Date(ms));
  const get = (type) => parseInt(parts.find((p) => p.type === type).value, 10);
  return { hour: get("hour"), minute: get("minute"), second: get("second") };
}

export function proposal(finishedMs, zone, locale) {
  const local = partsIn(finishedMs, zone);
  const now = local.hour * 60 + local.minute + local.second / 60;
  const minutes = Math.min(Math.ceil(now / STEP) * STEP, 24 * 60 - STEP);
  const days = minutes < now ? 3 : 2; // late at night the due moment moves on a day, as on the server
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  // Named in the language of the page, in the order home uses for due days ("Friday 4 December").
  const parts = new Intl.DateTimeFormat(locale || undefined, {
    timeZone: zone || undefined, weekday: "long", day: "numeric", month: "short"
  }).formatToParts(new Date(finishedMs + days * DAY_MS));
  const part = (type) => parts.find((p) => p.type === type).value;
  return { time: hh + ":" + mm, day: part("weekday") + " " + part("day") + " " + part("month") };
}
