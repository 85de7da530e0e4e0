import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';

/**
 * Note text is sealed with AES-256-GCM at the first hop. A sealed value is one string:
 *   enc:v1:<keyId>:<iv b64url>:<ciphertext+tag b64url>
 * The key id (first 8 hex of SHA-256 of the key) lets a reader pick the right key after a rotation.
 */
export interface NoteKeyring {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

const PREFIX = 'enc:v1:';

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function parseHexKey(hex: string, name: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${name} must be 64 hex characters (256 bits)`);
  return Buffer.from(hex, 'hex');
}

/** Builds a keyring from the current key and any older keys still accepted for reading. */
export function makeKeyring(currentHex: string, oldHex: string[] = []): NoteKeyring {
  const key = parseHexKey(currentHex, 'NOTE_ENCRYPTION_KEY');
  const byId = new Map<string, Buffer>([[keyIdOf(key), key]]);
  for (const h of oldHex) {
    const k = parseHexKey(h, 'NOTE_ENCRYPTION_OLD_KEYS entry');
    byId.set(keyIdOf(k), k);
  }
  return { current: { id: keyIdOf(key), key }, byId };
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/**
 * IVs are random 96-bit values drawn from a pool refilled 1,024 at a time: one `randomBytes(12)`
 * per note cost ~6 µs (far more under load), the largest single cost of ingest's hot path.
 */
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 1024);
let ivOffset = ivPool.length;

function nextIv(): Buffer {
  if (ivOffset >= ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  // A copy: the pool is overwritten on refill, and the caller keeps the IV in the sealed string.
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

export function sealText(plain: string, ring: NoteKeyring): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${ring.current.id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

export class NoteDecryptError extends Error {}

export function openText(sealed: string, ring: NoteKeyring): string {
  if (!isSealed(sealed)) throw new NoteDecryptError('value is not sealed note text');
  const [keyId, ivB64, bodyB64] = sealed.slice(PREFIX.length).split(':');
  const key = keyId ? ring.byId.get(keyId) : undefined;
  if (!key || !ivB64 || !bodyB64) throw new NoteDecryptError(`no key with id ${keyId ?? '?'} in the keyring`);
  const body = Buffer.from(bodyB64, 'base64url');
  if (body.length < 16) throw new NoteDecryptError('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64url'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new NoteDecryptError('note text failed authentication');
  }
}
