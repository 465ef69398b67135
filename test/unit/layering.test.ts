// Imports point one way: a module may import its own folder and the layers
// below it, never a layer above. Pure logic imports no I/O. The table below is
// the layering docs/development.md's "Layout and layers" section draws; change both together.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Layer of each top folder of src/ (and of actors/, bench/, bin/), lowest first. */
const RANK: Record<string, number> = {
  core: 0,
  wire: 1, rl: 1, testbed: 1, config: 1,
  judging: 2, data: 2, monitor: 2, bus: 2, scheduler: 2,
  runtime: 3, pyenv: 3,
  engines: 4,
  backends: 5,
  learner: 6, scoring: 6, report: 6,
  actors: 7, dashboard: 7,
  launcher: 8,
  study: 9,
  cli: 10, testing: 10,
  bench: 11, bin: 11,
};

/** Pure logic: no files, sockets, processes or clocks of the OS. */
/** src/judging/prompt-template.ts reads template files: the one I/O module of judging. */
const PURE = ['src/rl', 'src/judging/agreement.ts', 'src/judging/parse-verdict.ts', 'src/judging/gold-result.ts', 'src/judging/gold-sampling.ts', 'src/testbed', 'src/monitor', 'src/scheduler/ledger.ts', 'src/scheduler/admission.ts', 'src/wire', 'src/report/summary.ts', 'src/report/svg-line-chart.ts'];
const IO_MODULES = /^node:(fs|fs\/promises|net|http|https|child_process|dgram|tls|worker_threads)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) { if (e !== 'generated' && e !== 'node_modules') walk(p, out); }
    else if (p.endsWith('.ts') || e === 'tribunal') out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,]*\s*from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

/** 'src/bus/nats-bus.ts' -> 'bus'; 'actors/judge/x.ts' -> 'actors'; 'bench/x.ts' -> 'bench'. */
function layerOf(rel: string): string {
  const parts = rel.split(sep);
  if (parts[0] === 'src') return parts.length > 2 ? parts[1] : 'core';
  return parts[0];
}

interface Edge { from: string; to: string; spec: string }

function edges(): Edge[] {
  const files = ['src', 'actors', 'bench', 'bin'].flatMap((d) => walk(join(ROOT, d)));
  return files.flatMap((f) => importsOf(f).map((spec) => {
    const to = spec.startsWith('.') ? relative(ROOT, resolve(dirname(f), spec)) : spec;
    return { from: relative(ROOT, f), to, spec };
  }));
}

describe('layering', () => {
  const all = edges();
  const local = all.filter((e) => !e.to.startsWith('node:') && (e.to.startsWith('src') || e.to.startsWith('actors') || e.to.startsWith('test') || e.to.startsWith('bench')));

  it('layering - the check sees the codebase (every src folder has a layer)', () => {
    expect(local.length).toBeGreaterThan(300);
    const folders = readdirSync(join(ROOT, 'src')).filter((e) => statSync(join(ROOT, 'src', e)).isDirectory());
    expect(folders.filter((f) => !(f in RANK)), 'src folders without a layer in RANK').toEqual([]);
  });

  it('layering - no module imports a layer above its own', () => {
    const bad = local.filter((e) => {
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      return a !== b && !(RANK[b] < RANK[a]);
    }).map((e) => `${e.from} -> ${e.to} (${layerOf(e.from)} ${RANK[layerOf(e.from)]} imports ${layerOf(e.to)} ${RANK[layerOf(e.to)]})`);
    expect(bad).toEqual([]);
  });

  it('layering - src never imports actors/ or test/, and only tests and benches use src/testing', () => {
    const bad = local.filter((e) =>
      (e.from.startsWith('src') && (e.to.startsWith('actors') || e.to.startsWith('test')))
      || (e.to.startsWith(join('src', 'testing')) && !e.from.startsWith('bench') && !e.from.startsWith(join('src', 'testing')))
      || (e.from.startsWith('bench') && e.to.startsWith('test')),
    ).map((e) => `${e.from} -> ${e.to}`);
    expect(bad).toEqual([]);
  });

  it('layering - one backend never imports another; only the registry knows them all', () => {
    const backendOf = (p: string) => (p.startsWith(join('src', 'backends') + sep) ? p.split(sep)[2] : null);
    const bad = local.filter((e) => {
      const a = backendOf(e.from);
      const b = backendOf(e.to);
      return a !== null && b !== null && b !== 'registry.ts' && a !== b && a !== 'registry.ts';
    }).map((e) => `${e.from} -> ${e.to}`);
    expect(bad).toEqual([]);
    const outside = local.filter((e) => backendOf(e.to) && backendOf(e.to) !== 'registry.ts' && !backendOf(e.from) && !e.from.startsWith('bench'))
      .map((e) => `${e.from} -> ${e.to}`);
    expect(outside, 'only the registry (and benches) reach into a backend').toEqual([]);
  });

  it('layering - pure logic imports no I/O', () => {
    const bad = all.filter((e) => PURE.some((p) => e.from === p || e.from.startsWith(p + sep)) && IO_MODULES.test(e.spec))
      .map((e) => `${e.from} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });
});
