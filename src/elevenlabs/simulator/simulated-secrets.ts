import { randomBytes } from 'node:crypto';

interface StoredSecret {
  secret_id: string;
  name: string;
  value: string;
}

/**
 * The workspace's secrets (`/v1/convai/secrets`): values the platform sends as headers but
 * lists only by name. A header naming an unknown secret is not sent.
 */
export class SimulatedSecrets {
  private readonly secrets = new Map<string, StoredSecret>();

  create(name: string, value: string): { type: 'stored'; secret_id: string; name: string } {
    const secret = { secret_id: `secret_${randomBytes(10).toString('hex')}`, name, value };
    this.secrets.set(secret.secret_id, secret);
    return { type: 'stored', secret_id: secret.secret_id, name };
  }

  /** As `GET /v1/convai/secrets?search=` lists them: names, never values. */
  list(search?: string): { type: 'stored'; secret_id: string; name: string; used_by: object }[] {
    return [...this.secrets.values()]
      .filter((secret) => !search || secret.name.includes(search))
      .map(({ secret_id, name }) => ({
        type: 'stored',
        secret_id,
        name,
        used_by: { tools: [], agents: [], others: [], phone_numbers: [] },
      }));
  }

  /** Header values as sent: strings as they are, `{secret_id}` replaced by the secret's value. */
  resolve(headers: unknown): Record<string, string> {
    if (!headers || typeof headers !== 'object') return {};
    return Object.fromEntries(
      Object.entries(headers as Record<string, unknown>).flatMap(([name, value]) => {
        if (typeof value === 'string') return [[name, value]];
        const id = (value as { secret_id?: unknown } | null)?.secret_id;
        const secret = typeof id === 'string' ? this.secrets.get(id) : undefined;
        return secret ? [[name, secret.value]] : [];
      }),
    );
  }
}
