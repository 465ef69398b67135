// Token ids for sampled text. vLLM gives real vocabulary ids (return_token_ids,
// or tokens spelled "token_id:123" with return_tokens_as_token_ids); other
// servers give token strings only, which are hashed to stable stand-in ids.

/** 123 from "token_id:123" (vLLM's return_tokens_as_token_ids); null otherwise. */
export function parseTokenId(token: string): number | null {
  const m = /^token_id:(\d+)$/.exec(token);
  return m ? Number(m[1]) : null;
}

/**
 * A stable id for a token string: 31-bit FNV-1a of its UTF-8 bytes. Not a
 * vocabulary id: equal strings get equal ids across runs and machines, which is
 * what grouping and dedup need, but a trainer must re-tokenize the text.
 */
export function hashTokenId(token: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(token, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}

export type TokenIdSource = 'server' | 'hashed';

/**
 * Ids for T tokens: the server's ids when it gave exactly T, else each token's
 * "token_id:N" spelling, else its hash.
 */
export function tokenIdsOf(tokensT: readonly string[], serverIdsT?: readonly number[] | null): { idsT: Int32Array<ArrayBuffer>; source: TokenIdSource } {
  if (serverIdsT && serverIdsT.length === tokensT.length) return { idsT: Int32Array.from(serverIdsT), source: 'server' };
  const parsed = tokensT.map(parseTokenId);
  if (tokensT.length > 0 && parsed.every((id) => id !== null)) return { idsT: Int32Array.from(parsed as number[]), source: 'server' };
  return { idsT: Int32Array.from(tokensT, hashTokenId), source: 'hashed' };
}

/** Stand-in prompt ids when the server returns none: hashes of whitespace-separated pieces. */
export function hashedPromptIds(prompt: string): Int32Array<ArrayBuffer> {
  return Int32Array.from(prompt.split(/\s+/).filter(Boolean), hashTokenId);
}
