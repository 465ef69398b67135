// Inside the worker thread: builds the BuiltinTrainer from workerData and runs
// the calls the proxy (trainer-thread.ts) posts, one at a time in order.
import { parentPort, workerData } from 'node:worker_threads';
import { BuiltinTrainer } from './trainer.ts';
import { errorReply, type HostCall, type HostReply, type ThreadTrainerInit } from './trainer-thread.ts';

const port = parentPort!;
const init = workerData as ThreadTrainerInit;
let trainer: BuiltinTrainer | null = null;
let queue: Promise<void> = Promise.resolve();

const reply = (m: HostReply) => port.postMessage(m);

queue = queue.then(async () => {
  try {
    trainer = await BuiltinTrainer.create(init.options);
    if (init.initialWeights) await trainer.importWeights(0, init.initialWeights);
    reply({ id: 0, ok: true, value: null, version: trainer.version });
  } catch (e) {
    reply(errorReply(0, e));
  }
});

port.on('message', (m: HostCall) => {
  queue = queue.then(async () => {
    try {
      if (!trainer) throw new Error('the trainer was not built');
      const t = trainer as unknown as Record<string, (...a: unknown[]) => unknown>;
      if (typeof t[m.method] !== 'function') throw new Error(`no trainer method ${m.method}`);
      const value = await t[m.method](...m.args);
      reply({ id: m.id, ok: true, value: value ?? null, version: trainer.version });
    } catch (e) {
      reply(errorReply(m.id, e));
    }
  });
});
