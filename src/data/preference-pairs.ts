// Off-policy judge data from a preference dataset in the shape of Tulu 3's
// preference mix: one JSON object per line with a prompt and a chosen and a
// rejected response, each a string or a conversation ([{role, content}], the
// response being its last assistant turn). Both responses become (prompt,
// response) pairs for gold to label. A bad line fails with the file, the line
// number and the field.
import { z } from 'zod';
import { TribunalError } from '../core/errors.ts';
import { readJsonlFile } from './jsonl-file.ts';

const Turn = z.object({ role: z.string(), content: z.string() }).passthrough();
/** A response may be empty (an answer that says nothing is data too); a prompt may not. */
const Text = z.union([z.string(), z.array(Turn).min(1)]);
const Line = z.object({ prompt: z.union([z.string().min(1), z.array(Turn).min(1)]).optional(), chosen: Text, rejected: Text }).passthrough();

export interface OffPolicyPair {
  prompt: string;
  response: string;
  /** Which side of its preference pair the response was, and the line it came from. */
  side: 'chosen' | 'rejected';
  line: number;
}

function lastUserTurn(turns: z.infer<typeof Turn>[]): string | undefined {
  return turns.filter((t) => t.role === 'user').at(-1)?.content;
}

function responseOf(v: z.infer<typeof Text>, where: string): string {
  if (typeof v === 'string') return v;
  const reply = v.filter((t) => t.role === 'assistant').at(-1)?.content;
  if (reply === undefined) throw new TribunalError('BAD_CONFIG', `${where}: no assistant turn`);
  return reply;
}

/** Every (prompt, chosen) and (prompt, rejected) pair of the file, in file order; headBytes: of its first lines only (a preflight's look). */
export function readPreferencePairs(path: string, opts: { headBytes?: number } = {}): OffPolicyPair[] {
  const pairs: OffPolicyPair[] = [];
  for (const { line, value: { prompt, chosen, rejected } } of readJsonlFile(path, Line, 'preferences', opts)) {
    const where = `${path}:${line}`;
    // Without a prompt field the conversation's last user turn is the prompt (Tulu 3 keeps both).
    const promptText = typeof prompt === 'string' ? prompt : lastUserTurn(prompt ?? (Array.isArray(chosen) ? chosen : []));
    if (!promptText) throw new TribunalError('BAD_CONFIG', `${where}: prompt: missing (no prompt field and no user turn)`);
    pairs.push({ prompt: promptText, response: responseOf(chosen, `${where}: chosen`), side: 'chosen', line });
    pairs.push({ prompt: promptText, response: responseOf(rejected, `${where}: rejected`), side: 'rejected', line });
  }
  if (pairs.length === 0) throw new TribunalError('BAD_CONFIG', `${path}: no preference pairs`);
  return pairs;
}
