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
import { alarms, forecastPeak, type ForecastOptions, type ForecastStatus, type PeakForecast } from '../monitor/peak-forecast.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import { minePatterns, type MinedPattern } from '../monitor/pattern-mining.ts';
import { GoldFreeWatch, type GoldFreeWarning, type StepSignals } from '../monitor/gold-free-watch.ts';
import { readStepSignals } from './metrics-file.ts';
import { EvalSchedule, type EvalScheduleOptions } from '../monitor/eval-schedule.ts';

/** The forecast after a round, as events and evals.jsonl carry it. */
export type ForecastEvent = { type: 'peak-forecast'; step: number; status: ForecastStatus; peakStep: number | null; band: [number, number] | null; dStar: number | null; dNow: number | null; rounds: number; fallNow: number | null; fallNext: number | null };
/** The n-grams the judge overrated most in a round. */
export type PatternsEvent = { type: 'patterns'; step: number; overrated: number; ratedRight: number; top: MinedPattern[] };
type WatchEvent = MonitorEvent | TrainGoldEvent | ForecastEvent | PatternsEvent | GoldFreeWarning;

/** How a run's forecast looks ahead (one eval interval) and what fall alarms (half the flag's delta). */
export function forecastOptionsFor(cfg: ExperimentConfig): ForecastOptions {
  return { nearSteps: Math.max(1, cfg.actors.gold.evalEvery), minFall: cfg.monitor.delta / 2, seed: cfg.run.seed };
}

/** The adaptive eval schedule of a run's config (used live when monitor.adaptiveEval.enabled, and by reports to say what it would save). */
export function scheduleOptionsFor(cfg: ExperimentConfig): EvalScheduleOptions {
  const a = cfg.monitor.adaptiveEval;
  return { every: Math.max(1, cfg.actors.gold.evalEvery), maxEvery: a.maxEvery || undefined, flatDelta: a.flatDelta, budget: a.budget };
}

