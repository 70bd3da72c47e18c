// One area's timer: a get-ready phase, then the work phase, each running to a deadline (so it keeps true
// time in a background tab), paused and resumed, and the work actually done counted to the millisecond.
import { workedMs } from "./clock.js";

export function createTimer() {
  return {
    phase: "ready", // "ready" | "work"
    running: false,
    deadline: 0, // when the phase ends, while running
    remaining: 0, // ms left in the phase, while paused
    workStarted: 0, // when the running stretch of work began
    workedMs: 0, // work done on this area before the running stretch
    heldFor: null, // "nerve": paused by the nerve-sensation panel, until the person carries on

    newArea() {
      this.workedMs = 0;
      this.heldFor = null;
    },
    begin(phase, from, ms) {
      this.heldFor = null;
      this.phase = phase;
      this.running = true;
      this.deadline = from + ms;
      if (phase === "work") this.workStarted = from;
    },
    // Waiting for the person (back after a long time away): the work phase, paused, with all its time.
    waitFor(ms) {
      this.phase = "work";
      this.running = false;
      this.remaining = ms;
    },
    left(at) {
      return this.running ? this.deadline - at : this.remaining;
    },
    worked(at, areaMs) {
      return workedMs({
        workedBefore: this.workedMs,
        running: this.running,
        phase: this.phase,
        workStarted: this.workStarted,
        now: at,
        stepSeconds: areaMs / 1000,
      });
    },
    // Ends the running stretch of work (pause, leaving the area); returns the ms it added.
    stopWork(at, areaMs) {
      if (!(this.running && this.phase === "work")) return 0;
      const stretch = Math.min(at - this.workStarted, areaMs - this.workedMs);
      this.workedMs += stretch;
      return stretch;
    },
    // Pauses: keeps what is left of the phase; returns the work ms the stretch added.
    hold(at, areaMs) {
      const stretch = this.stopWork(at, areaMs);
      this.remaining = Math.max(0, this.deadline - at);
      this.running = false;
      if (this.phase === "work") this.workStarted = 0;
      return stretch;
    },
    // Pauses for a reason (the nerve-sensation panel) when the timer runs; a timer already paused or
    // waiting for "I'm in position" stays as it is. Returns the work ms the stretch added.
    holdFor(reason, at, areaMs) {
      if (!this.running) return 0;
      const stretch = this.hold(at, areaMs);
      this.heldFor = reason;
      return stretch;
    },
    // The person carries on: whether the timer was held for this reason, and so should run again.
    carryOn(reason) {
      const held = this.heldFor === reason && !this.running;
      this.heldFor = null;
      return held;
    },
    // The area ran its full time: returns the work ms not yet counted.
    finish(areaMs) {
      const added = areaMs - this.workedMs;
      this.running = false;
      this.workedMs = areaMs;
      return added;
    },
  };
}
