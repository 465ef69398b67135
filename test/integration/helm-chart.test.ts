// Renders helm/tribunal with the bundled helm binary and checks every object it
// produces: Kubernetes schema validity (kubernetes-models), then what the runtime's
// CLI contract needs (args, TRIBUNAL_* env, mounts, probes, GPUs, secrets by reference).
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { join } from 'node:path';
import { CHART_DIR, helm, helmTemplate } from '../helpers/helm.ts';
import { parseConfig } from '../../src/config/load.ts';
import { parseOpenAIEngineConfig } from '../../src/config/engines/openai.ts';

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
