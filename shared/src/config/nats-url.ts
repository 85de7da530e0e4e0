/**
 * Connection options from a NATS_URL that may carry credentials (`nats://user:pass@host:4222`, or
 * `nats://token@host:4222`). nats.js ignores credentials inside `servers`, so without this a
 * server that requires authentication refuses every service ("Authorization Violation").
 * Several servers may be given, comma-separated; credentials are taken from the first that has any.
 */
export interface NatsServerOptions {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
}

export function natsServerOptions(natsUrl: string): NatsServerOptions {
  const servers: string[] = [];
  let creds: Omit<NatsServerOptions, 'servers'> = {};
  for (const raw of natsUrl
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `nats://${raw}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      servers.push(raw); // let the client report what it cannot parse
      continue;
    }
    if (url.username && Object.keys(creds).length === 0) {
      const name = decodeURIComponent(url.username);
      creds = url.password ? { user: name, pass: decodeURIComponent(url.password) } : { token: name };
    }
    url.username = '';
    url.password = '';
    servers.push(url.host ? `${url.protocol}//${url.host}` : raw);
  }
  return { servers, ...creds };
}
