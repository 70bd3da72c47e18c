// The IANA time zone the device reports ("Europe/London"), or "" when the browser cannot say.
export function deviceZone(intl) {
  try {
    const zone = intl && intl.DateTimeFormat ? intl.DateTimeFormat().resolvedOptions().timeZone : "";
    return typeof zone === "string" && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) ? zone : "";
  } catch {
    return "";
  }
}
