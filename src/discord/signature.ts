// Discord's request signature for HTTP interactions: Ed25519 over (X-Signature-Timestamp + raw body),
// checked with the application's public key. Node's own crypto; no dependency.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;
const UNIX_SECONDS = /^\d{1,12}$/;

// One application key per process in practice; parsing it once keeps the hot path to a single verify().
const keyCache = new Map<string, KeyObject>();

function publicKeyObject(publicKeyHex: string): KeyObject | undefined {
  if (!HEX_KEY.test(publicKeyHex)) return undefined;
  const id = publicKeyHex.toLowerCase();
  let key = keyCache.get(id);
  if (!key) {
    try {
      key = createPublicKey({
        key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(id, 'hex')]),
        format: 'der',
        type: 'spki',
      });
    } catch {
      return undefined;
    }
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * True only when `signatureHex` is a valid Ed25519 signature of `timestamp + rawBody` by `publicKeyHex`
 * AND the timestamp (unix seconds) is within `maxAgeSeconds` of `nowMs` either way (replays of old
 * requests and requests from the future are refused). False on any malformed input; never throws.
 */
export function verifyDiscordSignature(
  publicKeyHex: string,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  rawBody: Buffer | string,
  nowMs: number,
  maxAgeSeconds = 300,
): boolean {
  if (typeof signatureHex !== 'string' || !HEX_SIGNATURE.test(signatureHex)) return false;
  if (typeof timestamp !== 'string' || !UNIX_SECONDS.test(timestamp)) return false;
  if (!Number.isFinite(nowMs)) return false;
  const skewSeconds = Math.abs(nowMs / 1000 - Number(timestamp));
  if (!(skewSeconds <= maxAgeSeconds)) return false;
  const key = publicKeyObject(publicKeyHex);
  if (!key) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
