// k6 provides `console` to scripts, but @types/k6 does not declare it (it leaves that to the DOM lib,
// which k6 does not have). Only what the scripts use.
declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
