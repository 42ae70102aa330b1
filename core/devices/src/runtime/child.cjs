/**
 * The driver child process: loads one driver module and answers decode batches over IPC.
 * Plain JavaScript on purpose, so that a JavaScript driver runs without a TypeScript loader;
 * the host adds `--import tsx` only for a .ts entry. Protocol shapes: protocol.ts.
 *
 * argv: <entry> <heartbeatMs> <serialization>
 * Decoding is synchronous: a driver that hangs blocks the heartbeat timer too, which is how
 * the host notices.
 */
"use strict";
const { pathToFileURL } = require("node:url");
const v8 = require("node:v8");

const [entry, heartbeatArg, serialization] = process.argv.slice(2);
const heartbeatMs = Math.max(10, Number(heartbeatArg) || 1000);

function send(msg) {
  if (!process.connected) return false;
  try {
    process.send(msg);
    return true;
  } catch {
    return false;
  }
}

/** process.exit right after send would drop the message: exit once it is written. */
function sendThenExit(msg, code) {
  if (!process.connected) process.exit(code);
  setTimeout(() => process.exit(code), 1000).unref();
  try {
    process.send(msg, () => process.exit(code));
  } catch {
    process.exit(code);
  }
}

function errorText(err) {
  return String((err && (err.stack || err.message)) || err).slice(0, 2000);
}

// The host going away closes the channel: nothing left to serve.
process.on("disconnect", () => process.exit(0));
process.on("uncaughtException", (err) => {
  sendThenExit({ t: "fatal", message: errorText(err) }, 1);
});
process.on("unhandledRejection", (err) => {
  sendThenExit({ t: "fatal", message: errorText(err) }, 1);
});

function heartbeat() {
  const mem = process.memoryUsage();
  send({ t: "hb", rss: mem.rss, heapUsed: mem.heapUsed });
}

function checkDefinition(def) {
  if (!def || typeof def !== "object") return "the default export is not an object (expected defineDriver(...))";
  if (typeof def.id !== "string" || !def.id) return "id is missing";
  if (typeof def.protocol !== "string" || !def.protocol) return "protocol is missing";
  if (!Array.isArray(def.profiles)) return "profiles is not an array";
  if (typeof def.decode !== "function") return "decode is not a function";
  return null;
}

/** Can the channel carry this value? (Each serialisation refuses different things.) */
const carriable = serialization === "advanced" ? (v) => v8.serialize(v) : (v) => JSON.stringify(v);

/** A decode result that the channel cannot carry (a function, a BigInt, a cycle) becomes an error for that message only. */
function sendResult(id, out) {
  if (send({ t: "result", id, out })) return;
  const safe = out.map((o) => {
    if (!("ok" in o)) return o;
    try {
      carriable(o.ok);
      return o;
    } catch (err) {
      return { error: { code: "DRIVER_OUTPUT_INVALID", message: `not plain data: ${String(err && err.message).slice(0, 150)}` } };
    }
  });
  send({ t: "result", id, out: safe });
}

const CODE = /^[A-Z][A-Z0-9_]{2,63}$/;

/** As the SDK's decodeMessage: a DecodeError (duck-typed, the driver may bundle its own SDK) keeps its code. */
function thrown(err) {
  const message = String((err && err.message) || err).slice(0, 200);
  if (err && err.name === "DecodeError") return { code: typeof err.code === "string" && CODE.test(err.code) ? err.code : "DECODE_FAILED", message };
  return { code: "DRIVER_THREW", message };
}

function decodeBatch(def, req) {
  const data = typeof req.data === "string" ? Buffer.from(req.data, "base64") : Buffer.from(req.data.buffer, req.data.byteOffset, req.data.byteLength);
  const out = new Array(req.topics.length);
  let offset = 0;
  for (let i = 0; i < req.topics.length; i++) {
    const payload = data.subarray(offset, offset + req.lengths[i]);
    offset += req.lengths[i];
    try {
      const raw = def.decode(req.topics[i], payload);
      out[i] = raw !== null && typeof raw === "object" && typeof raw.then === "function"
        ? { error: { code: "DRIVER_OUTPUT_INVALID", message: "decode must return readings, not a promise" } }
        : { ok: raw };
    } catch (err) {
      out[i] = { error: thrown(err) };
    }
  }
  sendResult(req.id, out);
}

async function main() {
  let def;
  try {
    const mod = await import(pathToFileURL(entry).href);
    // CommonJS seen through ESM interop can nest the default export once more.
    def = (mod.default && mod.default.default) || mod.default || mod;
  } catch (err) {
    return sendThenExit({ t: "load-error", message: errorText(err) }, 1);
  }
  const problem = checkDefinition(def);
  if (problem) {
    return sendThenExit({ t: "load-error", message: problem }, 1);
  }
  process.on("message", (msg) => {
    if (!msg || typeof msg !== "object") return;
    if (msg.t === "decode") decodeBatch(def, msg);
    else if (msg.t === "stop") process.exit(0);
  });
  let profiles;
  try {
    // Profiles cross the channel as plain data; the host validates them.
    profiles = JSON.parse(JSON.stringify(def.profiles));
  } catch (err) {
    return sendThenExit({ t: "load-error", message: `profiles are not plain data: ${errorText(err)}` }, 1);
  }
  send({ t: "hello", driverId: def.id, protocol: def.protocol, profiles });
  heartbeat();
  setInterval(heartbeat, heartbeatMs);
}

main();
