import { z } from 'zod';

/**
 * One entry of the append-only audit log (Redis stream `redisKeys.audit`, the entry's JSON in field
 * `entry`). Written by the wallboard (note reads, actions, pairing, refusals, tokens) and by the
 * processor (Groq calls). Never holds note text: only ids, the reason a person gave, and outcomes.
 */
export const AuditAction = z.enum([
  'note.read',
  'note.breakglass',
  'signal.read',
  'signal.status',
  'case.assign',
  'display.create',
  'display.pair',
  'display.revoke',
  'token.issue',
  'groq.call',
  'access.refused',
  'auth.login',
  'auth.login_failed',
]);

export const AuditActor = z.object({
  kind: z.enum(['user', 'display', 'service', 'anonymous']),
  id: z.string(),
  role: z.string().optional(),
});

export const AuditEntry = z.object({
  /** Wall time of the action (RFC 3339). */
  at: z.string(),
  action: AuditAction,
  actor: AuditActor,
  outcome: z.enum(['ok', 'refused', 'failed']),
  /** What was touched: noteId, signalId, caseId, displayId, reason, route, status, model… */
  what: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Where from: the client address and agent for HTTP and sockets, the service name otherwise. */
  from: z.object({ ip: z.string().optional(), userAgent: z.string().optional(), service: z.string().optional() }),
});

/** An entry as read back, with the stream id Redis gave it. */
export const StoredAuditEntry = AuditEntry.extend({ id: z.string() });

export type AuditAction = z.infer<typeof AuditAction>;
export type AuditActor = z.infer<typeof AuditActor>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type StoredAuditEntry = z.infer<typeof StoredAuditEntry>;
