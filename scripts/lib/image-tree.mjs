// node scripts/lib/image-tree.mjs OUT: what `docker build` would put in the image, without a
// daemon. The build stage gets exactly the files its COPY lines name and runs its RUN lines;
// the runtime stage gets its COPY lines (from the build stage or the context) in OUT/app.
// Fails when a COPY names a missing file, a RUN fails, or the runtime stage is not on Node 24,
// runs as root, has no HEALTHCHECK, or carries sources or a compiler.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyCopy, parseDockerfile } from './dockerfile.mjs';

const repo = join(import.meta.dirname, '..', '..');
const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/lib/image-tree.mjs OUT');
const WORKDIR = /^\/app\/?/;

const stages = parseDockerfile(join(repo, 'Dockerfile'));
const build = stages.find((stage) => stage.name === 'build');
const runtime = stages.at(-1);
const problems = [];
for (const stage of stages)
  if (!/^node:24[.-]/.test(stage.image)) problems.push(`${stage.image} is not Node 24 LTS`);
if (['root', '0', '0:0'].includes(runtime.user)) problems.push('the runtime stage runs as root');
if (!runtime.healthcheck) problems.push('the runtime stage has no HEALTHCHECK');
if (!runtime.cmd) problems.push('the runtime stage has no CMD');
if (problems.length > 0) throw new Error(problems.join('; '));

const buildRoot = join(out, 'build');
mkdirSync(buildRoot, { recursive: true });
for (const copy of build.copies) applyCopy(copy, repo, buildRoot);
for (const run of build.runs) {
  console.log(`build stage: RUN ${run}`);
  const result = spawnSync('sh', ['-c', run], { cwd: buildRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`RUN ${run} failed (${result.status})`);
}

const appRoot = join(out, 'app');
mkdirSync(appRoot, { recursive: true });
for (const copy of runtime.copies) {
  if (copy.from === 'build') {
    const sources = copy.sources.map((source) => source.replace(WORKDIR, ''));
    applyCopy({ ...copy, sources }, buildRoot, appRoot);
  } else applyCopy(copy, repo, appRoot);
}
// The runtime RUN lines only make folders the node user owns.
mkdirSync(join(appRoot, 'data'), { recursive: true });
for (const absent of ['src', 'node_modules/typescript', 'node_modules/.bin/tsc'])
  if (existsSync(join(appRoot, absent))) throw new Error(`the image carries ${absent}`);
console.log(`image tree ready in ${appRoot}`);
