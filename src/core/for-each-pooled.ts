// A bounded pool over a list: each item's work starts as a slot frees up, in
// list order. Used where independent pieces of work share a limited resource
// (gold's in-flight requests, CPU cores for judges trained side by side).

/**
 * Runs `work` on every item, at most `limit` at once. Once one rejects, no
 * further item is started; the ones running are waited for, then the first
 * rejection is thrown (nothing is left running behind the caller's back).
 */
export async function forEachPooled<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`forEachPooled: limit must be a positive integer, got ${limit}`);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const slot = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await work(items[i], i);
      } catch (error) {
        if (!failed) [failed, firstError] = [true, error];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, slot));
  if (failed) throw firstError;
}
