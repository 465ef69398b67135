// LocalBus's key-value buckets and object stores: in-process maps with copies
// on the way in and out (callers may reuse their buffers). Not persistent.
import type { KeyValue, ObjectStore } from './bus.ts';
import { checkKvKey } from './kv-key.ts';
import { TribunalError } from '../core/errors.ts';

export class LocalKeyValue implements KeyValue {
  private map = new Map<string, Uint8Array>();
  /** maxValue: the largest value a put takes, as NATS's message limit bounds a KV value. */
  constructor(private readonly bucket: string, private readonly maxValue = Infinity) {}
  async get(key: string): Promise<Uint8Array | null> {
    checkKvKey(this.bucket, key);
    const v = this.map.get(key);
    return v ? v.slice() : null;
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    checkKvKey(this.bucket, key);
    if (value.length > this.maxValue) {
      throw new TribunalError('TOO_LARGE', `kv ${this.bucket} put ${key}: a value of ${value.length} bytes exceeds the bus's message limit of ${this.maxValue}`);
    }
    this.map.set(key, value.slice());
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  async keys(): Promise<string[]> {
    return [...this.map.keys()];
  }
}

/** Objects expire ttlMs after their put, like a NATS object store bucket with a TTL. */
export class LocalObjectStore implements ObjectStore {
  private map = new Map<string, { data: Uint8Array; expiresAtMs: number }>();
  constructor(private readonly ttlMs = 0) {}
  async put(name: string, data: Uint8Array): Promise<void> {
    this.map.set(name, { data: data.slice(), expiresAtMs: this.ttlMs > 0 ? Date.now() + this.ttlMs : Infinity });
  }
  async get(name: string): Promise<Uint8Array | null> {
    const o = this.live(name);
    return o ? o.data.slice() : null;
  }
  async delete(name: string): Promise<void> {
    this.map.delete(name);
  }
  async list(): Promise<string[]> {
    return [...this.map.keys()].filter((n) => this.live(n));
  }
  private live(name: string) {
    const o = this.map.get(name);
    if (o && o.expiresAtMs <= Date.now()) {
      this.map.delete(name);
      return undefined;
    }
    return o;
  }
}
