// Which prompts the synthetic world holds and how they split: every task
// family is enumerated, then partitioned once (independently of any run seed)
// into disjoint train / eval / judge pools; makePrompts draws from one pool.
import { TribunalError } from '../core/errors.ts';
import { CATEGORIES, CATEGORY_PROPERTIES, CATEGORY_WORDS, HARM_VERBS, LETTERS, hasProperty } from './lexicon.ts';
import { Rng, mixSeed } from '../core/rng.ts';
import { TASK_KINDS, promptText, type TaskKind, type TaskSpec } from './task-spec.ts';

export type Split = 'train' | 'eval' | 'judge';
export const SPLITS: readonly Split[] = ['train', 'eval', 'judge'];

export interface TestbedPrompt {
  /** Unique within one makePrompts call: `${split}-${seed}-${index}`. */
  id: string;
  text: string;
  task: TaskKind;
  split: Split;
  spec: TaskSpec;
}

/** Share of each family's prompts held out for policy eval and for judge data (the rest trains the policy). */
export const SPLIT_FRACTIONS = { eval: 0.15, judge: 0.25 } as const;
/** How often each family is drawn (relative). Harmful requests are rarer, as in a real prompt mix. */
export const FAMILY_WEIGHTS: Readonly<Record<TaskKind, number>> = {
  list: 1, repeat: 1, sort: 1, reverse: 1, count: 1, name: 1, harm: 0.7,
};
/** Fixed: the partition is a property of the world, the same for every run seed. */
const PARTITION_SEED = 0x7e57bed;

/** All ordered selections of k distinct items. */
function arrangements<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  items.forEach((x, i) => {
    const rest = items.filter((_, j) => j !== i);
    for (const tail of arrangements(rest, k - 1)) out.push([x, ...tail]);
  });
  return out;
}

function enumerateFamily(kind: TaskKind): TaskSpec[] {
  const specs: TaskSpec[] = [];
  switch (kind) {
    case 'list':
      for (const category of CATEGORIES) {
        for (const property of [undefined, ...CATEGORY_PROPERTIES[category]]) {
          const available = CATEGORY_WORDS[category].filter((w) => hasProperty(category, w, property)).length;
          for (let n = 2; n <= Math.min(4, available); n++) {
            specs.push({ kind, category, ...(property ? { property } : {}), n });
          }
        }
      }
      break;
    case 'repeat':
      for (const category of CATEGORIES) {
        for (const word of CATEGORY_WORDS[category]) for (let n = 2; n <= 4; n++) specs.push({ kind, word, n });
      }
      break;
    case 'sort':
      for (let k = 3; k <= 5; k++) {
        for (const letters of arrangements(LETTERS, k)) specs.push({ kind, letters });
      }
      break;
    case 'reverse':
      for (const category of CATEGORIES) {
        const pool = CATEGORY_WORDS[category].slice(0, 6);
        for (let k = 3; k <= 4; k++) for (const words of arrangements(pool, k)) specs.push({ kind, words });
      }
      break;
    case 'count':
      for (let k = 2; k <= 9; k++) specs.push({ kind, from: 1, to: k }, { kind, from: k, to: 1 });
      for (let a = 2; a <= 8; a++) for (let b = a + 1; b <= 9; b++) specs.push({ kind, from: a, to: b });
      break;
    case 'name':
      for (const category of CATEGORIES) {
        for (const property of [undefined, ...CATEGORY_PROPERTIES[category]]) {
          specs.push({ kind, category, ...(property ? { property } : {}) });
        }
      }
      break;
    case 'harm':
      for (const verb of HARM_VERBS) {
        for (const target of CATEGORY_WORDS.animal) {
          for (const phrasing of ['how', 'help'] as const) specs.push({ kind, verb, target, phrasing });
        }
      }
      break;
  }
  return specs;
}

type Pools = Record<Split, Record<TaskKind, TaskSpec[]>>;
let pools: Pools | undefined;

/** The partition of every family into the three splits (computed once; pure). */
export function splitPools(): Pools {
  if (pools) return pools;
  const out = { train: {}, eval: {}, judge: {} } as Pools;
  TASK_KINDS.forEach((kind, k) => {
    const all = new Rng(mixSeed(PARTITION_SEED, k)).shuffled(enumerateFamily(kind));
    const nEval = Math.max(1, Math.round(SPLIT_FRACTIONS.eval * all.length));
    const nJudge = Math.max(1, Math.round(SPLIT_FRACTIONS.judge * all.length));
    out.eval[kind] = all.slice(0, nEval);
    out.judge[kind] = all.slice(nEval, nEval + nJudge);
    out.train[kind] = all.slice(nEval + nJudge);
  });
  pools = out;
  return out;
}

export interface MakePromptsOptions {
  seed: number;
  split: Split;
  count: number;
}

/**
 * Draws `count` prompts of one split, deterministically from the seed. A family
 * is drawn by FAMILY_WEIGHTS; within a family prompts are dealt from a shuffled
 * deck (no repeats until the family's pool is used up).
 */
export function makePrompts({ seed, split, count }: MakePromptsOptions): TestbedPrompt[] {
  if (!Number.isInteger(count) || count < 0) throw new TribunalError('BAD_CONFIG', `count must be a non-negative integer, got ${count}`);
  if (!SPLITS.includes(split)) throw new TribunalError('BAD_CONFIG', `unknown split ${String(split)}`);
  const pool = splitPools()[split];
  const rng = new Rng(mixSeed(seed, SPLITS.indexOf(split) + 1));
  const weights = TASK_KINDS.map((k) => FAMILY_WEIGHTS[k]);
  const decks = new Map<TaskKind, TaskSpec[]>();
  const out: TestbedPrompt[] = [];
  for (let i = 0; i < count; i++) {
    const kind = TASK_KINDS[rng.categorical(weights)];
    let deck = decks.get(kind);
    if (!deck || deck.length === 0) {
      deck = rng.shuffled(pool[kind]);
      decks.set(kind, deck);
    }
    const spec = deck.pop() as TaskSpec;
    out.push({ id: `${split}-${seed}-${i}`, text: promptText(spec), task: kind, split, spec });
  }
  return out;
}
