{{/*
Names, labels and the pieces every Tribunal pod shares (env, probes, volumes).
Per-kind workloads live in their own templates and call these.
*/}}

{{- define "tribunal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart> truncated to 63 chars, or the release name when it already holds the chart name. */}}
{{- define "tribunal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tribunal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one component's resources: <fullname>-<component>, leaving room for pod suffixes. */}}
{{- define "tribunal.componentName" -}}
{{- printf "%s-%s" (include "tribunal.fullname" .root | trunc 50 | trimSuffix "-") .component }}
{{- end }}

{{/* Standard labels. Call with (dict "root" $ "component" "judge"). */}}
{{- define "tribunal.labels" -}}
helm.sh/chart: {{ include "tribunal.chart" .root }}
{{ include "tribunal.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: tribunal
{{- end }}

{{/* Selector labels: stable across upgrades, one set per component. */}}
{{- define "tribunal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tribunal.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tribunal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tribunal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "tribunal.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The scheduler's gRPC address (host:port) as actors dial it. */}}
{{- define "tribunal.schedulerAddress" -}}
{{- printf "%s:%d" (include "tribunal.componentName" (dict "root" . "component" "scheduler")) (int .Values.scheduler.port) }}
{{- end }}

{{- define "tribunal.natsUrl" -}}
{{- if .Values.nats.enabled }}
{{- printf "nats://%s:4222" (include "tribunal.componentName" (dict "root" . "component" "nats")) }}
{{- else }}
{{- required "nats.url is required when nats.enabled=false" .Values.nats.url }}
{{- end }}
{{- end }}

{{/* The run id that names the JetStream streams: keda.runId, else experiment.run.id, else the
     runtime's default 'tribunal'; made NATS-safe like subjects.ts safeToken. */}}
{{- define "tribunal.runToken" -}}
{{- $runId := .Values.keda.runId | default (dig "run" "id" "" (default dict .Values.experiment)) | default "tribunal" }}
{{- regexReplaceAll "[^A-Za-z0-9_-]" (toString $runId) "_" }}
{{- end }}

{{/* The experiment config: .Values.experiment with the engine maps merged in:
     rollout.engine -> engines.policy (the rollout sampler, and the learner's trainer unless
     engines.trainer is set), judge.engine -> engines.judge, gold.engine -> engines.gold (when
     gold is enabled), learner.engine -> engines.trainer; actors.gold.replicas follows
     gold.replicas (0 when gold is disabled). Then the wiring of the optional pieces:
     learner.trainer.enabled sets engines.trainer.address/exportDir, and each enabled vLLM
     server fills in its engine's backend, baseUrl and model where they are unset. */}}
{{- define "tribunal.experiment" -}}
{{- $exp := deepCopy (default dict .Values.experiment) }}
{{- $engines := dict }}
{{- range $kind, $key := dict "rollout" "policy" "judge" "judge" "gold" "gold" }}
{{- $v := index $.Values $kind }}
{{- if and $v.engine $v.enabled }}
{{- $_ := set $engines $key $v.engine }}
{{- end }}
{{- end }}
{{- with .Values.learner.engine }}
{{- $_ := set $engines "trainer" . }}
{{- end }}
{{- if $engines }}
{{- $_ := set $exp "engines" (mergeOverwrite (deepCopy (default dict (get $exp "engines"))) $engines) }}
{{- end }}
{{- $wired := false }}
{{- $policyFull := false }}
{{- $all := deepCopy (default dict (get $exp "engines")) }}
{{- if .Values.learner.trainer.enabled }}
{{- $wired = true }}
{{- $t := deepCopy (default dict (get $all "trainer")) }}
{{- if ne (toString (get $t "backend")) "torch" }}
{{- fail "learner.trainer.enabled runs the torch trainer service: set learner.engine (or experiment.engines.trainer) to {backend: torch, model: <model dir in the trainer container>, ...}" }}
{{- end }}
{{- if not (get $t "model") }}
{{- fail "learner.trainer.enabled: engines.trainer.model is required (a Hugging Face model dir inside the trainer container; mount it with learner.trainer.extraVolumes)" }}
{{- end }}
{{- if not .Values.weights.enabled }}
{{- fail "learner.trainer.enabled needs weights.enabled=true: the trainer exports each version to that ReadWriteMany volume and the samplers read it from there" }}
{{- end }}
{{- if gt (int .Values.learner.gpu.count) 0 }}
{{- fail "learner.trainer.enabled: the GPUs belong to the trainer container; set learner.trainer.gpus.count and leave learner.gpu.count at 0" }}
{{- end }}
{{- $procs := int (include "tribunal.trainerProcesses" .) }}
{{- if and (hasKey $t "gpus") (ne (int (get $t "gpus")) $procs) }}
{{- fail (printf "engines.trainer.gpus is %v but the trainer container runs %d process(es) (learner.trainer.processes, else learner.trainer.gpus.count): make them agree" (get $t "gpus") $procs) }}
{{- end }}
{{- $mount := trimSuffix "/" .Values.weights.mountPath }}
{{- $export := toString (default "" (get $t "exportDir")) }}
{{- if not $export }}
{{- $_ := set $t "exportDir" $mount }}
{{- else if not (or (eq (trimSuffix "/" $export) $mount) (hasPrefix (printf "%s/" $mount) $export)) }}
{{- fail (printf "engines.trainer.exportDir %q is not on the weights volume (weights.mountPath %q): the samplers could not read the exports" $export $mount) }}
{{- end }}
{{- $_ := set $t "address" (printf "127.0.0.1:%d" (int .Values.learner.trainer.port)) }}
{{- $_ := set $all "trainer" $t }}
{{- if .Values.vllm.policy.enabled }}
{{- $rank := int (dig "lora" "rank" 0 $t) }}
{{- if or (eq $rank 0) (eq (toString (get $t "exportKind")) "full") }}
{{- /* Full weights: vLLM reloads each version in place through its dev-mode routes. */}}
{{- $policyFull = true }}
{{- else if gt $rank (int .Values.vllm.policy.maxLoraRank) }}
{{- fail (printf "vllm.policy.maxLoraRank (%d) is below engines.trainer.lora.rank (%d): vLLM would refuse the adapters" (int .Values.vllm.policy.maxLoraRank) $rank) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name := list "policy" "judge" }}
{{- $srv := index $.Values.vllm $name }}
{{- if $srv.enabled }}
{{- $wired = true }}
{{- $e := deepCopy (default dict (get $all $name)) }}
{{- if and (hasKey $e "backend") (ne (toString (get $e "backend")) "openai") }}
{{- fail (printf "vllm.%s.enabled: engines.%s.backend must be openai to use the vLLM server (it is %v)" $name $name (get $e "backend")) }}
{{- end }}
{{- $_ := set $e "backend" "openai" }}
{{- if not (get $e "baseUrl") }}
{{- $_ := set $e "baseUrl" (printf "http://%s:%d/v1" (include "tribunal.componentName" (dict "root" $ "component" (printf "vllm-%s" $name))) (int $srv.port)) }}
{{- end }}
{{- if not (get $e "model") }}
{{- $_ := set $e "model" (include "tribunal.vllmServedName" $srv) }}
{{- end }}
{{- if and (eq $name "policy") $policyFull }}
{{- if and (get $e "fullWeights") (ne (toString (get $e "fullWeights")) "vllm") }}
{{- fail (printf "vllm.policy.enabled with a trainer that exports full weights (lora.rank 0 or exportKind: full): engines.policy.fullWeights must be vllm (it is %v)" (get $e "fullWeights")) }}
{{- end }}
{{- $_ := set $e "fullWeights" "vllm" }}
{{- end }}
{{- $_ := set $all $name $e }}
{{- end }}
{{- end }}
{{- if $wired }}
{{- $_ := set $exp "engines" $all }}
{{- end }}
{{- /* Judges send groups to gold only when actors.gold.replicas > 0: keep it in step with gold.enabled. */}}
{{- $actors := deepCopy (default dict (get $exp "actors")) }}
{{- $gold := deepCopy (default dict (get $actors "gold")) }}
{{- $_ := set $gold "replicas" (ternary (int .Values.gold.replicas) 0 (and .Values.gold.enabled true)) }}
{{- $_ := set $actors "gold" $gold }}
{{- $_ := set $exp "actors" $actors }}
{{- toYaml $exp }}
{{- end }}

{{/* Processes of the trainer service: learner.trainer.processes, else its GPU count, at least 1. */}}
{{- define "tribunal.trainerProcesses" -}}
{{- $t := .Values.learner.trainer }}
{{- max 1 (ternary (int $t.processes) (int $t.gpus.count) (gt (int $t.processes) 0)) }}
{{- end }}

{{- define "tribunal.trainerImage" -}}
{{- $i := .Values.learner.trainer.image }}
{{- printf "%s:%s" $i.repository (default .Chart.AppVersion $i.tag) }}
{{- end }}

{{/* The claim of the shared weights volume. */}}
{{- define "tribunal.weightsClaim" -}}
{{- default (include "tribunal.componentName" (dict "root" . "component" "weights")) .Values.weights.existingClaim }}
{{- end }}

{{/* The model name a vLLM server answers to. Call with the server's values. */}}
{{- define "tribunal.vllmServedName" -}}
{{- default .model .servedModelName }}
{{- end }}

{{/* The weights volume of a pod (when weights.enabled). */}}
{{- define "tribunal.weightsVolume" -}}
{{- if .Values.weights.enabled -}}
- name: weights
  persistentVolumeClaim:
    claimName: {{ include "tribunal.weightsClaim" . }}
{{- end }}
{{- end }}

{{/* Its mount, at the same path everywhere. Call with (dict "root" $ "readOnly" true). */}}
{{- define "tribunal.weightsMount" -}}
{{- if .root.Values.weights.enabled -}}
- name: weights
  mountPath: {{ .root.Values.weights.mountPath }}
  readOnly: {{ .readOnly }}
{{- end }}
{{- end }}

{{/* Env shared by every Tribunal process. Call with (dict "root" $ "kind" "judge" "values" .Values.judge). */}}
{{- define "tribunal.commonEnv" -}}
- name: TRIBUNAL_ACTOR_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: TRIBUNAL_NATS_URL
  value: {{ include "tribunal.natsUrl" .root | quote }}
- name: TRIBUNAL_SCHEDULER
  value: {{ include "tribunal.schedulerAddress" .root | quote }}
- name: TRIBUNAL_HEALTH_PORT
  value: {{ .root.Values.healthPort | quote }}
- name: TRIBUNAL_LOG_LEVEL
  value: {{ .root.Values.logLevel | quote }}
{{- with .root.Values.scheduler.tokenSecret }}
{{- if .name }}
- name: TRIBUNAL_SCHEDULER_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- if .root.Values.scheduler.tls.secretName }}
- name: TRIBUNAL_SCHEDULER_TLS_CA
  value: /etc/tribunal/scheduler-tls/ca.crt
{{- if eq .kind "scheduler" }}
- name: TRIBUNAL_SCHEDULER_TLS_CERT
  value: /etc/tribunal/scheduler-tls/tls.crt
- name: TRIBUNAL_SCHEDULER_TLS_KEY
  value: /etc/tribunal/scheduler-tls/tls.key
{{- end }}
{{- end }}
{{- with .root.Values.nats.tlsCaSecret }}
{{- if .name }}
- name: TRIBUNAL_NATS_TLS_CA
  value: {{ printf "/etc/tribunal/nats-tls/%s" .key | quote }}
{{- end }}
{{- end }}
{{- with .root.Values.nats.credentialsSecret }}
{{- if .name }}
- name: TRIBUNAL_NATS_CREDS
  value: {{ printf "/etc/tribunal/nats/%s" .key | quote }}
{{- end }}
{{- end }}
{{- if ne .kind "scheduler" }}
{{- range .root.Values.secrets.apiKeys }}
{{- if or (not .kinds) (has $.kind .kinds) }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $value := .values.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with .values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Container ports and probes on the health port. */}}
{{- define "tribunal.probes" -}}
startupProbe:
  httpGet: {path: /healthz, port: health}
  {{- toYaml .Values.probes.startup | nindent 2 }}
livenessProbe:
  httpGet: {path: /healthz, port: health}
  {{- toYaml .Values.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet: {path: /readyz, port: health}
  {{- toYaml .Values.probes.readiness | nindent 2 }}
{{- end }}

{{/* Volume mounts every Tribunal container has: the config, /tmp, NATS credentials. */}}
{{- define "tribunal.commonMounts" -}}
- name: config
  mountPath: /etc/tribunal/experiment.yaml
  subPath: experiment.yaml
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .Values.nats.credentialsSecret.name }}
- name: nats-creds
  mountPath: /etc/tribunal/nats
  readOnly: true
{{- end }}
{{- end }}

{{- define "tribunal.commonVolumes" -}}
- name: config
  configMap:
    name: {{ include "tribunal.componentName" (dict "root" . "component" "experiment") }}
- name: tmp
  emptyDir: {}
{{- with .Values.nats.credentialsSecret }}
{{- if .name }}
- name: nats-creds
  secret:
    secretName: {{ .name }}
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- end }}
{{- end }}
{{- end }}

{{/* Pod-level fields shared by every Tribunal pod. Call with (dict "root" $ "values" .Values.judge). */}}
{{- define "tribunal.podSpecCommon" -}}
serviceAccountName: {{ include "tribunal.serviceAccountName" .root }}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountToken }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Pod template metadata; a config checksum rolls pods when the experiment changes. */}}
{{- define "tribunal.podMetadata" -}}
metadata:
  labels:
    {{- include "tribunal.selectorLabels" . | nindent 4 }}
    {{- with .root.Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/experiment: {{ include "tribunal.experiment" .root | sha256sum }}
    {{- if .root.Values.metrics.scrapeAnnotations }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ .root.Values.healthPort | quote }}
    prometheus.io/path: /metrics
    {{- end }}
    {{- with .root.Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}

{{/* One actor Deployment (rollout, judge, gold). Call with (dict "root" $ "kind" "judge"). */}}
{{- define "tribunal.actorDeployment" -}}
{{- $v := index .root.Values .kind }}
{{- $ctx := dict "root" .root "component" .kind }}
{{- $kedaManaged := and .root.Values.keda.enabled (ne .kind "gold") (index .root.Values.keda .kind).enabled }}
{{- if $v.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "tribunal.componentName" $ctx }}
  labels:
    {{- include "tribunal.labels" $ctx | nindent 4 }}
spec:
  {{- if not $kedaManaged }}
  replicas: {{ $v.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "tribunal.selectorLabels" $ctx | nindent 6 }}
  template:
    {{- include "tribunal.podMetadata" $ctx | nindent 4 }}
    spec:
      {{- include "tribunal.podSpecCommon" (dict "root" .root "values" $v) | nindent 6 }}
      terminationGracePeriodSeconds: 30
      containers:
        - name: {{ .kind }}
          image: {{ include "tribunal.image" .root }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          args: [actor, {{ .kind }}, --config, /etc/tribunal/experiment.yaml]
          env:
            {{- include "tribunal.commonEnv" (dict "root" .root "kind" .kind "values" $v) | nindent 12 }}
          ports:
            - name: health
              containerPort: {{ .root.Values.healthPort }}
          {{- include "tribunal.probes" .root | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml .root.Values.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "tribunal.commonMounts" .root | nindent 12 }}
            {{- include "tribunal.tlsMounts" (dict "root" .root "kind" .kind) | nindent 12 }}
            {{- if and (eq .kind "rollout") .root.Values.weights.enabled }}
            {{- include "tribunal.weightsMount" (dict "root" .root "readOnly" true) | nindent 12 }}
            {{- end }}
            {{- with $v.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        {{- include "tribunal.commonVolumes" .root | nindent 8 }}
        {{- include "tribunal.tlsVolumes" (dict "root" .root "kind" .kind) | nindent 8 }}
        {{- if and (eq .kind "rollout") .root.Values.weights.enabled }}
        {{- include "tribunal.weightsVolume" .root | nindent 8 }}
        {{- end }}
        {{- with $v.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end }}
{{- end }}

{{/* TLS files in a pod: the scheduler's key pair only in the scheduler, the CAs everywhere. Call with (dict "root" $ "kind" "<kind>"). */}}
{{- define "tribunal.tlsMounts" -}}
{{- if .root.Values.scheduler.tls.secretName }}
- name: scheduler-tls
  mountPath: /etc/tribunal/scheduler-tls
  readOnly: true
{{- end }}
{{- if .root.Values.nats.tlsCaSecret.name }}
- name: nats-tls
  mountPath: /etc/tribunal/nats-tls
  readOnly: true
{{- end }}
{{- end }}

{{- define "tribunal.tlsVolumes" -}}
{{- with .root.Values.scheduler.tls.secretName }}
- name: scheduler-tls
  secret:
    secretName: {{ . }}
    items:
      - {key: ca.crt, path: ca.crt}
      {{- if eq $.kind "scheduler" }}
      - {key: tls.crt, path: tls.crt}
      - {key: tls.key, path: tls.key}
      {{- end }}
{{- end }}
{{- with .root.Values.nats.tlsCaSecret }}
{{- if .name }}
- name: nats-tls
  secret:
    secretName: {{ .name }}
    items:
      - {key: {{ .key }}, path: {{ .key }}}
{{- end }}
{{- end }}
{{- end }}
