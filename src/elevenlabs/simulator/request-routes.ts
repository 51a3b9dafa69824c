/** Request counts group a route's ids together (`GET /_simulator/requests`). */
export function routeOf(path: string): string {
  if (/^\/v1\/convai\/conversations\/[^/]+\/audio$/.test(path))
    return '/v1/convai/conversations/:id/audio';
  if (path.startsWith('/v1/convai/conversations/')) return '/v1/convai/conversations/:id';
  if (path.startsWith('/v1/convai/agents/')) return '/v1/convai/agents/:id';
  if (path.startsWith('/v1/convai/tools/')) return '/v1/convai/tools/:id';
  if (path.startsWith('/v1/convai/phone-numbers/')) return '/v1/convai/phone-numbers/:id';
  return path;
}
