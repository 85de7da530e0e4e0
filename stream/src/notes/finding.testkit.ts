import type { NoteFinding } from './read-note-findings.ts';

/** A risk finding for tests that build notes by hand: current, or negated when `current` is false. */
export function riskFinding(code: string, current = true): NoteFinding {
  return {
    code,
    kind: 'risk',
    paragraph: 0,
    start: 0,
    end: 4,
    current,
    context: { negated: !current, hypothetical: false, historical: false, experiencer: 'client' },
  };
}
