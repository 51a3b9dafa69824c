/**
 * Where one call's transfers go, chosen when the call starts: the agent's `transfer_to_number`
 * rules read them from the call's dynamic variables. Null: nobody can take it.
 */
export interface TransferRoute {
  /** A dispute or a driver asking for a person. */
  dispatcher: string | null;
  /** Someone hurt or in danger, after the driver was told to call 911. */
  emergency: string | null;
}

/** The dynamic variables the agent's transfer rules name (agent:sync writes them in). */
export const TRANSFER_VARIABLES = {
  dispatcher: 'transfer_number',
  emergency: 'emergency_transfer_number',
} as const;

/** What the variables hold: the platform refuses a conversation missing one, so never absent. */
export function transferVariables(route: TransferRoute): Record<string, string> {
  return {
    [TRANSFER_VARIABLES.dispatcher]: route.dispatcher ?? '',
    [TRANSFER_VARIABLES.emergency]: route.emergency ?? '',
  };
}
