// What the phone itself does for the player: a short sound and/or a vibration at the end of an area (as the
// person chose in settings), and keeping the screen awake while an area is timed.

export function createSignals(endSignal) {
  let audio = null;
  const wantsSound = endSignal === "sound" || endSignal === "both";
  const wantsVibration = endSignal === "vibrate" || endSignal === "both";

  function beep(at, frequency) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    oscillator.connect(gain);
    gain.connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.4);
  }

  return {
    // Browsers allow sound only after a tap; the first tap on a button opens the audio for the session.
    wake() {
      if (audio || !wantsSound) return;
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      try { audio = new Context(); } catch (error) { audio = null; }
    },
    end() {
      if (wantsVibration && navigator.vibrate && (!navigator.userActivation || navigator.userActivation.hasBeenActive)) {
        try { navigator.vibrate([200, 100, 200]); } catch (error) { /* not on this device */ }
      }
      if (wantsSound && audio) {
        try {
          if (audio.state === "suspended") audio.resume();
          beep(audio.currentTime + 0.05, 660);
          beep(audio.currentTime + 0.5, 880);
        } catch (error) { /* no sound on this device */ }
      }
    },
  };
}

// Keeps the screen on while `stillWanted()` says an area is being timed; lets it go otherwise.
export function createScreenLock(stillWanted) {
  let lock = null;
  let asking = false;
  return {
    hold() {
      if (lock || asking || !navigator.wakeLock || document.visibilityState !== "visible") return;
      asking = true;
      navigator.wakeLock.request("screen").then((granted) => {
        asking = false;
        if (!stillWanted()) { granted.release().catch(() => {}); return; }
        lock = granted;
        granted.addEventListener("release", () => { if (lock === granted) lock = null; });
      }).catch(() => {
        asking = false; // not allowed here (battery saver, or not supported): the timer still works
      });
    },
    release() {
      if (lock) {
        const held = lock;
        lock = null;
        held.release().catch(() => {});
      }
    },
  };
}
