import type { Principal } from '../auth/principal.js';

/** Who did something, as the audit trail records it. */
export interface Actor {
  /** The user's email, another service's token subject, or `system`. */
  name: string;
  /** The token subject; null for the service itself. */
  id: string | null;
  role: string | null;
  clientIp: string | null;
}

/** The signed-in principal behind a request. */
export function actorOf(principal: Principal, clientIp: string | null): Actor {
  return {
    name: principal.email ?? principal.sub,
    id: principal.sub,
    role: principal.role,
    clientIp,
  };
}

/** The service acting on its own (ElevenLabs' data collection, the campaign scheduler). */
export function systemActor(name = 'system'): Actor {
  return { name, id: null, role: null, clientIp: null };
}
