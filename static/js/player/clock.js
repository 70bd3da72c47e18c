// The timer's arithmetic: the get-ready countdown in whole seconds, the work phase as m:ss, and the work
// actually done on a step (never more than its time, however long the tab slept).
export function formatClock(ms, phase) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (phase === "ready") return String(seconds);
  return Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
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
