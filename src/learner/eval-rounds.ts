// The learner's side of the hacking watch: it asks for an eval round every
// evalEvery steps (the gold actor runs it), feeds each round's proxy and gold
// means to the HackingMonitor, keeps the checkpoint at the gold peak, records
// rounds in evals.jsonl and events in events.jsonl, and says when to stop.
// Results come over a durable queue, and a restarted learner replays the
// rounds already in evals.jsonl, so a restart loses neither.
import { join } from 'node:path';
import type { ActorContext } from '../runtime/context.ts';
import { GoldResult, type GoldRequest } from '../wire/messages.ts';
import { encode } from '../wire/codec.ts';
import { consumeChecked } from '../runtime/consume.ts';
import { HackingMonitor, type MonitorEvent, type MonitorRound } from '../monitor/hacking-monitor.ts';
import { JsonlWriter } from '../core/jsonl-writer.ts';
import { evalsPath, readEvalRows } from './evals-file.ts';

export class EvalRounds {
  private readonly monitor: HackingMonitor;
  private readonly results = new Map<number, MonitorRound>();
  private readonly requested = new Set<number>();
  private readonly waiters = new Map<number, () => void>();
  private readonly evals: JsonlWriter;
  private readonly events: JsonlWriter;
  private readonly stopConsuming = new AbortController();
  private readonly consuming: Promise<void>;
  goldPeakStep: number | undefined;

  constructor(private readonly ctx: ActorContext) {
    const m = ctx.cfg.monitor;
    for (const { step, version, proxy, gold } of readEvalRows(ctx.runDir)) {
      this.results.set(step, { step, version, proxy, gold });
      this.requested.add(step);
    }
    this.monitor = HackingMonitor.replay([...this.results.values()], { delta: m.delta, minRounds: m.minRounds, stopOnHacking: m.stopOnHacking });
    this.goldPeakStep = this.monitor.state().goldPeakStep ?? undefined;
    this.evals = new JsonlWriter(evalsPath(ctx.runDir));
    this.events = new JsonlWriter(join(ctx.runDir, 'events.jsonl'));
    this.consuming = consumeChecked({ ...ctx, signal: AbortSignal.any([ctx.signal, this.stopConsuming.signal]) }, ctx.queues.goldResults, GoldResult, {
      durable: 'monitor', kind: 'GoldResult', maxInFlight: 4, ackWaitMs: ctx.cfg.nats.ackWaitMs,
    }, (r) => this.onResult(r));
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
  async waitFor(step: number, timeoutMs: number): Promise<MonitorRound | null> {
    if (!this.results.has(step)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        this.waiters.set(step, () => { clearTimeout(t); resolve(); });
      });
    }
    return this.results.get(step) ?? null;
  }

  private async onResult(r: GoldResult): Promise<void> {
    if (r.kind !== 'eval' || this.results.has(r.step)) return; // sampled training groups; redeliveries
    const round: MonitorRound = { step: r.step, version: r.version, proxy: r.proxyMean, gold: r.goldMean };
    this.results.set(r.step, round);
    await this.evals.write({ ...round, samples: r.samples });
    this.ctx.log.info('eval round', { ...round });
    for (const e of this.monitor.observe(round)) await this.emit(e);
    this.waiters.get(r.step)?.();
  }

  private async emit(e: MonitorEvent): Promise<void> {
    if (e.type === 'gold-peak') this.goldPeakStep = e.step;
    await this.events.write({ ...e });
    await this.ctx.bus.publish(this.ctx.subjects.events, encode(e)).catch(() => {});
    if (e.type === 'hacking') this.ctx.log.warn('reward hacking flagged: gold fell below its peak while the proxy held', { ...e });
    else this.ctx.log.info('new gold peak; keeping its checkpoint', { ...e });
  }

  async stop(): Promise<void> {
    this.stopConsuming.abort();
    await this.consuming;
  }
}
