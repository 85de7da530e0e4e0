import { Id } from '@caseload/shared';
import type { Request } from 'express';
import { HttpError } from '../context.ts';

/** A path parameter that must be a contract id (letters, digits, _ and -), else 400. */
export function idParam(req: Request, name: string): string {
  const parsed = Id.safeParse(req.params[name]);
  if (!parsed.success) throw new HttpError(400, 'invalid', { param: name });
  return parsed.data;
}
