#!/bin/sh
# kube-apiserver stand-in for the etcd-dr lab. Takes the real apiserver's etcd flags, keeps writing
# its lease and reading the default namespace under the etcd prefix, as an apiserver does, and exits
# loudly when its etcd is gone (Docker's restart policy brings it back, as on a real node).
prefix=/registry
for arg in "$@"; do
  case "$arg" in
    --etcd-servers=*) servers="${arg#*=}" ;;
    --etcd-cafile=*) ca="${arg#*=}" ;;
    --etcd-certfile=*) cert="${arg#*=}" ;;
    --etcd-keyfile=*) key="${arg#*=}" ;;
    --etcd-prefix=*) prefix="${arg#*=}" ;;
    --advertise-address=*) self="${arg#*=}" ;;
  esac
done
trap 'echo "I stand-in: SIGTERM, exiting"; exit 0' TERM
etcd() {
  etcdctl --endpoints="$servers" --cacert="$ca" --cert="$cert" --key="$key" \
    --dial-timeout=3s --command-timeout=5s "$@"
}
echo "I stand-in kube-apiserver: storage $servers, prefix $prefix"
# Each command runs in the background and is waited for, so that SIGTERM is handled at once, as
# kube-apiserver does, not after the command in the foreground ends.
while :; do
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  etcd put "$prefix/leases/kube-system/kube-apiserver-$self" "{\"renewTime\":\"$now\"}" \
    >/dev/null 2>/tmp/error &
  if ! wait $!; then
    echo "E $now storage backend $servers unreachable: $(tail -1 /tmp/error)" >&2
    exit 1
  fi
  etcd get "$prefix/namespaces/default" --print-value-only >/dev/null 2>/tmp/error &
  if ! wait $!; then
    echo "E $now cannot read $prefix/namespaces/default: $(tail -1 /tmp/error)" >&2
    exit 1
  fi
  sleep 2 &
  wait $!
done
