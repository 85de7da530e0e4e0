import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options.ts';

describe('bench options', () => {
  it('defaults to the contract: 60 s hold, 200 clients over 4 processes, county', () => {
    const o = parseBenchArgs([]);
    expect(o).toMatchObject({
      holdSeconds: 60,
      probeSeconds: 10,
      clients: 200,
      clientProcs: 4,
      scale: 'county',
      batch: 100,
    });
    expect(o.fixedRate).toBeUndefined();
  });

  it('shortens holds with --quick and takes explicit figures', () => {
    expect(parseBenchArgs(['--quick'])).toMatchObject({ quick: true, holdSeconds: 15, probeSeconds: 5 });
    const o = parseBenchArgs(['--clients', '1000', '--rate', '1', '--duration', '30', '--stream-cpus', '0,1']);
    expect(o).toMatchObject({ clients: 1000, clientProcs: 8, fixedRate: 1, holdSeconds: 30, streamCpus: '0,1' });
    expect(o.processors).toBe(1);
    expect(parseBenchArgs(['--processors', '2']).processors).toBe(2);
  });

  it('refuses nonsense', () => {
    expect(() => parseBenchArgs(['--clients', '-3'])).toThrow(/--clients/);
    expect(() => parseBenchArgs(['--stream-cpus', 'all'])).toThrow(/core list/);
    expect(() => parseBenchArgs(['--scale', 'planet'])).toThrow(/scale/);
    expect(() => parseBenchArgs(['--processors', '0'])).toThrow(/--processors/);
    expect(() => parseBenchArgs(['--batch', '5000'])).toThrow(/1000/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow();
  });
});
