// The timer's arithmetic: the get-ready countdown in whole seconds, the work phase as m:ss, and the work
// actually done on a step (never more than its time, however long the tab slept).
export function formatClock(ms, phase) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (phase === "ready") return String(seconds);
  return Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
}

// What the timer's face shows. Getting into position is never timed as if it were the hold: with a chosen
// get-ready countdown the big number is that countdown; waiting for "I'm in position" it is empty. Either way
// the hold's length is a quiet "then 1:30" below, and while working or paused the big number is the hold.
export function timerFace(phase, leftMs, holdMs, counting) {
  if (phase !== "ready") return { count: formatClock(leftMs, phase), then: "" };
  return { count: counting ? formatClock(leftMs, "ready") : "", then: formatClock(holdMs, "work") };
}

export function workedMs({ workedBefore, running, phase, workStarted, now, stepSeconds }) {
  let ms = workedBefore;
  if (running && phase === "work") ms += now - workStarted;
  return Math.min(ms, stepSeconds * 1000);
}

// Seconds as the API accepts them for one step: a whole number from 0 to 120.
export function stepSeconds(seconds) {
  return Math.max(0, Math.min(120, Math.round(seconds)));
}
