/** Y3: fire hydrant and sprinkler mains keep their pressure; the platform watches it. */
import type { DeviceProfile } from "@anju/sdk/driver";

export const WATER_PRESSURE_PROFILE: DeviceProfile = {
  id: "water-pressure-y3",
  title: { "zh-CN": "消防管网水压传感器", en: "Fire main water-pressure sensor" },
  category: "water-pressure",
  resources: [
    { name: "pressure", kind: "number", unit: "MPa", scale: 0.001, min: 0, max: 1.6, title: { "zh-CN": "管网压力", en: "Main pressure" } },
    { name: "battery", kind: "number", unit: "%", min: 0, max: 100, title: { "zh-CN": "电池电量", en: "Battery" } },
    { name: "lowBattery", kind: "boolean", title: { "zh-CN": "电量低", en: "Low battery" } },
    { name: "sensorFault", kind: "boolean", title: { "zh-CN": "传感器故障", en: "Sensor fault" } },
  ],
  alarmRules: [
    {
      // GB 50974: the least favourable hydrant keeps at least 0.10 MPa; 0.12 to clear so a main hovering at the limit does not flap.
      id: "low-pressure", kind: "duration", resource: "pressure", severity: "major", seconds: 120,
      when: { op: "<", value: 0.1 }, clear: { op: ">=", value: 0.12 },
      title: { "zh-CN": "管网压力不足（低于 0.10 MPa 持续 2 分钟，Y3）", en: "Main pressure low (below 0.10 MPa for 2 minutes, Y3)" },
    },
    {
      id: "pressure-loss", kind: "rate", resource: "pressure", severity: "critical", maxChange: -0.05, perSeconds: 60, clearChange: -0.01,
      title: { "zh-CN": "管网压力骤降（1 分钟内下降 0.05 MPa 以上，疑似爆管或泄漏，Y3）", en: "Main pressure falling fast (over 0.05 MPa within a minute: burst or leak, Y3)" },
    },
    {
      id: "sensor-fault", kind: "threshold", resource: "sensorFault", severity: "minor", when: { op: "==", value: true },
      title: { "zh-CN": "水压传感器故障", en: "Water-pressure sensor fault" },
    },
    {
      id: "low-battery", kind: "threshold", resource: "lowBattery", severity: "minor", when: { op: "==", value: true },
      title: { "zh-CN": "水压传感器电量低", en: "Water-pressure sensor battery low" },
    },
    {
      // The sensor sends a heartbeat every 10 minutes: three missed ones mean it is gone.
      id: "offline", kind: "offline", resource: "*", severity: "major", seconds: 1800,
      title: { "zh-CN": "水压传感器离线（30 分钟无数据）", en: "Water-pressure sensor offline (no data for 30 minutes)" },
    },
  ],
};
