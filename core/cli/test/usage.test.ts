import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { workspace, type Workspace } from "./helpers.js";

// Every step starts `anju` as a process, which is slow on a busy machine (suites running side by side).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describe("anju: usage errors exit 2 with a coded error and touch nothing", () => {
  let ws: Workspace;
  beforeAll(async () => { ws = await workspace(); });
  afterAll(async () => ws?.close());

  const cases: Array<[string, string[], string, RegExp]> = [
    ["no command", [], "MISSING_ARGUMENT", /命令 command/],
    ["an unknown command", ["frobnicate"], "UNKNOWN_COMMAND", /frobnicate/],
    ["an unknown subcommand", ["plugin", "frob"], "UNKNOWN_COMMAND", /plugin frob/],
    ["a group without a subcommand", ["plugin"], "MISSING_ARGUMENT", /list\|install/],
    ["an unknown option", ["jurisdiction", "list", "--colour"], "UNKNOWN_OPTION", /--colour/],
    ["a missing --jurisdiction", ["plugin", "enable", "hello"], "MISSING_ARGUMENT", /--jurisdiction/],
    ["a missing plugin id", ["plugin", "enable", "--jurisdiction", "340100"], "MISSING_ARGUMENT", /<id>/],
    ["an extra argument", ["plugin", "list", "extra"], "TOO_MANY_ARGUMENTS", /extra/],
    ["a root without --level", ["jurisdiction", "add", "340000", "安徽省"], "MISSING_ARGUMENT", /--level/],
    ["an unknown level", ["jurisdiction", "add", "340000", "安徽省", "--level", "galaxy"], "BAD_OPTION", /province/],
    ["--set without =", ["plugin", "config", "hello", "-j", "340100", "--set", "greeting"], "BAD_OPTION", /key=value/],
    ["--set together with --file", ["plugin", "config", "hello", "-j", "340100", "--set", "a=1", "--file", "x.json"], "BAD_OPTION", /--set\/--file/],
    ["a --days that is not a number", ["user", "apikey", "u", "--name", "x", "--days", "1h"], "BAD_OPTION", /--days/],
    ["an --anchor that is not <seq>:<hash>", ["audit", "verify", "--anchor", "12:abc"], "BAD_OPTION", /--anchor/],
    ["a --since that is not <seq>:<hash>", ["audit", "verify", "--since", "0:" + "a".repeat(64)], "BAD_OPTION", /--since/],
    ["a --before that is not a date", ["audit", "purge", "--before", "yesterday"], "BAD_OPTION", /--before/],
    ["offboarding without a username", ["user", "offboard"], "MISSING_ARGUMENT", /<username>/],
    ["a string option without its value", ["jurisdiction", "list", "--under"], "BAD_OPTION", /--under/],
  ];

  it.each(cases)("refuses %s", async (_what, args, code, message) => {
    const r = await ws.run([...args, "--json"]);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message).toMatch(message);
    // Refused before any database was opened.
    expect(fs.existsSync(path.join(ws.dataDir, "anju.sqlite"))).toBe(false);
  });

  it("prints zh-CN then English on stderr without --json", async () => {
    const r = await ws.run(["plugin", "enable", "hello"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("错误 [MISSING_ARGUMENT]: 缺少 --jurisdiction");
    expect(r.stderr).toContain("Error [MISSING_ARGUMENT]: Missing --jurisdiction");
  });

  it("answers in English with ANJU_LOCALE=en", async () => {
    const r = await ws.run(["nope", "--json"], { ANJU_LOCALE: "en" });
    expect(r.json.error.message).toBe("Unknown command: nope (run anju --help)");
  });

  it("shows help for the CLI, a group and a command with exit 0", async () => {
    const top = await ws.run(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("plugin enable");
    expect(top.stdout).toContain("退出码 Exit codes");
    const group = await ws.run(["plugin", "--help"]);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain("anju plugin config <id> --jurisdiction <code>");
    const cmd = await ws.run(["plugin", "config", "--help"]);
    expect(cmd.code).toBe(0);
    expect(cmd.stdout).toContain("--set <key=value> …");
    expect((await ws.run(["help", "user", "offboard"])).stdout).toContain("anju user offboard <username>");
  });
});
