import { describe, expect, it } from 'vitest';
import { formatDoctorReport, judgeFindings, type DoctorFindings } from '../../src/cli/doctor-report.ts';

const TRAINER = {
  python: '3.11.7', torch: '2.13.0+cpu', transformers: '5.18.0', peft: '0.21.0', safetensors: '0.8.0', tokenizers: '0.23.2',
  grpcio: '1.84.0', protobuf: '7.36.2', numpy: '2.4.6', cuda_available: false, cuda_version: null, gpus: [],
};

function findings(over: Partial<DoctorFindings> = {}): DoctorFindings {
  return {
    node: 'v20.20.2',
    natsServer: { path: '/usr/sbin/nats-server', version: 'v2.9.10' },
    python: { source: 'venv', python: '/c/trainer-venv/bin/python', venvDir: '/c/trainer-venv', provisioned: true, current: true, dev: false, pythonVersion: '3.11.7', bytes: 1.16e9 },
    trainer: TRAINER,
    dev: false,
    ...over,
  };
}

describe('doctor report', () => {
  it('doctor report - all there: ok, one line per finding, CPU-only is a note not a problem', () => {
    const r = judgeFindings(findings());
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    const text = formatDoctorReport(r);
    expect(text).toMatch(/^node\s+v20\.20\.2$/m);
    expect(text).toMatch(/^nats-server\s+v2\.9\.10 \(\/usr\/sbin\/nats-server\)$/m);
    expect(text).toMatch(/^python\s+\/c\/trainer-venv\/bin\/python 3\.11\.7 \(venv, provisioned, current, 1\.2 GB\)$/m);
    expect(text).toMatch(/^trainer\s+torch 2\.13\.0\+cpu, transformers 5\.18\.0, peft 0\.21\.0/m);
    expect(text).toMatch(/^cuda\s+not available/m);
    expect(text).toMatch(/^note: CUDA is not available/m);
    expect(text.split('\n').at(-1)).toMatch(/^ok:/);
  });

  it('doctor report - GPUs are listed', () => {
    const t = { ...TRAINER, cuda_available: true, cuda_version: '12.8', gpus: [{ index: 0, name: 'NVIDIA H200', memory_bytes: 150e9, capability: '9.0' }] };
    const text = formatDoctorReport(judgeFindings(findings({ trainer: t })));
    expect(text).toMatch(/^cuda\s+available \(CUDA 12\.8\)$/m);
    expect(text).toMatch(/^gpus\s+0: NVIDIA H200 150\.0 GB$/m);
    expect(text).not.toMatch(/note: CUDA/);
  });

  it('doctor report - no venv: a problem whose fix is tribunal doctor --setup', () => {
    const r = judgeFindings(findings({
      python: { source: 'venv', python: '/c/trainer-venv/bin/python', venvDir: '/c/trainer-venv', provisioned: false, current: false, dev: false, pythonVersion: null, bytes: null },
      trainer: null,
      natsServer: null,
    }));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ problem: 'the trainer venv /c/trainer-venv is not provisioned', fix: expect.stringMatching(/^run `tribunal doctor --setup` to provision/) }]);
    const text = formatDoctorReport(r);
    expect(text).toMatch(/^python\s+\/c\/trainer-venv\/bin\/python \(venv, not provisioned\)$/m);
    expect(text).toMatch(/^note: nats-server is not on PATH/m);
    expect(text).toMatch(/^problem: .*\n {2}fix: run `tribunal doctor --setup`/m);
    expect(text.split('\n').at(-1)).toBe('not ok: 1 problem above');
  });

  it('doctor report - stale venv, missing dev, missing modules, a failing trainer and old node are each named with a fix', () => {
    const stale = judgeFindings(findings({ python: { ...findings().python, current: false } }));
    expect(stale.problems[0].problem).toMatch(/is not current/);
    const dev = judgeFindings(findings({ dev: true }));
    expect(dev.problems).toEqual([{ problem: expect.stringMatching(/lacks trainer\/requirements-dev\.txt/), fix: expect.stringMatching(/tribunal doctor --setup --dev/) }]);
    const missing = judgeFindings(findings({ trainer: { ...TRAINER, peft: null, torch: null } }));
    expect(missing.problems[0].problem).toBe("the trainer's Python lacks torch, peft");
    expect(formatDoctorReport(missing)).toMatch(/torch MISSING/);
    const failing = judgeFindings(findings({ trainer: { error: "ModuleNotFoundError: No module named 'grpc'" } }));
    expect(failing.problems[0].problem).toMatch(/tribunal_trainer doctor` failed: ModuleNotFoundError/);
    const env = judgeFindings(findings({
      python: { source: 'env', python: '/opt/py/bin/python', venvDir: null, provisioned: true, current: true, dev: null, pythonVersion: '3.12.1', bytes: null },
      trainer: { ...TRAINER, torch: null },
    }));
    expect(env.problems[0].fix).toMatch(/\/opt\/py\/bin\/python -m pip install -r trainer\/requirements\.txt.*unset TRIBUNAL_TRAINER_PYTHON/);
    expect(judgeFindings(findings({ node: 'v18.19.0' })).problems[0]).toEqual({ problem: 'node v18.19.0 is older than 20', fix: 'install Node.js 20 or newer' });
  });
});
