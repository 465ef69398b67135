// The learner's side of the hacking watch: it asks for an eval round every
// evalEvery steps (the gold actor runs it), feeds each round's proxy and gold
// means to the HackingMonitor, keeps the checkpoint at the gold peak, records
// rounds in evals.jsonl and events in events.jsonl, and says when to stop.
import { join } from 'node:path';
import type { ActorContext } from '../runtime/context.ts';
import { GoldResult, type GoldRequest } from '../wire/messages.ts';
import { encode } from '../wire/codec.ts';
import { checkMessage } from '../wire/check.ts';
import { HackingMonitor, type MonitorEvent } from '../monitor/hacking-monitor.ts';
import { MetricsWriter } from './metrics.ts';

export class EvalRounds {
  private readonly monitor: HackingMonitor;
  private readonly results = new Map<number, GoldResult>();
  private readonly requested = new Set<number>();
  private readonly waiters = new Map<number, () => void>();
  private readonly evals: MetricsWriter;
  private readonly events: MetricsWriter;
  private readonly unsubscribe: () => void;
  goldPeakStep: number | undefined;

  constructor(private readonly ctx: ActorContext) {
    const m = ctx.cfg.monitor;
    this.monitor = new HackingMonitor({ delta: m.delta, minRounds: m.minRounds, stopOnHacking: m.stopOnHacking });
    this.evals = new MetricsWriter(join(ctx.runDir, 'evals.jsonl'));
    this.events = new MetricsWriter(join(ctx.runDir, 'events.jsonl'));
    const sub = ctx.bus.subscribe(ctx.subjects.goldResults);
    this.unsubscribe = () => sub.unsubscribe();
    void (async () => {
      for await (const msg of sub) await this.onResult(msg.data);
    })();
  }

  get enabled(): boolean {
    return this.ctx.cfg.actors.gold.replicas > 0 && this.ctx.cfg.actors.gold.evalEvery > 0;
  }

  /** An eval round is due every evalEvery steps, and once more at the last step. */
  due(step: number, last = false): boolean {
    return this.enabled && (last || step % this.ctx.cfg.actors.gold.evalEvery === 0) && !this.requested.has(step);
  }

  get shouldStop(): boolean {
    return this.monitor.shouldStop;
  }

  async request(step: number, version: number): Promise<void> {
    this.requested.add(step);
    const req: GoldRequest = { requestId: `eval.${step}`, kind: 'eval', version, step, prompts: [], responses: [], proxyScores: [], meta: [] };
    await this.ctx.queues.gold.push(this.ctx.subjects.goldRequests, encode(req));
  }

  /** Resolves with the round for `step`, or null after timeoutMs. */
  async waitFor(step: number, timeoutMs: number): Promise<GoldResult | null> {
    if (!this.results.has(step)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        this.waiters.set(step, () => { clearTimeout(t); resolve(); });
      });
    }
    return this.results.get(step) ?? null;
  }

  private async onResult(bytes: Uint8Array): Promise<void> {
    const c = checkMessage(GoldResult, bytes);
    if (!c.ok) {
      this.ctx.counters.inc('gold_results_bad');
      this.ctx.log.warn('ignored a bad gold result', { reason: c.reason });
      return;
    }
    const r = c.value;
    if (r.kind !== 'eval' || this.results.has(r.step)) return;
    this.results.set(r.step, r);
    await this.evals.write({ step: r.step, version: r.version, proxy: r.proxyMean, gold: r.goldMean, samples: r.samples });
    this.ctx.log.info('eval round', { step: r.step, version: r.version, proxy: r.proxyMean, gold: r.goldMean });
    for (const e of this.monitor.observe({ step: r.step, version: r.version, proxy: r.proxyMean, gold: r.goldMean })) await this.emit(e);
    this.waiters.get(r.step)?.();
  }

  private async emit(e: MonitorEvent): Promise<void> {
    if (e.type === 'gold-peak') this.goldPeakStep = e.step;
    await this.events.write({ ...e });
    await this.ctx.bus.publish(this.ctx.subjects.events, encode(e)).catch(() => {});
    if (e.type === 'hacking') this.ctx.log.warn('reward hacking flagged: gold fell below its peak while the proxy held', { ...e });
    else this.ctx.log.info('new gold peak; keeping its checkpoint', { ...e });
  }

  stop(): void {
    this.unsubscribe();
  }
}
