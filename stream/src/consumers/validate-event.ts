/**
 * Validates a decoded message as a contract event, picking the event type's own schema by its
 * `type` instead of going through the discriminated union: the same schema checks the same fields
 * (its `type` literal included), for about two thirds of the union's cost per message.
 */
import { CaseloadEvent } from '@caseload/shared';

const SCHEMA_OF_TYPE = new Map(CaseloadEvent.options.map((o) => [o.shape.type.value as string, o]));

/**
 * The event as `CaseloadEvent.safeParse(raw)` returns it when valid (a fresh object without
 * unknown keys), or undefined when it is not one.
 */
export function validateEvent(raw: unknown): CaseloadEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const type = (raw as { type?: unknown }).type;
  const schema = typeof type === 'string' ? SCHEMA_OF_TYPE.get(type) : undefined;
  if (!schema) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? (parsed.data as CaseloadEvent) : undefined;
}
