// The pure rules of the trainer's Python environment: which Python will do, when a
// venv is current (its stamp), and how pip's output reads. python-env.ts does the I/O.

export const MIN_PYTHON: readonly number[] = [3, 10];

/** "Python 3.11.7" -> [3, 11, 7]; anything else -> null. */
export function parsePythonVersion(output: string): number[] | null {
  const m = /Python\s+(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

export function versionAtLeast(version: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < Math.max(version.length, min.length); i++) {
    const a = version[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

export function formatVersion(version: readonly number[]): string {
  return version.join('.');
}

export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

/**
 * What a venv's stamp records: the sha256 of each requirements file installed into it.
 * Written last, after pip and an import check, so a killed install never looks current.
 */
export interface VenvStamp {
  version: 1;
  python: string;
  /** requirements file name (e.g. 'requirements.txt') -> sha256 hex of its bytes. */
  requirements: Record<string, string>;
}

export function stampContent(python: string, requirements: Record<string, string>): string {
  const stamp: VenvStamp = { version: 1, python, requirements };
  return JSON.stringify(stamp, null, 1) + '\n';
}

export function parseStamp(text: string | null): VenvStamp | null {
  if (!text) return null;
  try {
    const s = JSON.parse(text) as VenvStamp;
    return s && s.version === 1 && typeof s.requirements === 'object' && s.requirements ? s : null;
  } catch {
    return null;
  }
}

/** A venv is current when its stamp holds every needed file's hash (it may hold more: dev on top). */
export function stampSatisfies(text: string | null, needed: Record<string, string>): boolean {
  const stamp = parseStamp(text);
  return stamp !== null && Object.entries(needed).every(([file, sha]) => stamp.requirements[file] === sha);
}

/** TRIBUNAL_PIP_ARGS, split on whitespace. */
export function splitPipArgs(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

/** A progress note for a line of pip's output worth showing, else null. */
export function pipProgressNote(line: string): string | null {
  const collecting = /^Collecting (\S+)/.exec(line);
  if (collecting) return `collecting ${collecting[1]}`;
  const installing = /^Installing collected packages: (.*)$/.exec(line);
  if (installing) return `installing ${installing[1].split(',').length} packages (the slow part)`;
  if (/^Successfully installed /.test(line)) return `installed ${line.split(' ').length - 2} packages`;
  return null;
}

/** The line of pip's output that says why it failed: its last ERROR line, else its last line. */
export function pipFailureLine(tail: readonly string[]): string {
  const errors = tail.filter((l) => l.startsWith('ERROR:'));
  return (errors.at(-1) ?? tail.at(-1) ?? 'no output').trim();
}
