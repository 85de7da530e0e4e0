import { Counter, register as defaultRegister, type Registry } from 'prom-client';

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** Counters of the LLM reading (one set per registry, shared by refiners on it). */
export function readingMetrics(registry: Registry = defaultRegister) {
  return {
    requests: counter(
      registry,
      'caseload_llm_requests_total',
      'Requests sent to the LLM, by outcome (ok, rate_limited, timeout, malformed, error).',
      ['outcome'],
    ),
    dropped: counter(
      registry,
      'caseload_llm_citations_dropped_total',
      'LLM findings dropped because their quote is not in the note or their code is unknown.',
      ['reason'],
    ),
    readings: counter(
      registry,
      'caseload_llm_readings_total',
      'LLM readings asked for, by result (cached, fresh, gave_up, queue_full, failed).',
      ['result'],
    ),
  };
}
export type ReadingMetrics = ReturnType<typeof readingMetrics>;
