package io.etcddr.activities.etcd;

import java.nio.file.Path;

/** The files of an etcd client certificate: RKE's kube-ca.pem and a kube-etcd-* pair. */
public record EtcdTls(Path caCert, Path cert, Path key) {}
