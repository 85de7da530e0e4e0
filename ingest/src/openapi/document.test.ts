import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '@caseload/shared';
import { openApiDocument } from './document.ts';

describe('openApiDocument', () => {
  it('is JSON with the three content types and one schema per event type', () => {
    const doc = JSON.parse(JSON.stringify(openApiDocument()));
    expect(doc.openapi).toBe('3.1.0');
    const content = doc.paths['/v1/events'].post.requestBody.content;
    expect(Object.keys(content).sort()).toEqual([
      'application/cloudevents+json',
      'application/cloudevents-batch+json',
      'application/json',
    ]);
    const variants = doc.components.schemas.CloudEvent.oneOf as {
      properties: { type: { const: string }; data: object };
    }[];
    expect(variants.map((v) => v.properties.type.const).sort()).toEqual([...EVENT_TYPES].sort());
    const note = variants.find((v) => v.properties.type.const === 'caseload.note.submitted')!;
    expect(note.properties.data).toMatchObject({ properties: { text: { maxLength: 20000 } } });
  });
});
