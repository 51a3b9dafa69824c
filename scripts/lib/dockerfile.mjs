// Reads a Dockerfile into its stages, enough to rebuild each stage's file tree without a Docker
// daemon: FROM, COPY (with --from and --chown), RUN, USER, HEALTHCHECK and CMD.
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Joins continued lines and drops comments. */
function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

export function parseDockerfile(path) {
  const stages = [];
  for (const { keyword, args } of instructions(readFileSync(path, 'utf8'))) {
    if (keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        copies: [],
        runs: [],
        user: 'root',
        healthcheck: null,
        cmd: null,
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${keyword} before FROM`);
    if (keyword === 'COPY') {
      const words = args.split(/\s+/);
      const flags = words.filter((word) => word.startsWith('--'));
      const paths = words.filter((word) => !word.startsWith('--'));
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      stage.copies.push({ from, sources: paths.slice(0, -1), dest: paths.at(-1) });
    } else if (keyword === 'RUN') stage.runs.push(args);
    else if (keyword === 'USER') stage.user = args;
    else if (keyword === 'HEALTHCHECK') stage.healthcheck = args;
    else if (keyword === 'CMD') stage.cmd = args;
  }
  return stages;
}

/**
 * Does one COPY into `root` (the stage's WORKDIR), from `context`: a directory source copies its
 * contents to the destination; a file goes into the destination when that ends with `/` or more
 * than one source is given. A missing source fails, as `docker build` does.
 */
export function applyCopy(copy, context, root) {
  const intoDirectory = copy.dest.endsWith('/') || copy.sources.length > 1;
  for (const source of copy.sources) {
    const from = join(context, source);
    if (!existsSync(from)) throw new Error(`COPY ${source}: no such file in the build context`);
    const to = intoDirectory ? join(root, copy.dest, basename(source)) : join(root, copy.dest);
    mkdirSync(intoDirectory ? join(root, copy.dest) : join(to, '..'), { recursive: true });
    cpSync(from, to, { recursive: statSync(from).isDirectory() });
  }
}
