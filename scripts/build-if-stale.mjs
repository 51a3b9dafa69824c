// Runs `npm run build` only when dist/ is missing or older than its sources, so `npm start` and
// the CLIs skip the 20-30 s TypeScript build when nothing changed. The sources are recognised by
// a hash of their contents (not mtimes: a checkout or a copy touches every file). Without
// sources (the container image copies only dist/) there is nothing to build.
//   node scripts/build-if-stale.mjs            build when stale
//   node scripts/build-if-stale.mjs --record   note that dist/ is now built from these sources
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const STAMP = join(root, 'dist', '.sources-hash');
const BUILT = [
  join(root, 'dist', 'bundle', 'main.mjs'),
  join(root, 'dist', 'bundle', 'app.mjs'),
  join(root, 'dist', 'pglite-template', 'PG_VERSION'),
];
const INPUTS = [
  'src',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build-pglite-template.mjs',
  'scripts/bundle-server.mjs',
  'package-lock.json',
];

function files(path) {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function sourcesHash() {
  const hash = createHash('sha256');
  const all = INPUTS.flatMap((input) => files(join(root, input)));
  if (!all.some((file) => file.startsWith(join(root, 'src')))) return null;
  for (const file of all)
    hash.update(file.slice(root.length)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

const current = sourcesHash();
if (process.argv.includes('--record')) {
  if (current) writeFileSync(STAMP, `${current}\n`);
  process.exit(0);
}
const built = BUILT.every((file) => existsSync(file));
if (current === null) {
  if (built) process.exit(0);
  console.error('No sources and no build: dist/ is missing. Build the image or the project first.');
  process.exit(1);
}
const recorded = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
if (built && recorded === current) process.exit(0);
const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
