export * from './process.ts';
export * from './binaries.ts';
export * from '../testing/servers.ts';
export * from './node-flags.ts';
