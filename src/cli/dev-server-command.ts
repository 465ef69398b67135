// `tribunal dev-server`: a development and test server that answers as vLLM's
// OpenAI-compatible server does (completions, chat, runtime LoRA loading), and
// SGLang's in-place weight reload, for a Hugging Face model on the torch engine. For CPU runs and tests of the
// openai sampler's path; vLLM is the production server.
import { parseFlags, intFlag } from './args.ts';
import { TorchEngineConfig } from '../config/engines/torch.ts';
import { startDevServer } from '../backends/registry.ts';
import { JsonLogger } from '../core/logger.ts';
import { TribunalError } from '../core/errors.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

const HELP = `Usage: tribunal dev-server --model <dir|tiny-random:qwen2[:seed]> [options]

Serves /v1/models, /v1/completions, /v1/chat/completions (per-token logprobs,
return_tokens_as_token_ids, return_token_ids) and /v1/load_lora_adapter,
/v1/unload_lora_adapter as vLLM does, and SGLang's /update_weights_from_disk,
/flush_cache and /get_model_info and vLLM's dev-mode /collective_rpc
reload_weights and /reset_prefix_cache (the served name then samples the new
model dir), backed by the torch engine. One adapter is active at a time. Not for
production: use vLLM or SGLang.

Options:
  --model <m>               a local Hugging Face model dir, or tiny-random:<qwen2|llama>[:seed]
  --served-model-name <n>   the name clients send as "model" (default: the --model value)
  --host <h>                (default 127.0.0.1)
  --port <n>                (default 8000; 0 = any free port)
  --device <d>              auto | cpu | cuda | cuda:N (default auto)
Prints one line {"event":"listening","url":...} on stdout once serving; runs until SIGTERM/SIGINT.
Exit: 0 stopped, 2 bad flags or model.`;

export async function devServerCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    model: { type: 'string' }, 'served-model-name': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, device: { type: 'string' },
  }, false);
  if (values.help) { console.log(HELP); return 0; }
  if (!values.model) throw new TribunalError('BAD_CONFIG', 'missing --model; see tribunal dev-server --help');
  const parsed = TorchEngineConfig.safeParse({ backend: 'torch', model: values.model, device: values.device ?? 'auto' });
  if (!parsed.success) throw new TribunalError('BAD_CONFIG', `dev-server: ${formatZodIssue(parsed.error)}`);
  const log = new JsonLogger({ kind: 'dev-server' });
  const server = await startDevServer(parsed.data, {
    servedModelName: values['served-model-name'] ?? values.model, host: values.host ?? '127.0.0.1', port: intFlag(values.port, 'port') ?? 8000, log,
  });
  console.log(JSON.stringify({ event: 'listening', url: server.url }));
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  return 0;
}
