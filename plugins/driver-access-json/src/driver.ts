/** Sample driver: a JSON-over-MQTT access controller. The message is described in message.ts. */
import { DecodeError, defineDriver } from "@anju/sdk/driver";
import { parseMessage, readingsOf } from "./message.js";
import { ACCESS_CONTROLLER_PROFILE } from "./profile.js";

export default defineDriver({
  id: "access-json",
  protocol: "mqtt-json",
  profiles: [ACCESS_CONTROLLER_PROFILE],
  decode(topic, payload) {
    const parts = topic.split("/");
    if (parts.length !== 4 || parts[0] !== "anju" || parts[3] !== "up") throw new DecodeError("TOPIC_UNSUPPORTED", `topic ${topic.slice(0, 100)}`);
    const readings = readingsOf(parseMessage(payload));
    // A controller may only speak for itself: the broker authenticated the topic, not the body.
    if (readings[0].deviceCode !== parts[2]) throw new DecodeError("DEVICE_MISMATCH", `message from ${readings[0].deviceCode.slice(0, 64)} on the topic of ${parts[2].slice(0, 64)}`);
    return readings;
  },
});
