import type { AgentConfig } from '../elevenlabs.types.js';
import type { AgentRequirement } from './agent-requirements.js';

export interface AgentDifference {
  setting: string;
  current: unknown;
  wanted: unknown;
  why: string;
}

export interface AgentPlan {
  differences: AgentDifference[];
  /** The PATCH body: only the settings that differ (empty when the agent is in shape). */
  patch: Record<string, unknown>;
}

export function valueAt(source: unknown, path: string[]): unknown {
  let value = source;
  for (const key of path) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** What differs between the agent and what the service needs, and the partial update that fixes it. */
export function planAgentUpdate(agent: AgentConfig, requirements: AgentRequirement[]): AgentPlan {
  const differences: AgentDifference[] = [];
  const patch: Record<string, unknown> = {};
  for (const requirement of requirements) {
    const current = valueAt(agent, requirement.path);
    if (requirement.satisfied(current)) continue;
    const wanted = requirement.wanted(current);
    differences.push({
      setting: requirement.path.join('.'),
      current,
      wanted,
      why: requirement.why,
    });
    setAt(patch, requirement.path, wanted);
  }
  return { differences, patch };
}
