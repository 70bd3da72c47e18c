// What the coach says and decides as time passes, apart from the page so it can be tested: when to remind
// about breathing, which "seconds left" to announce, whether the person was away so long that the next area
// should wait for them, and the summary's counts.

// During an area's work: the breathing reminder a third of the way in, then "N seconds left" at each half
// minute and at 10 seconds. `announced` holds what was already said; the answer says what to say now and
// what to mark as said (a mark passed while the tab slept is marked without being said: no stale words).
export function dueWords(total, leftS, announced) {
  const said = {};
  let breath = false;
  let left = null;
  const inS = total - leftS;
  if (inS >= total / 3 && !announced.breath) {
    breath = true;
    said.breath = true;
  }
  const mark = leftS <= 10 ? 10 : Math.ceil(leftS / 30) * 30;
  if (leftS <= mark && mark < total) {
    if (!announced[mark] && (leftS > mark - 3 || mark === 10)) {
      left = mark;
      if (leftS <= 10) said[30] = true;
    }
    said[mark] = true;
  }
  return { breath, left, said };
}

// After the person was away: if the next area would already be over too, nobody was doing it.
export function awayTooLong(at, deadline, readyMs, nextSeconds) {
  return at - deadline > readyMs + nextSeconds * 1000;
}

// The summary: areas done (done or cut short), skipped, and the time spent.
export function summary(outcome, activeSeconds) {
  let done = 0;
  let skipped = 0;
  Object.keys(outcome).forEach((index) => {
    if (outcome[index] === "skipped") skipped++;
    else done++;
  });
  return {
    done,
    skipped,
    underAMinute: activeSeconds < 30,
    minutes: Math.max(1, Math.round(activeSeconds / 60)),
  };
}

// What is left of the whole session, in seconds: this area's work not yet done, every later area's time,
// and the time to get into position for each area not yet started (`readySeconds` each).
export function secondsLeft(steps, index, workedSeconds, readySeconds, started) {
  let left = Math.max(0, steps[index].seconds - workedSeconds) + (started ? 0 : readySeconds);
  for (let i = index + 1; i < steps.length; i++) left += steps[i].seconds + readySeconds;
  return left;
}
