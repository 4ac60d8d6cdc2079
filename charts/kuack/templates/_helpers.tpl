{{/* Chart name and version as used in the helm.sh/chart label. */}}
{{- define "kuack.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object; call with (dict "root" $ "component" "name"). */}}
{{- define "kuack.labels" -}}
app.kubernetes.io/name: kuack
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: kuack
helm.sh/chart: {{ include "kuack.chart" .root }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of a component's Pods; call with (dict "root" $ "component" "name"). */}}
{{- define "kuack.selectorLabels" -}}
app.kubernetes.io/name: kuack
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* <registry>/<component>:<tag>; call with (dict "root" $ "component" "name"). */}}
{{- define "kuack.image" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .component (toString .root.Values.image.tag) -}}
{{- end -}}

{{/* In-cluster DNS name of a Service of the system namespace. */}}
{{- define "kuack.serviceHost" -}}
{{- printf "%s.%s.svc.cluster.local" .name .root.Values.systemNamespace -}}
{{- end -}}

{{/* The env every component shares. */}}
{{- define "kuack.commonEnv" -}}
- name: SYSTEM_NAMESPACE
  value: {{ .Values.systemNamespace | quote }}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
{{- end -}}

{{/* Pod placement and pull secrets; call with (dict "root" $ "values" .Values.<component>). */}}
{{- define "kuack.podPlacement" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
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
{{- end -}}

{{/* The restricted container security context every Kuack container runs with. */}}
{{- define "kuack.securityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
