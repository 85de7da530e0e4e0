export * from './servers.ts';
export * from './env.ts';
export * from './wait.ts';