const forecastEvent = (f: PeakForecast): ForecastEvent => ({
  type: 'peak-forecast', step: f.step, status: f.status, peakStep: f.peakStep, band: f.band, dStar: f.fit?.dStar ?? null, dNow: f.dNow, rounds: f.rounds, fallNow: f.fallNow, fallNext: f.fallNext,
});

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
  /** KL to the initial policy measured at each round's step (absent: not measured, e.g. the learner restarted in between). */
  private readonly klByStep = new Map<number, number>();
  private lastForecastStatus: ForecastStatus | null = null;
  /** Adaptive eval rounds (monitor.adaptiveEval), or null for every evalEvery steps. */
  private readonly schedule: EvalSchedule | null;
  /** A gold-free warning since the last round's result (the schedule goes dense again). */
  private warnedSinceRound = false;
  private readonly goldFree: GoldFreeWatch;
  goldPeakStep: number | undefined;

  /**
   * `learnerVersion`: where the learner resumed; training-sample windows past
   * it were announced already. `resumeStep`: the step of the checkpoint it
   * resumed from. Rounds of later steps evaluated weights a rollback undid:
   * they are not replayed, and those steps get new rounds when trained again.
   */
  constructor(private readonly ctx: ActorContext, learnerVersion: number, private readonly resumeStep = 0) {
    const m = ctx.cfg.monitor;
    const a = m.adaptiveEval;
    this.schedule = a.enabled ? new EvalSchedule(scheduleOptionsFor(ctx.cfg)) : null;
    for (const { step, version, proxy, gold, kl, forecast } of readEvalRows(ctx.runDir).filter((r) => r.step <= resumeStep)) {
      this.results.set(step, { step, version, proxy, gold });
      this.requested.add(step);
      this.schedule?.requested(step);
      this.schedule?.observe(gold, forecast ? alarms(forecast.status) : false);
      if (typeof kl === 'number') this.klByStep.set(step, kl);
      if (forecast) this.lastForecastStatus = forecast.status;
    }
    // The gold-free watch sees the steps the weights hold again, so a restart neither repeats nor loses a warning.
    this.goldFree = GoldFreeWatch.replay(readStepSignals(ctx.runDir).filter((s) => s.step <= resumeStep), m.goldFree);
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

  /** An eval round is due every evalEvery steps (or when the adaptive schedule says), and once more at the last step. */
  due(step: number, last = false): boolean {
    if (!this.enabled || this.requested.has(step)) return false;
    if (last || step === 0) return true;
    return this.schedule ? step >= this.schedule.nextStep : step % this.ctx.cfg.actors.gold.evalEvery === 0;
  }

  /** Policy version of the gold-peak round (its exported weights are worth keeping). */
  get goldPeakVersion(): number | undefined {
    return this.goldPeakStep === undefined ? undefined : this.results.get(this.goldPeakStep)?.version;
  }

  get shouldStop(): boolean {
    return this.monitor.shouldStop;
  }

  /** Asks for the round of `step`; `klToInit` is what that step measured, for the forecast. */
  async request(step: number, version: number, klToInit: number | null = null): Promise<void> {
    this.requested.add(step);
    this.schedule?.requested(step);
    if (klToInit !== null && Number.isFinite(klToInit)) this.klByStep.set(step, klToInit);
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
    const kl = this.klByStep.get(r.step) ?? null;
    const forecast = this.forecast();
    const patterns = minePatterns(r.responses.flatMap((row, i) => row.map((response, j) => ({ response, proxy: r.proxyScores[i]?.[j] ?? 0, gold: r.goldScores[i]?.[j] ?? 0 }))),
      { threshold: this.ctx.cfg.monitor.patternThreshold });
    await this.evals.write({ ...round, kl, samples: r.samples, forecast: forecast && forecastEvent(forecast), patterns });
    this.ctx.log.info('eval round', { ...round, kl });
    this.showRound(round);
    for (const e of this.monitor.observe(round)) await this.emit(e);
    if (forecast) {
      this.ctx.counters.gauge('forecast_peak_step', forecast.peakStep ?? -1);
      // Said once per change, and only when it matters: the peak is near or passed.
      if (forecast.status !== this.lastForecastStatus && alarms(forecast.status)) await this.emit(forecastEvent(forecast));
      this.lastForecastStatus = forecast.status;
    }
    this.schedule?.observe(round.gold, this.warnedSinceRound || (forecast !== null && alarms(forecast.status)));
    this.warnedSinceRound = false;
    if (patterns.patterns.length) await this.emit({ type: 'patterns', step: r.step, overrated: patterns.overrated, ratedRight: patterns.ratedRight, top: patterns.patterns.slice(0, 5) });
    this.waiters.get(r.step)?.();
  }

  /** The gold-peak forecast over the rounds so far (null when forecasting is off). */
  private forecast(): PeakForecast | null {
    if (!this.ctx.cfg.monitor.forecast) return null;
    const rounds = [...this.results.values()].sort((a, b) => a.step - b.step).map((x) => ({ step: x.step, gold: x.gold, kl: this.klByStep.get(x.step) ?? NaN }));
    return forecastPeak(rounds, forecastOptionsFor(this.ctx.cfg));
  }

  /** A learner step's gold-free signals: warns when they collapse under a holding proxy. */
  async observeStep(signals: StepSignals | null): Promise<void> {
    if (!signals) return;
    for (const w of this.goldFree.observe(signals)) {
      this.warnedSinceRound = true;
      await this.emit(w);
    }
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

  private async emit(e: WatchEvent): Promise<void> {
    if (e.type === 'gold-peak') {
      this.goldPeakStep = e.step;
      this.ctx.counters.gauge('gold_peak_step', e.step);
    }
    if (e.type === 'hacking') this.ctx.counters.inc('hacking_flags');
    if (e.type === 'gold-free-warning') this.ctx.counters.inc('gold_free_warnings');
    await this.events.write({ ...e });
    await this.ctx.bus.publish(this.ctx.subjects.events, encode(e)).catch(() => {});
    if (e.type === 'hacking') this.ctx.log.warn('reward hacking flagged: gold fell below its peak while the proxy held', { ...e });
    else if (e.type === 'gold-peak') this.ctx.log.info('new gold peak; keeping its checkpoint', { ...e });
    else if (e.type === 'peak-forecast') this.ctx.log.warn(`gold peak forecast: ${e.status}`, { ...e });
    else if (e.type === 'gold-free-warning') this.ctx.log.warn('gold-free warning: a signal collapsed while the proxy held (gold will confirm or refute it)', { ...e });
    else if (e.type === 'patterns') this.ctx.log.info('patterns the judge overrates', { step: e.step, top: e.top.map((p) => p.ngram) });
    else this.ctx.log.info('gold on training samples', { ...e });
  }

  async stop(): Promise<void> {
    this.stopConsuming.abort();
    await this.consuming;
  }
}
