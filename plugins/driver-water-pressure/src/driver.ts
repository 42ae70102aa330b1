/**
 * Sample driver: a binary water-pressure sensor on fire hydrant and sprinkler mains (Y3).
 * Topic anju/<jurisdiction>/<device code>/up; the frame is described in frame.ts.
 */
import { DecodeError, defineDriver, type RawReading } from "@anju/sdk/driver";
import { deviceCodeOf, parseFrame } from "./frame.js";
import { WATER_PRESSURE_PROFILE } from "./profile.js";

export default defineDriver({
  id: "water-pressure",
  protocol: "mqtt-binary",
  profiles: [WATER_PRESSURE_PROFILE],
  decode(topic, payload) {
    const parts = topic.split("/");
    if (parts.length !== 4 || parts[0] !== "anju" || parts[3] !== "up") throw new DecodeError("TOPIC_UNSUPPORTED", `topic ${topic.slice(0, 100)}`);
    const frame = parseFrame(payload);
    const deviceCode = deviceCodeOf(frame.deviceNo);
    if (deviceCode !== parts[2]) throw new DecodeError("DEVICE_MISMATCH", `frame from ${deviceCode} on the topic of ${parts[2].slice(0, 64)}`);
    const out: RawReading[] = [
      { deviceCode, resource: "battery", value: frame.battery },
      { deviceCode, resource: "lowBattery", value: frame.lowBattery },
      { deviceCode, resource: "sensorFault", value: frame.sensorFault },
    ];
    // A faulty sensor still reports a number; it is kept, marked bad, and not judged by the rules.
    if (frame.pressure !== undefined) out.unshift({ deviceCode, resource: "pressure", value: frame.pressure, quality: frame.sensorFault ? "bad" : "good" });
    return out;
  },
});
