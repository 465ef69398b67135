// The learner's side of the hacking watch: it asks for an eval round every
// evalEvery steps (the gold actor runs it), feeds each round's proxy and gold
// means to the HackingMonitor, keeps the checkpoint at the gold peak, records
// rounds in evals.jsonl and events in events.jsonl, and says when to stop.
// Gold's scores of sampled training groups make the second curve: rows in
// gold-train.jsonl, a 'train-gold' event per closed window of steps, and the
// latest in each metrics row. Results come over a durable queue, and a
// restarted learner replays both files, so a restart loses none.
import { join } from 'node:path';
import type { ActorContext } from '../runtime/context.ts';
import { GoldResult, type GoldRequest } from '../wire/messages.ts';
import { encode } from '../wire/codec.ts';
import { consumeChecked } from '../runtime/consume.ts';
import { HackingMonitor, type MonitorEvent, type MonitorRound } from '../monitor/hacking-monitor.ts';
import { JsonlWriter } from '../core/jsonl-writer.ts';
import { evalsPath, goldTrainPath, readEvalRows, readGoldTrainRows } from './evals-file.ts';
import { TrainGoldWatch, type TrainGoldEvent } from '../monitor/train-gold.ts';

export class EvalRounds {
  private readonly monitor: HackingMonitor;
  private readonly results = new Map<number, MonitorRound>();
  private readonly requested = new Set<number>();
  private readonly waiters = new Map<number, () => void>();
  private readonly evals: JsonlWriter;
  private readonly events: JsonlWriter;
  private readonly goldTrain: JsonlWriter;
  private readonly trainGold: TrainGoldWatch;
  private readonly stopConsuming = new AbortController();
  private readonly consuming: Promise<void>;
  goldPeakStep: number | undefined;

  /**
   * `learnerVersion`: where the learner resumed; training-sample windows past
   * it were announced already. `resumeStep`: the step of the checkpoint it
   * resumed from. Rounds of later steps evaluated weights a rollback undid:
   * they are not replayed, and those steps get new rounds when trained again.
   */
  constructor(private readonly ctx: ActorContext, learnerVersion: number, private readonly resumeStep = 0) {
    const m = ctx.cfg.monitor;
    for (const { step, version, proxy, gold } of readEvalRows(ctx.runDir).filter((r) => r.step <= resumeStep)) {
      this.results.set(step, { step, version, proxy, gold });
      this.requested.add(step);
    }
    this.monitor = HackingMonitor.replay([...this.results.values()], { delta: m.delta, minRounds: m.minRounds, stopOnHacking: m.stopOnHacking });
    this.goldPeakStep = this.monitor.state().goldPeakStep ?? undefined;
    // A restarted learner's gauges say what the replayed rounds say.
    const lastRound = [...this.results.values()].sort((a, b) => a.step - b.step).at(-1);
    if (lastRound) this.showRound(lastRound);
    if (this.goldPeakStep !== undefined) ctx.counters.gauge('gold_peak_step', this.goldPeakStep);
    this.trainGold = TrainGoldWatch.replay(readGoldTrainRows(ctx.runDir), m.trainGoldWindow, ctx.cfg.rl.eta, learnerVersion);
    this.goldTrain = new JsonlWriter(goldTrainPath(ctx.runDir));
    this.evals = new JsonlWriter(evalsPath(ctx.runDir));
    this.events = new JsonlWriter(join(ctx.runDir, 'events.jsonl'));
    this.consuming = consumeChecked({ ...ctx, signal: AbortSignal.any([ctx.signal, this.stopConsuming.signal]) }, ctx.queues.goldResults, GoldResult, {
      durable: 'monitor', kind: 'GoldResult', maxInFlight: 4, ackWaitMs: ctx.cfg.nats.ackWaitMs, maxDeliveries: ctx.cfg.nats.maxDeliveries,
    }, (r) => this.onResult(r));
  }

  get enabled(): boolean {
    return this.ctx.cfg.actors.gold.replicas > 0 && this.ctx.cfg.actors.gold.evalEvery > 0;
  }

  /** An eval round is due every evalEvery steps, and once more at the last step. */
  due(step: number, last = false): boolean {
    return this.enabled && (last || step % this.ctx.cfg.actors.gold.evalEvery === 0) && !this.requested.has(step);
  }

  /** Policy version of the gold-peak round (its exported weights are worth keeping). */
  get goldPeakVersion(): number | undefined {
    return this.goldPeakStep === undefined ? undefined : this.results.get(this.goldPeakStep)?.version;
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

  /** Waits (up to timeoutMs in all) for every round asked for; returns the steps still without one. */
  async waitForAll(timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    for (const step of [...this.requested].sort((a, b) => a - b)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.waitFor(step, left);
    }
    return [...this.requested].filter((s) => !this.results.has(s)).sort((a, b) => a - b);
  }

  /** Gold on training samples since the last call, for the metrics row; null when none arrived. */
  takeTrainGold(): { gold: number; proxy: number; groups: number } | null {
    return this.trainGold.takeRecent();
  }

  /** After a step: announce the training-sample windows the learner is now past. */
  async afterStep(version: number): Promise<void> {
    for (const e of this.trainGold.closeUpTo(version)) await this.emit(e);
  }

  private async onResult(r: GoldResult): Promise<void> {
    if (r.kind === 'train') return this.onTrainResult(r);
    if (this.results.has(r.step)) return; // a redelivery
    if (r.step > this.resumeStep && !this.requested.has(r.step)) return; // asked for by the branch a rollback undid
    const round: MonitorRound = { step: r.step, version: r.version, proxy: r.proxyMean, gold: r.goldMean };
    this.results.set(r.step, round);
    await this.evals.write({ ...round, samples: r.samples });
    this.ctx.log.info('eval round', { ...round });
    this.showRound(round);
    for (const e of this.monitor.observe(round)) await this.emit(e);
    this.waiters.get(r.step)?.();
  }

  /** The latest round on the process's gauges (Prometheus, Grafana). */
  private showRound(round: MonitorRound): void {
    this.ctx.counters.gauge('eval_proxy_mean', round.proxy);
    this.ctx.counters.gauge('eval_gold_mean', round.gold);
    this.ctx.counters.gauge('eval_step', round.step);
  }

  private async onTrainResult(r: GoldResult): Promise<void> {
    const row = { requestId: r.requestId, version: r.version, gold: r.goldMean, proxy: r.proxyMean, completions: r.goldScores.flat().length };
    if (this.trainGold.add(row)) await this.goldTrain.write({ ...row });
  }

  private async emit(e: MonitorEvent | TrainGoldEvent): Promise<void> {
    if (e.type === 'gold-peak') {
      this.goldPeakStep = e.step;
      this.ctx.counters.gauge('gold_peak_step', e.step);
    }
    if (e.type === 'hacking') this.ctx.counters.inc('hacking_flags');
    await this.events.write({ ...e });
    await this.ctx.bus.publish(this.ctx.subjects.events, encode(e)).catch(() => {});
    if (e.type === 'hacking') this.ctx.log.warn('reward hacking flagged: gold fell below its peak while the proxy held', { ...e });
    else if (e.type === 'gold-peak') this.ctx.log.info('new gold peak; keeping its checkpoint', { ...e });
    else this.ctx.log.info('gold on training samples', { ...e });
  }

  async stop(): Promise<void> {
    this.stopConsuming.abort();
    await this.consuming;
  }
}
