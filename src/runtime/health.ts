// Per-process HTTP endpoints: GET /healthz (alive), /readyz (ready for work)
// and /metrics (the process's counters as JSON). Knows nothing of actors.
import { createServer, type Server } from 'node:http';

export interface HealthSource {
  live(): boolean;
  ready(): boolean;
  metrics(): Record<string, unknown>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Where health ports bind: TRIBUNAL_HEALTH_HOST, else every interface (a pod's probes come from outside it). `tribunal run` sets 127.0.0.1. */
export function healthHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRIBUNAL_HEALTH_HOST || '0.0.0.0';
}

export async function startHealthServer(port: number, source: HealthSource, host = healthHost()): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { error: 'GET only' });
    if (path === '/healthz') return source.live() ? send(200, { ok: true }) : send(503, { ok: false });
    if (path === '/readyz') return source.ready() ? send(200, { ready: true }) : send(503, { ready: false });
    if (path === '/metrics') return send(200, source.metrics());
    send(404, { error: `no route ${path}; try /healthz, /readyz or /metrics` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
