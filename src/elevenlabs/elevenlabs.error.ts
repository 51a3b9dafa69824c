export type ElevenLabsFailureKind = 'http' | 'timeout' | 'network' | 'invalid_response';

/** Every way a request to ElevenLabs can fail, as one error carrying status and reason. */
export class ElevenLabsError extends Error {
  constructor(
    readonly kind: ElevenLabsFailureKind,
    readonly reason: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(reason);
    this.name = 'ElevenLabsError';
  }

  get notFound(): boolean {
    return this.kind === 'http' && this.status === 404;
  }

  /** ElevenLabs refused before doing anything, so trying again cannot place a second call. */
  get rateLimited(): boolean {
    return this.kind === 'http' && this.status === 429;
  }
}

/** The readable part of an ElevenLabs error body (both its current and legacy shapes). */
export function describeErrorBody(body: unknown): string | undefined {
  if (!body || typeof body !== 'object')
    return typeof body === 'string' && body ? body.slice(0, 200) : undefined;
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map(
        (item: { loc?: unknown[]; msg?: string }) =>
          `${(item.loc ?? []).join('.')}: ${item.msg ?? ''}`,
      )
      .join('; ');
  }
  if (detail && typeof detail === 'object') {
    const { message, status, code } = detail as {
      message?: string;
      status?: string;
      code?: string;
    };
    return message ?? status ?? code;
  }
  return undefined;
}
