#!/usr/bin/env node
// `npm start` on a fresh machine: this file is plain JavaScript because nothing is installed yet.
// It installs npm dependencies when they are missing, then hands over to scripts/stack.ts.
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: this project needs Node >= 20.19.`);
  process.exit(1);
}

if (!existsSync(join(root, 'node_modules', '.bin', 'tsx'))) {
  console.log('▶ installing npm dependencies (first run)…');
  let r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  // npm 11 may refuse its own lock over other platforms' optional packages (npm/cli#4828).
  if (r.status !== 0) {
    console.log('▶ npm ci refused the lock file (a known npm 11 quirk); installing from it with npm install…');
    r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  }
  if (r.status !== 0) {
    console.error('installing npm dependencies failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

const child = spawn(
  join(root, 'node_modules', '.bin', 'tsx'),
  [join(root, 'scripts', 'stack.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// The stack script handles Ctrl-C itself (it stops what it started); this parent just waits for it.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
