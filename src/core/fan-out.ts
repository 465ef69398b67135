// One promise of N results as N promises, one per result: each consumer
// awaits its own, and the shared rejection reaches every one of them.
export function fanOut<T>(all: Promise<readonly T[]>, n: number): Promise<T>[] {
  return Array.from({ length: n }, (_, i) => all.then((results) => results[i]));
}
