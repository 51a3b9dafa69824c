import { createHash } from 'node:crypto';
import type { ElevenLabsClient } from '../elevenlabs.client.js';
import type { SecretLocator } from '../elevenlabs.types.js';
import type { AgentDifference } from './agent-diff.js';

const NAME_PREFIX = 'dispatch_voice_tool_secret_';
/** Where a dry run shows the secret agent:sync would create. */
const NOT_CREATED_YET: SecretLocator = { secret_id: '<created by agent:sync>' };

/**
 * The workspace secret's name for a value: a fingerprint (16 hex digits of its SHA-256), so a
 * rotated ELEVENLABS_TOOL_SECRET gets a secret of its own and a second sync finds the first's
 * without reading any value back (the platform never shows one).
 */
export function toolSecretName(value: string): string {
  return `${NAME_PREFIX}${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}

/**
 * ELEVENLABS_TOOL_SECRET as the platform keeps it: a workspace secret the tool and the
 * initiation webhook send as their `x-tool-secret` header, so the value is in no agent or tool
 * setting anyone in the workspace can read. Created when missing.
 */
export async function syncToolSecret(
  elevenLabs: ElevenLabsClient,
  value: string,
  dryRun: boolean,
): Promise<{ header: SecretLocator; differences: AgentDifference[] }> {
  const name = toolSecretName(value);
  const existing = await elevenLabs.findSecret(name);
  if (existing) return { header: { secret_id: existing.secret_id }, differences: [] };
  const created = dryRun ? null : await elevenLabs.createSecret(name, value);
  return {
    header: created ? { secret_id: created.secret_id } : NOT_CREATED_YET,
    differences: [
      {
        setting: `workspace secret ${name}`,
        current: null,
        wanted: 'created from ELEVENLABS_TOOL_SECRET',
        why: 'the tool and the initiation webhook send it, and no setting shows its value',
      },
    ],
  };
}
