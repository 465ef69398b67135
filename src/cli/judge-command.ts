// `tribunal judge`: score one (prompt, response) with an LLM judge on an
// OpenAI-compatible server, or compare two responses, and print one JSON
// object. Flags and output only; judging is the openai backend's, built by the registry.
import { parseArgs } from 'node:util';
import { createJudge } from '../backends/registry.ts';
import type { Judge } from '../engines/types.ts';
import { parseOpenAIEngineConfig } from '../config/engines/openai.ts';
import { isTribunalError, oneLine } from '../core/errors.ts';

const USAGE = `usage: tribunal judge --base-url URL --model M --prompt TEXT --response TEXT [options]

Scores one response (pointwise, 0-9) or compares two (pairwise) with an LLM judge
served by an OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, OpenAI).

  --base-url URL        server base URL including /v1, e.g. http://127.0.0.1:8000/v1
  --model M             served model name
  --mode MODE           pointwise (default) or pairwise
  --reasoning R         off (default), on (Qwen3 enable_thinking), low|medium|high (reasoning_effort)
  --prompt TEXT         the user prompt
  --response TEXT       the response to score (response A when pairwise)
  --response-b TEXT     the second response (pairwise)
  --api-key-env NAME    env var holding the API key (default OPENAI_API_KEY; none needed for vLLM)
  --timeout-ms N        per-attempt timeout (default 120000)
  --max-retries N       retries on 429/5xx/connection errors (default 4)
  --template FILE       judge prompt template (default templates/pointwise-judge.txt or pairwise-judge.txt)
  -h, --help            this text

Prints one JSON object: {valid, score, expected, distribution, pAWins, winner, preference,
reasoningTokens, usage}. Pairwise: pAWins is the probability that response A wins and winner
"A", "B" or "tie" (pAWins 0.5); preference is the same number under its old name, kept until
the next minor version. Pointwise: those three are null.
Exit 0 on an answer (even an invalid verdict), 1 when the endpoint fails, 2 on bad flags.`;

const OPTIONS = {
  'base-url': { type: 'string' },
  model: { type: 'string' },
  mode: { type: 'string' },
  reasoning: { type: 'string' },
  prompt: { type: 'string' },
  response: { type: 'string' },
  'response-b': { type: 'string' },
  'api-key-env': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-retries': { type: 'string' },
  template: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CommandIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
}

class FlagError extends Error {}

function intFlag(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new FlagError(`--${name}: expected an integer >= ${min}, got '${v}'`);
  return n;
}

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new FlagError(`--${name}: expected ${allowed.join('|')}, got '${v}'`);
  return v as T;
}

export async function judgeCommand(argv: string[], io: CommandIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let judge: Judge;
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>['values'];
  try {
    try {
      ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (e) {
      // node's messages name the flag ("Unknown option '--foo'"); keep its first line.
      throw new FlagError((e as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
    }
    if (values.help) {
      io.out.write(USAGE + '\n');
      return 0;
    }
    for (const name of ['base-url', 'model', 'prompt', 'response'] as const) {
      if (values[name] === undefined) throw new FlagError(`--${name} is required`);
    }
    const mode = oneOf(values.mode, 'mode', ['pointwise', 'pairwise'] as const) ?? 'pointwise';
    const reasoning = oneOf(values.reasoning, 'reasoning', ['off', 'on', 'low', 'medium', 'high'] as const);
    if (mode === 'pairwise' && values['response-b'] === undefined) throw new FlagError('--response-b is required with --mode pairwise');
    if (mode === 'pointwise' && values['response-b'] !== undefined) throw new FlagError('--response-b needs --mode pairwise');
    let config;
    try {
      config = parseOpenAIEngineConfig({
        backend: 'openai',
        baseUrl: values['base-url'],
        model: values.model,
        mode,
        reasoning,
        apiKeyEnv: values['api-key-env'],
        timeoutMs: intFlag(values['timeout-ms'], 'timeout-ms', 1),
        maxRetries: intFlag(values['max-retries'], 'max-retries', 0),
        ...(values.template ? { [mode === 'pointwise' ? 'promptTemplate' : 'pairwiseTemplate']: values.template } : {}),
        cache: false,
      });
    } catch (e) {
      // The schema names the field; map the one a flag sets back to it.
      throw new FlagError(oneLine(e).replace('openai engine config: baseUrl', '--base-url').replace('openai engine config: ', ''));
    }
    // A judge of its own: no data words, no training settings.
    judge = await createJudge(config, { vocab: () => [], temperature: 1, seed: 1, totalSteps: 0, optimizer: { lr: 0, weightDecay: 0, gradClip: 0 } });
  } catch (e) {
    if (!(e instanceof FlagError) && !isTribunalError(e, 'BAD_CONFIG')) throw e;
    io.err.write(`tribunal judge: ${oneLine(e)}\n`);
    return 2;
  }

  try {
    let result: Record<string, unknown>;
    if (judge.mode === 'pairwise') {
      const r = await judge.comparePair(values.prompt!, values.response!, values['response-b']!);
      const winner = r.pA === null ? null : r.pA > 0.5 ? 'A' : r.pA < 0.5 ? 'B' : 'tie';
      result = { valid: r.pA !== null, score: null, expected: null, distribution: null, pAWins: r.pA, winner, preference: r.pA, reasoningTokens: r.reasoningTokens };
    } else {
      const [v] = await judge.scorePointwise([{ prompt: values.prompt!, response: values.response! }]);
      result = {
        valid: v.valid,
        score: v.score,
        expected: v.expected,
        distribution: v.distribution ? Array.from(v.distribution, (p) => Number(p.toFixed(6))) : null,
        pAWins: null,
        winner: null,
        preference: null,
        reasoningTokens: v.reasoningTokens,
      };
    }
    io.out.write(JSON.stringify({ ...result, usage: judge.usageSnapshot?.() }) + '\n');
    return 0;
  } catch (e) {
    io.err.write(`tribunal judge: ${oneLine(e)}\n`);
    return 1;
  } finally {
    await judge.close();
  }
}
