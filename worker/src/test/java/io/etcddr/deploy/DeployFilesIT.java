package io.etcddr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcddr.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install files checked by the tools that load them: the systemd units of the unpacked release
 * archive by `systemd-analyze verify` (their ExecStart pointed at where it was unpacked), the
 * compose file by Debian's `docker-compose config`, and the Kubernetes manifests by reading them as
 * the API server would and checking what a reviewer would insist on.
 */
class DeployFilesIT {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  @Test
  void theArchivesSystemdUnitsVerify() throws Exception {
    Path home = ReleaseArchive.unpack(dir);
    Path units = Files.createDirectories(dir.resolve("units"));
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
    try (var shipped = Files.list(home.resolve("systemd"))) {
      for (Path unit : shipped.toList()) {
        String text = Files.readString(unit).replace("/opt/etcd-dr/", home + "/");
        command.add(Files.writeString(units.resolve(unit.getFileName()), text).toString());
      }
    }
    assertThat(command).hasSize(5); // agent, fence, worker
    assertThat(run(dir, Map.of(), command.toArray(String[]::new))).isEmpty();
    String agent = Files.readString(home.resolve("systemd/etcd-dr-agent.service"));
    assertThat(agent)
        .contains("After=network-online.target docker.service etcd-dr-fence.service")
        .contains("NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=");
    assertThat(Files.readString(home.resolve("systemd/etcd-dr-fence.service")))
        .contains("Before=docker.service");
  }

  @Test
  void theComposeFileIsValidWithPinnedImagesAndHealthChecks() throws Exception {
    Path compose = copy(DEPLOY.resolve("compose"), dir.resolve("deploy/compose"));
    copy(DEPLOY.resolve("prometheus"), dir.resolve("deploy/prometheus"));
    Files.copy(compose.resolve("worker.env.example"), compose.resolve("worker.env"));
    String config =
        run(compose, Map.of("POSTGRES_PASSWORD", "not-a-real-one"), "docker-compose", "config");
    JsonNode services = YAML.readTree(config).path("services");
    assertThat(names(services))
        .containsExactly(
            "alertmanager",
            "etcd-dr-worker",
            "postgresql",
            "prometheus",
            "temporal",
            "temporal-ui");
    services
        .fields()
        .forEachRemaining(
            service -> {
              String image = service.getValue().path("image").asText();
              assertThat(image).as(service.getKey()).matches("[a-z0-9./-]+:[0-9v][0-9A-Za-z.-]*");
              if (!service.getKey().equals("temporal-ui")) {
                assertThat(service.getValue().has("healthcheck"))
                    .as(service.getKey() + " healthcheck")
                    .isTrue();
              }
            });
    assertThat(services.path("postgresql").path("volumes").toString()).contains("postgresql-data");
    assertThat(services.path("etcd-dr-worker").path("depends_on").toString()).contains("temporal");

    // Without the database password, compose refuses: no default secret ships.
    Prerequisites.need().onPath("docker-compose").orSkip();
    Process refused =
        new ProcessBuilder("docker-compose", "config")
            .directory(compose.toFile())
            .redirectErrorStream(true)
            .start();
    String why = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(refused.waitFor()).isNotZero();
    assertThat(why).contains("set POSTGRES_PASSWORD");
  }

  @Test
  void theKubernetesManifestsRunTheWorkerHardenedAndProbed() throws Exception {
    Map<String, JsonNode> byKind = new TreeMap<>();
    try (var parser =
        YAML.getFactory().createParser(DEPLOY.resolve("kubernetes/etcd-dr-worker.yaml").toFile())) {
      for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
        assertThat(doc.path("apiVersion").asText()).isNotEmpty();
        assertThat(doc.path("metadata").path("name").asText()).isNotEmpty();
        byKind.put(doc.path("kind").asText(), doc);
      }
    }
    assertThat(byKind)
        .containsOnlyKeys(
            "ConfigMap",
            "Deployment",
            "Namespace",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Service",
            "ServiceAccount");
    JsonNode pod = byKind.get("Deployment").path("spec").path("template").path("spec");
    assertThat(byKind.get("Deployment").path("spec").path("replicas").asInt())
        .isGreaterThanOrEqualTo(2);
    assertThat(byKind.get("Deployment").path("spec").path("selector").path("matchLabels"))
        .isEqualTo(
            byKind.get("Deployment").path("spec").path("template").path("metadata").path("labels"));
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    JsonNode worker = pod.path("containers").get(0);
    assertThat(worker.path("image").asText()).matches("[a-z0-9./-]+:[0-9][0-9A-Za-z.-]*");
    assertThat(worker.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(worker.path("securityContext").path("allowPrivilegeEscalation").asBoolean())
        .isFalse();
    assertThat(worker.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      JsonNode get = worker.path(probe).path("httpGet");
      assertThat(get.path("path").asText()).isEqualTo("/healthz");
      assertThat(get.path("scheme").asText()).isEqualTo("HTTPS");
      assertThat(get.path("port").asText())
          .isEqualTo(worker.path("ports").get(0).path("name").asText());
    }
    // Every mounted volume is declared, every env var the worker reads comes from the ConfigMap.
    List<String> declared = new ArrayList<>();
    pod.path("volumes").forEach(v -> declared.add(v.path("name").asText()));
    worker
        .path("volumeMounts")
        .forEach(m -> assertThat(declared).contains(m.path("name").asText()));
    assertThat(names(byKind.get("ConfigMap").path("data")))
        .contains(
            "TEMPORAL_ADDRESS",
            "ETCD_DR_CLUSTERS",
            "ETCD_DR_API_TOKEN_FILE",
            "ETCD_DR_HTTP_TLS_CERT");
    assertThat(byKind.get("Service").path("spec").path("selector"))
        .isEqualTo(byKind.get("Deployment").path("spec").path("selector").path("matchLabels"));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    return names;
  }

  private static Path copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return to;
  }

  private static String run(Path in, Map<String, String> env, String... command) throws Exception {
    Prerequisites.need().onPath(command[0]).orSkip();
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
