import { sdkParses } from '../../../test/support/sdk-schemas.js';
import { AppConfig } from '../../config/app-config.js';
import { validateEnvironment } from '../../config/validate-environment.js';
import type { Call } from '../record/call.entity.js';
import { outboundCallRequest } from './outbound-request.js';
import { buildFirstMessage } from './prompt-builder.js';

describe('the outbound call we ask ElevenLabs for', () => {
  const config = new AppConfig(validateEnvironment({ COMPANY_NAME: 'Acme Freight' }));
  const caller = {
    companyName: 'Acme Freight',
    recordingNotice: true,
    callbackNumber: '+12195550100',
  };
  const call = {
    callSid: 'EL_DRV_1_2025-11-21T15:30:00Z',
    driverId: 'DRV_1',
    tripId: 'TRIP_1',
    callType: 'violation',
    violations: [{ type: 'violation', description: 'Reefer at 45F, must be 38F' }],
    customRules: 'Be brief',
    firstMessage: buildFirstMessage('Ana Diaz', 'TRIP_1', caller),
  } as Call;

  it('parses under the SDK schema, unknown keys refused', () => {
    const body = outboundCallRequest(
      call,
      { driverId: 'DRV_1', driverName: 'Ana Diaz', phoneNumber: '+12192002824' },
      caller,
      config,
    );
    expect(sdkParses.outboundCall(body)).toEqual({ ok: true, value: expect.anything() });
    expect(body.conversation_initiation_client_data!.dynamic_variables).toMatchObject({
      company_name: 'Acme Freight',
      callback_number: '+12195550100',
    });
  });

  it('is refused by the schema when it carries a key ElevenLabs does not know', () => {
    const body = outboundCallRequest(
      call,
      { driverId: 'DRV_1', driverName: 'Ana Diaz', phoneNumber: '+12192002824' },
      caller,
      config,
    );
    expect(sdkParses.outboundCall({ ...body, company: 'x' })).toMatchObject({ ok: false });
  });
});
