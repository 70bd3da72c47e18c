// Where a session stands when its page opens: what the server already has (a resumed session) plus what this
// device did but has not sent yet. Outcomes are "done", "cut_short" or "skipped"; a nerve note is not one.
// `started` says the session was begun (a saved or waiting start), even when "pain before" was skipped (null).

export function progressFrom(steps, resume, waiting, api) {
  const outcome = {};
  let baseSeconds = 0;
  let painBefore = null;
  let started = Boolean(resume);
  if (resume) {
    for (const [index, value] of Object.entries(resume.done || {})) {
      const kind = typeof value === "string" ? value : value && value.kind;
      const seconds = value && typeof value === "object" ? value.seconds : null;
      if (!kind || kind === "nerve" || !steps[index]) continue;
      outcome[index] = kind;
      if (seconds !== null && seconds !== undefined) baseSeconds += seconds;
      else if (kind === "done") baseSeconds += steps[index].seconds;
    }
    if (resume.pain_before !== null && resume.pain_before !== undefined) painBefore = resume.pain_before;
  }
  for (const item of waiting) {
    const body = item.body || {};
    if (item.url === api.events && body.kind && body.kind !== "nerve") outcome[body.step] = body.kind;
    if (item.url === api.start) {
      started = true;
      if (painBefore === null && body.pain_before !== undefined) painBefore = body.pain_before;
    }
  }
  return { outcome, baseSeconds, painBefore, started };
}

// The first area not yet done, cut short or skipped; steps.length when there is none.
export function firstOpen(steps, outcome) {
  for (let i = 0; i < steps.length; i++) if (!outcome[i]) return i;
  return steps.length;
}
