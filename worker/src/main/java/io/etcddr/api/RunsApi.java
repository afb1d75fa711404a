package io.etcddr.api;

import io.etcddr.engine.AbortRequest;
import io.etcddr.engine.ApprovalDecision;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.etcddr.people.Person;
import io.etcddr.people.Users;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.inputs.InputBinder;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.runs.RunControl;
import io.etcddr.runs.RunStarter;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** `/v1/runs`: start a runbook of the library, read a run, approve or abort it. */
final class RunsApi {

  /** `POST /v1/runs`. */
  record StartBody(String runbook, Map<String, Object> inputs, String workflowId, Boolean dryRun) {}

  /** A dry run asks every step once, each agent within 10 s. */
  static final java.time.Duration DRY_RUN_WAIT = java.time.Duration.ofMinutes(5);

  /** `POST /v1/runs/{id}/approve`: every field optional; `reject: true` rejects. */
  record DecisionBody(String step, String by, String comment, Boolean reject) {}

  /** `POST /v1/runs/{id}/abort`. */
  record AbortBody(String reason, String by) {}

  /** Who decides or aborts when the caller does not say. */
  static final String CALLER = "http-api";

  private final Supplier<LibraryPlans> library;
  private final RunStarter starter;
  private final RunControl control;
  private final Users users;

  /**
   * @param users whose approvals the worker vouches for with its approval key; null: nobody's
   */
  RunsApi(Supplier<LibraryPlans> library, RunStarter starter, RunControl control, Users users) {
    this.library = library;
    this.starter = starter;
    this.control = control;
    this.users = users;
  }

  ApiResponse start(ApiRequest request) {
    StartBody body = request.json(StartBody.class, null);
    if (body == null || body.runbook() == null || body.runbook().isBlank()) {
      throw ApiException.badRequest(
          "`runbook` is missing; send {\"runbook\": NAME, \"inputs\": {...}}");
    }
    LibraryPlans plans = library.get();
    Plan plan =
        plans
            .find(body.runbook())
            .orElseThrow(() -> ApiException.notFound(plans.whyMissing(body.runbook())));
    Map<String, Object> inputs;
    try {
      inputs = InputBinder.bind(plan.inputs(), body.inputs() == null ? Map.of() : body.inputs());
    } catch (InputBinder.InputException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (Boolean.TRUE.equals(body.dryRun())) {
      return dryRun(plan, inputs);
    }
    RunStarter.Started started;
    try {
      started = starter.start(plan, inputs, body.workflowId());
    } catch (RunStarter.InputsRefused e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return ApiResponse.json(202, started);
  }

  /** `"dryRun": true`: the table of what each step would do, with `ready`; nothing is started. */
  private ApiResponse dryRun(Plan plan, Map<String, Object> inputs) {
    try {
      var report = starter.dryRun(plan, inputs, DRY_RUN_WAIT);
      Map<String, Object> answer = new java.util.LinkedHashMap<>();
      answer.put("runbook", report.runbook());
      answer.put("ready", report.ready());
      answer.put("rows", report.rows());
      return ApiResponse.json(200, answer);
    } catch (RunStarter.InputsRefused e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (RunStarter.NoWorker e) {
      throw ApiException.unavailable(e.getMessage());
    }
  }

  ApiResponse status(ApiRequest request) {
    String id = request.param("id");
    return ApiResponse.json(200, controlled(c -> c.view(id)).asMap(id));
  }

  /**
   * A person's decision carries their identity, signed with the worker's approval key for this run
   * and step, so that it counts where `people`, `roles` or `approvers` are asked for; the shared
   * token's decision carries none.
   */
  ApiResponse approve(ApiRequest request) {
    DecisionBody body = request.json(DecisionBody.class, new DecisionBody(null, null, null, null));
    String id = request.param("id");
    boolean approved = !Boolean.TRUE.equals(body.reject());
    Person person = request.person();
    ApprovalDecision decision;
    if (person == null) {
      decision =
          new ApprovalDecision(
              body.step(), approved, body.by() == null ? CALLER : body.by(), body.comment());
    } else {
      if (body.by() != null && !body.by().equals(person.name())) {
        throw ApiException.badRequest(
            "`by` is " + body.by() + " but your token is " + person.name() + "'s; leave `by` out");
      }
      String step = body.step() != null ? body.step() : controlled(c -> c.waitingApproval(id));
      decision = users.approvalKey().decision(person, id, step, approved, body.comment());
    }
    String answer = controlled(c -> c.decide(id, decision));
    return ApiResponse.json(200, Map.of("workflowId", request.param("id"), "message", answer));
  }

  ApiResponse abort(ApiRequest request) {
    AbortBody body = request.json(AbortBody.class, null);
    if (body == null || body.reason() == null || body.reason().isBlank()) {
      throw ApiException.badRequest("`reason` is missing; say why the run is aborted");
    }
    String id = request.param("id");
    controlled(
        c -> {
          c.abort(id, new AbortRequest(body.reason(), body.by() == null ? CALLER : body.by()));
          return null;
        });
    return ApiResponse.json(
        202, Map.of("workflowId", id, "message", "aborting " + id + ": " + body.reason()));
  }

  private <T> T controlled(Function<RunControl, T> action) {
    try {
      return action.apply(control);
    } catch (RunControl.NoSuchRun e) {
      throw ApiException.notFound(e.getMessage());
    } catch (RunControl.Refused e) {
      throw ApiException.conflict(e.getMessage());
    }
  }
}
