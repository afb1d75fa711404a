package io.etcddr.contract.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.etcddr.contract.Key;
import java.util.List;

/**
 * What fencing did on a node. {@code windowMillis} is how long the node's old etcd served after it
 * came back before the fence stopped it: 0 when it was fenced before its engine started it, null
 * when unknown (the container was not running).
 *
 * @param stopped containers stopped by this fence (already stopped ones are not listed)
 * @param disabled containers whose restart policy is now `no`
 * @param dataDirAside where the old data dir now is, or null when there was none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FenceReport(
    @Key("the fenced node") String node,
    @Key("containers this fence stopped") List<String> stopped,
    @Key("containers now with restart policy no") List<String> disabled,
    @Key("where the old data dir is kept") String dataDirAside,
    @Key("fenced before its Docker engine started") boolean beforeEngine,
    @Key("when its old etcd last started, epoch ms") Long etcdStartedAt,
    @Key("when the fence finished, epoch ms") long fencedAt,
    @Key("how long the old etcd served before it was fenced") Long windowMillis) {

  public FenceReport {
    stopped = stopped == null ? List.of() : List.copyOf(stopped);
    disabled = disabled == null ? List.of() : List.copyOf(disabled);
  }
}
