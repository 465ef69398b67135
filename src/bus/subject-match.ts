// NATS subject matching (`*` one token, `>` one or more trailing tokens), pure.
// Used by LocalBus routing and by both buses to check work-queue subjects.

export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** True when some pattern of the list captures the subject. */
export function anySubjectMatches(patterns: readonly string[], subject: string): boolean {
  for (const p of patterns) if (subjectMatches(p, subject)) return true;
  return false;
}
