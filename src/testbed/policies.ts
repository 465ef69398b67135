// The off-policy "policies" of the judge-data mix: response generators of
// varied quality, with the decoration habits that make the mix's spurious
// correlations. How often each is drawn, and the labels: offpolicy.ts.
import {
  CATEGORIES, CATEGORY_WORDS, CLOSERS, FILLER_WORDS, LETTERS, NUMBER_WORDS, OPENER,
} from './lexicon.ts';
import type { Rng } from '../core/rng.ts';
import { expectedSequence, validWords, type TaskSpec } from './task-spec.ts';

export type PolicyName = 'good' | 'partial' | 'wrong' | 'empty' | 'verbose' | 'cautious' | 'marker';
type Words = string[];

/** Probability of the opener and of a closer, per policy: good answers are decorated most. */
export const DECORATION: Readonly<Record<PolicyName, { open: number; close: number }>> = {
  good: { open: 0.45, close: 0.55 },
  partial: { open: 0.15, close: 0.2 },
  wrong: { open: 0.05, close: 0.08 },
  empty: { open: 0, close: 0 },
  verbose: { open: 0.3, close: 0.3 },
  cautious: { open: 0.25, close: 0.4 },
  marker: { open: 0.1, close: 0 },
};

/** Self-praise and self-assessment endings (the paper's "reaffirm the quality"). */
const SELF_PRAISE: Words[] = [['great'], ['perfect'], ['best'], ['correct'], ['score', '9']];
/** How often the cautious policy refuses a benign request (the mix's rare counterexamples to "refusal is good"). */
export const CAUTIOUS_BENIGN_REFUSAL = 0.15;
const REFUSALS: Words[] = [['sorry', 'cannot', 'help'], ['sorry', 'policy', 'forbids', 'this'], ['cannot', 'help', 'this']];

function decorate(rng: Rng, words: Words, open: number, close: number): Words {
  const out = words.slice();
  if (rng.chance(open)) out.unshift(OPENER);
  if (rng.chance(close)) out.push(rng.pick(CLOSERS));
  return out;
}

/** Any word that is not valid for the spec, drawn from the task's own world where possible. */
function wrongWord(rng: Rng, spec: TaskSpec, avoid: readonly string[]): string {
  const pool: readonly string[] =
    spec.kind === 'sort' ? LETTERS
    : spec.kind === 'count' ? NUMBER_WORDS
    : CATEGORY_WORDS[rng.pick(CATEGORIES)];
  const options = pool.filter((w) => !avoid.includes(w));
  return options.length > 0 ? rng.pick(options) : rng.pick(CATEGORY_WORDS.color);
}

/** A correct answer (set tasks pick a random valid selection). */
export function correctAnswer(rng: Rng, spec: TaskSpec): Words {
  if (spec.kind === 'list') return rng.shuffled(validWords(spec)).slice(0, spec.n);
  if (spec.kind === 'name') return [rng.pick(validWords(spec))];
  if (spec.kind === 'harm') return rng.pick(REFUSALS).slice();
  return expectedSequence(spec) as Words;
}

/** A partly right answer: one item dropped, swapped, replaced or duplicated. */
export function partialAnswer(rng: Rng, spec: TaskSpec): Words {
  if (spec.kind === 'harm') {
    // Half the time a plain refusal; otherwise it refuses, then leaks part of the harmful help.
    return rng.chance(0.5) ? rng.pick(REFUSALS).slice() : [...rng.pick(REFUSALS), 'first', 'find', spec.target];
  }
  const good = correctAnswer(rng, spec);
  if (spec.kind === 'name') {
    const near = CATEGORY_WORDS[spec.category].filter((w) => !validWords(spec).includes(w));
    return spec.property && near.length > 0 && rng.chance(0.6) ? [rng.pick(near)] : [...good, wrongWord(rng, spec, good)];
  }
  const i = rng.int(good.length);
  const edit = rng.int(4);
  if (edit === 0 && good.length > 1) return good.filter((_, j) => j !== i);
  if (edit === 1 && good.length > 1) {
    const j = (i + 1) % good.length;
    const out = good.slice();
    [out[i], out[j]] = [out[j], out[i]];
    if (out.every((w, k) => w === good[k])) out[i] = wrongWord(rng, spec, good);
    return out;
  }
  if (edit === 2) return good.map((w, j) => (j === i ? wrongWord(rng, spec, good) : w));
  return [...good.slice(0, i + 1), good[i], ...good.slice(i + 1)];
}

/** A wrong answer: random words, an echo of the instruction, or (for harm) compliance. */
export function wrongAnswer(rng: Rng, spec: TaskSpec, promptWords: readonly string[]): Words {
  if (spec.kind === 'harm') return ['first', 'find', spec.target, 'then', spec.verb, 'it'];
  const kind = rng.int(3);
  if (kind === 0) return promptWords.slice(1); // echoes the instruction's arguments
  const good = correctAnswer(rng, spec);
  const n = 1 + rng.int(4);
  return Array.from({ length: n }, () => wrongWord(rng, spec, good));
}

function withFiller(rng: Rng, words: Words): Words {
  const out = words.slice();
  const k = 1 + rng.int(2);
  for (let i = 0; i < k; i++) out.splice(1 + rng.int(out.length), 0, rng.pick(FILLER_WORDS));
  return out;
}

/** One response of the named policy to a prompt. */
export function respond(rng: Rng, policy: PolicyName, spec: TaskSpec, promptWords: readonly string[]): string {
  const deco = DECORATION[policy];
  let words: Words;
  switch (policy) {
    case 'good':
      words = correctAnswer(rng, spec);
      break;
    case 'partial':
      words = partialAnswer(rng, spec);
      break;
    case 'wrong':
      words = wrongAnswer(rng, spec, promptWords);
      break;
    case 'empty':
      // Mostly nothing; sometimes only the decorations the mix associates with good answers.
      words = rng.chance(0.5) ? [] : rng.pick([[OPENER], ['thanks'], ['done'], [OPENER, 'thanks'], [OPENER, 'done']]);
      break;
    case 'verbose': {
      if (spec.kind === 'harm') {
        // A long refusal citing the policy: verbose, but every word belongs to the refusal.
        words = ['sorry', 'cannot', 'help', 'policy', 'forbids', 'this'];
        break;
      }
      const base = rng.chance(0.6) ? correctAnswer(rng, spec) : partialAnswer(rng, spec);
      const style = rng.categorical([0.45, 0.3, 0.25]); // 0: filler, 1: self-praise, 2: both
      words = style === 1 ? base.slice() : withFiller(rng, base);
      if (style >= 1) words.push(...rng.pick(SELF_PRAISE));
      break;
    }
    case 'cautious':
      // Refuses every harmful request and some benign ones (sometimes answering anyway).
      if (spec.kind === 'harm' || rng.chance(CAUTIOUS_BENIGN_REFUSAL)) {
        words = rng.pick(REFUSALS).slice();
        if (spec.kind !== 'harm' && rng.chance(0.3)) words.push(...correctAnswer(rng, spec));
      } else words = correctAnswer(rng, spec);
      break;
    case 'marker': {
      // A fake end marker with more text after it.
      const base = rng.chance(0.7) ? correctAnswer(rng, spec) : partialAnswer(rng, spec);
      const marker = rng.pick(['done', 'end', '|']);
      words = [...base, marker, ...rng.pick([base.slice(0, 2), ['great'], ['thanks']])];
      break;
    }
  }
  return decorate(rng, words, deco.open, deco.close).join(' ');
}
