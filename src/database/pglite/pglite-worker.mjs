// The embedded database's thread: PGlite runs PostgreSQL in WebAssembly, and on the main thread
// its start-up (about 1.2 s of compute) and every query would stall the event loop. Here it
// starts while the main thread loads the application's modules, and serves queries one at a
// time. Plain JavaScript so that the same file runs from the sources (tests) and from dist/.
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';

/** @type {{ dataDir: string, template: string }} */
const { dataDir, template } = workerData;
const PARALLEL_COPIES = 16;

/** Every directory and file under `root`, relative to it, directories first. */
function entriesOf(root, relative = '') {
  const dirs = [];
  const files = [];
  for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
    const path = join(relative, entry.name);
    if (!entry.isDirectory()) files.push(path);
    else {
      const inner = entriesOf(root, path);
      dirs.push(path, ...inner.dirs);
      files.push(...inner.files);
    }
  }
  return { dirs, files };
}

/**
 * A new data directory starts as a copy of the migrated template `npm run build` leaves (initdb
 * in WebAssembly takes about 4 s), its ~1,100 files sixteen at a time (a serial copy took three
 * to five times as long). Nothing happens without a template.
 */
async function copyTemplate() {
  if (dataDir.startsWith('memory://')) return;
  await fs.mkdir(dataDir, { recursive: true });
  if (!existsSync(join(template, 'PG_VERSION')) || readdirSync(dataDir).length > 0) return;
  const { dirs, files } = entriesOf(template);
  for (const dir of dirs) await fs.mkdir(join(dataDir, dir), { recursive: true });
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_COPIES }, async () => {
      while (next < files.length) {
        const file = files[next++];
        await fs.copyFile(join(template, file), join(dataDir, file));
      }
    }),
  );
}

/** TypeORM sends booleans as strings; PostgreSQL wants TRUE/FALSE. */
function serializeBoolean(value) {
  if (value === true || value === 'true') return 'TRUE';
  if (value === false || value === 'false') return 'FALSE';
  return String(value);
}

/** An error as plain data (a thread boundary keeps only an Error's message otherwise). */
function plainError(error) {
  const plain = { message: String(error?.message ?? error), name: error?.name ?? 'Error' };
  for (const [key, value] of Object.entries(error ?? {})) {
    if (value === undefined || typeof value === 'function' || key === 'queryOptions') continue;
    plain[key] = value;
  }
  return plain;
}

const opened = copyTemplate().then(() =>
  PGlite.create({ dataDir, serializers: { [types.BOOL]: serializeBoolean } }),
);
opened.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: plainError(error) }),
);

parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    const db = await opened;
    let result;
    if (op === 'query') result = await db.query(sql, params);
    else if (op === 'exec') result = await db.exec(sql);
    else if (op === 'close') result = await db.close();
    else throw new Error(`Unknown operation ${op}`);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: plainError(error) });
  }
});
