/**
 * The roles of CONTRACT §4, shared by server and browser code (the server's Principal type uses it).
 */
export const ROLES = ['display', 'lead', 'supervisor', 'operations', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may read live views at all (their scope still applies). */
export const VIEW_ROLES: readonly Role[] = ['display', 'lead', 'supervisor', 'operations'];

/** Roles for people who log in; `display` is a paired TV, never a person. */
export const PERSON_ROLES: readonly Role[] = ['lead', 'supervisor', 'operations', 'auditor', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
