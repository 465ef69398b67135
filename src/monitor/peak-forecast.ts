// Forecasts the gold peak before gold falls. Gao et al. (2022, "Scaling Laws
// for Reward Model Overoptimization") found that under RL the gold score
// against d = sqrt(KL(pi || pi_init)) follows R(d) = d (alpha - beta ln d):
// it rises, peaks at d* = exp(alpha / beta - 1) and falls. After each eval
// round the law is fitted (with an intercept: gold at d = 0) to the rounds so
// far, d* is mapped to a step through a power-law fit of d against the step,
// and a bootstrap over the rounds gives the band. It alarms only when the law
// predicts gold materially (minFall) below its peak now (passed) or one eval
// interval ahead (near): a curve that merely flattens (a policy near what the
// task allows) fits a peak too, but not a fall. Pure and seeded.
import { Rng } from '../core/rng.ts';

export interface ForecastRound { step: number; kl: number; gold: number }

export interface GoldLawFit {
  /** gold(d) = c + alpha d - beta d ln d */
  c: number;
  alpha: number;
  beta: number;
  /** Where the fitted law peaks (null: beta <= 0, no peak in sight). */
  dStar: number | null;
  /** The fitted gold at the peak. */
  goldAtPeak: number | null;
}

export type ForecastStatus = 'too-few-rounds' | 'no-peak-yet' | 'ahead' | 'plateau' | 'near' | 'passed';

/** The statuses that are an alarm: the law predicts gold materially below its peak, now or one interval ahead. */
export const alarms = (status: ForecastStatus): boolean => status === 'near' || status === 'passed';

export interface PeakForecast {
  status: ForecastStatus;
  /** Rounds the fit used (those with a measured KL). */
  rounds: number;
  step: number;
  dNow: number | null;
  fit: GoldLawFit | null;
  /** The step the policy reaches d* (extrapolated from d against step). */
  peakStep: number | null;
  /** 10th-90th percentile of peakStep over bootstrap refits that found a peak. */
  band: [number, number] | null;
  /** Share of bootstrap refits that found a peak at all. */
  peakShare: number;
  /** The law's gold below its peak now, and where d will be after nearSteps more steps (null: no peak). */
  fallNow: number | null;
  fallNext: number | null;
}

export interface ForecastOptions {
  /** Rounds needed before a forecast (3 parameters need more than 3 points). @default 4 */
  minRounds?: number;
  /** How far ahead "near" looks, in steps (one eval interval). @default 10 */
  nearSteps?: number;
  /** A fall the law must predict below its peak to count (a flat top is not an alarm). @default 0.5 */
  minFall?: number;
  bootstrap?: number;
  seed?: number;
}

const sqrtKl = (kl: number) => Math.sqrt(Math.max(0, kl));
const dLnD = (d: number) => (d > 0 ? d * Math.log(d) : 0);

/** Least squares of gold = c + alpha d - beta d ln d; null when the points cannot pin the three down. */
export function fitGoldLaw(points: readonly { d: number; gold: number }[]): GoldLawFit | null {
  if (points.length < 3) return null;
  // Normal equations for X = [1, d, -d ln d].
  const rows = points.map((p) => [1, p.d, -dLnD(p.d)]);
  const xtx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const xty = [0, 1, 2].map((i) => rows.reduce((s, r, k) => s + r[i] * points[k].gold, 0));
  const sol = solve3(xtx, xty);
  if (!sol) return null;
  const [c, alpha, beta] = sol;
  const dStar = beta > 0 ? Math.exp(alpha / beta - 1) : null;
  const goldAtPeak = dStar === null ? null : c + alpha * dStar - beta * dLnD(dStar);
  return { c, alpha, beta, dStar: dStar !== null && Number.isFinite(dStar) ? dStar : null, goldAtPeak: goldAtPeak !== null && Number.isFinite(goldAtPeak) ? goldAtPeak : null };
}

/** Gaussian elimination with partial pivoting on a 3x3 system; null when singular. */
function solve3(a: number[][], b: number[]): number[] | null {
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    const scale = Math.max(...m.map((row) => Math.abs(row[col]))) || 1;
    if (Math.abs(m[pivot][col]) < 1e-10 * scale) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let k = col; k < 4; k++) m[r][k] -= f * m[col][k];
    }
  }
  return [0, 1, 2].map((i) => m[i][3] / m[i][i]);
}

