import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PARALLEL_COPIES = 16;

/** Every directory and file under `root`, relative to it, directories first. */
function entriesOf(root: string, relative = ''): { dirs: string[]; files: string[] } {
  const dirs: string[] = [];
  const files: string[] = [];
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
 * Copies the template database's ~1,100 files into a new data directory, sixteen at a time (a
 * serial copy took three to five times as long). Nothing happens without a template.
 */
export async function copyTemplate(template: string, dataDir: string): Promise<void> {
  if (!existsSync(join(template, 'PG_VERSION'))) return;
  const { dirs, files } = entriesOf(template);
  await fs.mkdir(dataDir, { recursive: true });
  for (const dir of dirs) await fs.mkdir(join(dataDir, dir), { recursive: true });
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_COPIES }, async () => {
      while (next < files.length) {
        const file = files[next++]!;
        await fs.copyFile(join(template, file), join(dataDir, file));
      }
    }),
  );
}
