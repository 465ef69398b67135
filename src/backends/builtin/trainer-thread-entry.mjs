// The worker thread's entry: TypeScript needs the loader registered in this
// thread too (bin/tribunal registers it only in the main one).
import { register } from 'tsx/esm/api';
register();
await import('./trainer-thread-host.ts');
