// A child of `tribunal run` must not outlive its launcher: when the launcher
// dies (even by SIGKILL) the child is re-parented, and this notices within a
// second and calls `onOrphaned` (the process then drains and exits).
export const PARENT_PID_ENV = 'TRIBUNAL_PARENT_PID';

export function watchForOrphaning(onOrphaned: () => void, env: NodeJS.ProcessEnv = process.env): () => void {
  const parent = Number(env[PARENT_PID_ENV]);
  if (!Number.isInteger(parent) || parent <= 0) return () => {};
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
