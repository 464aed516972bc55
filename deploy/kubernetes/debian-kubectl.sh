#!/usr/bin/env bash
# Prints the path of Debian's kubectl (package kubernetes-client; its `kubectl kustomize` is
# kustomize 2.0), getting it when missing:
#   - installed (dpkg knows kubernetes-client): /usr/bin/kubectl;
#   - no kubectl at all: `apt-get install kubernetes-client` (as root);
#   - another kubectl owns /usr/bin/kubectl (e.g. a newer one from Kubernetes' own packages, which
#     the Debian package would conflict with): the .deb is downloaded and unpacked into CACHE_DIR
#     (default: deploy/kubernetes/target/debian-kubectl), and its kubectl is used from there.
# Exits 3 with the reason on stderr when none of these works (no apt, no network, not root).
set -euo pipefail
cache=${1:-$(cd "$(dirname "$0")" && pwd)/target/debian-kubectl}
if dpkg-query -W -f '${Status}' kubernetes-client 2>/dev/null | grep -q 'install ok installed'; then
  echo /usr/bin/kubectl; exit 0
fi
if [ -x "$cache/usr/bin/kubectl" ]; then echo "$cache/usr/bin/kubectl"; exit 0; fi
command -v apt-get >/dev/null || { echo "debian-kubectl: no apt-get here to get kubernetes-client" >&2; exit 3; }
# apt's lists may be missing or old on a fresh machine: update once, then try again
apt_try() { "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && "$@" >/dev/null 2>&1; }; }
if ! command -v kubectl >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "debian-kubectl: kubernetes-client is not installed and this is not root" >&2; exit 3; }
  apt_try apt-get install -y -q kubernetes-client || { echo "debian-kubectl: apt-get install kubernetes-client failed" >&2; exit 3; }
  echo /usr/bin/kubectl; exit 0
fi
mkdir -p "$cache"
download=$(mktemp -d); trap 'rm -rf "$download"' EXIT
(cd "$download" && apt_try apt-get download kubernetes-client) \
  || { echo "debian-kubectl: apt-get download kubernetes-client failed" >&2; exit 3; }
dpkg-deb -x "$download"/kubernetes-client_*.deb "$cache"
echo "$cache/usr/bin/kubectl"
