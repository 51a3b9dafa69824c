// Part of `npm run build`: the server as two files in dist/bundle/ (main.mjs, which starts the
// embedded database, and app.mjs), the TypeScript build's output with the dependencies it
// imports, for a faster start. Loading the ~2,900 separate modules took 1.6 s of the start here;
// the bundle 1.0 s (issue 29).
// esbuild only joins the files tsc wrote; names are kept (Nest and Swagger read class names).
// Left out: packages that read files next to themselves (PGlite's WebAssembly, Swagger UI's
// assets), are optional and absent (Nest's microservices, socket.io, pg-native), or that a
// dependency also loads with a `require` made at run time (@nestjs/mapped-types loads
// class-validator and class-transformer, @nestjs/typeorm loads typeorm that way): bundled, they
// would exist twice, and the metadata one copy's decorators recorded would be missing from the
// other (a bundled build once answered `GET /calls?limit=50` with 400). The build fails when a
// bundled package is also required at run time.
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
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
    'class-validator',
    'class-transformer',
    'class-transformer/*',
    'typeorm',
    'typeorm/*',
    '@electric-sql/pglite',
    'swagger-ui-dist',
    'pg-native',
    '@nestjs/microservices',
    '@nestjs/microservices/*',
    '@nestjs/platform-socket.io',
    '@fastify/*',
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

/** `require("x")` calls left in the bundle, of packages that are neither Node's nor external. */
function requiredAtRunTime(file) {
  const externalPackages = common.external.map((name) => name.replace(/\/\*$/, ''));
  const isNodes = (name) => name.startsWith('node:') || builtinModules.includes(name.split('/')[0]);
  const isExternal = (name) =>
    externalPackages.some((pkg) => name === pkg || name.startsWith(`${pkg}/`));
  const names = [...readFileSync(file, 'utf8').matchAll(/\brequire\d*\("([^"]+)"\)/g)].map(
    (match) => match[1],
  );
  // Optional native add-ons a dependency tries inside try/catch.
  const optional = ['@aws-sdk/signature-v4-crt'];
  return [...new Set(names)].filter(
    (name) => !isNodes(name) && !isExternal(name) && !optional.includes(name),
  );
}

for (const file of ['main.mjs', 'app.mjs']) {
  const twice = requiredAtRunTime(join(outdir, file));
  if (twice.length > 0) {
    throw new Error(
      `${file}: bundled, yet also required at run time (add to external): ${twice.join(', ')}`,
    );
  }
}
console.log(`Wrote ${outdir}`);
