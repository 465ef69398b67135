// Named monotonic counters for a process; exposed on /metrics and in logs.
export class Counters {
  private readonly values = new Map<string, number>();
  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}
