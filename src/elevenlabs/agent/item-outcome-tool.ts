import type { SecretLocator } from '../elevenlabs.types.js';
import { ITEM_OUTCOMES } from '../../item-vocabulary/item-outcomes.js';

export const ITEM_OUTCOME_TOOL_NAME = 'record_item_outcome';
export const ITEM_OUTCOME_TOOL_PATH = '/webhooks/elevenlabs/tools/item-outcome';

/** The `record_item_outcome` webhook tool as agent:sync keeps it (ELEVENLABS.md §7). */
export function itemOutcomeToolConfig(publicBaseUrl: string, secret: SecretLocator | string) {
  return {
    type: 'webhook',
    name: ITEM_OUTCOME_TOOL_NAME,
    description:
      'Record what the driver committed to for one numbered item of the list in your instructions. Call it as soon as an item is settled, once per item.',
    response_timeout_secs: 10,
    api_schema: {
      url: `${publicBaseUrl}${ITEM_OUTCOME_TOOL_PATH}`,
      method: 'POST',
      request_headers: { 'x-tool-secret': secret },
      request_body_schema: {
        type: 'object',
        required: ['conversation_id', 'item', 'outcome'],
        properties: {
          conversation_id: {
            type: 'string',
            dynamic_variable: 'system__conversation_id',
            description: 'This conversation',
          },
          call_sid: {
            type: 'string',
            dynamic_variable: 'call_sid',
            description: 'This call in Dispatch Voice',
          },
          item: { type: 'integer', description: 'The number of the item in the list (1, 2, ...)' },
          outcome: {
            type: 'string',
            enum: [...ITEM_OUTCOMES],
            description:
              'resolved: already fixed; will_fix: the driver will fix it; acknowledged: a reminder taken on board; disputed: the driver disagrees or cannot; not_discussed',
          },
          eta_minutes: {
            type: 'integer',
            description: 'For will_fix: in how many minutes the driver said it will be done',
          },
          note: {
            type: 'string',
            description: "What the driver said, short, in the driver's words",
          },
        },
      },
    },
  };
}
