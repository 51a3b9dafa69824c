import type { CallerIdentity } from './prompt-builder.js';

/**
 * What a Spanish call says and how its agent is told to speak: written for Spanish-speaking
 * drivers, not translated word for word. Dispatch writes the items in English; the agent
 * explains them in Spanish.
 */
export const SPANISH_INSTRUCTIONS = [
  'Speak Spanish for the whole call: natural, friendly Latin American Spanish as a dispatcher would speak it, addressing the driver as "usted". Do not translate word for word.',
  'Dispatch wrote the items below in English: explain each one in Spanish in your own words, keeping numbers, temperatures, times and trip or truck numbers exact. If the driver prefers English, switch to English.',
];

const recordingNotice = (caller: CallerIdentity) =>
  caller.recordingNotice ? ' Esta llamada está siendo grabada.' : '';

/** Who is calling, that it is automated, the recording notice, the safety question. */
export function spanishFirstMessage(
  firstName: string,
  tripId: string,
  caller: CallerIdentity,
): string {
  return `Hola, ${firstName}. Le llama el asistente automático de despacho de ${caller.companyName} sobre su viaje ${tripId}.${recordingNotice(caller)} ¿Puede hablar ahora de forma segura, con manos libres?`;
}

/** A known driver calling back: greeted by name, asked to confirm who they are. */
export function spanishCallbackFirstMessage(firstName: string, caller: CallerIdentity): string {
  return `Hola, le habla el asistente automático de despacho de ${caller.companyName}.${recordingNotice(caller)} Gracias por devolver la llamada. ¿Hablo con ${firstName}?`;
}

/** A driver calling back with nothing open: a message is taken. */
export function spanishMessageTakingFirstMessage(caller: CallerIdentity): string {
  return `Hola, le habla el asistente automático de despacho de ${caller.companyName}.${recordingNotice(caller)} ¿En qué le puedo ayudar?`;
}
