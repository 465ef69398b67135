// `tribunal config schema` prints the experiment JSON Schema;
// `tribunal config check <file>` validates a config and prints it resolved.
import { preflightRun, probeServers, runEngines } from '../launcher/preflight.ts';
import { preflightStudy, studyEngines } from '../study/preflight.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import { overrides, parseFlags } from './args.ts';
import { configJsonSchema, loadConfig, readConfigFile } from '../config/load.ts';
import { loadStudyConfig, studyReference, type StudyConfig } from '../study/config.ts';
import { TribunalError } from '../core/errors.ts';
import { configReference } from '../config/reference.ts';

const HELP = `Usage:
  tribunal config schema             print the experiment config's JSON Schema
  tribunal config check <config> [path=value]... [--schema-only] [--probe]
                                     validate an experiment or study config and print it with defaults: exit 2 in
                                     one line naming the bad field, or the model dir, data file, template or API key
                                     variable it names that is missing; --schema-only: the fields alone, not the files;
                                     --probe: also ask each OpenAI-compatible server for /models (exit 3 if one is down)
  tribunal config reference [--study] print the config reference table (docs/config-reference.md's, generated from the schema); --study: the study: section's`;

export async function configCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { study: { type: 'boolean' }, probe: { type: 'boolean' }, 'schema-only': { type: 'boolean' } });
  if (values.help) { console.log(HELP); return 0; }
  const [sub, file] = positionals;
  if (sub === 'schema') {
    console.log(JSON.stringify(configJsonSchema(), null, 2));
    return 0;
  }
  if (sub === 'reference') {
    console.log(values.study ? studyReference() : configReference());
    return 0;
  }
  if (sub === 'check' && file) {
    const raw = readConfigFile(file);
    const isStudy = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'study' in raw;
    const sets = overrides(positionals, values.set, 2);
    const checked = isStudy ? loadStudyConfig(file, { sets }) : loadConfig(file, { sets });
    // What a run would find missing: model dirs, data files, templates, API key variables (and with --probe, the servers).
    if (!values['schema-only']) {
      if (isStudy) preflightStudy(checked as StudyConfig); else preflightRun(checked as ExperimentConfig);
    }
    if (values.probe) await probeServers(isStudy ? studyEngines(checked as StudyConfig) : runEngines(checked as ExperimentConfig));
    console.log(JSON.stringify(checked, null, 2));
    return 0;
  }
  throw new TribunalError('BAD_CONFIG', `expected 'schema', 'reference' or 'check <config>'; see tribunal config --help`);
}
