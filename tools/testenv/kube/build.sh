#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kube-scheduler at KUBE_VERSION from the Go module proxy
# into $OUT (default ~/.cache/kuack/testenv/kube-<version>/bin). k8s.io/kubernetes replaces its staging
# modules with local paths, so this module replaces each with its published v0.Y.Z (generated from the
# upstream go.mod, never hard-coded). `npm run testenv -- up kube` runs this when the binaries are missing;
# a cold build takes 8-15 minutes and 2-3 GB of RAM on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
V="${KUBE_VERSION:-1.33.4}"
OUT="${OUT:-$HOME/.cache/kuack/testenv/kube-$V/bin}"
CMDS=(kube-apiserver kube-controller-manager kube-scheduler)
if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/kube-controller-manager" ] && [ -x "$OUT/kube-scheduler" ]; then
  echo "kube $V already built in $OUT"; exit 0
fi
if [ ! -f go.mod ]; then
  go mod init kuack.dev/testenv-kube >/dev/null
fi
if ! grep -q "k8s.io/kubernetes v$V" go.mod; then
  # Only when moving to another version: rewrites go.mod/go.sum, which must then be committed.
  MOD=$(go mod download -json "k8s.io/kubernetes@v$V" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  for m in $(awk '$2=="v0.0.0"{print $1}' "$MOD" | grep '^k8s.io/'); do
    go mod edit -replace="$m=$m@v0.${V#1.}"
  done
  go get -tool $(printf "k8s.io/kubernetes/cmd/%s@v$V " "${CMDS[@]}")
fi
MINOR=$(echo "$V" | cut -d. -f2)
# Build next to the destination and move into place, so an interrupted build never looks finished.
TMP="$OUT.tmp-$$"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP"
echo "building kube $V ($(go version))"
GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$V -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR" \
  -o "$TMP/" $(printf "k8s.io/kubernetes/cmd/%s " "${CMDS[@]}")
rm -rf "$OUT"
mv "$TMP" "$OUT"
echo "built kube $V into $OUT"
