import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { secretProblem } from './secret-strength.js';

/** Where this repository writes example or test secrets. */
const PLACES = [
  '.env.example',
  'README.md',
  'docker-compose.yml',
  'test',
  'bench',
  'scripts',
  'src',
];
const ASSIGNMENT =
  /(JWT_SECRET|ELEVENLABS_WEBHOOK_SECRET|ELEVENLABS_TOOL_SECRET|TWILIO_AUTH_TOKEN|WEBHOOK_SECRET|TOOL_SECRET|AUTH_TOKEN)['"]?\s*[=:]\s*['"`]?([A-Za-z0-9_\-.+/]{6,})/g;

function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((name) =>
    name === 'node_modules' || name === 'dist' ? [] : filesUnder(join(path, name)),
  );
}

describe('published secrets', () => {
  it('refuses in production every secret value written anywhere in this repository', () => {
    const found = new Set<string>();
    for (const file of PLACES.flatMap(filesUnder).filter((f) => !f.endsWith('.spec.ts')))
      for (const [, , value] of readFileSync(file, 'utf8').matchAll(ASSIGNMENT)) found.add(value!);
    expect(found.size).toBeGreaterThan(5);
    const accepted = [...found].filter((value) => secretProblem('JWT_SECRET', value) === null);
    expect(accepted).toEqual([]);
  });
});
