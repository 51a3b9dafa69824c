/** Outside production, the company the agent names: plainly a sample. */
export const SAMPLE_COMPANY_NAME = 'Sample Trucking Co.';

/** Outside production, the call-back number: the simulator's agent number. */
export const SAMPLE_CALLBACK_NUMBER = '+12196541187';
