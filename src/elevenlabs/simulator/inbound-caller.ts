import type { OutboundCallRequest } from '../elevenlabs.types.js';
import type { SimulatedAgents } from './simulated-agents.js';
import {
  newConversation,
  newTwilioSid,
  SIMULATED_AGENT_NUMBER,
  type SimulatedConversation,
} from './simulated-conversation.js';
import { behaviourFor } from './test-numbers.js';

/** What a simulated callback became, as `POST /_simulator/inbound-calls` answers. */
export interface InboundCallResult {
  conversation_id: string | null;
  /** Whether the agent's conversation-initiation webhook was asked, and what it answered. */
  initiation: { status: number | null; error?: string } | null;
}

/**
 * Someone phones the agent's number, as the platform handles it (ELEVENLABS.md §8): with the
 * agent's conversation-initiation webhook on, it is asked first (`caller_id`, `agent_id`,
 * `called_number`, Twilio's `call_sid`, the configured headers); its answer's dynamic variables
 * and overrides start the conversation. An answer that is not a 200 with that shape fails the
 * call, as a broken webhook does on the platform.
 */
export class InboundCaller {
  constructor(
    private readonly agents: SimulatedAgents,
    private readonly start: (conversation: SimulatedConversation) => void,
    private readonly stopping: AbortSignal,
    private readonly log?: (message: string) => void,
  ) {}

  async call(agentId: string, from: string): Promise<InboundCallResult> {
    const twilioCallSid = newTwilioSid('CA');
    const webhook = this.agents.initiationWebhook(agentId);
    let clientData: OutboundCallRequest['conversation_initiation_client_data'] = {};
    let initiation: InboundCallResult['initiation'] = null;
    if (webhook) {
      const answer = await this.askWebhook(webhook, {
        caller_id: from,
        agent_id: agentId,
        called_number: SIMULATED_AGENT_NUMBER,
        call_sid: twilioCallSid,
      });
      initiation = { status: answer.status, ...(answer.error ? { error: answer.error } : {}) };
      if (!answer.data) return { conversation_id: null, initiation };
      clientData = answer.data;
    }
    const request: OutboundCallRequest = {
      agent_id: agentId,
      agent_phone_number_id: 'phnum_simulated_inbound',
      to_number: from,
      conversation_initiation_client_data: clientData,
    };
    const refused = this.agents.refusedOverrides(request);
    if (refused.length > 0) {
      this.log?.(`inbound call refused: overrides not allowed: ${refused.join(', ')}`);
      return {
        conversation_id: null,
        initiation: { status: initiation?.status ?? null, error: 'override_not_allowed' },
      };
    }
    const behaviour = behaviourFor(from);
    const conversation = newConversation({
      agentId,
      phoneNumberId: request.agent_phone_number_id,
      toNumber: from,
      // The driver who calls back talks; only the oddities of the call itself carry over.
      behaviour: behaviour === 'unsuccessful' || behaviour === 'driving' ? behaviour : 'normal',
      direction: 'inbound',
      request,
      recorded: this.agents.recordsVoice(agentId),
    });
    conversation.twilioCallSid = twilioCallSid;
    this.start(conversation);
    return { conversation_id: conversation.conversationId, initiation };
  }

  private async askWebhook(
    webhook: { url: string; headers: Record<string, string> },
    body: Record<string, string>,
  ): Promise<{
    status: number | null;
    data?: OutboundCallRequest['conversation_initiation_client_data'];
    error?: string;
  }> {
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhook.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.any([AbortSignal.timeout(5000), this.stopping]),
      });
      const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (!response.ok || answer?.type !== 'conversation_initiation_client_data')
        return {
          status: response.status,
          error: 'the initiation webhook did not answer with client data',
        };
      const { type: _type, ...data } = answer;
      return { status: response.status, data };
    } catch (error) {
      return { status: null, error: (error as Error).message };
    }
  }
}
