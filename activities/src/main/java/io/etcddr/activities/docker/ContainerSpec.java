package io.etcddr.activities.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.etcddr.activities.host.AgentPaths;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What it takes to recreate a container, as `runlike` reads it from `docker inspect`: image,
 * entrypoint and command, environment, binds, network mode, restart policy and labels. Bind sources
 * are node paths (the agent's root is taken off), so a spec read on one node runs on another.
 */
public record ContainerSpec(
    String image,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    List<String> binds,
    String networkMode,
    String restartPolicy,
    Map<String, String> labels,
    String user,
    String workingDir) {

  /** Label holding {@link #digest()}: how runEtcd knows a container is the one it would create. */
  public static final String DIGEST_LABEL = "io.etcd-dr.spec";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  public ContainerSpec {
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
    // Docker's own spelling (`SRC:DST:rw,z`), so a spec compares equal however it was written.
    binds = binds == null ? List.of() : binds.stream().map(b -> Bind.parse(b).toString()).toList();
    labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
    networkMode = networkMode == null || networkMode.isBlank() ? "default" : networkMode;
    restartPolicy = restartPolicy == null || restartPolicy.isBlank() ? "no" : restartPolicy;
    user = user == null ? "" : user;
    workingDir = workingDir == null ? "" : workingDir;
  }

  public static ContainerSpec of(InspectContainerResponse inspected, AgentPaths paths) {
    var config = inspected.getConfig();
    HostConfig host = inspected.getHostConfig();
    List<String> binds = new ArrayList<>();
    if (host != null && host.getBinds() != null) {
      for (Bind bind : host.getBinds()) {
        binds.add(nodeBind(bind.toString(), paths));
      }
    }
    Map<String, String> labels =
        new TreeMap<>(config.getLabels() == null ? Map.of() : config.getLabels());
    labels.remove(DIGEST_LABEL);
    return new ContainerSpec(
        config.getImage(),
        config.getEntrypoint() == null ? null : List.of(config.getEntrypoint()),
        config.getCmd() == null ? null : List.of(config.getCmd()),
        config.getEnv() == null ? null : List.of(config.getEnv()),
        binds,
        host == null ? null : host.getNetworkMode(),
        host == null || host.getRestartPolicy() == null ? null : host.getRestartPolicy().toString(),
        labels,
        config.getUser(),
        config.getWorkingDir());
  }

  /** A spec passed between steps as a map (the output of docker.inspect). */
  public static ContainerSpec fromMap(Map<String, ?> map) {
    return JSON.convertValue(map, ContainerSpec.class);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap() {
    return JSON.convertValue(this, Map.class);
  }

  /** The same spec with etcd's flags edited (in Cmd when it holds them, else in Entrypoint). */
  public ContainerSpec withEtcdFlags(Map<String, ?> set, List<String> remove) {
    boolean inCmd = new EtcdFlags(cmd).hasFlags() || !new EtcdFlags(entrypoint).hasFlags();
    EtcdFlags flags = new EtcdFlags(inCmd ? cmd : entrypoint).setAll(set);
    if (remove != null) {
      remove.forEach(flags::remove);
    }
    List<String> syncedEnv = etcdctlEnv(env, flags);
    return inCmd
        ? new ContainerSpec(
            image,
            entrypoint,
            flags.argv(),
            syncedEnv,
            binds,
            networkMode,
            restartPolicy,
            labels,
            user,
            workingDir)
        : new ContainerSpec(
            image,
            flags.argv(),
            cmd,
            syncedEnv,
            binds,
            networkMode,
            restartPolicy,
            labels,
            user,
            workingDir);
  }

  /**
   * RKE's etcd container carries etcdctl's settings in its environment; keep them with the flags.
   */
  private static final Map<String, String> ETCDCTL_ENV =
      Map.of(
          "ETCDCTL_CERT", "cert-file",
          "ETCDCTL_KEY", "key-file",
          "ETCDCTL_CACERT", "trusted-ca-file",
          "ETCDCTL_ENDPOINTS", "advertise-client-urls");

  private static List<String> etcdctlEnv(List<String> env, EtcdFlags flags) {
    List<String> synced = new ArrayList<>();
    for (String entry : env) {
      String name = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
      String flag = ETCDCTL_ENV.get(name);
      synced.add(flag == null ? entry : flags.get(flag).map(v -> name + "=" + v).orElse(entry));
    }
    return synced;
  }

  /** The same spec on another image (a newer etcd for the learner); blank keeps this one. */
  public ContainerSpec withImage(String other) {
    if (other == null || other.isBlank()) {
      return this;
    }
    return new ContainerSpec(
        other, entrypoint, cmd, env, binds, networkMode, restartPolicy, labels, user, workingDir);
  }

  /** The same spec with extra binds; one for a container path already bound replaces it. */
  public ContainerSpec withBinds(List<String> extra) {
    if (extra == null || extra.isEmpty()) {
      return this;
    }
    List<String> merged = new ArrayList<>();
    for (String bind : binds) {
      String target = Bind.parse(bind).getVolume().getPath();
      if (extra.stream().noneMatch(e -> Bind.parse(e).getVolume().getPath().equals(target))) {
        merged.add(bind);
      }
    }
    merged.addAll(extra);
    return new ContainerSpec(
        image, entrypoint, cmd, env, merged, networkMode, restartPolicy, labels, user, workingDir);
  }

  /** etcd's flags, wherever the image keeps them. */
  public EtcdFlags etcdFlags() {
    List<String> argv = new ArrayList<>(entrypoint);
    argv.addAll(cmd);
    return new EtcdFlags(argv);
  }

  /**
   * The host path behind a path inside the container, through the binds; empty when no bind covers
   * it.
   */
  public java.util.Optional<Path> hostPathOf(String containerPath, AgentPaths paths) {
    Path inside = Path.of(containerPath).normalize();
    for (String bind : binds) {
      Bind parsed = Bind.parse(bind);
      Path target = Path.of(parsed.getVolume().getPath());
      if (inside.startsWith(target)) {
        return java.util.Optional.of(
            paths.resolve(parsed.getPath()).resolve(target.relativize(inside).toString()));
      }
    }
    return java.util.Optional.empty();
  }

  /** A short digest of everything that defines the container. */
  public String digest() {
    try {
      byte[] canonical = JSON.writeValueAsBytes(this);
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest a container spec", e);
    }
  }

  /** Bind strings with the agent's root put back: what the Docker engine must be given. */
  List<String> hostBinds(AgentPaths paths) {
    return binds.stream()
        .map(b -> paths.resolve(source(b)) + b.substring(source(b).length()))
        .toList();
  }

  RestartPolicy dockerRestartPolicy() {
    return RestartPolicy.parse(restartPolicy);
  }

  private static String nodeBind(String bind, AgentPaths paths) {
    return paths.toNode(Path.of(source(bind))) + bind.substring(source(bind).length());
  }

  /** A bind's source: everything before the first colon ({@code SRC:DST[:MODE]}). */
  private static String source(String bind) {
    int colon = bind.indexOf(':');
    return colon < 0 ? bind : bind.substring(0, colon);
  }
}
