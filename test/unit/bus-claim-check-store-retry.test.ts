import { describe, expect, it } from 'vitest';
import { LocalBus } from '../../src/bus/local-bus.ts';
import { withClaimCheck } from '../../src/bus/claim-check.ts';
import { TribunalError } from '../../src/core/errors.ts';
import type { ObjectStore, ObjectStoreOptions } from '../../src/bus/bus.ts';

/** A bus whose object store cannot be opened the first `failures` times (JetStream busy under load). */
class FlakyStoreBus extends LocalBus {
  opens = 0;
  constructor(private failures: number) {
    super();
  }
  override objects(bucket: string, opts?: ObjectStoreOptions): Promise<ObjectStore> {
    this.opens++;
    if (this.failures-- > 0) return Promise.reject(new TribunalError('TIMEOUT', `object store ${bucket}: JetStream did not answer`));
    return super.objects(bucket, opts);
  }
}

describe('claim-check - a store that failed to open once', () => {
  it('claim-check - a bucket that did not open is opened again on the next payload, not failed for good', async () => {
    const raw = new FlakyStoreBus(1);
    const bus = withClaimCheck(raw, { bucket: 'blobs' });
    const q = await bus.workQueue('WQ', { subjects: ['wq.x'] });
    const big = new Uint8Array(2 << 20).fill(7);
    await expect(q.push('wq.x', big)).rejects.toThrow(/did not answer/);
    await q.push('wq.x', big);
    expect(raw.opens).toBe(2);
    const c = q.consume({ durable: 'd', ackWaitMs: 5000 });
    for await (const item of c) {
      expect(item.data.length).toBe(big.length);
      await item.ack();
      break;
    }
    await c.stop();
    await bus.close();
  });
});
