/**
 * Credentials at rest: AES-256-GCM with a key from the configuration (PARLEY_CREDENTIALS_KEY), so
 * a copy of the database alone does not give away a source's tokens. Each value gets its own
 * random nonce; the stored form is `v1.<nonce>.<tag>.<ciphertext>` in base64url. The same key
 * derives secrets Parley never stores (a one-time link's token, from its request's id).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { ParleyError } from "../errors.ts";

export interface SecretBox {
  seal(secrets: Record<string, string>): string;
  open(sealed: string): Record<string, string>;
  /**
   * An unguessable secret for `data` under `purpose` (HMAC-SHA256 with a key of its own for each
   * purpose, base64url): the same every time, so it need not be stored, and nobody without the
   * configured key can compute it.
   */
  derive(purpose: string, data: string): string;
}

/** A box from a passphrase or key of at least 32 characters. */
export function secretBox(key: string): SecretBox {
  const material = Buffer.from(hkdfSync("sha256", key, "parley", "source credentials v1", 32));
  const purposes = new Map<string, Buffer>();
  return {
    derive(purpose, data) {
      let k = purposes.get(purpose);
      if (!k) {
        k = Buffer.from(hkdfSync("sha256", key, "parley", `derived secret v1: ${purpose}`, 32));
        purposes.set(purpose, k);
      }
      return createHmac("sha256", k).update(data).digest("base64url");
    },
    seal(secrets) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", material, nonce);
      const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
      return ["v1", nonce, cipher.getAuthTag(), body]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join(".");
    },
    open(sealed) {
      const [version, nonce, tag, body] = sealed.split(".");
      if (version !== "v1" || !nonce || !tag || body === undefined)
        throw new Error("Not sealed by this version");
      const decipher = createDecipheriv("aes-256-gcm", material, Buffer.from(nonce, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
      return JSON.parse(plain.toString("utf8")) as Record<string, string>;
    },
  };
}

/** Where no key is configured (PostgreSQL without PARLEY_CREDENTIALS_KEY): storing credentials is refused. */
export const noSecretBox: SecretBox = {
  seal() {
    throw new ParleyError("credentials_key_missing");
  },
  open() {
    throw new ParleyError("credentials_key_missing");
  },
  derive() {
    throw new ParleyError("credentials_key_missing");
  },
};
