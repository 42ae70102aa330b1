/**
 * TypeORM value transformers: the encrypted column stores ciphertext and hands the entity
 * plaintext; the blind-index column hashes whatever plaintext is written or searched for, so
 * `repo.findBy({ phoneBidx: "13812345678" })` finds the row without the phone ever reaching SQL.
 */
import type { ValueTransformer } from "typeorm";
import { activePiCodec, BLIND_INDEX_PATTERN } from "../crypto/codec.js";
import type { PiKind } from "../kinds.js";

export function piTransformer(kind: PiKind): ValueTransformer {
  return {
    to: (value: unknown) => (value === null || value === undefined ? value : activePiCodec().encrypt(kind, String(value))),
    from: (value: unknown) => (value === null || value === undefined ? value : activePiCodec().decrypt(kind, String(value))),
  };
}

export function blindIndexTransformer(kind: PiKind): ValueTransformer {
  return {
    // An index computed already (by the subscriber or `blindIndex()`) passes as it is.
    to: (value: unknown) => (value === null || value === undefined || (typeof value === "string" && BLIND_INDEX_PATTERN.test(value)) ? value : activePiCodec().blindIndex(kind, String(value))),
    from: (value: unknown) => value,
  };
}
