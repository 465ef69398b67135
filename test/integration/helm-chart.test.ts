// Renders helm/tribunal with the bundled helm binary and checks every object it
// produces: Kubernetes schema validity (kubernetes-models), then what the runtime's
// CLI contract needs (args, TRIBUNAL_* env, mounts, probes, GPUs, secrets by reference).
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { CHART_DIR, helm, helmTemplate } from '../helpers/helm.ts';
import { parseConfig } from '../../src/config/load.ts';
import { parseOpenAIEngineConfig } from '../../src/config/engines/openai.ts';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/ServiceAccount': ServiceAccount,
};

/** The Prometheus Operator's PodMonitor has no model in kubernetes-models: the fields its CRD requires. */
function validatePodMonitor(o: Obj): void {
  const where = `PodMonitor ${o.metadata?.name}`;
  expect(o.metadata?.name, where).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  expect(o.spec?.selector?.matchLabels, where).toBeTypeOf('object');
  expect(o.spec?.podMetricsEndpoints?.length, where).toBeGreaterThan(0);
  for (const e of o.spec.podMetricsEndpoints) {
    expect(typeof e.port, where).toBe('string');
    expect(e.interval, where).toMatch(/^[0-9]+(ms|s|m|h)$/);
  }
}

/** KEDA has no model in kubernetes-models: check the fields KEDA itself requires. */
function validateScaledObject(o: Obj): void {
  const where = `ScaledObject ${o.metadata?.name}`;
  expect(o.metadata?.name, where).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  expect(o.spec?.scaleTargetRef?.name, where).toBeTruthy();
  expect(o.spec.minReplicaCount, where).toBeLessThanOrEqual(o.spec.maxReplicaCount);
  expect(o.spec.triggers?.length, where).toBeGreaterThan(0);
  for (const t of o.spec.triggers) {
    expect(t.type, where).toBe('nats-jetstream');
    for (const k of ['natsServerMonitoringEndpoint', 'account', 'stream', 'consumer', 'lagThreshold']) {
      expect(typeof t.metadata?.[k], `${where} trigger ${t.name} ${k}`).toBe('string');
    }
    expect(t.metadata.lagThreshold, where).toMatch(/^\d+$/);
  }
  const mod = o.spec.advanced?.scalingModifiers;
  if (mod) {
    expect(mod.formula, where).toBeTruthy();
    expect(mod.target, where).toMatch(/^\d+$/);
    // Every trigger the formula reads must be named.
    for (const t of o.spec.triggers) expect(mod.formula, where).toContain(t.name);
  }
}

/** Renders, parses and validates every object; returns them. */
function render(opts: Parameters<typeof helmTemplate>[0] = {}): Obj[] {
  const docs = parseAllDocuments(helmTemplate(opts));
  const objs: Obj[] = [];
  for (const d of docs) {
    expect(d.errors, 'YAML parse errors').toEqual([]);
    const o = d.toJS() as Obj | null;
    if (!o) continue;
    const key = `${o.apiVersion}/${o.kind}`;
    if (key === 'keda.sh/v1alpha1/ScaledObject') validateScaledObject(o);
    else if (key === 'monitoring.coreos.com/v1/PodMonitor') validatePodMonitor(o);
    else {
      const Model = MODELS[key];
      expect(Model, `no validator for ${key}`).toBeDefined();
      new Model(o as never).validate();
    }
    // No chart object may carry secret material.
    expect(o.kind).not.toBe('Secret');
    objs.push(o);
  }
  return objs;
}

