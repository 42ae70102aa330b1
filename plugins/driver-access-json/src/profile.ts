/** A door access controller (门禁控制器) at a pedestrian gate or unit door, reporting over an MQTT gateway. */
import type { DeviceProfile } from "@anju/sdk/driver";

export const ACCESS_CONTROLLER_PROFILE: DeviceProfile = {
  id: "access-controller",
  title: { "zh-CN": "门禁控制器", en: "Access controller" },
  category: "access-controller",
  resources: [
    { name: "door-open", kind: "boolean", title: { "zh-CN": "门已打开", en: "Door open" } },
    { name: "tamper", kind: "boolean", title: { "zh-CN": "防拆", en: "Tamper" } },
  ],
  alarmRules: [
    {
      // The controller's case opened or pulled off the wall: someone working on the lock's wiring. Clears when the switch closes.
      id: "tamper", kind: "threshold", resource: "tamper", severity: "major", when: { op: "==", value: true },
      title: { "zh-CN": "门禁控制器被拆动", en: "Access controller tampered with" },
    },
    {
      // The controller sends a heartbeat every minute; five missed is a dead controller or a cut line.
      id: "offline", kind: "offline", resource: "*", severity: "major", seconds: 300,
      title: { "zh-CN": "门禁控制器离线（5 分钟无数据）", en: "Access controller offline (no data for 5 minutes)" },
    },
  ],
};
