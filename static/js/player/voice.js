// Spoken cues, when the person turned them on: only with a voice that runs on the device itself
// (localService), so no words leave it; without one, nothing is spoken. The page's own live region still
// carries every cue for screen readers, so this is an extra, never the only way.

export function pickVoice(voices, language) {
  const local = voices.filter((voice) => voice.localService);
  const base = (language || "").split("-")[0].toLowerCase();
  return (
    local.find((voice) => voice.lang.toLowerCase() === (language || "").toLowerCase()) ||
    local.find((voice) => voice.lang.toLowerCase().split("-")[0] === base) ||
    null
  );
}

export function createVoice(synth, enabled, language, Utterance) {
  if (!enabled || !synth || !Utterance) return { speak() {}, active: false };
  return {
    active: true,
    speak(text) {
      const voice = pickVoice(synth.getVoices(), language);
      if (!voice || !text.trim()) return;
      try {
        synth.cancel(); // the newest cue replaces one still being read
        const utterance = new Utterance(text.trim());
        utterance.voice = voice;
        utterance.lang = voice.lang;
        synth.speak(utterance);
      } catch (error) {
        // speech is an extra: if the device refuses, the session goes on in silence
      }
    },
  };
}
