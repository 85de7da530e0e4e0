import { describe, expect, it } from 'vitest';
import { parseStackArgs } from './stack-args.ts';

describe('npm start options', () => {
  it('defaults to the county simulator on the wall clock', () => {
    expect(parseStackArgs([])).toMatchObject({ simulator: true, fast: false, scale: 'county' });
  });
  it('reads --no-simulator, --fast, --speed and --scale', () => {
    expect(parseStackArgs(['--no-simulator'])).toMatchObject({ simulator: false });
    expect(parseStackArgs(['--fast', '--speed', '500', '--scale', 'unit'])).toMatchObject({
      fast: true,
      speed: 500,
      scale: 'unit',
    });
  });
  it('names a bad option', () => {
    expect(() => parseStackArgs(['--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseStackArgs(['--scale', 'planet'])).toThrow(/--scale/);
    expect(() => parseStackArgs(['--speed', '-1'])).toThrow(/--speed/);
  });
});
