/**
 * TOTP secrets must be readable again (to check codes), so they are encrypted, not hashed:
 * AES-256-GCM with a key derived (HKDF) from the host's secret, which lives outside the database
 * (`<dataDir>/secret` or ANJU_TOKEN_SECRET). A database dump alone does not reveal them.
 * Changing the host secret makes existing enrolments unreadable: those users need a TOTP reset.
 */
import crypto from "node:crypto";

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string | null;
}

export function secretBox(hostSecret: string, purpose = "anju-identity-totp"): SecretBox {
  const key = Buffer.from(crypto.hkdfSync("sha256", Buffer.from(hostSecret, "utf8"), Buffer.alloc(0), Buffer.from(purpose), 32));
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split(":");
      if (v !== "v1" || !iv || !tag || ct === undefined) return null;
      try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
        decipher.setAuthTag(Buffer.from(tag, "base64"));
        return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}
