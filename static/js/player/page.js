// The player's page: its screens, the elements a step fills in, focus on the new screen's heading, and the
// live region that reads changes aloud. No timing or saving here, so every word shown comes from one place.

export function createPage(root) {
  const $ = (selector, scope) => (scope || root).querySelector(selector);
  const screens = {};
  root.querySelectorAll("[data-screen]").forEach((node) => {
    screens[node.getAttribute("data-screen")] = node;
  });
  const stepScreen = screens.step;
  const ui = {
    progress: $("[data-progress]", stepScreen),
    heading: $("[data-step-heading]", stepScreen),
    point: $("[data-point]", stepScreen),
    warning: $("[data-warning]", stepScreen),
    drawing: $("[data-drawing]", stepScreen),
    picture: $("[data-picture]", stepScreen),
    pictureStills: $("[data-picture-stills]", stepScreen),
    timer: $("[data-timer]", stepScreen),
    phase: $("[data-phase]", stepScreen),
    count: $("[data-count]", stepScreen),
    then: $("[data-then]", stepScreen),
    cue: $("[data-cue]", stepScreen),
    pause: $('[data-action="pause"]', stepScreen),
    ready: $('[data-action="ready"]', stepScreen),
    firstLine: $("[data-first-line]", stepScreen),
    move: $("[data-move]", stepScreen),
    timeLeft: $("[data-time-left]", stepScreen),
    bar: $("[data-session-bar]", stepScreen),
    back: $('[data-action="back"]', stepScreen),
    nerve: $("[data-nerve]", stepScreen),
    nerveText: $("[data-nerve-text]", stepScreen),
    how: $("[data-how]", stepScreen),
    placement: $("[data-placement]", stepScreen),
    practitioner: $("[data-practitioner]", stepScreen),
    practitionerNote: $("[data-practitioner-note]", stepScreen),
    practitionerVideo: $("[data-practitioner-video]", stepScreen),
    videoLink: $("[data-video-link]", stepScreen),
    find: $("[data-find]", stepScreen),
    cues: $("[data-cues]", stepScreen),
    muscleLink: $("[data-muscle-link]", stepScreen),
    saveStatus: $("[data-save-status]"),
  };
  const announcer = $("[data-announce]");
  let current = null;
  let lastSaid = "";

  function show(name, focusTarget) {
    for (const key of Object.keys(screens)) screens[key].hidden = key !== name;
    current = name;
    if (focusTarget === false) return; // the first screen on load: leave focus where the browser put it
    const target = focusTarget || $("h2", screens[name]);
    if (target) target.focus();
  }

  function say(text) {
    if (!text) return;
    // Repeating the same words would not be read again; a trailing space makes them new.
    if (text === lastSaid) text += " ";
    lastSaid = text;
    announcer.textContent = text;
  }

  // One area's words and drawing; `progressText` and `pointText` are already translated.
  function fillStep(step, progressText, pointText, isFirst) {
    ui.progress.textContent = progressText;
    ui.heading.textContent = step.label + " ";
    const side = root.ownerDocument.createElement("span");
    side.className = "side-badge";
    side.textContent = step.side_label;
    ui.heading.appendChild(side);
    ui.point.textContent = pointText;
    ui.warning.hidden = !step.recent_warning;
    ui.warning.textContent = step.recent_warning || "";
    if (ui.pictureStills) ui.pictureStills.srcset = step.picture_stills || step.picture;
    ui.picture.src = step.picture;
    ui.picture.alt = step.picture_alt || "";
    ui.drawing.src = step.drawing;
    ui.drawing.alt = step.drawing_alt || "";
    ui.how.textContent = step.how;
    ui.placement.textContent = step.placement;
    // The practitioner's own words and video link for this area, beside the cited ones, never in them.
    if (ui.practitioner) {
      ui.practitioner.hidden = !step.note && !step.video_url;
      ui.practitionerNote.textContent = step.note || "";
      ui.practitionerVideo.hidden = !step.video_url;
      ui.videoLink.href = step.video_url || "#";
      ui.videoLink.textContent = step.video_url ? `${step.video_label} (${step.video_host})` : "";
    }
    ui.find.textContent = step.find;
    ui.cues.textContent = "";
    for (const cue of step.cues || []) {
      const li = root.ownerDocument.createElement("li");
      li.textContent = cue;
      ui.cues.appendChild(li);
    }
    ui.muscleLink.href = step.muscle_url;
    ui.nerve.hidden = true;
    ui.nerveText.textContent = step.nerve_sensation;
    ui.move.textContent = step.words.move;
    ui.firstLine.textContent = step.words.first_line;
    ui.back.disabled = isFirst;
  }

  return { $, screens, ui, show, say, fillStep, screen: () => current };
}
