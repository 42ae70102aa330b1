/**
 * Three Y3/Y4 devices of a Yiyang "smart-safe community" (七府办字[2021]63号 四(一)):
 * the smart electricity monitor (智慧用电 / 电气火灾监控探测器, GB 14287.2/.3), the user
 * information transmission device that forwards the fire alarm controller's signals
 * (用户信息传输装置, GB 26875.1) and the elevator IoT terminal (电梯物联网监控终端).
 */
import type { DeviceProfile } from "@anju/sdk/driver";

export const ELECTRICITY_MONITOR_PROFILE: DeviceProfile = {
  id: "electricity-monitor",
  title: { "zh-CN": "智慧用电监测装置（电气火灾监控探测器）", en: "Smart electricity monitor (electrical fire detector)" },
  category: "electricity-monitor",
  resources: [
    { name: "residual-current", kind: "number", unit: "mA", min: 0, max: 3000, title: { "zh-CN": "剩余电流", en: "Residual current" } },
    { name: "line-temperature", kind: "number", unit: "°C", min: -40, max: 200, title: { "zh-CN": "线缆温度（最高）", en: "Line temperature (highest)" } },
    { name: "current", kind: "number", unit: "A", min: 0, max: 1000, title: { "zh-CN": "电流", en: "Current" } },
    { name: "load", kind: "number", unit: "%", min: 0, max: 1000, title: { "zh-CN": "负载率（电流/额定电流）", en: "Load (current / rated current)" } },
  ],
  alarmRules: [
    {
      // GB 14287.2 lets the alarm be set between 20 and 1000 mA; 300 mA is the usual setting for a
      // residential feeder. Leakage wanders with humidity: clear only under 250 mA so 290/310/295 is one alarm.
      id: "residual-current", kind: "threshold", resource: "residual-current", severity: "major",
      when: { op: ">=", value: 300 }, clear: { op: "<", value: 250 },
      title: { "zh-CN": "剩余电流超限（300 mA 及以上）", en: "Residual current high (300 mA or more)" },
    },
    {
      // A cable at 70 °C (PVC insulation's rated working temperature) for a minute is overheating,
      // a single spike from a motor start is not.
      id: "line-temperature", kind: "duration", resource: "line-temperature", severity: "major", seconds: 60,
      when: { op: ">=", value: 70 }, clear: { op: "<", value: 60 },
      title: { "zh-CN": "线缆温度过高（70 °C 以上持续 60 秒）", en: "Line overheating (70 °C or more for 60 s)" },
    },
    {
      id: "over-current", kind: "threshold", resource: "load", severity: "major",
      when: { op: ">", value: 110 }, clear: { op: "<=", value: 100 },
      title: { "zh-CN": "过流（超过额定电流 110%）", en: "Over-current (over 110% of rated current)" },
    },
    {
      id: "offline", kind: "offline", resource: "*", severity: "major", seconds: 900,
      title: { "zh-CN": "智慧用电装置离线（15 分钟无数据）", en: "Electricity monitor offline (no data for 15 minutes)" },
    },
  ],
};

export const TRANSMISSION_DEVICE_PROFILE: DeviceProfile = {
  id: "transmission-device",
  title: { "zh-CN": "用户信息传输装置", en: "User information transmission device" },
  category: "transmission-device",
  resources: [
    { name: "fire", kind: "boolean", title: { "zh-CN": "火警信号", en: "Fire signal" } },
    { name: "fault", kind: "boolean", title: { "zh-CN": "故障信号", en: "Fault signal" } },
    { name: "source", kind: "string", title: { "zh-CN": "信号来源（回路-地址）", en: "Signal source (loop-address)" } },
  ],
  alarmRules: [
    {
      id: "fire", kind: "threshold", resource: "fire", severity: "critical", when: { op: "==", value: true },
      title: { "zh-CN": "火灾报警控制器火警", en: "Fire alarm from the fire alarm control panel" },
    },
    {
      id: "fault", kind: "threshold", resource: "fault", severity: "major", when: { op: "==", value: true },
      title: { "zh-CN": "消防设施故障", en: "Fire protection system fault" },
    },
    {
      // GB 26875.1 asks for a link check at least every 3 minutes; two missed checks and a bit is offline.
      id: "offline", kind: "offline", resource: "*", severity: "major", seconds: 420,
      title: { "zh-CN": "用户信息传输装置离线（7 分钟无数据）", en: "Transmission device offline (no data for 7 minutes)" },
    },
  ],
};

export const ELEVATOR_TERMINAL_PROFILE: DeviceProfile = {
  id: "elevator-terminal",
  title: { "zh-CN": "电梯物联网监控终端", en: "Elevator IoT terminal" },
  category: "elevator-terminal",
  resources: [
    { name: "trapped", kind: "boolean", title: { "zh-CN": "困人", en: "Passenger trapped" } },
    { name: "fault", kind: "boolean", title: { "zh-CN": "电梯故障", en: "Elevator fault" } },
    { name: "floor", kind: "number", min: -10, max: 200, title: { "zh-CN": "楼层", en: "Floor" } },
    { name: "door-open", kind: "boolean", title: { "zh-CN": "轿门开启", en: "Car door open" } },
  ],
  alarmRules: [
    {
      id: "trapped", kind: "threshold", resource: "trapped", severity: "critical", when: { op: "==", value: true },
      title: { "zh-CN": "电梯困人", en: "Passenger trapped in elevator" },
    },
    {
      id: "fault", kind: "threshold", resource: "fault", severity: "major", when: { op: "==", value: true },
      title: { "zh-CN": "电梯故障", en: "Elevator fault" },
    },
    {
      id: "offline", kind: "offline", resource: "*", severity: "major", seconds: 600,
      title: { "zh-CN": "电梯终端离线（10 分钟无数据）", en: "Elevator terminal offline (no data for 10 minutes)" },
    },
  ],
};

export const FIRE_IOT_PROFILES = [ELECTRICITY_MONITOR_PROFILE, TRANSMISSION_DEVICE_PROFILE, ELEVATOR_TERMINAL_PROFILE];
