import type { Request } from 'express';
import type { WallboardConfig } from '../config.ts';

/** Secure cookies behind TLS: the connection itself, a proxy's X-Forwarded-Proto, or the setting. */
export function isSecureRequest(req: Request, config: WallboardConfig): boolean {
  if (config.secureCookies === 'always') return true;
  return req.secure || req.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
