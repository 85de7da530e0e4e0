export * from './schemas/ids.ts';
export * from './schemas/events.ts';
export * from './schemas/views.ts';
export * from './contracts/subjects.ts';
export * from './contracts/stored-event.ts';
export * from './crypto/note-crypto.ts';
export * from './config/env.ts';
export * from './dictionary/index.ts';
