import { viewSubjects } from '@caseload/shared';
import { describe, expect, it } from 'vitest';
import { viewOfSubject } from './view-relay.ts';

describe('viewOfSubject', () => {
  it('reads scope and id back from every view subject', () => {
    expect(viewOfSubject(viewSubjects.unit('u-7'))).toEqual({ scope: 'unit', id: 'u-7' });
    expect(viewOfSubject(viewSubjects.site('s-1'))).toEqual({ scope: 'site', id: 's-1' });
    expect(viewOfSubject(viewSubjects.sites())).toEqual({ scope: 'sites' });
  });

  it('knows no view in other subjects', () => {
    expect(viewOfSubject('views.unit.')).toBeUndefined();
    expect(viewOfSubject('views.other.x')).toBeUndefined();
    expect(viewOfSubject('caseload.progress')).toBeUndefined();
  });
});
