// The API calls: a JSON POST with the CSRF token, a renewed token, ids of the right shape.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createServer, deviceStorage, uuid4 } from "../../static/js/player/server.js";

test("ids are version 4 UUIDs, also without randomUUID", () => {
  const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(uuid4(), shape);
  const fallback = { getRandomValues: (bytes) => bytes.fill(255) };
  assert.match(uuid4(fallback), shape);
});

test("a save posts JSON with the current token and answers its status and body", async () => {
  const calls = [];
  const fetchApi = (url, options) => {
    calls.push({ url, options });
    return Promise.resolve({ status: 201, json: () => Promise.resolve({ id: "x" }) });
  };
  const player = { csrf: "t1", api: { csrf: "/csrf" } };
  const answer = await createServer(player, fetchApi).send("/api", { a: 1 });
  assert.deepEqual(answer, { status: 201, body: { id: "x" } });
  assert.equal(calls[0].options.headers["X-CSRFToken"], "t1");
  assert.equal(calls[0].options.body, '{"a":1}');
});

test("an answer without JSON still gives its status", async () => {
  const fetchApi = () => Promise.resolve({ status: 502, json: () => Promise.reject(new Error("html")) });
  const answer = await createServer({ csrf: "t", api: {} }, fetchApi).send("/api", {});
  assert.deepEqual(answer, { status: 502, body: null });
});

test("a renewed token is used by the next save", async () => {
  const player = { csrf: "old", api: { csrf: "/csrf" } };
  const seen = [];
  const fetchApi = (url, options) => {
    if (url === "/csrf") return Promise.resolve({ ok: true, json: () => Promise.resolve({ token: "new" }) });
    seen.push(options.headers["X-CSRFToken"]);
    return Promise.resolve({ status: 201, json: () => Promise.resolve({}) });
  };
  const server = createServer(player, fetchApi);
  await server.renewToken();
  await server.send("/api", {});
  assert.deepEqual(seen, ["new"]);
});

test("a refused token renewal is a failure the queue can see", async () => {
  const fetchApi = () => Promise.resolve({ ok: false });
  await assert.rejects(createServer({ api: { csrf: "/csrf" } }, fetchApi).renewToken());
});

test("a browser that refuses storage still gets one that takes nothing", () => {
  const refusing = {
    get localStorage() {
      throw new Error("denied");
    },
  };
  const storage = deviceStorage(refusing);
  storage.setItem("k", "v");
  assert.equal(storage.getItem("k"), null);
});
