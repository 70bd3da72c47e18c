// The finder's body map: tap (or press Enter/Space on) a region to mark it; the list form below stays the
// source of truth, the URL keeps the selection, and the results are the server's own HTML for that URL.
(function () {
  "use strict";
  var panel = document.querySelector("[data-body-map]");
  var form = document.querySelector("[data-finder-form]");
  if (!panel || !form || !window.fetch) return;
  var list = document.querySelector("[data-region-list]");
  var results = document.getElementById("finder-results");
  var markedList = panel.querySelector("[data-marked-list]");
  var tabs = Array.prototype.slice.call(panel.querySelectorAll('[role="tab"]'));
  var request = 0;

  var jump = panel.querySelector("[data-jump]");
  if (list) list.open = false;

  // As soon as a place is marked, the sticky bar is the action: the answer's own start link ("Start these 4 ·
  // 7 min") when nothing holds it back; otherwise how many muscles to check, and a jump to them and their
  // warning (below the map on a phone).
  function showCount() {
    var count = results.querySelectorAll(".result-list > li").length;
    var start = results.querySelector("[data-start]");
    jump.hidden = count === 0;
    jump.classList.toggle("is-start", !!start);
    if (start) {
      jump.href = start.getAttribute("href");
      jump.textContent = start.textContent;
    } else {
      jump.href = "#finder-results";
      jump.textContent = count === 1 ? jump.dataset.one : jump.dataset.many.replace("{n}", count);
    }
  }

  function checkbox(key) {
    return form.querySelector('input[name="region"][value="' + key + '"]');
  }

  function regions() {
    return Array.prototype.slice.call(panel.querySelectorAll("[data-region]"));
  }

  function describe() {
    var names = regions().filter(function (r) { return r.getAttribute("aria-checked") === "true"; })
      .map(function (r) { return r.getAttribute("aria-label"); });
    markedList.textContent = names.length ? panel.dataset.markedPrefix + " " + names.join("; ") + "." : "";
  }

  function refresh() {
    var params = new URLSearchParams();
    form.querySelectorAll('input[name="region"]:checked').forEach(function (input) {
      params.append("region", input.value);
    });
    var url = form.getAttribute("action") + (params.toString() ? "?" + params.toString() : "");
    history.replaceState(null, "", url);
    describe();
    if (!params.toString()) {
      results.innerHTML = "";
      showCount();
      return;
    }
    var mine = ++request;
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== request) return; // a later tap has already asked again
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("finder-results");
        results.innerHTML = fresh ? fresh.innerHTML : "";
        showCount();
      })
      .catch(function () {
        // Offline: the marks stay on the map and in the address; the answer comes when the signal does.
        if (mine !== request) return;
        var note = document.createElement("p");
        note.className = "waiting";
        note.setAttribute("role", "status");
        note.textContent = panel.dataset.offline;
        results.innerHTML = "";
        results.appendChild(note);
        // the signal said it was back but the answer did not come: ask again in a moment
        if (navigator.onLine) setTimeout(function () { if (mine === request) refresh(); }, 3000);
      });
  }
  window.addEventListener("online", function () {
    if (form.querySelector('input[name="region"]:checked')) refresh();
  });

  function toggle(region) {
    var on = region.getAttribute("aria-checked") !== "true";
    region.setAttribute("aria-checked", on ? "true" : "false");
    region.classList.toggle("is-marked", on);
    var input = checkbox(region.dataset.region);
    if (input) input.checked = on;
    refresh();
  }

  panel.addEventListener("click", function (event) {
    var region = event.target.closest("[data-region]");
    var hit = !region && event.target.closest("[data-hit]");
    // a tap just beside a small place (the temple, a finger) counts for it
    if (hit) region = hit.ownerSVGElement.querySelector('[data-region="' + hit.getAttribute("data-hit") + '"]');
    if (region) toggle(region);
  });
  panel.addEventListener("keydown", function (event) {
    var region = event.target.closest("[data-region]");
    if (region && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggle(region);
    }
  });

  // The list and the map are two ways to mark the same thing.
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "region") return;
    var region = panel.querySelector('[data-region="' + input.value + '"]');
    if (region) {
      region.setAttribute("aria-checked", input.checked ? "true" : "false");
      region.classList.toggle("is-marked", input.checked);
    }
    refresh();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh();
  });

  function select(tab) {
    tabs.forEach(function (other) {
      var chosen = other === tab;
      other.setAttribute("aria-selected", chosen ? "true" : "false");
      other.tabIndex = chosen ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
    });
    tab.focus();
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { select(tab); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (step) select(tabs[(index + step + tabs.length) % tabs.length]);
    });
  });
  describe();
  showCount();
})();
