// Tolerant parsing of a judge's text into a verdict: a pointwise score or a
// pairwise preference, with <think> reasoning split off. Never throws; what an
// invalid verdict earns is the reward policy's business, not the parser's.

export interface ScoreRange {
  low: number;
  high: number;
}

export interface PointwiseVerdict {
  valid: boolean;
  /** The integer score, in [low, high]; null when invalid. */
  score: number | null;
  /** Contents of the <think> blocks (trimmed, joined by blank lines); '' when there are none. */
  reasoningText: string;
}

export interface PairwiseVerdict {
  valid: boolean;
  preferred: 'A' | 'B' | null;
  /** Contents of the <think> blocks, as for pointwise. */
  reasoningText: string;
}

interface Split {
  reasoning: string;
  answer: string;
}

/**
 * Splits reasoning from the answer. Handles closed <think>...</think> blocks,
 * a lone </think> (chat templates that open the block in the prompt: all
 * before it is reasoning) and a trailing unclosed <think> (truncated output:
 * all after it is reasoning, so no answer follows).
 */
export function splitReasoning(text: string): Split {
  const parts: string[] = [];
  let answer = text.replace(/<think>([\s\S]*?)<\/think>/gi, (_m, inner: string) => {
    parts.push(inner);
    return '\n';
  });
  const close = answer.toLowerCase().lastIndexOf('</think>');
  if (close >= 0) {
    parts.unshift(answer.slice(0, close));
    answer = answer.slice(close + '</think>'.length);
  }
  const open = answer.search(/<think>/i);
  if (open >= 0) {
    parts.push(answer.slice(open + '<think>'.length));
    answer = answer.slice(0, open);
  }
  const reasoning = parts.map((p) => p.trim()).filter((p) => p.length > 0).join('\n\n');
  return { reasoning, answer };
}

