/**
 * Serialises like Python's `json.dumps` with its defaults (`", "` and `": "` separators,
 * non-ASCII escaped), which is how ElevenLabs' webhook bodies look on the wire. Receivers that
 * re-serialise instead of checking the raw bytes fail on these bodies, as they would in production.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return escapeAscii(JSON.stringify(value));
  if (Array.isArray(value)) return `[${value.map((item) => pythonJson(item)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, item]) => item !== undefined,
  );
  return `{${entries.map(([key, item]) => `${escapeAscii(JSON.stringify(key))}: ${pythonJson(item)}`).join(', ')}}`;
}

function escapeAscii(json: string): string {
  return json.replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
