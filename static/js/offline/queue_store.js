// The one store of saves waiting to be sent (the player's queue, a guest's kept session, offline diary entries):
// IndexedDB, which a service worker can read too, mirrored in memory so the queue reads it at once. It answers
// like localStorage (length, key, getItem, setItem, removeItem); each write reaches IndexedDB in order. Saves an
// older release kept in localStorage move here the first time it opens.

export const DATABASE = "unknot";
export const STORE = "queue";
export const PREFIXES = ["unknot-pending-", "unknot-guest-", "unknot-meta-"];

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function openDatabase(idb = globalThis.indexedDB) {
  if (!idb) return Promise.resolve(null);
  return new Promise((resolve) => {
    let opening;
    try {
      opening = idb.open(DATABASE, 1);
    } catch (error) {
      resolve(null);
      return;
    }
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => resolve(null); // private browsing may refuse it: saves then live while the page does
    opening.onblocked = () => resolve(null);
  });
}

async function readAll(db) {
  const entries = new Map();
  if (!db) return entries;
  const store = db.transaction(STORE, "readonly").objectStore(STORE);
  const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
  keys.forEach((key, i) => entries.set(String(key), String(values[i])));
  return entries;
}

function movedFrom(legacy, entries) {
  const moved = [];
  try {
    for (let i = 0; i < legacy.length; i++) {
      const key = legacy.key(i);
      if (key && PREFIXES.some((p) => key.indexOf(p) === 0) && !entries.has(key)) moved.push([key, legacy.getItem(key)]);
    }
  } catch (error) { /* no localStorage */ }
  return moved;
}

export async function openQueueStore({ idb = globalThis.indexedDB, legacy = null } = {}) {
  const db = await openDatabase(idb);
  const entries = await readAll(db).catch(() => new Map());
  let writing = Promise.resolve();

  function write(change) {
    if (!db) return writing;
    writing = writing.then(() => new Promise((resolve) => {
      const tx = db.transaction(STORE, "readwrite");
      change(tx.objectStore(STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve(); // full or refused: the memory copy still retries while the page is open
      tx.onabort = () => resolve();
    }));
    return writing;
  }

  const store = {
    get length() { return entries.size; },
    key: (i) => [...entries.keys()][i] ?? null,
    getItem: (key) => (entries.has(key) ? entries.get(key) : null),
    setItem(key, value) {
      entries.set(key, String(value));
      write((s) => s.put(String(value), key));
    },
    removeItem(key) {
      entries.delete(key);
      write((s) => s.delete(key));
    },
    written: () => writing, // resolves once every write so far has reached IndexedDB
  };

  if (legacy) {
    for (const [key, value] of movedFrom(legacy, entries)) {
      store.setItem(key, value);
      try { legacy.removeItem(key); } catch (error) { /* already gone */ }
    }
  }
  return store;
}