const find = (objs: Obj[], kind: string, component: string): Obj | undefined =>
  objs.find((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/component'] === component);
const get = (objs: Obj[], kind: string, component: string): Obj => {
  const o = find(objs, kind, component);
  if (!o) throw new Error(`no ${kind} for ${component}`);
  return o;
};
const container = (o: Obj): IContainer => o.spec.template.spec.containers[0];
const containerNamed = (o: Obj, name: string): IContainer => {
  const c = (o.spec.template.spec.containers as IContainer[]).find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${o.metadata.name}`);
  return c;
};
/** The pod volume a container's mount at `path` comes from, with the mount. */
const mountAt = (o: Obj, c: IContainer, path: string): { readOnly: boolean; volume: Obj } => {
  const m = c.volumeMounts?.find((x) => x.mountPath === path);
  if (!m) throw new Error(`${c.name} in ${o.metadata.name} mounts nothing at ${path}`);
  return { readOnly: m.readOnly === true, volume: o.spec.template.spec.volumes.find((v: Obj) => v.name === m.name) };
};
const PAPER_VALUES = join(CHART_DIR, '../../deploy/values-paper.yaml');
/** The trainer sidecar, the weights volume and both vLLM servers, at their defaults otherwise. */
const SIDECAR_SET = {
  'learner.trainer.enabled': true,
  'learner.trainer.gpus.count': 8,
  'learner.engine.backend': 'torch',
  'learner.engine.model': '/models/Llama-3.1-8B-Instruct',
  'learner.engine.lora.rank': 64,
  'weights.enabled': true,
  'vllm.policy.enabled': true,
  'vllm.policy.model': 'meta-llama/Llama-3.1-8B-Instruct',
  'vllm.judge.enabled': true,
  'vllm.judge.model': '/models/qwen3-8b-judge-sft',
  'vllm.judge.servedModelName': 'qwen3-8b-judge-sft',
  'judge.engine.backend': 'openai',
  'judge.engine.mode': 'pointwise',
  'rollout.engine.backend': 'openai',
  'rollout.engine.loraPrefix': 'policy',
} as const;
/** `helm lint --strict` arguments for --set pairs, typed as helmTemplate types them. */
const lintArgs = (set: Record<string, string | number | boolean>): string[] =>
  Object.entries(set).flatMap(([k, v]) => [typeof v === 'string' ? '--set-string' : '--set', `${k}=${v}`]);
const envOf = (c: IContainer) => new Map((c.env ?? []).map((e) => [e.name, e]));
/** The experiment config the ConfigMap mounts at /etc/tribunal/experiment.yaml. */
const experimentOf = (objs: Obj[]): Obj => parseYaml(get(objs, 'ConfigMap', 'experiment').data['experiment.yaml']);

describe('helm chart', () => {
  it('helm chart - lints clean in strict mode', () => {
    const r = helm(['lint', '--strict', CHART_DIR]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('helm chart - default values render valid objects wired to the CLI contract', () => {
    const objs = render();
    const sched = get(objs, 'Deployment', 'scheduler');
    expect(sched.spec.replicas).toBe(1);
    expect(sched.spec.strategy.type).toBe('Recreate');
    const sc = container(sched);
    expect(sc.args).toEqual(['scheduler', '--config', '/etc/tribunal/experiment.yaml']);
    expect(envOf(sc).get('TRIBUNAL_SCHEDULER_PORT')?.value).toBe('50051');
    expect(envOf(sc).get('TRIBUNAL_STATE_DIR')?.value).toBe('/var/lib/tribunal/scheduler');
    const stateVol = sched.spec.template.spec.volumes.find((v: Obj) => v.name === 'state');
    const pvc = get(objs, 'PersistentVolumeClaim', 'scheduler');
    expect(stateVol.persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
    expect(sc.volumeMounts?.some((m) => m.name === 'state' && m.mountPath === '/var/lib/tribunal/scheduler')).toBe(true);

    const svc = get(objs, 'Service', 'scheduler');
    expect(svc.spec.ports.map((p: Obj) => [p.name, p.port])).toEqual([['grpc', 50051], ['health', 8080]]);

    const natsSvc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'exp1-tribunal-nats')!;
    expect(natsSvc.spec.ports.find((p: Obj) => p.name === 'client').port).toBe(4222);
    const nats = get(objs, 'StatefulSet', 'nats');
    expect(container(nats).image).toBe('nats:2.10-alpine');
    expect(container(nats).args?.slice(0, 3)).toEqual(['-js', '-sd', '/data']);
    expect(nats.spec.volumeClaimTemplates[0].metadata.name).toBe('data');

    for (const kind of ['rollout', 'judge', 'gold']) {
      const dep = get(objs, 'Deployment', kind);
      const c = container(dep);
      expect(c.args).toEqual(['actor', kind, '--config', '/etc/tribunal/experiment.yaml']);
      const env = envOf(c);
      expect(env.get('TRIBUNAL_NATS_URL')?.value).toBe('nats://exp1-tribunal-nats:4222');
      expect(env.get('TRIBUNAL_SCHEDULER')?.value).toBe('exp1-tribunal-scheduler:50051');
      expect(env.get('TRIBUNAL_HEALTH_PORT')?.value).toBe('8080');
      expect(env.get('TRIBUNAL_LOG_LEVEL')?.value).toBe('info');
      expect(env.get('TRIBUNAL_ACTOR_ID')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
      expect(c.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(c.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(c.volumeMounts?.find((m) => m.name === 'config')?.mountPath).toBe('/etc/tribunal/experiment.yaml');
      // Selectors must match the pod labels, and differ between kinds.
      expect(dep.spec.template.metadata.labels).toMatchObject(dep.spec.selector.matchLabels);
      expect(dep.spec.selector.matchLabels['app.kubernetes.io/component']).toBe(kind);
      expect(dep.spec.template.spec.serviceAccountName).toBe('exp1-tribunal');
    }
    expect(get(objs, 'Deployment', 'judge').spec.replicas).toBe(2);

    const learner = get(objs, 'StatefulSet', 'learner');
    const lc = container(learner);
    expect(lc.args).toEqual(['actor', 'learner', '--config', '/etc/tribunal/experiment.yaml']);
    expect(envOf(lc).get('TRIBUNAL_RUN_DIR')?.value).toBe('/var/lib/tribunal/run');
    expect(learner.spec.volumeClaimTemplates[0].metadata.name).toBe('run');
    expect(lc.volumeMounts?.find((m) => m.name === 'run')?.mountPath).toBe('/var/lib/tribunal/run');
    expect(lc.resources?.limits?.['nvidia.com/gpu']).toBeUndefined();
    expect(get(objs, 'Service', 'learner').spec.clusterIP).toBe('None');

    const exp = experimentOf(objs);
    expect(exp).toEqual({ run: { id: 'exp1' }, actors: { gold: { replicas: 1 } } });
    // What the runtime will load at start: valid, and gold switched on.
    const cfg = parseConfig(exp, 'experiment.yaml', { env: {} });
    expect(cfg.run.id).toBe('exp1');
    expect(cfg.actors.gold.replicas).toBe(1);
    expect(objs.some((o) => o.kind === 'ScaledObject')).toBe(false);
    expect(objs.some((o) => o.kind === 'ServiceAccount')).toBe(true);
  });

  it('helm chart - overrides: replicas, external NATS, GPU learner, KEDA, no gold, API keys by reference', () => {
    const objs = render({
      set: {
        'judge.replicas': 8,
        'nats.enabled': false,
        'nats.url': 'nats://nats.infra.svc:4222',
        'nats.monitoringEndpoint': 'nats.infra.svc:8222',
        'nats.credentialsSecret.name': 'nats-user',
        'learner.gpu.count': 2,
        'keda.enabled': true,
        'gold.enabled': false,
        'judge.engine.backend': 'openai',
        'judge.engine.baseUrl': 'http://vllm:8000/v1',
        'rollout.engine.backend': 'trivial',
        'gold.engine.backend': 'trivial',
        'judge.resources.limits.cpu': '3',
        'secrets.apiKeys[0].env': 'OPENAI_API_KEY',
        'secrets.apiKeys[0].secretName': 'openai',
        'secrets.apiKeys[0].key': 'api-key',
        'secrets.apiKeys[0].kinds[0]': 'judge',
        'keda.runId': 'run.7',
      },
    });
    // No bundled NATS, no gold.
    expect(find(objs, 'StatefulSet', 'nats')).toBeUndefined();
    expect(find(objs, 'Deployment', 'gold')).toBeUndefined();

    const judge = get(objs, 'Deployment', 'judge');
    // KEDA owns the judge replica count; the Deployment leaves it alone.
    expect(judge.spec.replicas).toBeUndefined();
    const jc = container(judge);
    expect(jc.resources?.limits?.cpu).toBe('3');
    const jenv = envOf(jc);
    expect(jenv.get('TRIBUNAL_NATS_URL')?.value).toBe('nats://nats.infra.svc:4222');
    expect(jenv.get('OPENAI_API_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'openai', key: 'api-key' });
    expect(jenv.get('OPENAI_API_KEY')?.value).toBeUndefined();
    expect(jenv.get('TRIBUNAL_NATS_CREDS')?.value).toBe('/etc/tribunal/nats/nats.creds');
    expect(jc.volumeMounts?.find((m) => m.name === 'nats-creds')?.mountPath).toBe('/etc/tribunal/nats');
    expect(judge.spec.template.spec.volumes.find((v: Obj) => v.name === 'nats-creds').secret.secretName).toBe('nats-user');
    // kinds: [judge] keeps the key away from the other actors.
    expect(envOf(container(get(objs, 'Deployment', 'rollout'))).has('OPENAI_API_KEY')).toBe(false);

    const lc = container(get(objs, 'StatefulSet', 'learner'));
    expect(lc.resources?.limits?.['nvidia.com/gpu']).toBe(2);
    expect(lc.resources?.limits?.memory).toBe('16Gi');

    const exp = experimentOf(objs);
    // rollout.engine is the policy engine; a disabled gold contributes no engine and zero replicas.
    expect(exp.engines).toEqual({ policy: { backend: 'trivial' }, judge: { backend: 'openai', baseUrl: 'http://vllm:8000/v1' } });
    expect(exp.actors.gold.replicas).toBe(0);

    const so = objs.filter((o) => o.kind === 'ScaledObject');
    expect(so.map((o) => o.spec.scaleTargetRef.name).sort()).toEqual(['exp1-tribunal-judge', 'exp1-tribunal-rollout']);
    const judgeSo = so.find((o) => o.spec.scaleTargetRef.name === 'exp1-tribunal-judge')!;
    // Stream names follow subjects.ts: the run id made NATS-safe.
    expect(judgeSo.spec.triggers[0].metadata).toMatchObject({
      stream: 'TRIB_run_7_ROLLOUTS', consumer: 'judges', natsServerMonitoringEndpoint: 'nats.infra.svc:8222',
    });
    const rolloutSo = so.find((o) => o.spec.scaleTargetRef.name === 'exp1-tribunal-rollout')!;
    expect(rolloutSo.spec.triggers.map((t: Obj) => t.metadata.stream)).toEqual(['TRIB_run_7_ROLLOUTS', 'TRIB_run_7_SCORED']);
  });

  it('helm chart - API key values are never inlined', () => {
    const set = { 'secrets.apiKeys[0].env': 'OPENAI_API_KEY', 'secrets.apiKeys[0].secretName': 'openai', 'secrets.apiKeys[0].key': 'api-key' };
    expect(helmTemplate({ set })).not.toMatch(/kind:\s*Secret\b/);
    const objs = render({ set });
    // Every variable that names a key is a reference, never a literal value.
    for (const o of objs.filter((x) => x.spec?.template)) {
      for (const e of container(o).env ?? []) if (/KEY|TOKEN|PASSWORD|SECRET/.test(e.name)) expect(e.value, e.name).toBeUndefined();
    }
    for (const kind of ['rollout', 'judge', 'gold']) {
      const e = envOf(container(get(objs, 'Deployment', kind))).get('OPENAI_API_KEY');
      expect(e?.valueFrom?.secretKeyRef?.name).toBe('openai');
    }
    expect(envOf(container(get(objs, 'StatefulSet', 'learner'))).get('OPENAI_API_KEY')?.valueFrom?.secretKeyRef?.key).toBe('api-key');
    // The scheduler calls no model: it gets no keys.
    expect(envOf(container(get(objs, 'Deployment', 'scheduler'))).has('OPENAI_API_KEY')).toBe(false);
  });

  it('helm chart - the GPU cluster example renders valid objects', () => {
    const objs = render({ valuesFiles: [join(CHART_DIR, '../../deploy/values-gpu-cluster.yaml')] });
    expect(container(get(objs, 'StatefulSet', 'learner')).resources?.limits?.['nvidia.com/gpu']).toBe(8);
    const { engines, ...rest } = experimentOf(objs);
    // The experiment and the openai engine maps must pass the runtime's own schemas.
    const cfg = parseConfig(rest, 'values-gpu-cluster.yaml', { env: {} });
    expect(cfg.rl.promptsPerStep).toBe(1024);
    expect(cfg.actors.gold.replicas).toBe(4);
    expect(parseOpenAIEngineConfig(engines.judge).baseUrl).toMatch(/^http/);
    expect(parseOpenAIEngineConfig(engines.gold).reasoning).toBe('high');
    const so = objs.filter((o) => o.kind === 'ScaledObject');
    expect(so.flatMap((o) => o.spec.triggers.map((t: Obj) => t.metadata.stream))).toContain('TRIB_qwen3-8b-reasoning-judge_ROLLOUTS');
  });

  it('helm chart - the trainer sidecar, the weights volume and vLLM servers are wired together', () => {
    const lint = helm(['lint', '--strict', CHART_DIR, ...lintArgs(SIDECAR_SET)]);
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const objs = render({ set: SIDECAR_SET });

    // The learner pod: the learner container without GPUs, the trainer container with them.
    const learner = get(objs, 'StatefulSet', 'learner');
    expect(learner.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['learner', 'trainer']);
    const lc = containerNamed(learner, 'learner');
    const tc = containerNamed(learner, 'trainer');
    expect(lc.resources?.limits?.['nvidia.com/gpu']).toBeUndefined();
    expect(tc.image).toBe('ghcr.io/tribunal-rl/tribunal-trainer:0.1.0');
    expect(tc.ports).toEqual([{ name: 'trainer', containerPort: 50061 }]);
    expect(tc.resources?.limits?.['nvidia.com/gpu']).toBe(8);
    // 8 GPUs: 8 processes under torchrun (FSDP2), serving on localhost only, no parent guard.
    expect(tc.command).toEqual([
      'python', '-m', 'torch.distributed.run', '--standalone', '--nproc-per-node', '8',
      '-m', 'tribunal_trainer', 'serve', '--address', '127.0.0.1:50061', '--no-parent-guard',
    ]);
    for (const probe of [tc.startupProbe, tc.readinessProbe, tc.livenessProbe]) expect(probe?.exec?.command?.join(' ')).toContain("('127.0.0.1', 50061)");
    // The trainer is stopped only after the learner (its last checkpoint needs the service).
    expect(tc.lifecycle?.preStop?.exec?.command?.join(' ')).toContain('("127.0.0.1", 8080)');
    expect(tc.securityContext?.readOnlyRootFilesystem).toBe(true);
    // SaveCheckpoint writes where the learner says: the same run volume at the same path.
    expect(mountAt(learner, tc, '/var/lib/tribunal/run').volume).toEqual(mountAt(learner, lc, '/var/lib/tribunal/run').volume);

    // The learner drives the sidecar over localhost and exports to the weights volume.
    const exp = experimentOf(objs);
    expect(exp.engines.trainer).toMatchObject({ backend: 'torch', address: '127.0.0.1:50061', exportDir: '/shared/weights' });
    const cfg = parseConfig(exp, 'experiment.yaml', { env: {} });
    expect(cfg.engines.trainer).toMatchObject({ backend: 'torch', address: '127.0.0.1:50061', exportDir: '/shared/weights' });
    // The vLLM servers' Services become the engines' base URLs; the served names their models.
    expect(exp.engines.policy).toMatchObject({ backend: 'openai', baseUrl: 'http://exp1-tribunal-vllm-policy:8000/v1', model: 'meta-llama/Llama-3.1-8B-Instruct' });
    expect(exp.engines.judge).toMatchObject({ backend: 'openai', baseUrl: 'http://exp1-tribunal-vllm-judge:8000/v1', model: 'qwen3-8b-judge-sft' });
    for (const name of ['policy', 'judge']) {
      const svc = get(objs, 'Service', `vllm-${name}`);
      expect(`http://${svc.metadata.name}:${svc.spec.ports[0].port}/v1`).toBe(exp.engines[name].baseUrl);
      expect(svc.spec.selector).toEqual(get(objs, 'Deployment', `vllm-${name}`).spec.selector.matchLabels);
    }

    // One ReadWriteMany claim, kept on uninstall, mounted at the same path everywhere:
    // read-write where weights are written, read-only where they are only read.
    const pvc = get(objs, 'PersistentVolumeClaim', 'weights');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(pvc.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
    const policy = get(objs, 'Deployment', 'vllm-policy');
    const rollout = get(objs, 'Deployment', 'rollout');
    const mounts = [
      [learner, lc, false], [learner, tc, false], [rollout, container(rollout), true], [policy, containerNamed(policy, 'vllm'), true],
    ] as const;
    for (const [o, c, readOnly] of mounts) {
      const m = mountAt(o, c, '/shared/weights');
      expect(m.readOnly, `${o.metadata.name}/${c.name}`).toBe(readOnly);
      expect(m.volume.persistentVolumeClaim.claimName, `${o.metadata.name}/${c.name}`).toBe(pvc.metadata.name);
    }
    // Judges and gold read no weights.
    for (const kind of ['judge', 'gold', 'vllm-judge']) {
      const dep = get(objs, 'Deployment', kind);
      expect(dep.spec.template.spec.volumes?.some((v: Obj) => v.name === 'weights') ?? false, kind).toBe(false);
    }

    // The policy server: runtime LoRA loading, processed logprobs, the trainer's rank.
    const pc = containerNamed(policy, 'vllm');
    expect(pc.image).toBe('vllm/vllm-openai:v0.11.0');
    expect(pc.command).toEqual(['vllm', 'serve']);
    const pargs = pc.args!.map(String);
    expect(pargs[0]).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(pargs).toContain('--enable-lora');
    expect(pargs.join(' ')).toContain('--logprobs-mode processed_logprobs');
    expect(pargs.join(' ')).toContain('--max-lora-rank 64');
    expect(pargs.join(' ')).toContain('--max-loras 2');
    expect(pargs).not.toContain('--tensor-parallel-size');
    expect(envOf(pc).get('VLLM_ALLOW_RUNTIME_LORA_UPDATING')?.value).toBe('True');
    expect(pc.resources?.limits?.['nvidia.com/gpu']).toBe(1);
    expect(pc.readinessProbe?.httpGet?.path).toBe('/health');
    expect(policy.spec.template.spec.enableServiceLinks).toBe(false);
    // The judge server: processed logprobs too, but no LoRA.
    const jargs = containerNamed(get(objs, 'Deployment', 'vllm-judge'), 'vllm').args!.map(String);
    expect(jargs.join(' ')).toContain('--logprobs-mode processed_logprobs');
    expect(jargs.join(' ')).toContain('--served-model-name qwen3-8b-judge-sft');
    expect(jargs).not.toContain('--enable-lora');
  });

  it('helm chart - one trainer process runs without torchrun; engine URLs set by the user stay', () => {
    const objs = render({
      set: {
        ...SIDECAR_SET,
        'learner.trainer.gpus.count': 1,
        'learner.trainer.port': 50099,
        'learner.trainer.extraArgs[0]': '--workers',
        'learner.trainer.extraArgs[1]': '16',
        'learner.engine.exportDir': '/shared/weights/policy',
        'rollout.engine.baseUrl': 'http://my-vllm:8000/v1',
        'rollout.engine.model': 'llama',
        'vllm.judge.enabled': false,
        'vllm.policy.gpus.count': 4,
      },
    });
    const tc = containerNamed(get(objs, 'StatefulSet', 'learner'), 'trainer');
    expect(tc.command).toEqual(['python', '-m', 'tribunal_trainer', 'serve', '--address', '127.0.0.1:50099', '--no-parent-guard', '--workers', '16']);
    expect(tc.resources?.limits?.['nvidia.com/gpu']).toBe(1);
    const exp = experimentOf(objs);
    // An exportDir under the weights mount is kept; a baseUrl and model given by the user win.
    expect(exp.engines.trainer).toMatchObject({ address: '127.0.0.1:50099', exportDir: '/shared/weights/policy' });
    expect(exp.engines.policy).toMatchObject({ baseUrl: 'http://my-vllm:8000/v1', model: 'llama' });
    expect(exp.engines.judge).toEqual({ backend: 'openai', mode: 'pointwise' });
    expect(find(objs, 'Deployment', 'vllm-judge')).toBeUndefined();
    // More than one GPU per server: tensor parallel unless extraArgs picks a layout.
    expect(containerNamed(get(objs, 'Deployment', 'vllm-policy'), 'vllm').args!.map(String).join(' ')).toContain('--tensor-parallel-size 4');
  });

  it('helm chart - the paper values render valid objects: trainer sidecar on 8 GPUs, vLLM policy with LoRA', () => {
    const lint = helm(['lint', '--strict', CHART_DIR, '-f', PAPER_VALUES]);
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const objs = render({ release: 'paper', valuesFiles: [PAPER_VALUES] });
    const exp = experimentOf(objs);
    // The whole experiment, engines included, passes the runtime's own schema.
    const cfg = parseConfig(exp, 'values-paper.yaml', { env: {} });
    expect(cfg.rl).toMatchObject({ promptsPerStep: 1024, groupSize: 8, miniBatches: 4, lr: 1e-6, clipLow: 0.2, clipHigh: 0.3, temperature: 0.7, maxNewTokens: 2048 });
    expect(cfg.run.steps).toBe(1200);
    expect(cfg.actors.gold.replicas).toBe(4);
    expect(cfg.data).toMatchObject({ source: 'jsonl', path: '/data/policy-prompts.jsonl', evalPath: '/data/heldout-prompts.jsonl' });
    const trainer = TorchEngineConfig.parse(exp.engines.trainer);
    expect(trainer).toMatchObject({ gpus: 8, dtype: 'bfloat16', address: '127.0.0.1:50061', exportDir: '/shared/weights' });
    expect(trainer.lora.rank).toBe(64);
    expect(parseOpenAIEngineConfig(exp.engines.policy).baseUrl).toBe('http://paper-tribunal-vllm-policy:8000/v1');
    expect(parseOpenAIEngineConfig(exp.engines.judge).baseUrl).toBe('http://paper-tribunal-vllm-judge:8000/v1');
    expect(parseOpenAIEngineConfig(exp.engines.gold)).toMatchObject({ model: 'openai/gpt-oss-120b', reasoning: 'high' });

    const learner = get(objs, 'StatefulSet', 'learner');
    const tc = containerNamed(learner, 'trainer');
    expect(tc.image).toBe('registry.example.com/tribunal-trainer:0.1.0');
    expect(tc.resources?.limits?.['nvidia.com/gpu']).toBe(8);
    expect(containerNamed(learner, 'learner').resources?.limits?.['nvidia.com/gpu']).toBeUndefined();
    expect(tc.command?.slice(0, 6)).toEqual(['python', '-m', 'torch.distributed.run', '--standalone', '--nproc-per-node', '8']);
    // The model dir engines.trainer.model names is mounted in the trainer container.
    expect(mountAt(learner, tc, '/models').volume.persistentVolumeClaim.claimName).toBe('tribunal-models');
    expect(trainer.model.startsWith('/models/')).toBe(true);
    // Rollout and gold read the prompt files the data section names.
    for (const kind of ['rollout', 'gold']) {
      const dep = get(objs, 'Deployment', kind);
      expect(mountAt(dep, container(dep), '/data').volume.persistentVolumeClaim.claimName, kind).toBe('tribunal-prompts');
    }
    const pvc = get(objs, 'PersistentVolumeClaim', 'weights');
    expect(pvc.spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs-rwx' });
    const policy = get(objs, 'Deployment', 'vllm-policy');
    const pc = containerNamed(policy, 'vllm');
    const pargs = pc.args!.map(String).join(' ');
    expect(pargs).toContain('--enable-lora');
    expect(pargs).toContain('--logprobs-mode processed_logprobs');
    expect(pargs).toContain(`--max-lora-rank ${trainer.lora.rank}`);
    // The 8 GPUs are data-parallel ranks of the one server: no tensor parallelism added.
    expect(pargs).toContain('--data-parallel-size 8');
    expect(pargs).not.toContain('--tensor-parallel-size');
    expect(policy.spec.replicas).toBe(1);
    expect(envOf(pc).get('VLLM_ALLOW_RUNTIME_LORA_UPDATING')?.value).toBe('True');
    expect(envOf(pc).get('VLLM_API_KEY')?.valueFrom?.secretKeyRef).toEqual({ name: 'vllm-api-key', key: 'token' });
    for (const [o, c, readOnly] of [[learner, tc, false], [policy, pc, true], [get(objs, 'Deployment', 'rollout'), container(get(objs, 'Deployment', 'rollout')), true]] as const) {
      const m = mountAt(o, c, '/shared/weights');
      expect(m.readOnly).toBe(readOnly);
      expect(m.volume.persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
    }
    // The adapter the trainer writes is one vLLM serves: the policy model is the served base name.
    expect(exp.engines.policy.model).toBe(pc.args![2]);
    expect(envOf(container(get(objs, 'Deployment', 'rollout'))).get('POLICY_VLLM_API_KEY')?.valueFrom?.secretKeyRef?.name).toBe('vllm-api-key');
  });

  it('helm chart - a trainer exporting full weights gets a vLLM policy server that reloads them in place (dev mode, no LoRA flags)', () => {
    const objs = render({ set: { ...SIDECAR_SET, 'learner.engine.lora.rank': 0 } });
    const pc = containerNamed(get(objs, 'Deployment', 'vllm-policy'), 'vllm');
    const pargs = pc.args!.map(String).join(' ');
    expect(pargs).not.toContain('--enable-lora');
    expect(pargs).toContain('--logprobs-mode processed_logprobs');
    expect(envOf(pc).get('VLLM_SERVER_DEV_MODE')?.value).toBe('1');
    expect(envOf(pc).has('VLLM_ALLOW_RUNTIME_LORA_UPDATING')).toBe(false);
    expect(experimentOf(objs).engines.policy.fullWeights).toBe('vllm');
    const jc = containerNamed(get(objs, 'Deployment', 'vllm-judge'), 'vllm');
    expect(envOf(jc).has('VLLM_SERVER_DEV_MODE')).toBe(false);
  });

  it('helm chart - scheduler.tokenSecret gives the scheduler and every actor the token from the Secret', () => {
    const objs = render({ set: { 'scheduler.tokenSecret.name': 'sched-token' } });
    for (const kind of ['scheduler', 'rollout', 'judge', 'gold']) {
      const dep = get(objs, 'Deployment', kind);
      expect(envOf(container(dep)).get('TRIBUNAL_SCHEDULER_TOKEN')?.valueFrom?.secretKeyRef, kind).toEqual({ name: 'sched-token', key: 'token' });
    }
    const learner = get(objs, 'StatefulSet', 'learner');
    expect(envOf(containerNamed(learner, 'learner')).get('TRIBUNAL_SCHEDULER_TOKEN')?.valueFrom?.secretKeyRef?.name).toBe('sched-token');
    expect(envOf(container(get(render(), 'Deployment', 'scheduler'))).has('TRIBUNAL_SCHEDULER_TOKEN')).toBe(false);
  });

  it('helm chart - scheduler.tls: the key pair in the scheduler only, the CA in every pod; nats.tlsCaSecret: the NATS CA everywhere', () => {
    const objs = render({ set: { 'scheduler.tls.secretName': 'sched-tls', 'nats.tlsCaSecret.name': 'nats-ca' } });
    const pods: [string, Obj, IContainer][] = [
      ...['scheduler', 'rollout', 'judge', 'gold'].map((k) => { const d = get(objs, 'Deployment', k); return [k, d, container(d)] as [string, Obj, IContainer]; }),
      (() => { const l = get(objs, 'StatefulSet', 'learner'); return ['learner', l, containerNamed(l, 'learner')] as [string, Obj, IContainer]; })(),
    ];
    for (const [kind, obj, c] of pods) {
      const env = envOf(c);
      expect(env.get('TRIBUNAL_SCHEDULER_TLS_CA')?.value, kind).toBe('/etc/tribunal/scheduler-tls/ca.crt');
      expect(env.has('TRIBUNAL_SCHEDULER_TLS_KEY'), kind).toBe(kind === 'scheduler');
      expect(env.get('TRIBUNAL_NATS_TLS_CA')?.value, kind).toBe('/etc/tribunal/nats-tls/ca.crt');
      const m = mountAt(obj, c, '/etc/tribunal/scheduler-tls');
      expect(m.readOnly).toBe(true);
      const items = (m.volume.secret.items as { key: string }[]).map((i) => i.key).sort();
      expect(items, kind).toEqual(kind === 'scheduler' ? ['ca.crt', 'tls.crt', 'tls.key'] : ['ca.crt']);
      expect(mountAt(obj, c, '/etc/tribunal/nats-tls').volume.secret.secretName).toBe('nats-ca');
    }
  });

  it('helm chart - metrics: scrape annotations on every Tribunal pod, an optional PodMonitor, the Grafana dashboard for the sidecar', () => {
    const objs = render({ set: { 'metrics.podMonitor.enabled': true, 'metrics.podMonitor.labels.release': 'kps', 'metrics.grafanaDashboard.enabled': true } });
    const pods = [...['scheduler', 'rollout', 'judge', 'gold'].map((k) => get(objs, 'Deployment', k)), get(objs, 'StatefulSet', 'learner')];
    for (const o of pods) {
      expect(o.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
      expect(o.spec.template.spec.containers[0].ports.find((p: Obj) => p.name === 'health')?.containerPort).toBe(8080);
    }
    const pm = objs.find((o) => o.kind === 'PodMonitor')!;
    expect(pm.metadata.labels.release).toBe('kps');
    expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'health', path: '/metrics' });
    expect(pm.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('exp1');
    const dash = get(objs, 'ConfigMap', 'dashboard');
    expect(dash.metadata.labels.grafana_dashboard).toBe('1');
    expect(JSON.parse(dash.data['tribunal.json'])).toEqual(JSON.parse(readFileSync(join(CHART_DIR, 'dashboards/tribunal.json'), 'utf8')));
    // Off by default, and the annotations can be switched off.
    const plain = render({ set: { 'metrics.scrapeAnnotations': false } });
    expect(plain.some((o) => o.kind === 'PodMonitor')).toBe(false);
    expect(find(plain, 'ConfigMap', 'dashboard')).toBeUndefined();
    expect(get(plain, 'Deployment', 'judge').spec.template.metadata.annotations['prometheus.io/scrape']).toBeUndefined();
  });

  it('helm chart - the sidecar and vLLM settings refuse what could not work', () => {
    const fails = (set: Record<string, string | number | boolean>, pattern: RegExp) => {
      const r = helm(['template', 'x', CHART_DIR, ...lintArgs(set)]);
      expect(r.status, JSON.stringify(set)).not.toBe(0);
      expect(r.stderr).toMatch(pattern);
    };
    const { 'weights.enabled': _w, ...noWeights } = SIDECAR_SET;
    fails(noWeights, /weights\.enabled/);
    fails({ ...SIDECAR_SET, 'learner.engine.backend': 'builtin' }, /backend: torch/);
    fails({ 'learner.trainer.enabled': true, 'weights.enabled': true }, /backend: torch/);
    fails({ ...SIDECAR_SET, 'learner.gpu.count': 8 }, /learner\.trainer\.gpus\.count/);
    fails({ ...SIDECAR_SET, 'learner.engine.gpus': 4 }, /engines\.trainer\.gpus/);
    fails({ ...SIDECAR_SET, 'learner.engine.exportDir': '/var/lib/tribunal/run/weights' }, /not on the weights volume/);
    fails({ ...SIDECAR_SET, 'vllm.policy.maxLoraRank': 32 }, /maxLoraRank/);
    fails({ ...SIDECAR_SET, 'learner.engine.lora.rank': 0, 'rollout.engine.fullWeights': 'sglang' }, /engines\.policy\.fullWeights must be vllm/);
    fails({ ...SIDECAR_SET, 'vllm.policy.replicas': 2 }, /replicas must be 0 or 1/);
    fails({ ...SIDECAR_SET, 'rollout.engine.backend': 'torch' }, /engines\.policy\.backend must be openai/);
    // The schema: a server needs a model, and stays strict about keys.
    fails({ 'vllm.judge.enabled': true }, /model/);
    fails({ 'vllm.policy.maxLoraRanks': 8 }, /maxLoraRanks/);
    fails({ 'learner.trainer.gpu.count': 1 }, /gpu/);
    fails({ 'weights.accessModes[0]': 'ReadWriteOnce' }, /accessModes/);
  });

  it('helm chart - with everything new off, no trainer container, weights volume or vLLM server appears', () => {
    const objs = render();
    expect(get(objs, 'StatefulSet', 'learner').spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['learner']);
    expect(find(objs, 'PersistentVolumeClaim', 'weights')).toBeUndefined();
    expect(objs.some((o) => /vllm/.test(o.metadata.name))).toBe(false);
    expect(experimentOf(objs).engines).toBeUndefined();
  });

  it('helm chart - the schema rejects typos and missing required values', () => {
    const typo = helm(['template', 'x', CHART_DIR, '--set', 'judgee.replicas=3']);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/judgee/);
    const nested = helm(['template', 'x', CHART_DIR, '--set', 'judge.replica=3']);
    expect(nested.status).not.toBe(0);
    const noUrl = helm(['template', 'x', CHART_DIR, '--set', 'nats.enabled=false']);
    expect(noUrl.status).not.toBe(0);
    expect(noUrl.stderr).toMatch(/url/);
    const kedaNoMonitor = helm(['template', 'x', CHART_DIR, '--set', 'nats.enabled=false,nats.url=nats://n:4222,keda.enabled=true']);
    expect(kedaNoMonitor.status).not.toBe(0);
    expect(kedaNoMonitor.stderr).toMatch(/monitoringEndpoint/);
  });
});
