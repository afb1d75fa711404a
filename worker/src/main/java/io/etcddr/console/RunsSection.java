package io.etcddr.console;

import static io.etcddr.console.Html.escape;

import io.etcddr.engine.RunStatus;
import io.etcddr.engine.StepState;
import io.etcddr.engine.StepStatus;
import io.etcddr.people.Person;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runbook.compile.PlanApproval;
import io.etcddr.runbook.compile.PlanStep;
import io.etcddr.runs.RunView;
import java.util.List;
import java.util.Optional;

/**
 * The runs of one cluster: those waiting for an approval, with their prompt (what would be lost)
 * and buttons for whoever the approval accepts, and the recent ones with a link to the Web UI.
 */
final class RunsSection {

  /** A run of the cluster, with the plan it runs. */
  record Run(String workflowId, RunView view, Plan plan) {}

  private RunsSection() {}

  static String waiting(List<Run> runs, Person person, String formToken) {
    StringBuilder out = new StringBuilder();
    for (Run run : runs) {
      if (!run.view().workflowStatus.equals("running")) {
        continue;
      }
      for (StepStatus step : run.view().status.steps()) {
        if (step.state() == StepState.WAITING_FOR_APPROVAL) {
          out.append(approval(run, step, person, formToken));
        }
      }
    }
    return out.length() == 0
        ? "<section><h2>Waiting for approval</h2><p class=muted>Nothing waits.</p></section>"
        : "<section><h2>Waiting for approval</h2>" + out + "</section>";
  }

  private static String approval(Run run, StepStatus step, Person person, String formToken) {
    PlanApproval rule =
        run.plan().steps().stream()
            .filter(s -> s.id().equals(step.id()))
            .map(PlanStep::approval)
            .findFirst()
            .orElse(null);
    StringBuilder out = new StringBuilder("<div class=run><p><b>");
    out.append(escape(run.workflowId()))
        .append("</b> — step <code>")
        .append(escape(step.id()))
        .append("</code></p><div class=prompt>")
        .append(escape(step.prompt()))
        .append("</div>");
    Optional<String> refused = whyNot(rule, person, step.prompt());
    if (refused.isPresent()) {
      return out.append("<p class=muted>")
          .append(escape(refused.get()))
          .append("</p></div>")
          .toString();
    }
    return out.append("<form method=post action=\"/console/decide\">")
        .append(hidden("form", formToken))
        .append(hidden("run", run.workflowId()))
        .append(hidden("step", step.id()))
        .append("<input type=text name=comment placeholder=\"comment (optional)\"> ")
        .append("<button class=approve name=decision value=approve>Approve</button> ")
        .append("<button class=reject name=decision value=reject>Reject</button></form></div>")
        .toString();
  }

  /** Why the person's buttons are not shown: not allowed, or already approved. */
  private static Optional<String> whyNot(PlanApproval rule, Person person, String prompt) {
    if (rule != null && !rule.approvers().isEmpty() && !rule.approvers().contains(person.name())) {
      return Optional.of("Only " + String.join(", ", rule.approvers()) + " may decide this.");
    }
    if (rule != null
        && !rule.roles().isEmpty()
        && person.roles().stream().noneMatch(rule.roles()::contains)) {
      return Optional.of("This needs the role " + String.join(" or ", rule.roles()) + ".");
    }
    if (prompt != null
        && prompt.contains("approved by ")
        && prompt.matches(
            "(?s).*approved by (.*, )?"
                + java.util.regex.Pattern.quote(person.name())
                + " \\(.*")) {
      return Optional.of("You approved; waiting for the others.");
    }
    return Optional.empty();
  }

  static String recent(List<Run> runs, String uiBase) {
    StringBuilder out =
        new StringBuilder(
            "<section><h2>Recent runs</h2><div class=wrap><table><tr><th>Run</th><th>State</th>"
                + "<th>Started</th><th>Why it ended</th></tr>");
    for (Run run : runs) {
      RunStatus status = run.view().status;
      String link =
          uiBase == null
              ? escape(run.workflowId())
              : "<a href=\""
                  + escape(uiBase.replaceAll("/+$", ""))
                  + "/namespaces/default/workflows/"
                  + escape(
                      java.net.URLEncoder.encode(
                          run.workflowId(), java.nio.charset.StandardCharsets.UTF_8))
                  + "\">"
                  + escape(run.workflowId())
                  + "</a>";
      out.append("<tr><td>")
          .append(link)
          .append("</td><td>")
          .append(escape(run.view().workflowStatus))
          .append("</td><td>")
          .append(RunView.clock(status.startedAt()))
          .append(" UTC</td><td>")
          .append(escape(status.failure() == null ? "" : status.failure()))
          .append("</td></tr>");
    }
    if (runs.isEmpty()) {
      out.append("<tr><td colspan=4 class=muted>No runs yet.</td></tr>");
    }
    return out.append("</table></div></section>").toString();
  }

  private static String hidden(String name, String value) {
    return "<input type=hidden name=" + name + " value=\"" + escape(value) + "\">";
  }
}
