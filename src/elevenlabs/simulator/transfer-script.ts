import { randomBytes } from 'node:crypto';
import type { ScriptTurn } from './conversation-script.js';
import { ENGLISH } from './script-phrases.js';
import type { TransferRule } from './simulated-agents.js';
import type { SimulatedBehaviour } from './test-numbers.js';
import { systemToolCalled, type ToolsCalled } from './system-tool-calls.js';

/** The driver wants a person: a dispute, or someone hurt. */
export type TransferKind = 'dispatcher' | 'emergency';

/**
 * How the agent's transfer goes, decided from its transfer_to_number rules and the call's
 * dynamic variables as the platform resolves them: `unavailable` when the agent has no rule or
 * the rule's number is empty (the prompt then said nobody can take the call).
 */
export interface TransferPlan {
  kind: TransferKind;
  to: string | null;
  outcome: 'connected' | 'failed' | 'unavailable';
  transferType: 'conference' | 'blind';
}

export function wantsPerson(behaviour: SimulatedBehaviour): TransferKind | null {
  if (behaviour === 'asks-for-person' || behaviour === 'transfer-fails') return 'dispatcher';
  if (behaviour === 'emergency') return 'emergency';
  return null;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** The rule for this kind (its condition names an emergency, or not) and where it points. */
export function planTransfer(
  behaviour: SimulatedBehaviour,
  rules: TransferRule[],
  variables: Record<string, unknown>,
): TransferPlan | null {
  const kind = wantsPerson(behaviour);
  if (!kind) return null;
  const emergencyRule = (rule: TransferRule) => /emergenc|911/i.test(rule.condition);
  const rule =
    rules.find((candidate) => emergencyRule(candidate) === (kind === 'emergency')) ?? rules[0];
  const name = rule?.phoneNumber.replace(/^\{\{\s*|\s*\}\}$/g, '') ?? '';
  const value =
    rule?.destinationType === 'phone_dynamic_variable' ? variables[name] : rule?.phoneNumber;
  const to = typeof value === 'string' && E164.test(value) ? value : null;
  return {
    kind,
    to,
    outcome: !to ? 'unavailable' : behaviour === 'asks-for-person' ? 'connected' : 'failed',
    transferType: rule?.transferType ?? 'conference',
  };
}

/** What each side says around a transfer, by why the driver wants a person. */
const LINES: Record<
  TransferKind,
  { putThrough: string; unavailable: [string, string]; failed: [string, string] }
> = {
  dispatcher: {
    putThrough: "Understood. I'm putting you through to a dispatcher now, please hold.",
    unavailable: [
      "I understand. Nobody from dispatch can take a call right now, so I've noted it and a dispatcher will call you back.",
      'Okay. Bye.',
    ],
    failed: [
      "I'm sorry, I couldn't reach a dispatcher. I've flagged this and one will call you back shortly.",
      'Alright. Bye.',
    ],
  },
  emergency: {
    putThrough:
      "Please call 911 right away if you haven't. I'm putting you through to our emergency line now.",
    unavailable: [
      'Please hang up and call 911 right away. Dispatch will call you back as soon as possible.',
      'Okay.',
    ],
    failed: [
      "I couldn't reach the line. Please call 911 now; dispatch will call you right back.",
      'Okay, calling 911.',
    ],
  },
};

/** A driver who disputes the first item and asks for a dispatcher, or reports an emergency. */
export function transferScript(
  firstName: string,
  firstMessage: string | undefined,
  firstTopic: string | undefined,
  plan: TransferPlan,
): ScriptTurn[] {
  const turns: ScriptTurn[] = [
    { role: 'agent', message: firstMessage || ENGLISH.opening(firstName) },
  ];
  if (plan.kind === 'emergency') {
    turns.push({
      role: 'user',
      message: "There's been an accident. My co-driver is hurt, he's bleeding.",
    });
  } else {
    turns.push({ role: 'user', message: ENGLISH.ready });
    if (firstTopic)
      turns.push({
        role: 'agent',
        message: `${ENGLISH.violationLead} ${firstTopic}. ${ENGLISH.ask}`,
      });
    const dispute =
      "That's not right, I checked it an hour ago. I want to talk to a dispatcher about this.";
    turns.push({
      role: 'user',
      message: dispute,
      ...(firstTopic ? { settles: { item: 1, outcome: 'disputed' as const, note: dispute } } : {}),
    });
  }
  const lines = LINES[plan.kind];
  const exchange = ([agent, user]: [string, string]): ScriptTurn[] => [
    { role: 'agent', message: agent },
    { role: 'user', message: user },
  ];
  if (plan.outcome === 'unavailable') return [...turns, ...exchange(lines.unavailable)];
  turns.push({ role: 'agent', message: lines.putThrough, transfer: plan });
  return plan.outcome === 'connected' ? turns : [...turns, ...exchange(lines.failed)];
}

/** The transfer_to_number call and result on the agent's turn, as the transcript shows them. */
export function transferTools(plan: TransferPlan, driverName: string): ToolsCalled {
  const reason =
    plan.kind === 'emergency'
      ? 'Emergency: accident reported, co-driver injured'
      : 'Driver disputes a violation and asks for a dispatcher';
  const params = {
    transfer_number: plan.to,
    reason,
    client_message: 'Putting you through now, please hold.',
    agent_message: `${driverName} is on the line. ${reason}.`,
  };
  const result =
    plan.outcome === 'connected'
      ? {
          result_type: 'transfer_to_number_twilio_success',
          status: 'success',
          ...params,
          conference_name:
            plan.transferType === 'conference' ? `conf_${randomBytes(6).toString('hex')}` : '',
          note: 'The call was transferred.',
        }
      : {
          result_type: 'transfer_to_number_error',
          status: 'error',
          error: 'Transfer failed',
          details: 'The destination did not answer',
        };
  return systemToolCalled('transfer_to_number', params, result, 4.2);
}