/** Drops markdown and LaTeX wrappers that hide a number: **7**, `7`, # headings, \boxed{7}, $7$. */
function stripMarkup(answer: string): string {
  return answer
    .replace(/\\boxed\{([^{}]*)\}/g, '$1')
    .replace(/[*`$]|__/g, '')
    .replace(/^[ \t]*#+[ \t]*/gm, '');
}

interface Candidate<T> {
  at: number;
  value: T;
}

/** The candidate found last in the text (by start position) over all patterns, or null. */
function lastCandidate<T>(text: string, patterns: [RegExp, (m: RegExpExecArray) => T | undefined][]): Candidate<T> | null {
  let best: Candidate<T> | null = null;
  for (const [re, pick] of patterns) {
    for (const m of text.matchAll(re)) {
      const value = pick(m as RegExpExecArray);
      if (value !== undefined && (best === null || m.index! >= best.at)) best = { at: m.index!, value };
    }
  }
  return best;
}

function lastLine(text: string): { line: string; at: number } {
  const lines = text.split('\n');
  let at = text.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    at -= lines[i].length;
    if (lines[i].trim().length > 0) return { line: lines[i], at };
    at -= 1; // the '\n'
  }
  return { line: '', at: 0 };
}

// A number: integer or decimal (decimals are found so that "Score: 7.5" is seen, then rejected).
const NUM = String.raw`(\d+(?:[.,]\d+)?)(?![\d])`;
const SCORE_LABEL = String.raw`(?:final\s+(?:answer|score|rating|grade|verdict)|overall\s+(?:score|rating)|score|rating|grade)`;
// "Score (0-9): 7", "Score = 7", "Rating is 7", "score of 7", "Score - 7", "Score\n7".
// No two optional whitespace runs are adjacent (else a long blank run backtracks polynomially).
const SCORE_RE = new RegExp(
  String.raw`\b${SCORE_LABEL}(?:\s*\(\s*\d+\s*(?:-|–|to)\s*\d+\s*\))?\s*(?:(?:[:=]|\bis\b|\bof\b|-(?=\s))\s*)?(?:[\[(]{1,2}\s*)?${NUM}`,
  'gi',
);
const DOUBLE_BRACKET_RE = new RegExp(String.raw`\[\[\s*${NUM}\s*\]\]`, 'g');
const BARE_LINE_RE = new RegExp(String.raw`^[^\w+\-]*${NUM}(?:\s*\/\s*\d+)?[^\w]*$`);

function toScore(raw: string, range: ScoreRange): number | null {
  const x = Number(raw.replace(',', '.'));
  return Number.isInteger(x) && x >= range.low && x <= range.high ? x : null;
}

/**
 * Reads a pointwise score from a judge's output. The score must come after the
 * reasoning; among "Score: 7", "**Rating:** 7", "Final answer: 7", "score of 7",
 * "7/9" (denominator = high), "[[7]]", \boxed{7} and a bare number on the last
 * line, the last one in the text decides. A decimal, out-of-range or missing
 * score makes the verdict invalid.
 */
export function parsePointwiseVerdict(text: string, range: ScoreRange = { low: 0, high: 9 }): PointwiseVerdict {
  const { reasoning, answer } = splitReasoning(typeof text === 'string' ? text : '');
  const clean = stripMarkup(answer);
  const fractionRe = new RegExp(String.raw`(?<![\w.\-])${NUM}\s*\/\s*${range.high}(?!\d)`, 'g');
  const found = lastCandidate<string>(clean, [
    [SCORE_RE, (m) => m[1]],
    [DOUBLE_BRACKET_RE, (m) => m[1]],
    [fractionRe, (m) => m[1]],
  ]);
  let raw = found?.value ?? null;
  const { line, at } = lastLine(clean);
  const bare = BARE_LINE_RE.exec(line);
  if (bare && (found === null || at > found.at)) raw = bare[1];
  const score = raw === null ? null : toScore(raw, range);
  return { valid: score !== null, score, reasoningText: reasoning };
}

type Choice = 'A' | 'B' | 'tie';
const NOUN = String.raw`(?:response|assistant|output|model|candidate|answer)`;
const TIE = String.raw`tie|both|neither|equal`;

function choice(letter: string, hasNoun: boolean): Choice | undefined {
  if (/^(?:tie|both|neither|equal|c)$/i.test(letter)) return 'tie';
  // A bare lowercase "a" is usually the article, so accept lowercase only after a noun.
  if (letter === 'A' || letter === 'B') return letter;
  if (hasNoun && (letter === 'a' || letter === 'b')) return letter.toUpperCase() as Choice;
  return undefined;
}

const PAIR_PATTERNS: [RegExp, (m: RegExpExecArray) => Choice | undefined][] = [
  // MT-bench style: [[A]], [[B]], [[C]] (tie).
  [/\[\[\s*([ABC]|tie)\s*\]\]/gi, (m) => choice(m[1].length === 1 ? m[1].toUpperCase() : m[1], false)],
  // "Winner: B", "Final verdict: Response A", "Preferred response is (B)", "Answer: B", "Winner: tie".
  [
    new RegExp(
      String.raw`\b(?:final\s+(?:verdict|answer|choice)|verdict|winner|answer|preferred(?:\s+${NOUN})?|preference|better\s+${NOUN}|best\s+${NOUN}|choice)\s*(?:[:=]|\bis\b)\s*(${NOUN}\s*)?(?:[\[(]{1,2}\s*)?([AB]|${TIE})\b`,
      'gi',
    ),
    (m) => choice(m[2], m[1] !== undefined),
  ],
  // "Response A is better", "Assistant (B) is clearly superior".
  [
    new RegExp(
      String.raw`\b${NOUN}\s*[\[(]?([AB])[\])]?\s+(?:is|was)\s+(?:clearly\s+|slightly\s+|much\s+|significantly\s+)?(?:the\s+)?(?:better|superior|preferred|stronger|winner|more\s+helpful)`,
      'gi',
    ),
    (m) => choice(m[1], true),
  ],
  // "A is better" (uppercase letter only).
  [/\b([AB])\s+(?:is|was)\s+(?:clearly\s+|slightly\s+|much\s+)?(?:the\s+)?(?:better|superior|preferred|stronger|winner)/g, (m) => choice(m[1], false)],
  // "I prefer Response B", "I would choose A".
  [
    new RegExp(String.raw`\bI\s+(?:would\s+)?(?:prefer|choose|pick|select)\s+(${NOUN}\s*)?[\[(]?([AB])\b`, 'gi'),
    (m) => choice(m[2], m[1] !== undefined),
  ],
];
const PAIR_BARE_LINE_RE = new RegExp(String.raw`^[^\w]*(?:(${NOUN})[\s\[(]*)?([AB])[^\w]*$`, 'i');

/**
 * Reads a pairwise preference: "[[A]]", "Response A is better", "Winner: B",
 * "I prefer Response B", or "**B**" / "Response B" alone on the last line. The
 * last one after the reasoning decides; a tie ("[[C]]", "Winner: tie") or
 * nothing recognisable makes the verdict invalid.
 */
export function parsePairwiseVerdict(text: string): PairwiseVerdict {
  const { reasoning, answer } = splitReasoning(typeof text === 'string' ? text : '');
  const clean = stripMarkup(answer);
  const found = lastCandidate(clean, PAIR_PATTERNS);
  let pick: Choice | null = found?.value ?? null;
  const { line, at } = lastLine(clean);
  const bare = PAIR_BARE_LINE_RE.exec(line);
  const bareChoice = bare ? choice(bare[2], bare[1] !== undefined) : undefined;
  if (bareChoice !== undefined && (found === null || at > found.at)) pick = bareChoice;
  const preferred = pick === 'A' || pick === 'B' ? pick : null;
  return { valid: preferred !== null, preferred, reasoningText: reasoning };
}
