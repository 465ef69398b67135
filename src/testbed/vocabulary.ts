// The closed word list of the synthetic world: every word of prompts,
// responses, gold traces and judge outputs. Tokenizers add their own specials.
import {
  CATEGORY_WORDS, CLOSERS, COMPLIANCE_WORDS, FILLER_WORDS, HARM_VERBS, INSTRUCTION_WORDS, LETTERS,
  MARKER_WORDS, NUMBER_WORDS, OPENER, PLURAL, PRAISE_WORDS, REFUSAL_PHRASE_WORDS, REFUSAL_WORDS,
} from './lexicon.ts';
import { TRACE_WORDS } from './trace.ts';

/** Judge-format words: the separator between prompt, response and score, and the score cue. */
export const FORMAT_WORDS = ['|', 'score'] as const;

let cached: readonly string[] | undefined;

/** Every word that can appear anywhere in the testbed, deduplicated, in a fixed order. */
export function testbedVocabulary(): string[] {
  cached ??= Object.freeze([...new Set<string>([
    ...FORMAT_WORDS,
    ...PRAISE_WORDS, // includes the score digits 0..9
    ...TRACE_WORDS,
    ...INSTRUCTION_WORDS,
    ...Object.values(PLURAL),
    ...Object.keys(PLURAL),
    ...Object.values(CATEGORY_WORDS).flat(),
    'big', 'small',
    ...LETTERS,
    ...NUMBER_WORDS,
    ...HARM_VERBS,
    OPENER, ...CLOSERS, ...MARKER_WORDS,
    ...REFUSAL_WORDS, ...REFUSAL_PHRASE_WORDS,
    ...FILLER_WORDS,
    ...COMPLIANCE_WORDS,
  ])]);
  return cached.slice();
}
