// Keeps the chart's three descriptions of its values in step: values.yaml (the
// defaults), values.schema.json (the shape helm enforces) and the reference table
// in docs/kubernetes.md. Rendering is checked in helm-chart.test.ts.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CHART_DIR } from '../helpers/helm.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const values = parseYaml(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as Obj;
const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as Obj;
const kubernetesDoc = readFileSync(join(CHART_DIR, '../../docs/kubernetes.md'), 'utf8');
/** docs/kubernetes.md's values reference: from its (level-2) heading to the next level-2 heading. */
const VALUES_HEADING = '\n## Values reference\n';
if (!kubernetesDoc.includes(VALUES_HEADING)) throw new Error('docs/kubernetes.md lacks its "## Values reference" section');
const doc = kubernetesDoc.slice(kubernetesDoc.indexOf(VALUES_HEADING) + 1).split(/\n## /)[0];


/** Keys whose children are free-form (the runtime or Kubernetes checks them, not the chart). */
const FREE_FORM = new Set(['experiment', 'podSecurityContext', 'securityContext', 'podAnnotations', 'podLabels']);
/** Actor kinds documented once as `<kind>.<key>`. */
const ACTOR_KINDS = new Set(['rollout', 'judge', 'gold']);
/** Placeholders a row may start with, and the values paths each stands for. */
const PLACEHOLDERS: [string, string[]][] = [
  ['<kind>.', [...ACTOR_KINDS].map((k) => `${k}.`)],
  ['vllm.<server>.', ['vllm.policy.', 'vllm.judge.']],
];

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys in the first column of the docs' values table(s), placeholders as written. */
function documentedRows(): Set<string> {
  const keys = new Set<string>();
  for (const line of doc.split('\n')) {
    const m = /^\| `([^`]+)` \|/.exec(line);
    if (m) keys.add(m[1]!);
  }
  return keys;
}

/** The rows with their placeholders expanded to values paths. */
function documentedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const row of documentedRows()) {
    const p = PLACEHOLDERS.find(([prefix]) => row.startsWith(prefix));
    if (!p) keys.add(row);
    else for (const path of p[1]) keys.add(path + row.slice(p[0].length));
  }
  return keys;
}

/**
 * The values paths the table must have a row for: a key, or, where rows go below it,
 * each of its children (recursively: `learner.trainer.port` once `learner.trainer.*`
 * rows exist). Free-form and empty maps are one row.
 */
function expectedKeys(documented: Set<string>): Set<string> {
  const expected = new Set<string>();
  const rowsUnder = (path: string) => [...documented].some((d) => d.startsWith(`${path}.`));
  const walk = (path: string, v: unknown, top: boolean) => {
    const expand = isMap(v) && !(top && FREE_FORM.has(path)) && Object.keys(v).length > 0 && rowsUnder(path);
    if (!expand) {
      expected.add(path);
      return;
    }
    for (const [k, child] of Object.entries(v)) walk(`${path}.${k}`, child, false);
  };
  for (const [key, v] of Object.entries(values)) walk(key, v, true);
  return expected;
}

describe('helm values docs', () => {
  it('helm values docs - values.yaml and the schema name the same keys, two levels deep', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(values).sort()).toEqual(Object.keys(schema.properties).sort());
    for (const [key, v] of Object.entries(values)) {
      const s = schema.properties[key];
      if (!isMap(v) || FREE_FORM.has(key) || s.additionalProperties !== false) continue;
      expect(Object.keys(v).sort(), key).toEqual(Object.keys(s.properties).sort());
    }
  });

  it('helm values docs - every values key is in the reference table, and every table key exists', () => {
    const documented = documentedKeys();
    const expected = expectedKeys(documented);
    const missing = [...expected].filter((k) => !documented.has(k));
    expect(missing, 'values keys missing from the values reference in docs/kubernetes.md').toEqual([]);
    const stale = [...documented].filter((k) => !expected.has(k));
    expect(stale, 'values reference rows (docs/kubernetes.md) for keys values.yaml lacks').toEqual([]);
    // The per-kind rows must fit every actor kind.
    const kindKeys = Object.keys(values.judge).sort();
    for (const kind of ACTOR_KINDS) expect(Object.keys(values[kind]).sort(), kind).toEqual(kindKeys);
  });

  it('helm values docs - every top-level key in values.yaml carries a comment', () => {
    const lines = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8').split('\n');
    const uncommented: string[] = [];
    lines.forEach((line, i) => {
      const m = /^([A-Za-z][A-Za-z0-9]*):/.exec(line);
      if (!m) return;
      // A comment on the line above, or above a run of sibling keys sharing one comment.
      let j = i - 1;
      while (j >= 0 && /^[A-Za-z][A-Za-z0-9]*:/.test(lines[j]!)) j--;
      if (j < 0 || !lines[j]!.startsWith('#')) uncommented.push(m[1]!);
    });
    expect(uncommented).toEqual([]);
  });
});
