#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kube-scheduler at KUBE_VERSION from the Go module proxy
# into $OUT (default ~/.cache/kuack/testenv/kube-<version>/bin). k8s.io/kubernetes replaces its staging
# modules with local paths, so this module replaces each with its published v0.Y.Z (generated from the
# upstream go.mod, never hard-coded).
set -euo pipefail
cd "$(dirname "$0")"
V="${KUBE_VERSION:-1.33.4}"
OUT="${OUT:-$HOME/.cache/kuack/testenv/kube-$V/bin}"
if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/kube-controller-manager" ] && [ -x "$OUT/kube-scheduler" ]; then
  echo "kube $V already built in $OUT"; exit 0
fi
if [ ! -f go.mod ]; then
  go mod init kuack.dev/testenv-kube >/dev/null
fi
if ! grep -q "k8s.io/kubernetes v$V" go.mod; then
  MOD=$(go mod download -json "k8s.io/kubernetes@v$V" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  for m in $(awk '$2=="v0.0.0"{print $1}' "$MOD" | grep '^k8s.io/'); do
    go mod edit -replace="$m=$m@v0.${V#1.}"
  done
  go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$V" "k8s.io/kubernetes/cmd/kube-controller-manager@v$V" "k8s.io/kubernetes/cmd/kube-scheduler@v$V"
fi
MINOR=$(echo "$V" | cut -d. -f2)
mkdir -p "$OUT"
GOFLAGS=-mod=mod go build -trimpath \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$V -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR" \
  -o "$OUT/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
echo "built kube $V into $OUT"
