/** Outside production, the company the agent names: plainly a sample. */
export const SAMPLE_COMPANY_NAME = 'Sample Trucking Co.';

/** With the built-in simulator, the number drivers call back: the simulator's agent number. */
export const SAMPLE_CALLBACK_NUMBER = '+12196541187';
