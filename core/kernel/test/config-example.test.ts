import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";

describe("config/anju.example.json", () => {
  it("is a valid production config", () => {
    const config = loadConfig({ env: {}, file: path.resolve(__dirname, "../../../config/anju.example.json") });
    expect(config.profile).toBe("production");
    expect(config.transporter).toBe("nats://127.0.0.1:4222");
    expect(config.demo.seed).toBe(false);
  });
});
