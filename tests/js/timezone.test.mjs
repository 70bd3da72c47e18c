import assert from "node:assert/strict";
import { test } from "node:test";

import { deviceZone } from "../../static/js/timezone/zone.js";

const intl = (zone) => ({ DateTimeFormat: () => ({ resolvedOptions: () => ({ timeZone: zone }) }) });

test("reads the device's time zone", () => {
  assert.equal(deviceZone(intl("Europe/London")), "Europe/London");
  assert.equal(deviceZone(intl("America/Argentina/Buenos_Aires")), "America/Argentina/Buenos_Aires");
});

test("gives nothing when the browser cannot say or says something odd", () => {
  assert.equal(deviceZone(undefined), "");
  assert.equal(deviceZone(intl(undefined)), "");
  assert.equal(deviceZone(intl('"><script>')), "");
  assert.equal(deviceZone({ DateTimeFormat: () => { throw new Error("no"); } }), "");
});
