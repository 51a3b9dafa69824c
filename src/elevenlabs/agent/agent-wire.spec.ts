import { sdkParses } from '../../../test/support/sdk-schemas.js';
import { SimulatedAgents } from '../simulator/simulated-agents.js';
import { planAgentUpdate } from './agent-diff.js';
import { agentRequirements } from './agent-requirements.js';
import { newSecretBody } from '../elevenlabs.client.js';
import { itemOutcomeToolConfig } from './item-outcome-tool.js';
import { toolSecretName } from './tool-secret-header.js';

describe('what agent:sync sends ElevenLabs', () => {
  const newAgent = () => new SimulatedAgents().get('agent_new');
  /** The tool secret as agent:sync sends it: a workspace secret, by id. */
  const SECRET = { secret_id: 'secret_1' };

  it.each([
    ['monitor', true],
    ['twilio', false],
    ['webhook', true],
  ] as const)(
    'a PATCH for the %s live source (recording disclosure %s) parses under the SDK schema',
    (source, recordingDisclosure) => {
      const { patch } = planAgentUpdate(
        newAgent(),
        agentRequirements(source, 'tool_1', {
          recordingDisclosure,
          initiationWebhook: { url: 'https://dispatch.example.com/x', secret: SECRET },
        }),
      );
      expect(sdkParses.agentUpdate(patch)).toEqual({ ok: true, value: expect.anything() });
    },
  );

  it('configures transfers warm by default and blind when asked, parsing under the SDK schema', () => {
    const toolOf = (patch: unknown) =>
      (
        patch as {
          conversation_config: {
            agent: { prompt: { built_in_tools: { transfer_to_number: Record<string, unknown> } } };
          };
        }
      ).conversation_config.agent.prompt.built_in_tools.transfer_to_number;
    const warm = planAgentUpdate(newAgent(), agentRequirements('monitor', 'tool_1'));
    const blind = planAgentUpdate(
      newAgent(),
      agentRequirements('monitor', 'tool_1', { transferType: 'blind' }),
    );
    expect(toolOf(warm.patch).params).toMatchObject({
      transfers: [
        {
          transfer_destination: { type: 'phone_dynamic_variable', phone_number: 'transfer_number' },
          transfer_type: 'conference',
        },
        {
          transfer_destination: {
            type: 'phone_dynamic_variable',
            phone_number: 'emergency_transfer_number',
          },
          transfer_type: 'conference',
        },
      ],
    });
    expect(JSON.stringify(toolOf(blind.patch))).not.toContain('conference');
    expect(sdkParses.agentUpdate(blind.patch)).toEqual({ ok: true, value: expect.anything() });
  });

  it('turns recording off at the platform only with RECORDING_DISCLOSURE=false', () => {
    const off = planAgentUpdate(
      newAgent(),
      agentRequirements('monitor', 'tool_1', { recordingDisclosure: false }),
    );
    expect(off.patch).toMatchObject({ platform_settings: { privacy: { record_voice: false } } });
    const on = planAgentUpdate(
      newAgent(),
      agentRequirements('monitor', 'tool_1', { recordingDisclosure: true }),
    );
    expect(JSON.stringify(on.patch)).not.toContain('record_voice');
  });

  it('assigning the phone number to the agent parses under the SDK schema', () => {
    expect(sdkParses.phoneNumberUpdate({ agent_id: 'agent_1' })).toEqual({
      ok: true,
      value: expect.anything(),
    });
  });

  it('the record_item_outcome tool parses under the SDK schema', () => {
    const body = { tool_config: itemOutcomeToolConfig('https://dispatch.example.com', SECRET) };
    expect(sdkParses.tool(body)).toEqual({ ok: true, value: expect.anything() });
  });

  it('the workspace secret it creates parses under the SDK schema, as the SDK sends it', () => {
    const { type, ...fields } = newSecretBody(toolSecretName('a-tool-secret'), 'a-tool-secret');
    expect(type).toBe('new'); // the SDK adds it to the fields its schema serialises
    expect(sdkParses.secret(fields)).toEqual({ ok: true, value: expect.anything() });
    expect(fields.name).toMatch(/^dispatch_voice_tool_secret_[0-9a-f]{16}$/);
    expect(toolSecretName('another-secret')).not.toBe(fields.name);
  });
});
