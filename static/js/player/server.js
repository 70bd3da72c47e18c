// Talking to the API: a new id for each saved event, a JSON POST that answers {status, body}, a fresh CSRF
// token when the old one was refused, and a storage that still works when the browser gives none.

export function uuid4(cryptoApi = globalThis.crypto) {
  if (cryptoApi && cryptoApi.randomUUID) return cryptoApi.randomUUID();
  const bytes = new Uint8Array(16);
  cryptoApi.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // the RFC 4122 variant
  const hex = Array.from(bytes, (b) => (b + 0x100).toString(16).slice(1)).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

export function createServer(player, fetchApi = globalThis.fetch) {
  function send(url, body) {
    if (!fetchApi) return Promise.reject(new Error("no fetch"));
    return fetchApi(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: Object.assign(
        { "Content-Type": "application/json", "X-CSRFToken": player.csrf, Accept: "application/json" },
        // whose save this is: the server refuses it under anyone else's sign-in (care.offline)
        player.person ? { "X-Unknot-Person": player.person } : {},
      ),
      body: JSON.stringify(body),
    }).then((response) =>
      response
        .json()
        .catch(() => null)
        .then((json) => ({ status: response.status, body: json })),
    );
  }

  // A refused CSRF token (the session was renewed elsewhere): ask for a fresh one.
  function renewToken() {
    return fetchApi(player.api.csrf, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error("no token"))))
      .then((json) => {
        player.csrf = json.token;
      });
  }

  return { send, renewToken };
}

const NO_STORAGE = {
  length: 0,
  key: () => null,
  getItem: () => null,
  setItem: () => {},
  removeItem: () => {},
};

// Private browsing can refuse localStorage outright; saving then simply does not outlive the page.
export function deviceStorage(win = globalThis) {
  try {
    return win.localStorage || NO_STORAGE;
  } catch (error) {
    return NO_STORAGE;
  }
}
