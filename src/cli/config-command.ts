// `tribunal config schema` prints the experiment JSON Schema;
// `tribunal config check <file>` validates a config and prints it resolved.
import { overrides, parseFlags } from './args.ts';
import { configJsonSchema, loadConfig, readConfigFile } from '../config/load.ts';
import { loadStudyConfig, studyReference } from '../study/config.ts';
import { TribunalError } from '../core/errors.ts';
import { configReference } from '../config/reference.ts';

const HELP = `Usage:
  tribunal config schema             print the experiment config's JSON Schema
  tribunal config check <config>     validate an experiment or study config (exit 2 naming the bad field) and print it with defaults
  tribunal config reference [--study] print the config reference table (docs/config-reference.md's, generated from the schema); --study: the study: section's`;

export async function configCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { study: { type: 'boolean' } });
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
    console.log(JSON.stringify(checked, null, 2));
    return 0;
  }
  throw new TribunalError('BAD_CONFIG', `expected 'schema', 'reference' or 'check <config>'; see tribunal config --help`);
}
