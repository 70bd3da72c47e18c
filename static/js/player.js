// The guided session: pain before, one area per screen with a get-ready countdown and a countdown to a deadline
// (so it keeps true time in a background tab), the handout's cues, a one-tap nerve-sensation note, pain after and
// a summary. Signed in, every step is saved as it happens; a save that fails waits in localStorage and is sent
// again when the connection comes back or the page is next opened. Words come from the page (translatable).
import { proposal } from "./player/booking.js";
import { stepSeconds, timerFace } from "./player/clock.js";
import { awayTooLong, dueWords, secondsLeft, summary } from "./player/coach.js";
import { createScreenLock, createSignals } from "./player/device.js";
import { counted } from "./player/plurals.js";
import { createPage } from "./player/page.js";
import { createTimer } from "./player/timer.js";
import { firstOpen as firstOpenIn, progressFrom } from "./player/progress.js";
import { GUEST_PREFIX, PENDING_PREFIX, createSaveQueue } from "./player/queue.js";
import { sweepGuestWork } from "./guest/work.js";
import { openQueueStore } from "./offline/queue_store.js";
import { personPrefix } from "./offline/replay.js";
import { createServer, deviceStorage, uuid4 } from "./player/server.js";
import { createVoice } from "./player/voice.js";
import { wordsFrom } from "./player/words.js";
import { deviceZone } from "./timezone/zone.js";

var KEPT_COPY_MS = 5 * 60 * 1000; // a page older than this was opened from the phone's copy, not the server
var STARTED_KEY = "unknot-meta-started"; // the last sessions started on this phone, by id

// A page kept for offline use is the same page every time it opens: its session id, used once, is made anew.
function freshSession(player, store) {
  var started = [];
  try { started = JSON.parse(store.getItem(STARTED_KEY) || "[]"); } catch (error) { started = []; }
  if (player.resume || started.indexOf(player.session_id) < 0) return null;
  var old = player.session_id;
  player.session_id = uuid4();
  player.api.events = player.api.events.replace(old, player.session_id);
  player.api.finish = player.api.finish.replace(old, player.session_id);
  return old;
}

function noteStarted(store, id) {
  var started = [];
  try { started = JSON.parse(store.getItem(STARTED_KEY) || "[]"); } catch (error) { started = []; }
  started.push(id);
  store.setItem(STARTED_KEY, JSON.stringify(started.slice(-20)));
}

