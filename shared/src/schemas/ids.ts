import { z } from 'zod';

/** Every identifier in the contract: safe as a NATS subject token and a Redis key part. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must match ^[A-Za-z0-9_-]{1,64}$ (letters, digits, _ and -, at most 64)');

/** RFC 3339 timestamp with an explicit offset (Z or ±hh:mm). */
export const Timestamp = z.iso.datetime({ offset: true });

export const TRACKS_DEFAULT = ['child_welfare', 'housing', 'behavioral_health', 'workforce'] as const;
