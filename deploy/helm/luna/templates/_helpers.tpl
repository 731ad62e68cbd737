{{/* Names and labels. */}}
{{- define "luna.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "luna.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Operators may copy their object's labels to the pods they make: these must not match the
     selectors of LUNA's own pods and NetworkPolicies. */}}
{{- define "luna.operatorLabels" -}}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component: include "luna.selector" (list . "api") */}}
{{- define "luna.selector" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "luna.image" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $digest := index $root.Values.image.digests $name -}}
{{- if $digest -}}
{{ $root.Values.image.registry }}/{{ $name }}@{{ $digest }}
{{- else -}}
{{ $root.Values.image.registry }}/{{ $name }}:{{ $root.Values.image.tag | default $root.Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* Stateful parts: the names the operators' objects get, and their endpoints. */}}
{{- define "luna.rabbitmqName" -}}{{ include "luna.fullname" . }}-rabbitmq{{- end -}}
{{- define "luna.mongoName" -}}{{ include "luna.fullname" . }}-mongodb{{- end -}}
{{- define "luna.postgresName" -}}{{ include "luna.fullname" . }}-pg{{- end -}}
{{- define "luna.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "luna.fullname" .)) -}}
{{- end -}}
{{- define "luna.rabbitmqHost" -}}
{{ include "luna.rabbitmqName" . }}.{{ .Release.Namespace }}.svc
{{- end -}}

{{/* Settings every LUNA process reads, and the broker URL (a secret, or built from the
     operator's default-user secret: Kubernetes expands $(VAR) from earlier variables). */}}
{{- define "luna.brokerEnv" -}}
- name: LUNA_ENVIRONMENT
  value: {{ .Values.environment | quote }}
- name: LUNA_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: LUNA_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: LUNA_DELIVERY_LIMIT
  value: {{ .Values.deliveryLimit | quote }}
{{- if eq .Values.rabbitmq.mode "operator" }}
- name: RABBITMQ_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ include "luna.rabbitmqName" . }}-default-user, key: username}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "luna.rabbitmqName" . }}-default-user, key: password}
- name: LUNA_RABBITMQ_URL
  value: "amqp://$(RABBITMQ_USERNAME):$(RABBITMQ_PASSWORD)@{{ include "luna.rabbitmqHost" . }}:5672/%2F"
{{- else }}
- name: LUNA_RABBITMQ_URL
  valueFrom:
    secretKeyRef: {name: {{ include "luna.secretName" . }}, key: LUNA_RABBITMQ_URL}
{{- end }}
{{- end -}}

{{- define "luna.mongoEnv" -}}
- name: LUNA_MONGO_URL
  valueFrom:
    {{- if eq .Values.mongodb.mode "operator" }}
    secretKeyRef: {name: {{ include "luna.mongoName" . }}-connection, key: connectionString.standard}
    {{- else }}
    secretKeyRef: {name: {{ include "luna.secretName" . }}, key: LUNA_MONGO_URL}
    {{- end }}
- name: LUNA_MONGO_DB
  value: {{ .Values.mongoDatabase | quote }}
{{- end -}}

