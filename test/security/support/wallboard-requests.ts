import fc from 'fast-check';
import { deepArrays, deepObjects, withRawEntries } from './json-text.ts';

/**
 * Hostile requests for the wallboard's HTTP API, drawn by fast-check: every route with odd path
 * parameters, query strings, bodies, content types and credentials.
 */
export type Who =
  | 'none'
  | 'garbage'
  | 'expired'
  | 'tampered'
  | 'cookie_junk'
  | 'basic'
  | 'display'
  | 'lead'
  | 'supervisor'
  | 'operations'
  | 'auditor'
  | 'admin'
  | 'otherLead';

export const UNAUTHENTICATED: ReadonlySet<Who> = new Set([
  'none',
  'garbage',
  'expired',
  'tampered',
  'cookie_junk',
  'basic',
]);

/** Ids the fixture holds, so some requests reach real records. */
export interface Known {
  unitId: string;
  siteId: string;
  signalId: string;
  noteId: string;
  workerId: string;
  otherWorkerId: string;
  caseId: string;
}

interface Route {
  method: 'GET' | 'POST';
  path: (p: string) => string;
  name: string;
  /** A valid body for the route, to mutate. */
  body?: (k: Known) => Record<string, unknown>;
  /** Which known id fits the parameter. */
  param?: keyof Known;
}

const ROUTES: Route[] = [
  { method: 'GET', name: 'me', path: () => '/api/me' },
  { method: 'GET', name: 'view_unit', path: (p) => `/api/views/unit/${p}`, param: 'unitId' },
  { method: 'GET', name: 'view_site', path: (p) => `/api/views/site/${p}`, param: 'siteId' },
  { method: 'GET', name: 'view_sites', path: () => '/api/views/sites' },
  { method: 'GET', name: 'signal', path: (p) => `/api/signals/${p}`, param: 'signalId' },
  { method: 'GET', name: 'note', path: (p) => `/api/notes/${p}`, param: 'noteId' },
  { method: 'GET', name: 'worker', path: (p) => `/api/workers/${p}`, param: 'workerId' },
  { method: 'GET', name: 'pool', path: (p) => `/api/pool/${p}`, param: 'unitId' },
  { method: 'GET', name: 'capacity_log', path: (p) => `/api/units/${p}/capacity-log`, param: 'unitId' },
  { method: 'GET', name: 'audit', path: () => '/api/audit' },
  { method: 'GET', name: 'displays', path: () => '/api/displays' },
  {
    method: 'POST',
    name: 'signal_status',
    path: (p) => `/api/signals/${p}/status`,
    param: 'signalId',
    body: () => ({ status: 'acknowledged', note: 'seen' }),
  },
  {
    method: 'POST',
    name: 'assign',
    path: (p) => `/api/pool/${p}/assign`,
    param: 'caseId',
    body: (k) => ({ workerId: k.otherWorkerId }),
  },
  { method: 'POST', name: 'display_create', path: () => '/api/displays', body: (k) => ({ units: [k.unitId] }) },
  { method: 'POST', name: 'display_revoke', path: (p) => `/api/displays/${p}/revoke` },
  { method: 'GET', name: 'no_such_api', path: (p) => `/api/${p}` },
  { method: 'GET', name: 'pair', path: (p) => `/pair/${p}` },
];

const ODD_PARAMS = [
  '*',
  '>',
  'a.b',
  'U1.>',
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
  '%00',
  '%ff',
  '%E2%80%AE',
  '%C3%BC',
  '__proto__',
  'constructor',
  'prototype',
  'x'.repeat(65),
  'x'.repeat(5000),
  '%',
  'a%20b',
  '%0d%0aSet-Cookie:%20x=1',
];

const paramArb = (route: Route): fc.Arbitrary<(k: Known) => string> =>
  fc.oneof(
    { arbitrary: fc.constant((k: Known) => (route.param ? k[route.param] : 'x')), weight: 3 },
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).map((s) => () => s), weight: 2 },
    { arbitrary: fc.constantFrom(...ODD_PARAMS).map((s) => () => s), weight: 3 },
    { arbitrary: fc.string({ maxLength: 30 }).map((s) => () => encodeURIComponent(s)), weight: 1 },
  );

