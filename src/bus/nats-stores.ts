// NatsBus's key-value buckets and object stores: thin adapters over
// JetStream KV and object store (chunked, so objects of any size).
import { StorageType, nanos, type JetStreamClient, type KV, type ObjectStore as NatsObjects } from 'nats';
import type { KeyValue, ObjectStore, ObjectStoreOptions } from './bus.ts';
import { checkKvKey } from './kv-key.ts';
import { fromNatsError } from './nats-errors.ts';

class NatsKeyValue implements KeyValue {
  constructor(
    private readonly kv: KV,
    private readonly bucket: string,
  ) {}
  async get(key: string): Promise<Uint8Array | null> {
    checkKvKey(this.bucket, key);
    try {
      const e = await this.kv.get(key);
      return e && e.operation === 'PUT' ? e.value : null;
    } catch (err) {
      throw fromNatsError(err, `kv ${this.bucket} get ${key}`);
    }
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    checkKvKey(this.bucket, key);
    try {
      await this.kv.put(key, value);
    } catch (err) {
      throw fromNatsError(err, `kv ${this.bucket} put ${key}`);
    }
  }
  async delete(key: string): Promise<void> {
    try {
      await this.kv.delete(key);
    } catch (err) {
      throw fromNatsError(err, `kv ${this.bucket} delete ${key}`);
    }
  }
  async keys(): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const k of await this.kv.keys()) out.push(k);
    } catch (err) {
      throw fromNatsError(err, `kv ${this.bucket} keys`);
    }
    return out;
  }
}

class NatsObjectStore implements ObjectStore {
  constructor(
    private readonly os: NatsObjects,
    private readonly bucket: string,
  ) {}
  async put(name: string, data: Uint8Array): Promise<void> {
    try {
      await this.os.putBlob({ name }, data);
    } catch (err) {
      throw fromNatsError(err, `object store ${this.bucket} put ${name}`);
    }
  }
  async get(name: string): Promise<Uint8Array | null> {
    try {
      return await this.os.getBlob(name);
    } catch (err) {
      throw fromNatsError(err, `object store ${this.bucket} get ${name}`);
    }
  }
  /** Deleting a missing object is not an error. */
  async delete(name: string): Promise<void> {
    try {
      await this.os.delete(name);
    } catch (err) {
      throw fromNatsError(err, `object store ${this.bucket} delete ${name}`);
    }
  }
  async list(): Promise<string[]> {
    try {
      return (await this.os.list()).filter((i) => !i.deleted).map((i) => i.name);
    } catch (err) {
      throw fromNatsError(err, `object store ${this.bucket} list`);
    }
  }
}

/** Opens the bucket, creating it when missing (a second creator just opens it). */
export async function openKeyValue(js: JetStreamClient, bucket: string): Promise<KeyValue> {
  try {
    return new NatsKeyValue(await js.views.kv(bucket, { storage: StorageType.File }), bucket);
  } catch (err) {
    throw fromNatsError(err, `kv ${bucket} open`);
  }
}

export async function openObjectStore(js: JetStreamClient, bucket: string, opts: ObjectStoreOptions = {}): Promise<ObjectStore> {
  try {
    const ttl = opts.ttlMs ? nanos(opts.ttlMs) : 0;
    return new NatsObjectStore(await js.views.os(bucket, { storage: StorageType.File, ttl }), bucket);
  } catch (err) {
    throw fromNatsError(err, `object store ${bucket} open`);
  }
}
