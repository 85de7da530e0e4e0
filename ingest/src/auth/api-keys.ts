import { createHash } from 'node:crypto';
import type { ApiKeys } from '@caseload/shared';
import { HttpError } from '../http-error.ts';

/** What a key may do: every site, or only the listed ones. */
export type Scope = { all: true } | { all: false; sites: ReadonlySet<string> };

export interface Caller {
  /** A short, non-secret label for logs (a hash prefix of the key). */
  keyLabel: string;
  scope: Scope;
}

/**
 * Keys are looked up by their SHA-256, so neither the secret itself nor a prefix-matching string
 * comparison is involved in the lookup.
 */
export class ApiKeyDirectory {
  readonly #byHash = new Map<string, Caller>();

  constructor(keys: ApiKeys) {
    for (const [key, sites] of keys) {
      const hash = sha256(key);
      this.#byHash.set(hash, {
        keyLabel: hash.slice(0, 8),
        scope: sites === 'all' ? { all: true } : { all: false, sites },
      });
    }
  }

  /** The caller of an `Authorization: Bearer <key>` header, or a 401. */
  authenticate(header: string | undefined): Caller {
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw new HttpError(401, 'unauthorized', 'send an API key as "Authorization: Bearer <key>"');
    const caller = this.#byHash.get(sha256(m[1]!));
    if (!caller) throw new HttpError(401, 'unauthorized', 'unknown API key');
    return caller;
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
