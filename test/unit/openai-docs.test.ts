import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAI_ENGINE_DEFAULTS } from '../../src/config/engines/openai.ts';

/** `a.b` -> value for every leaf of the defaults (nested objects such as circuitBreaker flattened). */
function leaves(o: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]);
}

/** Rows of the config table in docs/openai.md: field -> default cell. */
function docRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of readFileSync('docs/openai.md', 'utf8').matchAll(/^\| `([\w.]+)` \| ([^|]+) \|/gm)) rows.set(m[1], m[2].trim());
  return rows;
}

describe('openai docs', () => {
  it('openai docs - the config table lists every OpenAIEngineConfig field with its default', () => {
    const rows = docRows();
    const fields = leaves(OPENAI_ENGINE_DEFAULTS as unknown as Record<string, unknown>);
    expect(fields.length).toBeGreaterThan(20);
    for (const [field, value] of fields) {
      expect(rows.has(field), `docs/openai.md has no row for ${field}`).toBe(true);
      const cell = rows.get(field)!;
      if (field === 'baseUrl' || field === 'model') expect(cell).toBe('(required)');
      else expect(cell, field).toBe('`' + JSON.stringify(value) + '`');
    }
    // And nothing documented that the schema lacks.
    expect([...rows.keys()].sort()).toEqual(fields.map(([f]) => f).sort());
  });
});
