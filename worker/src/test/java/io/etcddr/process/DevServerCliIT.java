package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.cli.EtcdDrCli;
import io.etcddr.testing.LoopbackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `etcd-dr dev` as its own process, driven by the CLI as an operator would: run --follow, status,
 * approve, abort, a second start attaching to the running run, and a clean stop.
 */
class DevServerCliIT {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  @TempDir static Path dir;

  /**
   * `run`'s wait for the dev worker's inputs check: a busy two-core machine can be slow to answer.
   */
  private static final List<String> BUSY_MACHINE_WAIT = List.of("--worker-wait", "2m");

  private static EtcdDrProcess dev;
  private static String address;
  private static Path log;

  /** One CLI call in-process, with what it printed. */
  record Cli(int exit, String out, String err) {}

  @BeforeAll
  static void startDev() throws Exception {
    Path library = Files.createDirectories(dir.resolve("library"));
    for (String name : List.of("clock-check.yaml")) {
      Files.copy(Path.of("..", "runbooks", name), library.resolve(name));
    }
    Files.copy(Path.of("src/test/resources/cli/gated.yaml"), library.resolve("gated.yaml"));
    Files.copy(Path.of("src/test/resources/cli/drill.yaml"), library.resolve("drill.yaml"));
    TestInventory.write(
        dir.resolve("clusters"),
        List.of("alpha", "beta", "gamma", "delta", "nightly"),
        List.of("n1", "n2"));
    int port = FreePort.on("127.0.0.1");
    address = "127.0.0.1:" + port;
    log = dir.resolve("dev.log");
    dev =
        EtcdDrProcess.start(
            log,
            "dev",
            "--port",
            Integer.toString(port),
            "--nodes",
            "n1,n2",
            "--library",
            library.toString(),
            "--clusters",
            dir.resolve("clusters").toString(),
            "--log",
            dir.resolve("server.log").toString(),
            "--http",
            LOOPBACK.address(0) + ":0",
            "--api-token-file",
            dir.resolve("api-token").toString());
    // Up to 2 min: on a loaded two-core machine a JVM can take long to start.
    for (int i = 0; i < 480 && !Files.readString(log).contains("Stop with Ctrl-C"); i++) {
      Thread.sleep(250);
    }
    assertThat(Files.readString(log))
        .contains("etcd-dr dev: Temporal test server on 127.0.0.1:" + port);
  }

  @AfterAll
  static void stopDev() throws Exception {
    long serverPid = serverPid();
    dev.close(); // SIGTERM: the dev command stops its workers and its server process
    assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the dev server's Temporal process is gone")
        .isFalse();
  }

  @Test
  void runFollowShowsEveryStepAndExitsZero() {
    Cli run = cli("run", "clock-check", "--set", "nodes=n1,n2", "--follow");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("started clock-check as clock-check/")
        .containsPattern("clocks +done on n1,n2")
        .containsPattern("skewed +skipped")
        .contains("run completed");
  }

  @Test
  void approveThroughTheCliLetsTheRunFinish() throws Exception {
    Cli started = cli("run", "gated", "--set", "cluster=alpha");
    Cli again = cli("run", "gated", "--set", "cluster=alpha");
    awaitWaiting("gated/alpha");

    Cli status = cli("status", "gated/alpha");
    Cli approve = cli("approve", "gated/alpha", "--by", "alice");
    Cli end = awaitWorkflowStatus("gated/alpha", "completed");

    assertThat(started.out()).contains("started gated as gated/alpha");
    assertThat(again.out()).contains("attached to the running gated as gated/alpha");
    assertThat(status.out()).containsPattern("go +waiting for approval .* go on with alpha\\?");
    assertThat(approve.out().strip()).isEqualTo("approved `go` for alice");
    assertThat(end.exit()).isZero();
    assertThat(end.out()).containsPattern("\"id\" : \"after\",[^}]*\"state\" : \"DONE\"");
  }