function main(store) {
  var root = document.querySelector("[data-player]");
  var dataNode = document.getElementById("player-data");
  if (!root || !dataNode) return;
  var player = JSON.parse(dataNode.textContent);
  var steps = player.steps || [];
  player.person = document.body.getAttribute("data-person") || "";
  var replaced = freshSession(player, store);
  if (replaced && root.hasAttribute("data-resume-url")) {
    root.setAttribute("data-resume-url", root.getAttribute("data-resume-url").replace(replaced, player.session_id));
  }

  // 0: the timer waits for "I'm in position"; otherwise the person chose a countdown in their settings.
  var READY_MS = (player.ready_seconds || 0) * 1000;
  var READY_ALLOWANCE_S = READY_MS ? READY_MS / 1000 : player.ready_allowance; // for "time left"
  // Without an account the saves stay on this phone for a day, for whoever signs up on it (guest_work.js).
  var pendingKey = (player.signed_in && player.person ? personPrefix(player.person) : player.signed_in ? PENDING_PREFIX : GUEST_PREFIX) + player.session_id;
  // How far into the current area the person got, kept on this device, so carrying on after a reload or a
  // closed tab gives back the time that was left rather than the area's whole time.
  var progressKey = "unknot-progress-" + player.session_id;
  var progressStore = deviceStorage();
  var progressKeptAt = 0;

  // ---- words from the page -------------------------------------------------------------------------------
  var words = wordsFrom(root.querySelectorAll("[data-text]"));
  var t = words.t;

  var page = createPage(root);
  var $ = page.$;
  var screens = page.screens;
  var ui = page.ui;
  var voice = createVoice(window.speechSynthesis, player.spoken_cues, document.documentElement.lang, window.SpeechSynthesisUtterance);
  function say(text) {
    page.say(text);
    voice.speak(text || "");
  }

  // ---- state ---------------------------------------------------------------------------------------------
  var state = {
    screen: null,
    painBefore: null,
    current: 0,
    cueShown: "",
    announced: {}, // marks already said for this step's work phase
    outcome: {}, // step index -> "done" | "cut_short" | "skipped"
    activeMs: 0, // work time of this page, all steps
    baseSeconds: 0, // work time already saved before a resume
    endedEarly: false
  };
  var timer = createTimer();
  var ticker = null;

  function now() { return performance.now(); }

  function show(name, focusTarget) {
    state.screen = name;
    page.show(name, focusTarget);
  }

  // ---- sound, vibration, wake lock -----------------------------------------------------------------------
  var signals = createSignals(player.end_signal);
  // The screen stays on while an area is timed and while the person gets into position for it.
  var screenLock = createScreenLock(function () { return timer.running || (state.screen === "step" && timer.phase === "ready"); });
  var wakeAudio = signals.wake;
  var signalEnd = signals.end;
  var holdScreen = screenLock.hold;
  var releaseScreen = screenLock.release;

  // ---- saving --------------------------------------------------------------------------------------------
  function setSaveStatus(key) {
    if (!player.signed_in) return;
    ui.saveStatus.hidden = false;
    ui.saveStatus.textContent = t(key);
    ui.saveStatus.classList.toggle("is-offline", key === "offline" || key === "held");
  }

  var server = createServer(player);
  var queue = createSaveQueue({
    key: pendingKey,
    prefix: player.person ? personPrefix(player.person) : PENDING_PREFIX,
    storage: store,
    send: server.send,
    renewToken: server.renewToken,
    onStatus: function (key) { if (key !== "saved" || state.screen) setSaveStatus(key); },
    onSaved: function (key, item, status) {
      if (key === pendingKey && item.url === player.api.start && status < 300) rememberAddress();
    },
    later: function (fn, ms) { return setTimeout(fn, ms); },
    keepOnly: !player.signed_in
  });
  if (!player.signed_in) sweepGuestWork(store, Date.now());
  function save(url, body) {
    queue.save(url, body);
  }
  function flush() {
    if (player.signed_in) queue.flush();
  }
  window.addEventListener("online", flush);

  function record(kind, index, seconds) {
    if (kind !== "nerve") state.outcome[index] = kind;
    save(player.api.events, {
      id: uuid4(),
      step: index,
      kind: kind,
      seconds: stepSeconds(seconds),
      recorded_at: new Date().toISOString()
    });
  }

  // ---- the timer -----------------------------------------------------------------------------------------
  function step() { return steps[state.current]; }

  function workedMs() { return timer.worked(now(), step().seconds * 1000); }

  function setCue(key, text) {
    if (state.cueShown === key) return;
    state.cueShown = key;
    ui.cue.textContent = text || t(key);
  }

  // The main button: "I'm in position" while getting ready, then Pause (Resume) while working.
  function showMain(which) {
    ui.ready.hidden = which !== "ready";
    ui.pause.hidden = which !== "pause";
  }

  function showTimeLeft(started) {
    var s = step();
    var left = secondsLeft(steps, state.current, timer.worked(now(), s.seconds * 1000) / 1000, READY_ALLOWANCE_S, started);
    ui.timeLeft.textContent = left < 60 ? t("time-left-short") : t("time-left", { m: Math.round(left / 60) });
    ui.bar.style.width = Math.round((100 * state.current) / steps.length) + "%";
  }

  function keepProgress() {
    if (state.screen !== "step" || timer.phase !== "work") return;
    try {
      progressStore.setItem(progressKey, JSON.stringify({ step: state.current, workedMs: Math.round(workedMs()) }));
    } catch (error) { /* storage full or refused: carrying on restarts the area */ }
  }
  function dropProgress() {
    try { progressStore.removeItem(progressKey); } catch (error) { /* nothing kept */ }
  }
  function keptProgress(index) {
    try {
      var kept = JSON.parse(progressStore.getItem(progressKey) || "null");
      return kept && kept.step === index ? Math.max(0, kept.workedMs || 0) : 0;
    } catch (error) {
      return 0;
    }
  }

  function startWork(from) {
    var s = step();
    var hadFocus = document.activeElement === ui.ready;
    ui.phase.textContent = s.words.work;
    setCue("cue-start", s.words.start);
    showMain("pause");
    if (hadFocus) ui.pause.focus(); // the button in the same place keeps the keyboard where it was
    say(t("say-start") + " " + s.words.start);
    beginPhase("work", from, s.seconds * 1000 - timer.workedMs);
    showTimeLeft(true);
    render(now());
  }

  function startTicker() {
    if (!ticker) ticker = setInterval(tick, 250);
  }
  function stopTicker() {
    if (ticker) { clearInterval(ticker); ticker = null; }
  }

  function beginPhase(phase, from, ms) {
    timer.begin(phase, from, ms);
    ui.timer.setAttribute("data-state", phase);
    holdScreen();
    startTicker();
  }

  function openStep(index, how) {
    state.current = index;
    timer.newArea();
    // back in an area left part-way (a reload, a closed tab): only the time that was left, at least 5 s
    timer.workedMs = Math.min(keptProgress(index), steps[index].seconds * 1000 - 5000);
    if (timer.workedMs < 0) timer.workedMs = 0;
    state.announced = {};
    state.cueShown = "";
    var s = step();
    page.fillStep(s, t("progress", { n: index + 1, total: steps.length }), t("point", { point: s.point_name }), index === 0);
    // Fetch the next pictures now, so they are there even if the connection drops.
    var following = steps[index + 1];
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var picture = following && (still ? following.picture_stills : following.picture);
    if (picture && following.picture !== s.picture) new Image().src = picture;
    if (following && following.drawing !== s.drawing) new Image().src = following.drawing;
    ui.pause.textContent = t("pause");
    setCue("cue-ready", s.words.put + " " + t(READY_MS ? "cue-ready-auto" : "cue-ready"));
    ui.phase.textContent = t("phase-ready");
    var prefix = how && how.after ? how.after + " " : "";
    say(prefix + t("say-area", { label: s.label, side: s.side_label, n: index + 1, total: steps.length }) + " " + s.words.put);
    show("step", ui.heading);
    showTimeLeft(false);
    if (how && how.paused) {
      // Caught up after a long time away: wait for the person instead of running areas nobody is doing.
      timer.waitFor(s.seconds * 1000 - timer.workedMs);
      ui.timer.setAttribute("data-state", "paused");
      ui.phase.textContent = t("phase-paused");
      ui.pause.textContent = t("resume");
      showMain("pause");
      setCue("cue-paused");
      render(now());
      say(t("say-waiting"));
      return;
    }
    showMain("ready");
    if (!READY_MS) {
      // Waits for "I'm in position": the clock shows the area's time, still.
      timer.phase = "ready";
      timer.running = false;
      timer.remaining = s.seconds * 1000 - timer.workedMs;
      ui.timer.setAttribute("data-state", "ready");
      holdScreen();
      render(now());
      return;
    }
    beginPhase("ready", how && how.from !== undefined ? how.from : now(), READY_MS);
    render(now());
  }

  // The big number counts down only what is running or paused; getting into position says "then 1:30" below.
  function render(at) {
    if (state.screen !== "step") return;
    var face = timerFace(timer.phase, timer.left(at), step().seconds * 1000 - timer.workedMs, READY_MS > 0);
    if (ui.count.textContent !== face.count) ui.count.textContent = face.count;
    ui.count.hidden = !face.count;
    var then = face.then ? t("then", { time: face.then }) : "";
    if (ui.then.textContent !== then) ui.then.textContent = then;
    ui.then.hidden = !then;
  }

  function tick() {
    if (state.screen !== "step" || !timer.running) return;
    var at = now();
    if (timer.phase === "ready" && at >= timer.deadline) {
      startWork(timer.deadline);
    }
    if (timer.phase === "work") {
      if (at >= timer.deadline) {
        finishStep(timer.deadline, at);
        return;
      }
      var due = dueWords(step().seconds, Math.ceil((timer.deadline - at) / 1000), state.announced);
      Object.assign(state.announced, due.said);
      var words = [];
      if (due.left !== null) words.push(t("say-left", { s: due.left }));
      if (due.breath) {
        setCue("cue-breath");
        words.push(t("cue-breath"));
      }
      if (words.length) say(words.join(" "));
      if (at - progressKeptAt > 2000) {
        progressKeptAt = at;
        keepProgress();
      }
    }
    render(at);
  }

  function finishStep(deadline, at) {
    var s = step();
    dropProgress();
    state.activeMs += timer.finish(s.seconds * 1000);
    record("done", state.current, s.seconds);
    signalEnd();
    var next = state.current + 1;
    if (next >= steps.length) {
      stopTicker();
      releaseScreen();
      say(t("say-done"));
      askPainAfter(false);
      return;
    }
    // The next area's get-ready starts when this one ended, so time stays true after a spell in the background;
    // but if that area would be over too, nobody was doing it: wait for the person.
    var late = READY_MS > 0 && awayTooLong(at, deadline, READY_MS, steps[next].seconds);
    openStep(next, { from: deadline, after: t("say-done"), paused: late });
  }

  function stopWork() {
    state.activeMs += timer.stopWork(now(), step().seconds * 1000);
  }

  function leaveStep(kind) {
    // kind: "next" (cut short, or skipped when nothing was worked yet), "skip", "back", "end"
    stopWork();
    timer.running = false;
    dropProgress();
    var worked = timer.workedMs / 1000;
    if (kind === "skip") record("skipped", state.current, worked);
    else if (kind === "next") record(worked >= 1 ? "cut_short" : "skipped", state.current, worked);
    else if (worked >= 1) record("cut_short", state.current, worked);
  }

  function pause() {
    if (timer.running) {
      holdTimer();
      say(t("say-paused"));
    } else {
      resumeTimer();
      say(t("say-resumed"));
    }
  }

  // Paused by the Pause button or by the nerve-sensation panel (`reason`, until the person carries on).
  function holdTimer(reason) {
    keepProgress();
    state.activeMs += reason ? timer.holdFor(reason, now(), step().seconds * 1000) : timer.hold(now(), step().seconds * 1000);
    ui.timer.setAttribute("data-state", "paused");
    ui.phase.textContent = t("phase-paused");
    ui.pause.textContent = t("resume");
    if (timer.phase === "work") setCue("cue-paused"); // a held get-ready keeps "I'm in position" as it was
    releaseScreen();
    render(now());
  }

  function resumeTimer() {
    wakeAudio();
    ui.nerve.hidden = true; // Resume carries on from the nerve-sensation panel too
    var phase = timer.phase;
    ui.phase.textContent = phase === "ready" ? t("phase-ready") : step().words.work;
    ui.pause.textContent = t("pause");
    if (phase === "work") setCue(state.announced.breath ? "cue-breath" : "cue-start", state.announced.breath ? "" : step().words.start);
    else setCue("cue-ready");
    beginPhase(phase, now(), timer.remaining);
    render(now());
  }

  // ---- pain before and after, summary --------------------------------------------------------------------
  function startSession(pain) {
    state.painBefore = pain;
    noteStarted(store, player.session_id);
    save(player.api.start, {
      id: player.session_id,
      routine: player.routine ? player.routine.id : null,
      regions: player.regions || [],
      name: player.routine ? player.routine.name : "",
      pain_before: pain,
      started_at: new Date().toISOString(),
      steps: steps.map(function (s) { return { muscle: s.muscle, side: s.side, seconds: s.seconds }; })
    });
    openStep(firstOpen());
  }

  // Signed in, once the session is saved a reload of the page carries on with it rather than starting anew.
  function rememberAddress() {
    var address = root.getAttribute("data-resume-url");
    if (address && window.history && history.replaceState) history.replaceState(null, "", address);
  }

  function firstOpen() { return firstOpenIn(steps, state.outcome); }

  function askPainAfter(early) {
    stopTicker();
    releaseScreen();
    state.endedEarly = early;
    $("[data-return]", screens["pain-after"]).hidden = !early;
    show("pain-after");
  }

  function finishSession(pain) {
    var active = Math.round(state.baseSeconds + state.activeMs / 1000);
    var finish = { pain_after: pain, active_seconds: active };
    if (!player.signed_in) finish.finished_at = new Date().toISOString(); // kept: saved later, at its own time
    save(player.api.finish, finish);
    var counts = summary(state.outcome, active);
    var parts = [counted("done", counts.done)];
    if (counts.skipped) parts.push(counted("skipped", counts.skipped));
    parts.push(counts.underAMinute ? t("under-a-minute") : counted("minutes", counts.minutes));
    $("[data-summary]", screens.summary).textContent = parts.join(", ") + ".";
    var painLine = $("[data-summary-pain]", screens.summary);
    // pain before skipped: the pain now on its own
    painLine.textContent =
      state.painBefore === null ? t("pain-now", { after: pain }) : t("pain-change", { before: state.painBefore, after: pain });
    offerNext();
    show("summary");
    say($("h2", screens.summary).textContent + ". " + $("[data-summary]", screens.summary).textContent);
  }

  // The next session, proposed on the spot: the person's own time zone, or the device's shown to confirm.
  function offerNext() {
    var device = deviceZone(window.Intl);
    var zone = player.time_zone || device;
    var next = proposal(Date.now(), zone, document.documentElement.lang);
    var claim = $("[data-claim]", screens.summary);
    if (claim) { // a guest: "Save this session and remind me on Tuesday 8 Dec, 18:00?"
      $("[data-claim-time]", claim).value = next.time;
      $("[data-claim-zone]", claim).value = device || "";
      $("[data-claim-when]", claim).textContent = t("book-when", { day: next.day, time: next.time });
      $("[data-claim-line]", claim).hidden = false;
      var vagueLine = $(".next-due", screens.summary);
      if (vagueLine) vagueLine.hidden = true; // the concrete time says it
    }
    var form = $("[data-book]", screens.summary);
    if (!form) return;
    $("[data-book-when]", form).textContent = t("book-when", { day: next.day, time: next.time });
    if (!player.time_zone && device) {
      $("[data-book-zone]", form).value = device;
      $("[data-book-zone-name]", form).textContent = device.replace(/_/g, " ");
      $("[data-book-zone-line]", form).hidden = false;
    }
    form.hidden = false;
    var vague = $(".next-due", screens.summary);
    if (vague) vague.hidden = true;
    // Booking opens home, which counts this session: its last saves go first (home would count it a session
    // short), for at most a few seconds; offline they wait in the queue and home says so.
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent") || !queue.pending() || !navigator.onLine) return;
      event.preventDefault();
      var go = function () {
        if (form.getAttribute("data-sent")) return;
        form.setAttribute("data-sent", "yes");
        form.submit();
      };
      queue.flush().then(go, go);
      setTimeout(go, 3000);
    });
  }

  // ---- events --------------------------------------------------------------------------------------------
  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    if (button.hasAttribute("data-pain")) {
      wakeAudio();
      var pain = parseInt(button.getAttribute("data-pain"), 10);
      if (state.screen === "pain-before") startSession(pain);
      else if (state.screen === "pain-after") finishSession(pain);
      return;
    }
    var action = button.getAttribute("data-action");
    if (!action) return;
    wakeAudio();
    if (action === "skip-pain") {
      if (state.screen === "pain-before") startSession(null); // kept without pain before
    } else if (action === "nothing-new") {
      show("pain-before");
    } else if (action === "carry-on") {
      rememberAddress();
      openStep(firstOpen());
    } else if (action === "ready") {
      if (state.screen === "step" && timer.phase === "ready") startWork(now());
    } else if (action === "pause") {
      pause();
    } else if (action === "nerve") {
      // Noted, and the timer waits while the person moves the ball: no area runs out while they read.
      record("nerve", state.current, workedMs() / 1000);
      if (timer.running) holdTimer("nerve");
      ui.nerve.hidden = false;
      ui.nerve.scrollIntoView({ block: "nearest" });
      say(step().nerve_sensation + " " + t("say-nerve-paused"));
    } else if (action === "nerve-carry-on") {
      ui.nerve.hidden = true;
      if (timer.carryOn("nerve")) {
        resumeTimer();
        say(t("say-resumed"));
      }
      (ui.pause.hidden ? ui.ready : ui.pause).focus();
    } else if (action === "skip" || action === "next") {
      leaveStep(action);
      if (state.current + 1 >= steps.length) askPainAfter(false);
      else openStep(state.current + 1);
    } else if (action === "back") {
      if (state.current === 0) return;
      leaveStep("back");
      openStep(state.current - 1);
    } else if (action === "end") {
      if (state.screen === "step") leaveStep("end");
      else state.current = Math.min(firstOpen(), steps.length - 1);
      askPainAfter(true);
    } else if (action === "return") {
      openStep(Math.min(state.current, steps.length - 1));
    }
  });

  // Leaving in the middle of an area asks first (the browser's own question): a stray tap should not end it.
  window.addEventListener("beforeunload", function (event) {
    if (state.screen === "step") {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A tab that comes back shows the true time at once, and asks again to keep the screen awake.
  window.addEventListener("pagehide", keepProgress);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") keepProgress();
    if (document.visibilityState === "visible") {
      tick();
      if (timer.running) holdScreen();
    }
  });

  // ---- start ---------------------------------------------------------------------------------------------
  if (!steps.length) return;
  var progress = progressFrom(steps, player.resume, queue.waiting(), player.api);
  state.outcome = progress.outcome;
  state.baseSeconds = progress.baseSeconds;
  state.painBefore = progress.painBefore;
  flush();

  if (progress.started) {
    var doneCount = Object.keys(state.outcome).length;
    if (firstOpen() >= steps.length) {
      askPainAfter(false);
    } else {
      $("[data-welcome-text]", screens["welcome-back"]).textContent = t("welcome", { done: doneCount, total: steps.length });
      show("welcome-back", false);
    }
  } else if (player.ask_quick || Date.now() - (player.rendered_at || 0) > KEPT_COPY_MS) {
    show("anything-new", false); // a copy kept on the phone: the server's "Anything new?" could not be asked
  } else {
    show("pain-before", false);
  }
}

openQueueStore({ legacy: deviceStorage() }).then(main);
