export * from './servers.ts';
export * from './env.ts';
