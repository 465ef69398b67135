// A bounded least-recently-used map (Map keeps insertion order; a hit is
// re-inserted at the back). Holds promises so identical concurrent requests
// share one HTTP call; the caller evicts a promise that rejects.
import { createHash } from 'node:crypto';

export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * Cache key of a request body: sha256 of its JSON. Bodies are built by one
 * function in a fixed field order, so equal requests give equal JSON.
 */
export function requestKey(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}
