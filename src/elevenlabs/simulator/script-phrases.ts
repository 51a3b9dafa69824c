import type { SettledItem } from './conversation-script.js';

export type Reply = { text: string } & Pick<SettledItem, 'outcome' | 'eta_minutes'>;

/** What the simulated agent and driver say, in the language the call is held in. */
export interface ScriptPhrases {
  opening: (firstName: string) => string;
  ready: string;
  reluctant: string;
  violationLead: string;
  reminderLead: string;
  ask: string;
  cutOffTail: string;
  violationReplies: Reply[];
  reminderReplies: Reply[];
  pushbackReplies: Reply[];
  thanks: (firstName: string) => string;
  escalate: string;
  goodbye: string;
  grumpyGoodbye: string;
  optOutGoodbye: string;
}

export const ENGLISH: ScriptPhrases = {
  opening: (firstName) => `Hi ${firstName}, this is dispatch calling. Do you have a minute?`,
  ready: "Yeah, sure. What's up?",
  reluctant: 'Make it quick.',
  violationLead: 'I noticed an issue:',
  reminderLead: 'Also, a quick reminder:',
  ask: 'Can you take care of that?',
  cutOffTail: 'It has to be fixed before your next stop.',
  violationReplies: [
    {
      text: "Oh, I didn't catch that. I'll take care of it right now.",
      outcome: 'will_fix',
      eta_minutes: 5,
    },
    {
      text: 'Yeah, I see it. Fixing it at the next stop, should be about ten minutes.',
      outcome: 'will_fix',
      eta_minutes: 10,
    },
    { text: 'Already done, I fixed that an hour ago.', outcome: 'resolved' },
  ],
  reminderReplies: [
    { text: 'Sure thing, I will.', outcome: 'acknowledged' },
    { text: "Will do, I'll send those over in a bit.", outcome: 'acknowledged' },
    { text: 'Okay, noted.', outcome: 'acknowledged' },
  ],
  pushbackReplies: [
    { text: "That's not right, my gauge says everything is fine.", outcome: 'disputed' },
    { text: "I can't deal with that right now, I'm driving.", outcome: 'disputed' },
  ],
  thanks: (firstName) => `Thanks ${firstName}, that's everything. Drive safe!`,
  escalate: "Understood. I'll let your dispatcher know we couldn't resolve this now.",
  goodbye: 'Thanks, bye.',
  grumpyGoodbye: 'Whatever. Bye.',
  optOutGoodbye: "Fine. And stop calling me, I don't want these calls anymore. Bye.",
};

export const SPANISH: ScriptPhrases = {
  opening: (firstName) => `Hola, ${firstName}. Le llama despacho. ¿Tiene un minuto?`,
  ready: 'Sí, claro. Dígame.',
  reluctant: 'Rápido, por favor.',
  violationLead: 'Hay un asunto pendiente:',
  reminderLead: 'Y un recordatorio:',
  ask: '¿Se puede encargar de eso?',
  cutOffTail: 'Tiene que quedar resuelto antes de su próxima parada.',
  violationReplies: [
    {
      text: 'Ah, no me había dado cuenta. Lo arreglo ahora mismo.',
      outcome: 'will_fix',
      eta_minutes: 5,
    },
    {
      text: 'Sí, ya lo vi. Lo arreglo en la próxima parada, en unos diez minutos.',
      outcome: 'will_fix',
      eta_minutes: 10,
    },
    { text: 'Ya está, lo arreglé hace una hora.', outcome: 'resolved' },
  ],
  reminderReplies: [
    { text: 'Claro que sí, lo hago.', outcome: 'acknowledged' },
    { text: 'Sí, se las mando en un rato.', outcome: 'acknowledged' },
    { text: 'Muy bien, anotado.', outcome: 'acknowledged' },
  ],
  pushbackReplies: [
    { text: 'Eso no es cierto, mi medidor dice que todo está bien.', outcome: 'disputed' },
    { text: 'Ahorita no puedo con eso, voy manejando.', outcome: 'disputed' },
  ],
  thanks: (firstName) => `Gracias, ${firstName}, eso es todo. ¡Maneje con cuidado!`,
  escalate: 'Entendido. Le aviso a su despachador que no pudimos resolverlo ahora.',
  goodbye: 'Gracias, adiós.',
  grumpyGoodbye: 'Como sea. Adiós.',
  optOutGoodbye: 'Bueno. Y ya no me llamen, no quiero más de estas llamadas. Adiós.',
};

export const phrasesFor = (language: string | undefined): ScriptPhrases =>
  language === 'es' ? SPANISH : ENGLISH;
