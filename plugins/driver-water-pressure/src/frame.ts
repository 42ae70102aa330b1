/**
 * The sensor's binary frame (big-endian except the CRC, as Modbus does it):
 *
 *   off len  field
 *   0   1    0xAA header
 *   1   1    version, 0x01
 *   2   1    type: 0x01 measurement, 0x02 heartbeat
 *   3   4    device number, uint32 → device code "WP" + 8 digits
 *   7   2    pressure, uint16 in kPa (measurement only; 0xFFFF = not measured)
 *   ..  1    status bits: 0 low battery, 1 sensor fault
 *   ..  1    battery, percent
 *   ..  2    CRC-16/MODBUS of everything before it, little-endian
 *
 * The sensor has no clock: readings take the time the platform received them. Some DTUs
 * forward the frame as hex text instead of bytes; both are accepted.
 */
import { DecodeError } from "@anju/sdk/driver";

export const HEADER = 0xaa;
export const VERSION = 0x01;
export const TYPE_MEASUREMENT = 0x01;
export const TYPE_HEARTBEAT = 0x02;
const LENGTH: Record<number, number> = { [TYPE_MEASUREMENT]: 13, [TYPE_HEARTBEAT]: 11 };
export const PRESSURE_NOT_MEASURED = 0xffff;

export interface Frame {
  type: typeof TYPE_MEASUREMENT | typeof TYPE_HEARTBEAT;
  deviceNo: number;
  /** kPa, raw. */
  pressure?: number;
  lowBattery: boolean;
  sensorFault: boolean;
  battery: number;
}

const CRC_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

export function crc16modbus(buf: Uint8Array, end: number): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ buf[i]) & 0xff];
  return crc;
}

export function deviceCodeOf(deviceNo: number): string {
  return `WP${String(deviceNo).padStart(8, "0")}`;
}

const isHexText = (b: Buffer): boolean => {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c === 0x20)) return false;
  }
  return b.length > 0;
};

/** Bytes as sent: the binary frame, or its hex text from a DTU. */
export function frameBytes(payload: Buffer): Buffer {
  if (payload.length > 0 && payload[0] !== HEADER && isHexText(payload)) {
    const text = payload.toString("latin1").replace(/ /g, "");
    if (text.length % 2 !== 0) throw new DecodeError("PAYLOAD_TRUNCATED", `hex text of odd length ${text.length}`);
    return Buffer.from(text, "hex");
  }
  return payload;
}

export function parseFrame(payload: Buffer): Frame {
  const b = frameBytes(payload);
  if (b.length < 3) throw new DecodeError("PAYLOAD_TRUNCATED", `${b.length} bytes, a frame has at least 11`);
  if (b[0] !== HEADER) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `header 0x${b[0].toString(16).padStart(2, "0")}, expected 0xaa`);
  if (b[1] !== VERSION) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `frame version ${b[1]}, this driver reads version 1`);
  const type = b[2];
  const length = LENGTH[type];
  if (length === undefined) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `frame type 0x${type.toString(16).padStart(2, "0")}`);
  if (b.length < length) throw new DecodeError("PAYLOAD_TRUNCATED", `${b.length} bytes, a type ${type} frame has ${length}`);
  if (b.length > length) throw new DecodeError("PAYLOAD_UNKNOWN_FRAME", `${b.length} bytes, a type ${type} frame has ${length}`);
  const crc = b.readUInt16LE(length - 2);
  const expected = crc16modbus(b, length - 2);
  if (crc !== expected) throw new DecodeError("PAYLOAD_CHECKSUM", `CRC 0x${crc.toString(16)}, computed 0x${expected.toString(16)}`);
  const at = type === TYPE_MEASUREMENT ? 9 : 7;
  const status = b[at];
  const frame: Frame = {
    type: type as Frame["type"], deviceNo: b.readUInt32BE(3),
    lowBattery: (status & 0x01) !== 0, sensorFault: (status & 0x02) !== 0, battery: b[at + 1],
  };
  if (type === TYPE_MEASUREMENT) {
    const p = b.readUInt16BE(7);
    if (p !== PRESSURE_NOT_MEASURED) frame.pressure = p;
  }
  return frame;
}

/** The sensor's side, for simulators and tests. */
export function buildFrame(f: Frame): Buffer {
  const length = LENGTH[f.type];
  const b = Buffer.alloc(length);
  b[0] = HEADER; b[1] = VERSION; b[2] = f.type;
  b.writeUInt32BE(f.deviceNo, 3);
  let at = 7;
  if (f.type === TYPE_MEASUREMENT) { b.writeUInt16BE(f.pressure ?? PRESSURE_NOT_MEASURED, 7); at = 9; }
  b[at] = (f.lowBattery ? 1 : 0) | (f.sensorFault ? 2 : 0);
  b[at + 1] = f.battery;
  b.writeUInt16LE(crc16modbus(b, length - 2), length - 2);
  return b;
}
