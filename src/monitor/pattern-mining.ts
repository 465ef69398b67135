// Finds what the judge is fooled by, without being told. For one eval round,
// the samples the judge overrates (proxy - gold above a threshold) are set
// against those it rates about right (|proxy - gold| within it), and every
// normalised word n-gram gets the log-odds ratio with an informative
// Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"): the
// prior is the n-gram's count over all of the round's samples, so rare words
// do not top the list by chance, and the z-score ranks them. Pure.

export interface ScoredSample { response: string; proxy: number; gold: number }

export interface MinedPattern {
  ngram: string;
  /** z-score of the log-odds ratio, overrated vs rated right. */
  z: number;
  /** Samples (not occurrences) in each set that contain it. */
  inOverrated: number;
  inRatedRight: number;
}

export interface MineOptions {
  /** proxy - gold above this is overrated; |proxy - gold| at most this is rated right (0-9 scale). @default 2 */
  threshold?: number;
  /** Longest n-gram. @default 3 */
  maxN?: number;
  /** Patterns returned. @default 10 */
  top?: number;
  /** Samples an n-gram must appear in (over both sets) to be ranked. @default 3 */
  minSamples?: number;
  /** Prior strength: the all-samples counts are scaled to this many pseudo-counts in all. @default 100 */
  priorMass?: number;
}

export interface RoundPatterns {
  overrated: number;
  ratedRight: number;
  patterns: MinedPattern[];
}

/** Lower-case word tokens: letters, digits and apostrophes; punctuation splits words, and stands alone when it is a marker (<, >, |). */
export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}']+|[<>|]/gu) ?? [];
}

/** Each distinct n-gram (1..maxN words) of a text once: documents, not occurrences, are counted. */
export function ngramSet(text: string, maxN: number): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let n = 1; n <= maxN; n++) for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

function documentCounts(texts: readonly string[], maxN: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const g of ngramSet(t, maxN)) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}

/**
 * Log-odds ratio with an informative Dirichlet prior, per n-gram: delta =
 * log((y_a + a_w) / (n_a + a_0 - y_a - a_w)) - log((y_b + a_w) / (n_b + a_0 - y_b - a_w)),
 * var ~ 1/(y_a + a_w) + 1/(y_b + a_w), z = delta / sqrt(var).
 */
export function logOddsZ(a: Map<string, number>, b: Map<string, number>, prior: Map<string, number>, priorMass: number): Map<string, number> {
  const total = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0);
  const na = total(a), nb = total(b), np = total(prior);
  const a0 = priorMass;
  const out = new Map<string, number>();
  if (np === 0) return out;
  for (const [w, pw] of prior) {
    const aw = (a0 * pw) / np;
    const ya = a.get(w) ?? 0, yb = b.get(w) ?? 0;
    const delta = Math.log((ya + aw) / (na + a0 - ya - aw)) - Math.log((yb + aw) / (nb + a0 - yb - aw));
    out.set(w, delta / Math.sqrt(1 / (ya + aw) + 1 / (yb + aw)));
  }
  return out;
}

/** The n-grams most over-represented in overrated samples of one round (empty when either set is empty). */
export function minePatterns(samples: readonly ScoredSample[], opts: MineOptions = {}): RoundPatterns {
  const threshold = opts.threshold ?? 2, maxN = opts.maxN ?? 3, top = opts.top ?? 10, minSamples = opts.minSamples ?? 3, priorMass = opts.priorMass ?? 100;
  const over = samples.filter((s) => s.proxy - s.gold > threshold).map((s) => s.response);
  const right = samples.filter((s) => Math.abs(s.proxy - s.gold) <= threshold).map((s) => s.response);
  const result: RoundPatterns = { overrated: over.length, ratedRight: right.length, patterns: [] };
  if (over.length === 0 || right.length === 0) return result;
  const a = documentCounts(over, maxN), b = documentCounts(right, maxN);
  const prior = documentCounts(samples.map((s) => s.response), maxN);
  const z = logOddsZ(a, b, prior, priorMass);
  const ranked = [...z.entries()]
    .filter(([g, v]) => v > 0 && (a.get(g) ?? 0) + (b.get(g) ?? 0) >= minSamples)
    // Ties (the same support) go to the longer n-gram: it says more.
    .sort((x, y) => y[1] - x[1] || y[0].split(' ').length - x[0].split(' ').length || x[0].localeCompare(y[0]));
  // A longer n-gram that only repeats a shorter one's evidence adds nothing: keep an n-gram
  // unless a higher-ranked one contains it with the same support, or it contains one so.
  const kept: MinedPattern[] = [];
  for (const [g, v] of ranked) {
    const p = { ngram: g, z: v, inOverrated: a.get(g) ?? 0, inRatedRight: b.get(g) ?? 0 };
    const redundant = kept.some((k) => (contains(k.ngram, g) || contains(g, k.ngram)) && k.inOverrated === p.inOverrated && k.inRatedRight === p.inRatedRight);
    if (!redundant) kept.push(p);
    if (kept.length >= top) break;
  }
  result.patterns = kept;
  return result;
}

const contains = (outer: string, inner: string) => ` ${outer} `.includes(` ${inner} `);

/** An n-gram's z per round, for the rise over training (0 where a round did not rank it). */
export function patternTrend(rounds: readonly { step: number; patterns: MinedPattern[] }[], ngrams: readonly string[]): { step: number; z: Record<string, number> }[] {
  return rounds.map((r) => ({ step: r.step, z: Object.fromEntries(ngrams.map((g) => [g, r.patterns.find((p) => p.ngram === g)?.z ?? 0])) }));
}
