// Turns the learner's monitor log lines into one-line notices for people: a
// new gold peak, and reward hacking flagged. Shown by `run` and `study` even
// when actor logs are hidden.
export function monitorNotice(line: string): string | null {
  if (!line.includes('reward hacking flagged') && !line.includes('new gold peak')) return null;
  try {
    const e = JSON.parse(line) as { type: string; step: number; gold: number; proxy: number; goldPeak?: number; goldPeakStep?: number };
    if (e.type === 'hacking') {
      return `!! reward hacking flagged at step ${e.step}: gold ${e.gold.toFixed(2)} fell from its peak ${e.goldPeak!.toFixed(2)} (step ${e.goldPeakStep}) while the proxy is ${e.proxy.toFixed(2)}`;
    }
    return `gold peak ${e.gold.toFixed(2)} at step ${e.step} (proxy ${e.proxy.toFixed(2)}); checkpoint kept`;
  } catch {
    return null;
  }
}
