package io.etcddr.runbook.catalog;

import io.etcddr.contract.CompositeSteps;
import io.etcddr.contract.cert.CaKeyActivities;
import io.etcddr.contract.cert.CertActivities;
import io.etcddr.contract.cluster.ClusterActivities;
import io.etcddr.contract.docker.DockerActivities;
import io.etcddr.contract.etcd.EtcdActivities;
import io.etcddr.contract.etcddata.EtcdDataActivities;
import io.etcddr.contract.fence.FenceActivities;
import io.etcddr.contract.host.HostActivities;
import io.etcddr.contract.inventory.InventoryActivities;
import io.etcddr.contract.notify.NotifyActivities;
import io.etcddr.contract.rke.RkeActivities;
import io.etcddr.contract.store.StoreActivities;
import java.util.List;
import java.util.Optional;

/**
 * The activity catalog of runbook language v1: every `uses:` activity, its typed inputs and outputs
 * and where it runs, in name order. It is read from the contract's interfaces ({@link
 * ContractReader}), so the records the activities take and return are the one declaration: the
 * compiler checks runbooks against it and the JSON Schema is generated from it.
 */
public final class ActivityCatalog {

  /** Where the steps are declared; an interface of new steps is added here. */
  private static final List<Class<?>> CONTRACTS =
      List.of(
          CompositeSteps.class,
          InventoryActivities.class,
          CertActivities.class,
          CaKeyActivities.class,
          EtcdActivities.class,
          EtcdDataActivities.class,
          StoreActivities.class,
          DockerActivities.class,
          RkeActivities.class,
          HostActivities.class,
          NotifyActivities.class,
          ClusterActivities.class,
          FenceActivities.class);

  private static final List<ActivityDefinition> ENTRIES = ContractReader.read(CONTRACTS);

  private ActivityCatalog() {}

  public static List<ActivityDefinition> entries() {
    return ENTRIES;
  }

  public static Optional<ActivityDefinition> find(String name) {
    return ENTRIES.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ENTRIES.stream().map(ActivityDefinition::name).toList();
  }
}
