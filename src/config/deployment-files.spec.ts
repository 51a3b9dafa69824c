import { readFileSync } from 'node:fs';

/** The settings an operator reads about and the ones a deployment passes must be the same. */
const read = (path: string) => readFileSync(path, 'utf8');

/** Every variable the service reads: the properties of `Environment`. */
function environmentVariables(): Set<string> {
  const source = read('src/config/environment.ts');
  const body = source.slice(source.indexOf('export class Environment'));
  const names = [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]+)[?!]?(?::| =)/gm)].map((m) => m[1]!);
  return new Set(names);
}

/** `.env.example`'s variables, set or commented out, with the value of those set. */
function exampleVariables(): Map<string, string | null> {
  const entries = [...read('.env.example').matchAll(/^(#\s?)?([A-Z][A-Z0-9_]+)=(.*)$/gm)];
  return new Map(entries.map(([, commented, name, value]) => [name!, commented ? null : value!]));
}

/** The README's configuration table: each variable with the default column's text. */
function readmeVariables(): Map<string, string> {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Deploying'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split(' | ');
    for (const [, name] of cells[0]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g))
      rows.set(name!, cells.at(-1)!.replace(/ \|$/, ''));
  }
  return rows;
}

describe('deployment files', () => {
  const example = exampleVariables();

  it('.env.example names every variable the service reads', () => {
    const missing = [...environmentVariables()].filter((name) => !example.has(name));
    expect(missing).toEqual([]);
  });

  it('.env.example names every variable the README documents, with the same defaults', () => {
    const readme = readmeVariables();
    expect(readme.size).toBeGreaterThan(30);
    expect([...readme.keys()].filter((name) => !example.has(name))).toEqual([]);
    const disagreements = [...readme].filter(([name, readmeDefault]) => {
      const value = example.get(name);
      const literal = /^`([^`]*)`$/.exec(readmeDefault.trim())?.[1];
      // A value set in the example is the README's default; one the README calls unset is not set.
      if (value !== null && value !== undefined && literal !== undefined) return value !== literal;
      if (value !== null && value !== undefined && /^unset|^none/.test(readmeDefault)) return true;
      return false;
    });
    expect(disagreements).toEqual([]);
  });

  it('compose passes every variable of .env.example to the app (env_file: .env)', () => {
    const compose = read('docker-compose.yml');
    const app = compose.slice(compose.indexOf('  app:'), compose.indexOf('\n  postgres:'));
    const passesEnvFile =
      /env_file:\s*\n\s*- (path: )?\.env\b/.test(app) || /env_file: \.env\b/.test(app);
    const explicit = new Set([...app.matchAll(/^ {6}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
    const notPassed = passesEnvFile
      ? []
      : [...example.keys()].filter((name) => !explicit.has(name));
    expect(notPassed).toEqual([]);
  });
});