  @Test
  void approvingAStepThatIsNotWaitingIsBadUsage() throws Exception {
    cli("run", "gated", "--set", "cluster=beta");
    awaitWaiting("gated/beta");

    Cli wrong = cli("approve", "gated/beta", "--step", "after", "--by", "bob");

    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err().strip())
        .isEqualTo("etcd-dr: cannot decide: `after` is not an approval step of this run");
    cli("abort", "gated/beta", "--reason", "test over");
  }

  @Test
  void abortCancelsTheRunAndRunsOnFailure() throws Exception {
    cli("run", "gated", "--set", "cluster=gamma");
    awaitWaiting("gated/gamma");

    Cli abort = cli("abort", "gated/gamma", "--reason", "wrong cluster", "--by", "carol");
    Cli status = awaitWorkflowStatus("gated/gamma", "canceled");

    assertThat(abort.out()).contains("aborting gated/gamma: wrong cluster");
    assertThat(status.out()).contains("\"workflowStatus\" : \"canceled\"");
    assertThat(status.out()).contains("\"state\" : \"cancelled\"").contains("carol: wrong cluster");
    assertThat(status.out()).containsPattern("\"id\" : \"cleanup\",[^}]*\"state\" : \"DONE\"");
  }

  @Test
  void devServesTheHttpApiWithTheTokenItMade() throws Exception {
    Matcher m =
        Pattern.compile("HTTP API on (http://" + Pattern.quote(LOOPBACK.address(0)) + ":\\d+)")
            .matcher(Files.readString(log));
    assertThat(m.find()).as(Files.readString(log)).isTrue();
    String token = Files.readString(dir.resolve("api-token")).strip();
    assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("api-token")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    var http = java.net.http.HttpClient.newHttpClient();
    var metrics =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1) + "/metrics"))
                .header("Authorization", "Bearer " + token)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    assertThat(Files.readString(log)).doesNotContain(token);
  }

  @Test
  void scheduleLifecycleOnTheDevServerRunsTheDrillAsACronWorkflow() throws Exception {
    String id = "scheduled/drill/nightly";
    Cli created = cli("schedule", "apply");
    Cli again = cli("schedule", "apply");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains(id + ": created — drill at `* * * * *`");
    assertThat(created.err())
        .contains("etcd-dr: note: this Temporal server has no Schedules API")
        .hasLineCount(1);
    assertThat(again.out()).contains(id + ": unchanged");
    assertThat(cli("schedule", "list").out())
        .containsPattern(id + " +\\* \\* \\* \\* \\* +active ");

    Cli trigger = cli("schedule", "trigger", id);
    assertThat(trigger.out().strip()).isEqualTo("triggered " + id);
    assertThat(awaitWorkflowStatus("drill/nightly", "completed").out())
        .contains("\"workflowStatus\" : \"completed\"");

    // The cron itself runs the drill at the next minute.
    Cli list = cli("schedule", "list");
    for (int i = 0; i < 300 && !list.out().contains(" completed"); i++) {
      Thread.sleep(250);
      list = cli("schedule", "list");
    }
    assertThat(list.out()).containsPattern(id + " .* active .* completed");

    assertThat(cli("schedule", "pause", id).out().strip()).isEqualTo("paused " + id);
    assertThat(cli("schedule", "list").out()).containsPattern(id + " .* paused ");
    assertThat(cli("schedule", "apply").out()).contains(id + ": unchanged (paused");
    assertThat(cli("schedule", "unpause", id).out().strip()).isEqualTo("unpaused " + id);
    assertThat(cli("schedule", "list").out()).containsPattern(id + " .* active ");

    assertThat(cli("schedule", "delete", id).out().strip()).isEqualTo("deleted " + id);
    assertThat(cli("schedule", "list").out()).doesNotContain(id);
    Cli gone = cli("schedule", "pause", id);
    assertThat(gone.exit()).isEqualTo(2);
    assertThat(gone.err()).contains("no schedule " + id);
  }

  @Test
  void withoutALocalInventoryTheWorkerRefusesAnUnknownClusterAndNoRunIsCreated() {
    Cli ghost = cliOnALaptop("run", "gated", "--set", "cluster=ghost");

    assertThat(ghost.exit()).isEqualTo(2);
    assertThat(ghost.err().strip())
        .isEqualTo(
            "etcd-dr: input `cluster`: no cluster `ghost` in the inventory "
                + dir.resolve("clusters")
                + "; known clusters: alpha, beta, delta, gamma, nightly");
    assertThat(cli("status", "gated/ghost").err()).contains("no run gated/ghost");
  }

  @Test
  void withoutALocalInventoryAGoodRunStartsAfterTheWorkerChecksIt() throws Exception {
    Cli started = cliOnALaptop("run", "gated", "--set", "cluster=delta");
    awaitWaiting("gated/delta");

    assertThat(started.exit()).as(started.err()).isZero();
    assertThat(started.out()).contains("started gated as gated/delta");
    cli("abort", "gated/delta", "--reason", "test over");
  }

  @Test
  void everyCommandFindsTheLabsTemporalWithoutFlags() throws Exception {
    Path lab = Files.createDirectories(dir.resolve("lab"));
    Files.writeString(lab.resolve("temporal-address"), address + "\n");
    Path log = dir.resolve("status-without-flags.log");
    try (EtcdDrProcess status =
        EtcdDrProcess.start(
            log, java.util.Map.of("ETCD_DR_LAB", lab.toString()), "status", "x/y")) {
      assertThat(status.exitCode(60)).isEqualTo(2);
    }
    // the lab's Temporal answered: the run is unknown there, not the server unreachable
    assertThat(Files.readString(log).strip())
        .isEqualTo(
            "etcd-dr: no run x/y in namespace default; check the id (etcd-dr run prints it)");
  }

  /** The CLI on a machine that holds no inventory, as an operator's laptop. */
  private static Cli cliOnALaptop(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--address", address, "--library", dir.resolve("library").toString()));
    all.addAll(List.of("--clusters", dir.resolve("no-inventory-here").toString()));
    all.addAll(BUSY_MACHINE_WAIT);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        EtcdDrCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Cli(code, out.toString(), err.toString());
  }

  @Test
  void unknownRunIsBadUsage() {
    Cli status = cli("status", "no/such-run");

    assertThat(status.exit()).isEqualTo(2);
    assertThat(status.err()).contains("no run no/such-run in namespace default");
  }

  private static Cli cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--address");
    all.add(address);
    if (args[0].equals("run")) {
      all.addAll(BUSY_MACHINE_WAIT);
    }
    if (args[0].equals("run") || args[0].equals("schedule")) {
      all.add("--library");
      all.add(dir.resolve("library").toString());
      all.add("--clusters");
      all.add(dir.resolve("clusters").toString());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        EtcdDrCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Cli(code, out.toString(), err.toString());
  }

  private static void awaitWaiting(String id) throws InterruptedException {
    for (int i = 0; i < 480; i++) {
      if (cli("status", id).out().contains("waiting for approval")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(id + " never waited for approval");
  }

  private static Cli awaitWorkflowStatus(String id, String workflowStatus)
      throws InterruptedException {
    Cli status = cli("status", id, "--json");
    for (int i = 0;
        i < 480 && !status.out().contains("\"workflowStatus\" : \"" + workflowStatus + "\"");
        i++) {
      Thread.sleep(250);
      status = cli("status", id, "--json");
    }
    return status;
  }

  @Test
  void aSecondDevOnTheSamePortSaysSoAndLeavesNoProcessBehind() throws Exception {
    Path second = dir.resolve("second-dev.log");
    String port = address.substring(address.indexOf(':') + 1);
    try (EtcdDrProcess again =
        EtcdDrProcess.start(
            second, "dev", "--port", port, "--log", dir.resolve("second-server.log").toString())) {
      assertThat(again.exitCode(60)).isEqualTo(2);
    }
    assertThat(Files.readString(second).strip())
        .isEqualTo(
            "etcd-dr: 127.0.0.1:"
                + port
                + " is in use (another Temporal server?): stop it or pass --port");
    assertThat(dir.resolve("second-server.log"))
        .as("no server process was even started")
        .doesNotExist();
    long servers =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .orElse("")
                        .contains("io.temporal.testserver.TestServer " + port))
            .count();
    assertThat(servers).as("only the first dev's server").isEqualTo(1);
    assertThat(ProcessHandle.of(serverPid()).map(ProcessHandle::isAlive)).contains(true);
  }

  private static long serverPid() throws Exception {
    Matcher m = Pattern.compile("\\(pid (\\d+),").matcher(Files.readString(log));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }
}
