import { Agent, request } from 'undici';

const agent = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 10_000 });

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

/** A keep-alive HTTP client for tests that send thousands of requests. Never throws on status. */
export async function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    headers: options.headers,
    body: options.body,
    dispatcher: agent,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const body = await response.body.text();
  return {
    status: response.statusCode,
    body,
    headers: response.headers,
    ms: performance.now() - started,
  };
}

/** Runs `work` over `items` with at most `concurrency` at once, keeping results in order. */
export async function mapConcurrently<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++)
        results[index] = await work(items[index]!, index);
    }),
  );
  return results;
}
