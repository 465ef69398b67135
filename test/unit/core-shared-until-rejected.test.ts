import { describe, expect, it } from 'vitest';
import { sharedUntilRejected } from '../../src/core/shared-until-rejected.ts';

describe('shared until rejected', () => {
  it('shared - one promise for every caller once it resolves; a rejection is made again on the next call', async () => {
    let made = 0;
    const get = sharedUntilRejected(async () => {
      made++;
      if (made === 1) throw new Error('busy');
      return made;
    });
    await expect(get()).rejects.toThrow('busy');
    const [a, b] = await Promise.all([get(), get()]);
    expect([a, b, await get(), made]).toEqual([2, 2, 2, 2]);
  });
});