const QUERIES = [
  '',
  '?reason=safeguarding%20review',
  '?reason=x',
  `?reason=${'r'.repeat(600)}`,
  '?via=__proto__',
  '?via=a.b',
  '?limit=-1',
  '?limit=1e9',
  '?limit=abc',
  '?limit=1&limit=2',
  '?before=1-0',
  '?before=%00',
  '?before=9999999999999-0',
  '?__proto__[admin]=1',
  '?constructor[prototype][admin]=1',
  '?reason[]=a&reason[]=b',
  '?next=//evil.example',
];

type BodyKind =
  | 'none'
  | 'valid'
  | 'json_value'
  | 'wrong_types'
  | 'proto_keys'
  | 'huge_string'
  | 'deep_nesting'
  | 'invalid_utf8'
  | 'malformed'
  | 'urlencoded'
  | 'text_plain';

export interface WallboardRequest {
  label: string;
  who: Who;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface WallboardPlan {
  route: Route;
  param: (k: Known) => string;
  query: string;
  who: Who;
  bodyKind: BodyKind;
  value: unknown;
  n: number;
}

const WHO: Who[] = [
  'none',
  'garbage',
  'expired',
  'tampered',
  'cookie_junk',
  'basic',
  'display',
  'lead',
  'supervisor',
  'operations',
  'auditor',
  'admin',
  'otherLead',
];

export const wallboardPlanArb: fc.Arbitrary<WallboardPlan> = fc.constantFrom(...ROUTES).chain((route) =>
  fc.record({
    route: fc.constant(route),
    param: paramArb(route),
    query: fc.constantFrom(...QUERIES),
    who: fc.constantFrom(...WHO),
    bodyKind: fc.constantFrom<BodyKind>(
      'none',
      'valid',
      'valid',
      'json_value',
      'wrong_types',
      'proto_keys',
      'huge_string',
      'deep_nesting',
      'invalid_utf8',
      'malformed',
      'urlencoded',
      'text_plain',
    ),
    value: fc.jsonValue({ maxDepth: 3 }),
    n: fc.nat(),
  }),
);

/** Builds the request; credentials are looked up by `who` at send time. */
export function materializeWallboard(plan: WallboardPlan, known: Known): WallboardRequest {
  const { route, bodyKind, value, n } = plan;
  const headers: Record<string, string> = {};
  let body: Buffer | undefined;
  const json = (s: string) => {
    headers['content-type'] = 'application/json';
    return Buffer.from(s);
  };
  const valid = route.body?.(known) ?? { name: 'x' };
  // GETs carry a body too, sometimes: a server must not care.
  if (route.method === 'POST' || n % 7 === 0) {
    switch (bodyKind) {
      case 'none':
        break;
      case 'valid':
        body = json(JSON.stringify(valid));
        break;
      case 'json_value':
        body = json(JSON.stringify(value));
        break;
      case 'wrong_types':
        body = json(JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, value]))));
        break;
      case 'proto_keys':
        body = json(
          withRawEntries(valid, [
            ['__proto__', '{"role":"admin","polluted":true}'],
            ['constructor', '{"prototype":{"polluted":true}}'],
          ]),
        );
        break;
      case 'huge_string':
        body = json(JSON.stringify({ ...valid, note: 'n'.repeat(n % 2 ? 70_000 : 5_000) }));
        break;
      case 'deep_nesting':
        body = json(n % 2 ? deepArrays(5_000 + (n % 20_000)) : deepObjects(5_000));
        break;
      case 'invalid_utf8':
        body = Buffer.concat([json('{"note":"'), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
        break;
      case 'malformed':
        body = json(JSON.stringify(valid).slice(0, -1));
        break;
      case 'urlencoded':
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = Buffer.from('status=acknowledged&note=x&__proto__[role]=admin&units[]=a');
        break;
      case 'text_plain':
        headers['content-type'] = 'text/plain';
        body = Buffer.from(JSON.stringify(valid));
        break;
    }
  }
  return {
    label: `${route.name}`,
    who: plan.who,
    method: route.method,
    path: route.path(plan.param(known)) + (route.name === 'pair' ? '' : plan.query),
    headers,
    ...(body ? { body } : {}),
  };
}
