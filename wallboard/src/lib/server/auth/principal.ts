import { z } from 'zod';
import { ROLES } from '../../roles.ts';

/**
 * Who is asking: a person (logged in or holding a token from `npm run token`) or a paired TV.
 * `units` and `sites` are the scope for display, lead and supervisor; the other roles are
 * county-wide (CONTRACT §4) and their lists are ignored.
 */
export const Principal = z.object({
  kind: z.enum(['user', 'display']),
  id: z.string().min(1),
  name: z.string(),
  role: z.enum(ROLES),
  units: z.array(z.string()),
  sites: z.array(z.string()),
});
export type Principal = z.infer<typeof Principal>;
