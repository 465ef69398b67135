// docs/config-reference.md is generated from the schema: this fails when the
// two drift apart (regenerate with `tribunal config reference [--study]`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference } from '../../src/config/reference.ts';
import { studyReference } from '../../src/study/config.ts';

const DOC = join(import.meta.dirname, '../../docs/config-reference.md');

describe('docs - config reference', () => {
  it('docs - the config table equals the one generated from the schema', () => {
    const doc = readFileSync(DOC, 'utf8');
    const m = /<!-- config-reference -->\n([\s\S]*?)\n<!-- \/config-reference -->/.exec(doc);
    expect(m, 'docs/config-reference.md lacks the config-reference markers').not.toBeNull();
    expect(m![1]).toBe(configReference());
  });

  it('docs - the study table equals the one generated from the study section', () => {
    const doc = readFileSync(DOC, 'utf8');
    const m = /<!-- study-reference -->\n([\s\S]*?)\n<!-- \/study-reference -->/.exec(doc);
    expect(m, 'docs/config-reference.md lacks the study-reference markers (regenerate with tribunal config reference --study)').not.toBeNull();
    expect(m![1]).toBe(studyReference());
  });
});
