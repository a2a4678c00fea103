#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) with Vite, but only when web/dist is missing or older
// than a source of the dashboard (web/src, web/index.html, web/public, web/vite.config.ts).
// `npm start` runs it first (prestart), so a fresh clone serves the dashboard; tests that need
// the dashboard call it too. `--force` always builds. Exit code: Vite's, except with `--soft`
// (prestart): a failed build is reported and the hub starts anyway, serving the API.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist', 'index.html');

/** Newest modification time (ms) of a file or of every file under a folder. */
function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(p)) m = Math.max(m, newest(join(p, name)));
  return m;
}

export function needsBuild() {
  if (!existsSync(DIST)) return 'web/dist is missing';
  const built = statSync(DIST).mtimeMs;
  const src = Math.max(...['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((x) => newest(join(WEB, x))));
  return src > built ? 'web/ changed since the last build' : null;
}

const force = process.argv.includes('--force');
const soft = process.argv.includes('--soft');
const fail = (code) => process.exit(soft ? 0 : code);
const why = force ? 'forced' : needsBuild();
if (!why) {
  console.log('dashboard: web/dist is up to date');
  process.exit(0);
}
console.log(`dashboard: building (${why})…`);
const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(vite)) {
  console.error('dashboard: vite is not installed (npm ci installs it); the API runs without the dashboard');
  fail(1);
}
const r = spawnSync(process.execPath, [vite, 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
if (r.status === 0) console.log('dashboard: built into web/dist');
else console.error('dashboard: the build failed; the hub serves the API without the dashboard');
if (r.status !== 0) fail(r.status ?? 1);
