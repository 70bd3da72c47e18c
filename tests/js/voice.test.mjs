// Spoken cues: on-device voices only, off unless chosen.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createVoice, pickVoice } from "../../static/js/player/voice.js";

const CLOUD = { name: "cloud", lang: "en-GB", localService: false };
const LOCAL_US = { name: "local-us", lang: "en-US", localService: true };
const LOCAL_GB = { name: "local-gb", lang: "en-GB", localService: true };

function stubSynth(voices) {
  const spoken = [];
  return { spoken, getVoices: () => voices, cancel() {}, speak: (u) => spoken.push(u) };
}
class Utterance {
  constructor(text) {
    this.text = text;
  }
}

test("a voice that would send words off the device is never chosen", () => {
  assert.equal(pickVoice([CLOUD], "en-GB"), null);
});

test("the page's language is preferred, then the same language elsewhere", () => {
  assert.equal(pickVoice([LOCAL_US, LOCAL_GB, CLOUD], "en-GB"), LOCAL_GB);
  assert.equal(pickVoice([LOCAL_US, CLOUD], "en-GB"), LOCAL_US);
});

test("turned off, nothing is spoken", () => {
  const synth = stubSynth([LOCAL_GB]);
  createVoice(synth, false, "en-GB", Utterance).speak("Start now.");
  assert.equal(synth.spoken.length, 0);
});

test("turned on, cues are spoken with the on-device voice", () => {
  const synth = stubSynth([CLOUD, LOCAL_GB]);
  createVoice(synth, true, "en-GB", Utterance).speak("Start now. ");
  assert.equal(synth.spoken.length, 1);
  assert.equal(synth.spoken[0].text, "Start now.");
  assert.equal(synth.spoken[0].voice, LOCAL_GB);
});

test("with only cloud voices, turned on still says nothing aloud", () => {
  const synth = stubSynth([CLOUD]);
  createVoice(synth, true, "en-GB", Utterance).speak("Start now.");
  assert.equal(synth.spoken.length, 0);
});

test("a device that refuses to speak does not stop the session", () => {
  const synth = { getVoices: () => [LOCAL_GB], cancel() {}, speak() { throw new Error("not allowed"); } };
  assert.doesNotThrow(() => createVoice(synth, true, "en-GB", Utterance).speak("Start now."));
});
