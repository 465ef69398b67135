// Turns the learner's monitor log lines into one-line notices for people: a
// new gold peak, reward hacking flagged, the gold-peak forecast turning near
// or passed, and gold-free warnings. Shown by `run` and `study` even when
// actor logs are hidden.
const MARKERS = ['reward hacking flagged', 'new gold peak', 'gold peak forecast', 'gold-free warning'];

export function monitorNotice(line: string): string | null {
  if (!MARKERS.some((m) => line.includes(m))) return null;
  try {
    const e = JSON.parse(line) as {
      type: string; step: number; gold: number; proxy: number; goldPeak?: number; goldPeakStep?: number;
      status?: string; peakStep?: number | null; band?: [number, number] | null; signal?: string; value?: number; peak?: number;
    };
    if (e.type === 'peak-forecast') {
      const band = e.band ? ` (band ${Math.round(e.band[0])}-${Math.round(e.band[1])})` : '';
      return `?? gold peak forecast at step ${e.step}: ${e.status}, the peak at about step ${e.peakStep === null || e.peakStep === undefined ? '?' : Math.round(e.peakStep)}${band}`;
    }
    if (e.type === 'gold-free-warning') {
      return `?? gold-free warning at step ${e.step}: ${e.signal} ${e.value! > e.peak! ? 'rose' : 'fell'} to ${e.value!.toFixed(2)} from ${e.peak!.toFixed(2)} while the proxy holds at ${e.proxy.toFixed(2)}`;
    }
    if (e.type === 'hacking') {
      return `!! reward hacking flagged at step ${e.step}: gold ${e.gold.toFixed(2)} fell from its peak ${e.goldPeak!.toFixed(2)} (step ${e.goldPeakStep}) while the proxy is ${e.proxy.toFixed(2)}`;
    }
    return `gold peak ${e.gold.toFixed(2)} at step ${e.step} (proxy ${e.proxy.toFixed(2)}); checkpoint kept`;
  } catch {
    return null;
  }
}
