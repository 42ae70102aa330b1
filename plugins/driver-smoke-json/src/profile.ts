/** A stand-alone networked smoke detector (独立式光电感烟火灾探测报警器, NB-IoT/4G over an MQTT gateway). */
import type { DeviceProfile } from "@anju/sdk/driver";

export const SMOKE_DETECTOR_PROFILE: DeviceProfile = {
  id: "smoke-detector",
  title: { "zh-CN": "独立式感烟火灾探测报警器", en: "Stand-alone smoke detector" },
  category: "smoke-detector",
  resources: [
    { name: "smoke", kind: "boolean", title: { "zh-CN": "烟雾报警", en: "Smoke" } },
    { name: "battery", kind: "number", unit: "%", min: 0, max: 100, title: { "zh-CN": "电池电量", en: "Battery" } },
    { name: "temperature", kind: "number", unit: "°C", min: -40, max: 125, title: { "zh-CN": "温度", en: "Temperature" } },
    { name: "fault", kind: "boolean", title: { "zh-CN": "故障", en: "Fault" } },
    { name: "tamper", kind: "boolean", title: { "zh-CN": "防拆", en: "Tamper" } },
  ],
  alarmRules: [
    {
      id: "smoke", kind: "threshold", resource: "smoke", severity: "critical", when: { op: "==", value: true },
      title: { "zh-CN": "烟雾报警", en: "Smoke detected" },
    },
    {
      // Batteries sag when cold and recover when warm: clear at 25 % so a reading of 19/21/19 is one alarm.
      id: "low-battery", kind: "threshold", resource: "battery", severity: "minor", when: { op: "<", value: 20 }, clear: { op: ">=", value: 25 },
      title: { "zh-CN": "电池电量低（低于 20%）", en: "Battery low (below 20%)" },
    },
    {
      // 57 °C is the lowest class of fixed-temperature heat detectors (GB 4716 A1); 30 s filters a kettle's steam.
      id: "heat", kind: "duration", resource: "temperature", severity: "major", seconds: 30, when: { op: ">=", value: 57 }, clear: { op: "<", value: 50 },
      title: { "zh-CN": "温度过高（57 °C 以上持续 30 秒）", en: "High temperature (57 °C or more for 30 s)" },
    },
    {
      id: "fault", kind: "threshold", resource: "fault", severity: "minor", when: { op: "==", value: true },
      title: { "zh-CN": "探测器故障", en: "Detector fault" },
    },
    {
      // One knock on the ceiling is nothing; three in ten minutes is someone removing the detector.
      id: "tamper-repeated", kind: "repeat", resource: "tamper", severity: "major", when: { op: "==", value: true }, count: 3, withinSeconds: 600,
      title: { "zh-CN": "防拆开关反复触发（10 分钟内 3 次）", en: "Tamper switch triggered repeatedly (3 times in 10 minutes)" },
    },
    {
      id: "offline", kind: "offline", resource: "*", severity: "major", seconds: 600,
      title: { "zh-CN": "烟感离线（10 分钟无数据）", en: "Smoke detector offline (no data for 10 minutes)" },
    },
  ],
};
