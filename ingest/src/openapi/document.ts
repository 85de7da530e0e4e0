import { z } from 'zod';
import { CaseloadEvent, EVENT_TYPES } from '@caseload/shared';
import { BATCH_MAX } from '../config.ts';

const Issue = z.object({ path: z.string(), message: z.string() });
const Rejected = z.object({ index: z.number().int(), id: z.string().nullable(), issues: z.array(Issue) });

/** Response bodies, declared with zod so the document and the code cannot drift apart. */
export const AcceptedBody = z.object({
  accepted: z.number().int().describe('events JetStream acknowledged, repeats included'),
  duplicates: z.number().int().describe('how many of them JetStream already held (same source and id)'),
  ids: z.array(z.string()).describe('ids of the acknowledged events, in request order'),
  rejected: z.array(Rejected).optional().describe('with ?mode=partial: the invalid events, not published'),
});
export const InvalidEventsBody = z.object({
  error: z.literal('invalid_events'),
  message: z.string(),
  events: z.array(Rejected),
});
export const ErrorBody = z.object({ error: z.string(), message: z.string() });

function schema(s: z.ZodType) {
  return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The OpenAPI 3.1 document of the ingest API, generated from the contract's zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const event = { $ref: '#/components/schemas/CloudEvent' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Caseload ingest',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 over HTTP. Event types: ' +
        EVENT_TYPES.join(', ') +
        '. Binary mode: Content-Type application/json with ce-specversion, ce-id, ce-source, ce-type and ce-time headers; the body is `data`.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: {
        CloudEvent: schema(CaseloadEvent),
        Accepted: schema(AcceptedBody),
        InvalidEvents: schema(InvalidEventsBody),
        Error: schema(ErrorBody),
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/events': {
        post: {
          summary: 'Send one event (structured or binary mode) or a batch',
          parameters: [
            {
              name: 'mode',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['partial'] },
              description: 'partial: publish the valid events and report the invalid ones instead of refusing all',
            },
            ...['specversion', 'id', 'source', 'type', 'time'].map((a) => ({
              name: `ce-${a}`,
              in: 'header',
              required: false,
              schema: { type: 'string' },
              description: `binary mode: the event's ${a}`,
            })),
          ],
          requestBody: {
            required: true,
            content: {
              'application/cloudevents+json': { schema: event },
              'application/cloudevents-batch+json': {
                schema: { type: 'array', minItems: 1, maxItems: BATCH_MAX, items: event },
              },
              'application/json': { schema: { description: 'an event (structured) or its data (binary mode)' } },
            },
          },
          responses: {
            '202': {
              description: 'every event was acknowledged by JetStream',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
            },
            '400': {
              description: 'invalid events (nothing published), malformed JSON or a bad batch',
              content: {
                'application/json': {
                  schema: {
                    oneOf: [{ $ref: '#/components/schemas/InvalidEvents' }, { $ref: '#/components/schemas/Error' }],
                  },
                },
              },
            },
            '401': errorResponse('missing or unknown API key'),
            '403': errorResponse("an event outside the key's sites (nothing published)"),
            '413': errorResponse('request body over 10 MB'),
            '415': errorResponse('unsupported Content-Type'),
            '503': errorResponse('NATS/JetStream unavailable or slow; retry after Retry-After seconds'),
          },
        },
      },
      '/healthz': { get: { security: [], responses: { '200': { description: 'the process is up' } } } },
      '/readyz': {
        get: {
          security: [],
          responses: {
            '200': { description: 'NATS connected and the events stream exists' },
            '503': { description: 'not ready' },
          },
        },
      },
      '/metrics': { get: { security: [], responses: { '200': { description: 'Prometheus text format' } } } },
      '/openapi.json': { get: { security: [], responses: { '200': { description: 'this document' } } } },
    },
  };
}
