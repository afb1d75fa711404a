package io.etcddr.runs;

import io.etcddr.contract.OneLine;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Prints a run's progress line by line until it ends: steps, attempts, waiting approvals. */
public final class RunFollower {

  private final PrintWriter out;
  private final Duration poll;
  private final Map<String, String> seen = new HashMap<>();

  public RunFollower(PrintWriter out, Duration poll) {
    this.out = out;
    this.poll = poll;
  }

  /** Follows until the run closes; returns its final view. */
  public RunView follow(WorkflowStub stub, String workflowId) throws InterruptedException {
    int unanswered = 0;
    while (true) {
      RunView view;
      try {
        view = RunView.of(stub);
        unanswered = 0;
      } catch (io.temporal.client.WorkflowNotFoundException gone) {
        throw gone;
      } catch (RuntimeException notAnswered) {
        // No worker answered the query yet (first task pending, or the worker is restarting).
        if (++unanswered % 30 == 0) {
          out.println(
              RunView.clock(System.currentTimeMillis())
                  + "  no worker has answered for "
                  + unanswered * poll.toSeconds()
                  + " s; is `etcd-dr worker` (or `dev`) running? ("
                  + OneLine.of(notAnswered.getMessage())
                  + ")");
          out.flush();
        }
        Thread.sleep(poll.toMillis());
        continue;
      }
      for (StepStatus step : view.status.steps()) {
        report(view, step, workflowId);
      }
      out.flush();
      if (view.closed()) {
        out.println(
            RunView.clock(System.currentTimeMillis())
                + "  run "
                + view.workflowStatus
                + (view.status.failure() == null ? "" : ": " + view.status.failure()));
        if (view.status.failure() != null && !view.compensation().isEmpty()) {
          out.println("          " + view.compensation());
        }
        view.printOutputs(out);
        out.flush();
        return view;
      }
      Thread.sleep(poll.toMillis());
    }
  }

  private void report(RunView view, StepStatus step, String workflowId) {
    String detail = view.detail(step);
    String key = step.state() + "|" + detail;
    if (step.state() == StepState.PENDING || key.equals(seen.get(step.id()))) {
      return;
    }
    seen.put(step.id(), key);
    String when =
        RunView.clock(
            step.endedAt() != null
                ? step.endedAt()
                : step.startedAt() != null ? step.startedAt() : System.currentTimeMillis());
    String line = String.format("%s  %-22s %s", when, step.id(), step.state().label());
    if (step.nodes() != null) {
      line += " on " + String.join(",", step.nodes());
    }
    if (step.endedAt() != null && step.startedAt() != null) {
      line += " (" + RunView.took(step) + ")";
    }
    if (!detail.isEmpty()) {
      line += ": " + detail;
    }
    if (step.state() == StepState.WAITING_FOR_APPROVAL) {
      // an approval that counts people shows who approved so far in brackets after its prompt
      boolean people = step.prompt() != null && step.prompt().endsWith("]");
      line +=
          "\n          approve: etcd-dr approve "
              + workflowId
              + " --step "
              + step.id()
              + (people ? " --api URL --token-file YOUR-TOKEN" : " --by NAME")
              + "   reject: ... --reject --comment WHY";
    }
    out.println(line);
  }
}
