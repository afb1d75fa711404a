package io.etcddr.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.connect.TemporalConnection;
import io.etcddr.connect.TemporalOptions;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.testing.LoopbackExtension;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.api.workflowservice.v1.CreateScheduleRequest;
import io.temporal.api.workflowservice.v1.DeleteScheduleRequest;
import io.temporal.api.workflowservice.v1.PatchScheduleRequest;
import io.temporal.api.workflowservice.v1.UpdateScheduleRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Schedules path as the SDK's Schedule client puts it on the wire, against a recording gRPC
 * service on its own loopback address: the shipped learner-drill's schedule, then pause, re-apply,
 * trigger and delete.
 */
class TemporalSchedulesTest {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private FakeScheduleService server;
  private TemporalConnection temporal;
  private DrillScheduler scheduler;
  private Drill drill;

  @BeforeEach
  void connect() throws Exception {
    server = new FakeScheduleService(LOOPBACK.address(0));
    TemporalOptions options = TemporalOptions.plain(server.target()).withNamespace("dr");
    temporal = TemporalConnection.open(options);
    LibraryPlans library = LibraryPlans.read(Path.of("..", "runbooks"));
    DrillSchedulers.Choice choice =
        DrillSchedulers.forServer(
            temporal, library, Duration.ofMinutes(90), new ClusterInventory(Path.of("clusters")));
    assertThat(choice.note()).as("a server with the Schedules API gets Schedules").isNull();
    scheduler = choice.scheduler();
    drill =
        Drill.in(library).stream()
            .filter(d -> d.runbook().equals("learner-drill"))
            .findFirst()
            .orElseThrow();
  }

  @AfterEach
  void close() {
    temporal.close();
    server.close();
  }

  @Test
  void aDrillBecomesOneScheduleThatSkipsOverlapsAndCatchesUpWithinItsWindow() throws Exception {
    assertThat(scheduler.apply(drill)).isEqualTo("created");

    CreateScheduleRequest create = server.requests(CreateScheduleRequest.class).get(0);
    assertThat(create.getNamespace()).isEqualTo("dr");
    assertThat(create.getScheduleId()).isEqualTo("scheduled/learner-drill/lab");
    Schedule schedule = create.getSchedule();
    assertThat(schedule.getSpec().getCronStringList()).containsExactly("0 3 * * *");
    assertThat(schedule.getSpec().getJitter().getSeconds())
        .as("the runbook's jitter: a fleet's drills spread over 10 minutes")
        .isEqualTo(10 * 60);
    assertThat(schedule.getPolicies().getOverlapPolicy())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getPolicies().getCatchupWindow().getSeconds()).isEqualTo(90 * 60);
    assertThat(schedule.getState().getPaused()).isFalse();
    assertThat(schedule.getState().getNotes()).isEqualTo("etcd-dr: learner-drill");

    var start = schedule.getAction().getStartWorkflow();
    assertThat(start.getWorkflowType().getName()).isEqualTo("RunbookWorkflow");
    assertThat(start.getTaskQueue().getName()).isEqualTo("etcd-dr");
    assertThat(start.getWorkflowId()).isEqualTo("learner-drill/lab");
    JsonNode input =
        new ObjectMapper().readTree(start.getInput().getPayloads(0).getData().toStringUtf8());
    assertThat(input.get("runbook").asText()).isEqualTo("learner-drill");
    assertThat(input.has("plan")).as("runs use the worker's library of the day").isFalse();
    assertThat(input.get("inputs").get("cluster").asText()).isEqualTo("lab");
    assertThat(input.get("inputs").get("learner").asText()).isEqualTo("node1");
  }

  @Test
  void reapplyingUpdatesInPlaceAndKeepsAPause() {
    scheduler.apply(drill);
    scheduler.pause(drill.id(), "maintenance window");
    Drill weekly =
        new Drill(drill.id(), drill.runbook(), "0 4 * * 0", drill.jitter(), drill.inputs());

    assertThat(scheduler.apply(weekly)).isEqualTo("updated");

    PatchScheduleRequest pause = server.requests(PatchScheduleRequest.class).get(0);
    assertThat(pause.getPatch().getPause()).isEqualTo("maintenance window");
    UpdateScheduleRequest update = server.requests(UpdateScheduleRequest.class).get(0);
    assertThat(update.getScheduleId()).isEqualTo(drill.id());
    assertThat(update.getSchedule().getSpec().getCronStringList()).containsExactly("0 4 * * 0");
    assertThat(update.getSchedule().getState().getPaused()).as("still paused").isTrue();
    assertThat(server.requests(CreateScheduleRequest.class)).hasSize(2);
  }

  @Test
  void listShowsCronPauseNextRunAndTheLastRunsOutcome() {
    scheduler.apply(drill);
    scheduler.pause(drill.id(), "maintenance window");

    assertThat(scheduler.list())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.id()).isEqualTo("scheduled/learner-drill/lab");
              assertThat(row.cron()).isEqualTo("0 3 * * *");
              assertThat(row.paused()).isTrue();
              assertThat(row.next()).isEqualTo(FakeScheduleService.NEXT);
              assertThat(row.last())
                  .isEqualTo(
                      "2026-11-25T03:00:00Z completed (learner-drill/lab-2026-11-25T03:00:00Z)");
            });
  }

  @Test
  void triggerUnpauseAndDeleteGoToTheNamedSchedule() {
    scheduler.apply(drill);
    scheduler.trigger(drill.id());
    scheduler.pause(drill.id(), "x");
    scheduler.unpause(drill.id(), "back");
    scheduler.delete(drill.id());

    var patches = server.requests(PatchScheduleRequest.class);
    assertThat(patches.get(0).getPatch().hasTriggerImmediately()).isTrue();
    assertThat(patches.get(2).getPatch().getUnpause()).isEqualTo("back");
    assertThat(server.requests(DeleteScheduleRequest.class))
        .singleElement()
        .satisfies(d -> assertThat(d.getScheduleId()).isEqualTo(drill.id()));
    assertThat(server.schedules).isEmpty();
    assertThatThrownBy(() -> scheduler.pause("scheduled/nothing/here", "x"))
        .isInstanceOf(DrillScheduler.UnknownSchedule.class)
        .hasMessageContaining("no schedule scheduled/nothing/here");
  }
}
