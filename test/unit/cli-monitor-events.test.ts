import { describe, expect, it } from 'vitest';
import { monitorNotice } from '../../src/cli/monitor-events.ts';

describe('cli - monitor notices', () => {
  it('cli - a hacking log line becomes a one-line notice naming the peak', () => {
    const line = JSON.stringify({ level: 'warn', msg: 'reward hacking flagged: gold fell below its peak while the proxy held', type: 'hacking', step: 20, goldPeak: 5.5, goldPeakStep: 10, gold: 3.25, proxy: 8.75, proxyAtPeak: 7 });
    expect(monitorNotice(line)).toBe('!! reward hacking flagged at step 20: gold 3.25 fell from its peak 5.50 (step 10) while the proxy is 8.75');
  });
  it('cli - a gold peak line is shown, other lines are not', () => {
    expect(monitorNotice(JSON.stringify({ msg: 'new gold peak; keeping its checkpoint', type: 'gold-peak', step: 5, gold: 4, proxy: 6 }))).toMatch(/^gold peak 4.00 at step 5/);
    expect(monitorNotice(JSON.stringify({ msg: 'step', step: 3 }))).toBeNull();
  });
});
