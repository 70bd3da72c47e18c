import { test } from "node:test";
import assert from "node:assert/strict";

import { proposal } from "../../static/js/player/booking.js";

test("the proposal is two days on at the session's time, rounded up to the half hour", () => {
  const finished = Date.UTC(2026, 11, 6, 17, 7); // Sunday 6 Dec 2026, 17:07 in London
  assert.deepEqual(proposal(finished, "Europe/London", "en-GB"), { time: "17:30", day: "Tuesday 8 Dec" });
});

test("a session ending on the half hour keeps it", () => {
  assert.equal(proposal(Date.UTC(2026, 11, 6, 18, 0, 0), "Europe/London", "en-GB").time, "18:00");
});

test("the time is on the person's clock", () => {
  const finished = Date.UTC(2026, 11, 6, 17, 7);
  assert.deepEqual(proposal(finished, "America/New_York", "en-GB"), { time: "12:30", day: "Tuesday 8 Dec" });
});

test("late at night it stays 23:30 and the day moves on, as on the server", () => {
  assert.deepEqual(proposal(Date.UTC(2026, 11, 6, 23, 50), "UTC", "en-GB"), { time: "23:30", day: "Wednesday 9 Dec" });
});

test("the day reads as home's due days do, whatever the locale's usual order", () => {
  assert.equal(proposal(Date.UTC(2026, 11, 6, 17, 7), "Europe/London", "en").day, "Tuesday 8 Dec");
});
