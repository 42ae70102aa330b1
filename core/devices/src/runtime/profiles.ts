/**
 * The host's own check of the profiles a child announces in its hello: the child ran vendor
 * code, so `defineDriver`'s check inside it proves nothing to the host. Same rules as
 * defineDriver (the SDK's validateDeviceProfiles), reported under the runtime's own code.
 */
import { validateDeviceProfiles, type DeviceProfile } from "@anju/sdk/driver";
import { RuntimeErrors } from "./errors.js";

export function validateProfiles(pluginId: string, raw: unknown): DeviceProfile[] {
  try {
    return validateDeviceProfiles(raw);
  } catch (err) {
    const e = err as Error & { data?: { field?: string; reason?: string } };
    throw RuntimeErrors.DRIVER_PROFILES_INVALID({ pluginId, field: e.data?.field ?? "profiles", reason: e.data?.reason ?? e.message });
  }
}
