// The config reference (docs/config-reference.md), generated from the zod schema (through its JSON
// Schema) so the docs and the code cannot drift: `tribunal config reference`.
import { configJsonSchema } from './load.ts';

export interface Node {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  anyOf?: Node[];
  oneOf?: Node[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
}

function typeOf(n: Node): string {
  if (n.enum) return n.enum.map((e) => JSON.stringify(e)).join(' \\| ');
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.anyOf || n.oneOf) return 'one of the backends below';
  return Array.isArray(n.type) ? n.type.join(' \\| ') : (n.type ?? 'any');
}

/** One table row per leaf field of a JSON Schema object, under `prefix`. */
export function referenceRows(node: Node, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child.properties && child.type === 'object') {
      referenceRows(child, path, out);
      continue;
    }
    const def = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    out.push(`| \`${path}\` | ${typeOf(child)} | ${def} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
  }
}

export const REFERENCE_HEADER = ['| field | type | default | meaning |', '| --- | --- | --- | --- |'];

export function configReference(): string {
  const schema = configJsonSchema() as Node;
  const out = [...REFERENCE_HEADER];
  referenceRows(schema, '', out);
  const engines = (schema.properties?.engines?.properties?.policy ?? {}) as Node;
  for (const variant of engines.oneOf ?? engines.anyOf ?? []) {
    const backend = variant.properties?.backend?.const;
    out.push(`| **engine \`backend: ${String(backend)}\`** | | | ${variant.properties?.backend?.description ?? ''} |`);
    for (const [key, child] of Object.entries(variant.properties ?? {})) {
      if (key === 'backend') continue;
      const def = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
      out.push(`| \`engines.*.${key}\` | ${typeOf(child)} | ${def} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
    }
  }
  return out.join('\n');
}