/** d against step as d = a step^p (log-log least squares over rounds with d > 0 and step > 0); null with fewer than 2. */
export function fitDistanceGrowth(points: readonly { step: number; d: number }[]): { a: number; p: number } | null {
  const ok = points.filter((x) => x.d > 0 && x.step > 0);
  if (ok.length < 2) return null;
  const xs = ok.map((x) => Math.log(x.step)), ys = ok.map((x) => Math.log(x.d));
  const mx = mean(xs), my = mean(ys);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const p = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / sxx;
  return p > 0 ? { a: Math.exp(my - p * mx), p } : null;
}

/** The step at which d reaches dStar under the growth fit (null when d is not growing). */
function stepAt(dStar: number, growth: { a: number; p: number } | null): number | null {
  if (!growth) return null;
  const s = (dStar / growth.a) ** (1 / growth.p);
  return Number.isFinite(s) ? s : null;
}

function forecastOnce(rounds: readonly ForecastRound[]): { fit: GoldLawFit | null; peakStep: number | null } {
  const pts = rounds.map((r) => ({ d: sqrtKl(r.kl), gold: r.gold, step: r.step }));
  const fit = fitGoldLaw(pts);
  const peakStep = fit?.dStar != null ? stepAt(fit.dStar, fitDistanceGrowth(pts)) : null;
  return { fit, peakStep };
}

/** The forecast after the latest of `rounds` (in step order; rounds without a finite KL are left out). */
export function forecastPeak(all: readonly ForecastRound[], opts: ForecastOptions = {}): PeakForecast {
  const minRounds = Math.max(4, opts.minRounds ?? 4);
  const nearSteps = opts.nearSteps ?? 10;
  const rounds = all.filter((r) => Number.isFinite(r.kl) && Number.isFinite(r.gold));
  const step = all.at(-1)?.step ?? 0;
  const last = rounds.at(-1);
  const dNow = last ? sqrtKl(last.kl) : null;
  const base: PeakForecast = { status: 'too-few-rounds', rounds: rounds.length, step, dNow, fit: null, peakStep: null, band: null, peakShare: 0, fallNow: null, fallNext: null };
  if (rounds.length < minRounds) return base;
  const { fit, peakStep } = forecastOnce(rounds);
  if (!fit) return base;

  // Bootstrap over rounds: which peak steps do refits on resampled rounds give?
  const rng = new Rng(opts.seed ?? 1);
  const n = opts.bootstrap ?? 200;
  const steps: number[] = [];
  let withPeak = 0;
  for (let b = 0; b < n; b++) {
    const sample = Array.from({ length: rounds.length }, () => rounds[Math.floor(rng.next() * rounds.length)]);
    const again = forecastOnce(sample);
    if (again.fit?.dStar != null) withPeak++;
    if (again.peakStep !== null) steps.push(again.peakStep);
  }
  steps.sort((a, b) => a - b);
  const q = (p: number) => steps[Math.min(steps.length - 1, Math.floor(p * steps.length))];
  const band: [number, number] | null = steps.length >= 10 ? [q(0.1), q(0.9)] : null;

  // The fall the law predicts below its peak, now and one interval ahead (d then from the growth fit).
  const fall = (d: number | null) => (fit.dStar === null || fit.goldAtPeak === null || d === null || d <= fit.dStar ? 0 : fit.goldAtPeak - (fit.c + fit.alpha * d - fit.beta * dLnD(d)));
  const growth = fitDistanceGrowth(rounds.map((r) => ({ step: r.step, d: sqrtKl(r.kl) })));
  const dNext = growth ? Math.max(dNow ?? 0, growth.a * (step + nearSteps) ** growth.p) : dNow;
  const fallNow = fit.dStar === null ? null : fall(dNow), fallNext = fit.dStar === null ? null : fall(dNext);
  const minFall = opts.minFall ?? 0.5;
  let status: ForecastStatus;
  if (fit.dStar === null) status = 'no-peak-yet';
  else if (fallNow! >= minFall) status = 'passed';
  else if (fallNext! >= minFall) status = 'near';
  else if (dNow !== null && dNow >= fit.dStar) status = 'plateau';
  else status = 'ahead';
  return { status, rounds: rounds.length, step, dNow, fit, peakStep, band, peakShare: withPeak / n, fallNow, fallNext };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
