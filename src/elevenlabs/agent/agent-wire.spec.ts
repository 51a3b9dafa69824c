import { sdkParses } from '../../../test/support/sdk-schemas.js';
import { SimulatedAgents } from '../simulator/simulated-agents.js';
import { planAgentUpdate } from './agent-diff.js';
import { agentRequirements } from './agent-requirements.js';
import { itemOutcomeToolConfig } from './item-outcome-tool.js';

describe('what agent:sync sends ElevenLabs', () => {
  const newAgent = () => new SimulatedAgents().get('agent_new');

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
          initiationWebhook: { url: 'https://dispatch.example.com/x', secret: 'secret' },
        }),
      );
      expect(sdkParses.agentUpdate(patch)).toEqual({ ok: true, value: expect.anything() });
    },
  );

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
    const body = { tool_config: itemOutcomeToolConfig('https://dispatch.example.com', 'secret') };
    expect(sdkParses.tool(body)).toEqual({ ok: true, value: expect.anything() });
  });
});
