// `tribunal study <config>`: the paper's protocol end to end (see src/study/).
import { TribunalError } from '../core/errors.ts';

export async function studyCommand(argv: string[]): Promise<number> {
  const { runStudyCommand } = await import('../study/study-cli.ts').catch((e) => {
    throw new TribunalError('INTERNAL', 'the study pipeline failed to load', { cause: e });
  });
  return runStudyCommand(argv);
}
