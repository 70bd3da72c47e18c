// Settings: suggest this device's time zone while the account still has the default (UTC).
// Nothing is saved until the person presses "Save settings".
(function () {
  "use strict";
  var select = document.querySelector("[data-time-zone]");
  if (!select || select.value !== "UTC" || !window.Intl) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && select.querySelector('option[value="' + zone + '"]')) {
    select.value = zone;
    var hint = document.querySelector("[data-time-zone-hint]");
    if (hint) hint.hidden = false;
  }
})();
