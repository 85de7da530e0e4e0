import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs on these machines, so the compose file is checked by reading it: the
// services, images, ports, dependencies and health checks production needs must all be there.
interface Service {
  image?: string;
  build?: { target?: string; dockerfile?: string };
  command?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has a 3-node NATS cluster with JetStream, routed to each other', () => {
    for (const n of ['nats-1', 'nats-2', 'nats-3']) {
      const s = services[n]!;
      expect(s.image).toMatch(/^nats:2\.(1\d|[2-9]\d)/);
      expect(s.command).toContain('-js');
      const routes = s.command![s.command!.indexOf('--routes') + 1]!;
      for (const other of ['nats-1', 'nats-2', 'nats-3'].filter((o) => o !== n))
        expect(routes).toContain(`${other}:6222`);
    }
  });

  it('uses Redis 8 (TimeSeries built in) with persistence', () => {
    expect(services.redis!.image).toBe('redis:8');
    expect(services.redis!.command).toContain('--appendonly');
  });

  it('runs every service twice from multi-stage targets, each after healthy NATS and Redis', () => {
    for (const [name, target] of [
      ['ingest', 'ingest'],
      ['stream', 'stream'],
      ['wallboard', 'wallboard'],
    ] as const) {
      for (const i of [1, 2]) {
        const s = services[`${name}-${i}`]!;
        expect(s.build).toMatchObject({ target, dockerfile: 'deploy/Dockerfile' });
        for (const dep of ['nats-1', 'nats-2', 'nats-3', 'redis'])
          expect(s.depends_on?.[dep]?.condition).toBe('service_healthy');
        expect(s.environment?.NATS_URL).toContain('nats-3:4222');
      }
    }
    const dockerfile = readFileSync(new URL('../deploy/Dockerfile', import.meta.url), 'utf8');
    for (const t of ['deps', 'build', 'runtime', 'ingest', 'stream', 'wallboard'])
      expect(dockerfile).toMatch(new RegExp(`^FROM .* AS ${t}$`, 'm'));
  });

  it('gives every long-running service a health check', () => {
    for (const [name, s] of Object.entries(services)) expect(s.healthcheck?.test?.length, name).toBeGreaterThan(0);
  });

  it('puts a sticky proxy in front of the wallboards and ingests', () => {
    expect(services.proxy!.ports).toEqual(expect.arrayContaining(['80:80', '8080:8080']));
    const nginx = readFileSync(new URL('../deploy/nginx.conf', import.meta.url), 'utf8');
    const upstream = /upstream wallboard \{([^}]*)\}/.exec(nginx)![1]!;
    expect(upstream).toMatch(/ip_hash;/);
    expect(upstream).toContain('wallboard-1:3000');
    expect(upstream).toContain('wallboard-2:3000');
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });

  it('passes `docker-compose config` where Debian docker-compose is installed', () => {
    const which = spawnSync('sh', ['-c', 'command -v docker-compose']);
    if (which.status !== 0) return; // not installed here: the checks above stand alone
    const r = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: {
        ...process.env,
        AUTH_SECRET: 'x'.repeat(32),
        NOTE_ENCRYPTION_KEY: '0'.repeat(64),
        INGEST_API_KEYS: 'k'.repeat(16),
      },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
