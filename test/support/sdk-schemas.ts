// The SDK's own wire schemas: what ElevenLabs accepts, with unknown keys refused.
import * as wire from '@elevenlabs/elevenlabs-js/serialization/index.js';

function parsed(schema: { parse: (raw: unknown, options: object) => unknown }, body: unknown) {
  return schema.parse(body, { unrecognizedObjectKeys: 'fail', skipValidation: false });
}

export const sdkParses = {
  outboundCall: (body: unknown) =>
    parsed(
      wire.conversationalAi.BodyHandleAnOutboundCallViaTwilioV1ConvaiTwilioOutboundCallPost,
      body,
    ),
  agentUpdate: (body: unknown) => parsed(wire.conversationalAi.UpdateAgentRequest, body),
  tool: (body: unknown) => parsed(wire.ToolRequestModel, body),
  conversationsPage: (body: unknown) => parsed(wire.GetConversationsPageResponseModel, body),
  secret: (body: unknown) => parsed(wire.conversationalAi.PostWorkspaceSecretRequest, body),
  phoneNumberUpdate: (body: unknown) =>
    parsed(wire.conversationalAi.UpdatePhoneNumberRequest, body),
};
