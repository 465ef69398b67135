// Raw nats.js connections for benchmark baselines, opened with the options
// NatsBus uses (nats-connect.ts), so a ratio measures only the layers above.
import { connect, type NatsConnection } from 'nats';

export function rawConnections(url: string): { open(): Promise<NatsConnection>; closeAll(): Promise<void> } {
  const conns: NatsConnection[] = [];
  return {
    open: async () => {
      const nc = await connect({ servers: url, noAsyncTraces: true });
      conns.push(nc);
      return nc;
    },
    closeAll: async () => {
      for (const nc of conns) await nc.close();
    },
  };
}
