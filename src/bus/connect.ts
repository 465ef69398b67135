// Picks the Bus backend from a URL: a NATS server, or the in-process LocalBus
// ('local' or no URL). Optionally adds claim-check for large payloads.
import type { Bus } from './bus.ts';
import { withClaimCheck } from './claim-check.ts';
import { LocalBus } from './local-bus.ts';
import { NatsBus } from './nats-bus.ts';
import type { NatsConnectOptions } from './nats-connect.ts';

export interface ConnectBusOptions extends Omit<NatsConnectOptions, 'url'> {
  /** nats://host:port, or 'local' for the in-process bus. @default 'local' */
  url?: string | 'local';
  /** When set, payloads above the bus's max payload are parked in this object store bucket. */
  claimCheckBucket?: string;
  /** LocalBus only: its max payload, bytes. @default 1 MiB */
  localMaxPayload?: number;
}

export async function connectBus(opts: ConnectBusOptions = {}): Promise<Bus> {
  const { url, claimCheckBucket, localMaxPayload, ...nats } = opts;
  const bus: Bus =
    url === undefined || url === 'local' ? new LocalBus({ maxPayload: localMaxPayload }) : await NatsBus.connect({ ...nats, url });
  return claimCheckBucket ? withClaimCheck(bus, { bucket: claimCheckBucket }) : bus;
}
