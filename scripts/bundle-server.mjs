// Part of `npm run build`: the server as a few files in dist/bundle/ (main.mjs and its chunks),
// the TypeScript build's output with the dependencies it imports, for a faster start. Loading
// the ~2,900 separate modules took 1.6 s of the start here; the bundle 1.1 s (issue 29).
// esbuild only joins the files tsc wrote; names are kept (Nest and Swagger read class names).
// Left out: packages that read files next to themselves (PGlite's WebAssembly, Swagger UI's
// assets) or are optional and absent (Nest's microservices, socket.io, pg-native).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bundle');

rmSync(outdir, { recursive: true, force: true });

/**
 * The embedded database's module stays one file that main.mjs and app.mjs share (main starts the
 * database, the application's pool finds it open), and next to its thread's script. main.mjs
 * loads app.mjs only after starting it.
 */
const shared = {
  name: 'shared-modules',
  setup(build) {
    build.onResolve({ filter: /\/embedded-database\.js$/ }, () => ({
      path: '../src/database/pglite/embedded-database.js',
      external: true,
    }));
    build.onResolve({ filter: /^\.\/bootstrap\.js$/ }, () => ({
      path: './app.mjs',
      external: true,
    }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
  plugins: [shared],
  external: [
    'reflect-metadata',
    '@electric-sql/pglite',
    'swagger-ui-dist',
    'pg-native',
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/platform-socket.io',
    '@fastify/*',
    'class-transformer/storage',
  ],
  // CommonJS dependencies bundled into an ES module still call `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'src', 'main.js')],
  outfile: join(outdir, 'main.mjs'),
});
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'src', 'bootstrap.js')],
  outfile: join(outdir, 'app.mjs'),
});
console.log(`Wrote ${outdir}`);
