// README's config reference is generated from the schema: this fails when the
// two drift apart (regenerate with `tribunal config reference [--study]`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference } from '../../src/config/reference.ts';
import { studyReference } from '../../src/study/config.ts';

describe('readme - config reference', () => {
  it('readme - the config table equals the one generated from the schema', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const m = /<!-- config-reference -->\n([\s\S]*?)\n<!-- \/config-reference -->/.exec(readme);
    expect(m, 'README lacks the config-reference markers').not.toBeNull();
    expect(m![1]).toBe(configReference());
  });

  it('readme - the study table equals the one generated from the study section', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const m = /<!-- study-reference -->\n([\s\S]*?)\n<!-- \/study-reference -->/.exec(readme);
    expect(m, 'README lacks the study-reference markers (regenerate with tribunal config reference --study)').not.toBeNull();
    expect(m![1]).toBe(studyReference());
  });
});
