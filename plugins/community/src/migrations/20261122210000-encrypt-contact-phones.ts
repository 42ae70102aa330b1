/**
 * The custodian's and maintainer's phones become encrypted personal information (H11): the
 * columns widen to hold `v1:<keyId>:…` ciphertext, and phones written before this version are
 * encrypted in place. SQLite does not enforce varchar lengths, so only MariaDB/MySQL alters.
 * `down` is a no-op on purpose: turning personal information back into plaintext is not an
 * operation we offer, and the narrow columns could not hold the ciphertext.
 */
import type { Migration } from "@anju/data";
import { encryptField, isCiphertext } from "@anju/sdk";

const COLUMNS = ["custodian_phone", "maintainer_phone"] as const;

export const encryptContactPhones: Migration = {
  name: "20261122210000-encrypt-contact-phones",
  async up(qr) {
    const mysql = qr.connection.options.type === "mysql" || qr.connection.options.type === "mariadb";
    if (mysql) {
      await qr.query("ALTER TABLE community_community MODIFY custodian_phone VARCHAR(512) NULL, MODIFY maintainer_phone VARCHAR(512) NULL");
    }
    const rows: Array<Record<string, unknown>> = await qr.query("SELECT id, custodian_phone, maintainer_phone FROM community_community");
    for (const row of rows) {
      const patch = COLUMNS.filter((c) => typeof row[c] === "string" && row[c] !== "" && !isCiphertext(row[c] as string));
      if (!patch.length) continue;
      await qr.query(
        `UPDATE community_community SET ${patch.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`,
        [...patch.map((c) => encryptField("phone", row[c] as string)), row.id],
      );
    }
  },
  async down() {
    // Intentionally nothing: see above.
  },
};