{{/* Pod and container hardening shared by every LUNA pod. */}}
{{- define "luna.podSecurity" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
automountServiceAccountToken: false
serviceAccountName: {{ include "luna.fullname" . }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "luna.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities: {drop: [ALL]}
{{- end -}}

{{/* Spread replicas over nodes (preferred: a small cluster still schedules them). */}}
{{- define "luna.antiAffinity" -}}
{{- $root := index . 0 -}}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "luna.selector" . | nindent 14 }}
{{- end -}}

{{/* checkov findings that do not apply, with the reason beside each (see README.md). */}}
{{- define "luna.checkovSkips" -}}
checkov.io/skip1: CKV_K8S_35=LUNA reads settings only from LUNA_* environment variables; the values come from Secrets through secretKeyRef and are never in the manifest
checkov.io/skip2: CKV_K8S_43=digests are set per image in values.image.digests for production; the chart cannot know them
{{- end -}}

{{/* The secrets the chart refuses to render without, each named. */}}
{{- define "luna.requireSecrets" -}}
{{- if not .Values.secrets.existingSecret -}}
{{- $_ := required "secrets.jwtSecret is required (LUNA_JWT_SECRET, at least 32 random characters), or name a Secret in secrets.existingSecret" .Values.secrets.jwtSecret -}}
{{- $_ := required "secrets.adminPassword is required (LUNA_ADMIN_PASSWORD, the first admin's, at least 12 characters), or name a Secret in secrets.existingSecret" .Values.secrets.adminPassword -}}
{{- if eq .Values.mongodb.mode "operator" -}}
{{- $_ := required "secrets.mongoPassword is required with mongodb.mode=operator (the luna user's password on the replica set)" .Values.secrets.mongoPassword -}}
{{- else -}}
{{- $_ := required "secrets.mongoUrl is required with mongodb.mode=external (LUNA_MONGO_URL)" .Values.secrets.mongoUrl -}}
{{- end -}}
{{- if eq .Values.postgresql.mode "external" -}}
{{- $_ := required "secrets.databaseUrl is required with postgresql.mode=external (LUNA_DATABASE_URL, postgresql+psycopg://...)" .Values.secrets.databaseUrl -}}
{{- end -}}
{{- if eq .Values.rabbitmq.mode "external" -}}
{{- $_ := required "secrets.rabbitmqUrl is required with rabbitmq.mode=external (LUNA_RABBITMQ_URL, amqp://...)" .Values.secrets.rabbitmqUrl -}}
{{- end -}}
{{- end -}}
{{- $_ := required "api.adminEmail is required (the first admin's e-mail, LUNA_ADMIN_EMAIL)" .Values.api.adminEmail -}}
{{- end -}}

{{/* Workers: heartbeat files in /tmp (an emptyDir), checked by an exec probe. Alive: every
     consume loop beat within a minute (a hung model call or a dead consumer thread stops it).
     Ready: also consuming (a worker waiting for the broker is alive but not ready). */}}
{{- define "luna.heartbeatDir" -}}/tmp/luna-heartbeat{{- end -}}
{{- define "luna.workerProbes" -}}
{{- $root := index . 0 -}}
{{- $startupSeconds := index . 1 -}}
startupProbe:
  exec:
    command: [python, -m, luna_rabbit.worker_lifecycle, {{ include "luna.heartbeatDir" $root }}, --max-age, "60"]
  periodSeconds: 5
  timeoutSeconds: 10
  failureThreshold: {{ div $startupSeconds 5 }}
livenessProbe:
  exec:
    command: [python, -m, luna_rabbit.worker_lifecycle, {{ include "luna.heartbeatDir" $root }}, --max-age, "60"]
  periodSeconds: 20
  timeoutSeconds: 10
  failureThreshold: 3
readinessProbe:
  exec:
    command: [python, -m, luna_rabbit.worker_lifecycle, {{ include "luna.heartbeatDir" $root }}, --max-age, "60", --consuming]
  periodSeconds: 10
  timeoutSeconds: 10
  failureThreshold: 3
{{- end -}}

{{/* A headless Service naming a worker's metrics port, for the ServiceMonitor. */}}
{{- define "luna.metricsService" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "luna.fullname" $root }}-{{ $component }}-metrics
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "luna.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
spec:
  clusterIP: None
  selector:
    {{- include "luna.selector" . | nindent 4 }}
  ports:
    - {name: metrics, port: {{ $root.Values.metricsPort }}, targetPort: metrics}
{{- end -}}

{{/* KEDA: scale a worker on its queue's depth. Target per replica = the messages one replica
     clears in targetBacklogSeconds at its measured rate. */}}
{{- define "luna.scaledObject" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $queue := index . 2 -}}
{{- $rate := index . 3 -}}
{{- $scaling := index . 4 -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "luna.fullname" $root }}-{{ $component }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "luna.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
spec:
  scaleTargetRef:
    name: {{ include "luna.fullname" $root }}-{{ $component }}
  minReplicaCount: {{ $scaling.minReplicas }}
  maxReplicaCount: {{ $scaling.maxReplicas }}
  pollingInterval: {{ $scaling.pollingInterval }}
  cooldownPeriod: {{ $scaling.cooldownPeriod }}
  triggers:
    - type: rabbitmq
      metadata:
        protocol: {{ $root.Values.rabbitmq.kedaProtocol }}
        queueName: {{ $queue }}
        mode: QueueLength
        value: {{ mul (int $rate) (int $scaling.targetBacklogSeconds) | quote }}
        {{- if eq $root.Values.rabbitmq.mode "operator" }}
        host: {{ ternary "http" "amqp" (eq $root.Values.rabbitmq.kedaProtocol "http") }}://{{ include "luna.rabbitmqHost" $root }}:{{ ternary "15672" "5672" (eq $root.Values.rabbitmq.kedaProtocol "http") }}/%2F
        {{- end }}
      authenticationRef:
        name: {{ include "luna.fullname" $root }}-rabbitmq
    {{- with $scaling.clinicHours }}
    {{- if .enabled }}
    # A floor during clinic hours: capacity for the peak is there before the morning ramp,
    # instead of after a cold start (docs/SCALING.md, simulation).
    - type: cron
      metadata:
        timezone: {{ .timezone | quote }}
        start: {{ .start | quote }}
        end: {{ .end | quote }}
        desiredReplicas: {{ .replicas | quote }}
    {{- end }}
    {{- end }}
{{- end -}}
