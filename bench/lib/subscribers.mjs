import WebSocket from 'ws';

/** Opens `count` authenticated sockets, spread over `callSids`, each subscribed to one call. */
export async function openSubscribers({
  wsUrl,
  token,
  callSids,
  count,
  onMessage = () => undefined,
  batch = 200,
}) {
  const sockets = [];
  for (let start = 0; start < count; start += batch) {
    const opened = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const callSid = callSids[i % callSids.length];
      opened.push(
        new Promise((resolve, reject) => {
          const ws = new WebSocket(`${wsUrl}?token=${token}`, { perMessageDeflate: false });
          ws.on('error', reject);
          ws.on('message', (data) => {
            const message = JSON.parse(data.toString());
            if (message.type === 'subscription_confirmed') resolve(ws);
            else onMessage(message, ws);
          });
          ws.on('open', () => ws.send(JSON.stringify({ subscribe: callSid })));
        }),
      );
    }
    sockets.push(...(await Promise.all(opened)));
  }
  return { sockets, close: () => sockets.forEach((ws) => ws.terminate()) };
}
