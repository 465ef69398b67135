// A promise made once and shared by every caller, unless it rejects: then the
// next call makes it again. For handles opened lazily over the network (a
// JetStream manager, an object-store bucket), where a first attempt that timed
// out under load must not fail every later use for the life of the process.

export function sharedUntilRejected<T>(make: () => Promise<T>): () => Promise<T> {
  let shared: Promise<T> | null = null;
  return () => {
    shared ??= make().catch((err: unknown) => {
      shared = null;
      throw err;
    });
    return shared;
  };
}
