// The weights follower follows only what the learner could have published:
// versions within the scheduler's clock, published no later than a minute
// ahead of this host's clock. A forged announcement (a far-future version or
// timestamp) is counted and ignored, and the genuine latest version stays the
// one loaded.
import { describe, expect, it } from 'vitest';
import { LocalBus } from '../../src/bus/local-bus.ts';
import { subjectsFor } from '../../src/wire/subjects.ts';
import { Counters } from '../../src/runtime/counters.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { encode } from '../../src/wire/codec.ts';
import { publishWeights, WeightsFollower, type WeightsTarget } from '../../src/runtime/weights.ts';
import type { WeightsAnnounce } from '../../src/wire/messages.ts';

class Target implements WeightsTarget {
  version = 0;
  loads: number[] = [];
  async loadWeights(version: number): Promise<void> {
    this.loads.push(version);
    this.version = version;
  }
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('weights follower', () => {
  it('weights follower - ignores versions beyond the scheduler clock and announcements from the future; follows a resumed learner back', async () => {
    const bus = new LocalBus();
    const s = subjectsFor('wf');
    const counters = new Counters();
    const f = await WeightsFollower.start(bus, s, NoopLogger, counters);
    const target = new Target();
    const blob = { blob: new Uint8Array([1, 2, 3]), shapeKey: 'k' };
    await publishWeights(bus, s, 1, blob);
    await settle();
    await f.syncInto(target);
    expect(target.loads).toEqual([]); // nothing before the first Acquire says where the clock is
    f.bound(1);
    await f.syncInto(target);
    expect(target.loads).toEqual([1]);

    // Forged: a version far beyond the clock, published "now"; and one stamped a year ahead.
    const forged = (version: number, publishedAtMs: number): WeightsAnnounce => ({ version, object: `v${version}`, bytes: 3, shapeKey: 'k', publishedAtMs });
    await bus.publish(s.weights, encode(forged(2 ** 31 - 1, Date.now())));
    await bus.publish(s.weights, encode(forged(1, Date.now() + 365 * 86_400_000)));
    await settle();
    expect(counters.get('weights.bad_announce')).toBe(1); // the future timestamp
    expect(f.beyondClock).toBe(1);
    expect(f.latestVersion).toBe(1);

    // The learner goes on: v2 within the clock is followed.
    await publishWeights(bus, s, 2, blob);
    f.bound(2);
    await settle();
    await f.syncInto(target);
    expect(target.loads).toEqual([1, 2]);

    // A learner resumed from v1 republishes it; the clock went back: rollouts follow it back.
    await publishWeights(bus, s, 1, blob);
    f.bound(1);
    await settle();
    await f.syncInto(target);
    expect(target.loads).toEqual([1, 2, 1]);
    f.stop();
    await bus.close();
  });
});
