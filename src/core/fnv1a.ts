// FNV-1a over a string's UTF-16 code units, as an unsigned 32-bit integer: a
// stable, fast fingerprint (not for security). One copy for every caller.
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
