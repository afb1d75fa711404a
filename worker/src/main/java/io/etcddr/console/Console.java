package io.etcddr.console;

import io.etcddr.activities.inventory.Cluster;
import io.etcddr.activities.inventory.ClusterInventory;
import io.etcddr.activities.record.ClusterRecords;
import io.etcddr.contract.etcd.ClusterHealth;
import io.etcddr.http.ApiRequest;
import io.etcddr.http.ApiResponse;
import io.etcddr.http.Route;
import io.etcddr.people.Person;
import io.etcddr.people.Users;
import io.etcddr.runbook.compile.Plan;
import io.etcddr.runs.LibraryPlans;
import io.etcddr.runs.RunControl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * `/console/`: the fleet, the runs waiting for approval and the recent runs, as pages the worker
 * renders itself (no script, no asset from outside the jar; they reload every 5 s). A person logs
 * in with their personal token and gets a session cookie; their decisions carry their identity,
 * signed as the HTTP API signs it, so the buttons follow `people`, `roles` and `approvers`.
 */
public final class Console {

  private static final String HTML = "text/html; charset=utf-8";

  private final RunControl control;
  private final Supplier<LibraryPlans> library;
  private final ClusterInventory inventory;
  private final ClusterRecords records;
  private final Function<String, Optional<ClusterHealth>> health;
  private final Users users;
  private final String uiBase;
  private final Sessions sessions = new Sessions();
  private final Map<String, String> flash = new ConcurrentHashMap<>();

  /**
   * @param uiBase the Temporal Web UI's base URL for links to runs, or null
   */
  public Console(
      RunControl control,
      Supplier<LibraryPlans> library,
      ClusterInventory inventory,
      ClusterRecords records,
      Function<String, Optional<ClusterHealth>> health,
      Users users,
      String uiBase) {
    this.control = control;
    this.library = library;
    this.inventory = inventory;
    this.records = records;
    this.health = health;
    this.users = users;
    this.uiBase = uiBase;
  }

  /** Open to the bearer check: the console checks its own session cookie. */
  public List<Route> routes() {
    return List.of(
        Route.open("GET", "/console", r -> ApiResponse.redirect("/console/", Map.of())),
        Route.open("GET", "/console/", this::show),
        Route.open("POST", "/console/login", this::login),
        Route.open("POST", "/console/logout", this::logout),
        Route.open("POST", "/console/decide", this::decide));
  }

  private ApiResponse show(ApiRequest request) {
    Optional<Sessions.Session> session = sessions.find(request.header("cookie"));
    if (session.isEmpty()) {
      return ApiResponse.text(200, HTML, loginPage(null));
    }
    String id = Sessions.idIn(request.header("cookie"));
    return ApiResponse.text(200, HTML, dashboard(session.get(), flash.remove(id)))
        .withHeader("Cache-Control", "no-store");
  }

  private ApiResponse login(ApiRequest request) {
    String token = form(request).getOrDefault("token", "").strip();
    Optional<Person> person = users == null ? Optional.empty() : users.byBearer("Bearer " + token);
    if (person.isEmpty()) {
      return ApiResponse.text(
          401, HTML, loginPage("That token is not in the worker's users file."));
    }
    String id = sessions.open(person.get());
    return ApiResponse.redirect(
        "/console/", Map.of("Set-Cookie", Sessions.cookie(id, request.secure())));
  }

  private ApiResponse logout(ApiRequest request) {
    sessions.close(Sessions.idIn(request.header("cookie")));
    return ApiResponse.redirect(
        "/console/", Map.of("Set-Cookie", Sessions.expiredCookie(request.secure())));
  }

  private ApiResponse decide(ApiRequest request) {
    Optional<Sessions.Session> session = sessions.find(request.header("cookie"));
    Map<String, String> form = form(request);
    if (session.isEmpty() || !session.get().formToken().equals(form.get("form"))) {
      return ApiResponse.text(403, HTML, loginPage("Log in again: your session ended."));
    }
    Person person = session.get().person();
    String run = form.getOrDefault("run", "");
    String step = form.getOrDefault("step", "");
    boolean approved = "approve".equals(form.get("decision"));
    String comment = form.getOrDefault("comment", "").isBlank() ? null : form.get("comment");
    String answer;
    try {
      answer =
          control.decide(run, users.approvalKey().decision(person, run, step, approved, comment));
    } catch (RunControl.NoSuchRun | RunControl.Refused e) {
      answer = e.getMessage();
    }
    flash.put(Sessions.idIn(request.header("cookie")), run + ": " + answer);
    return ApiResponse.redirect("/console/", Map.of());
  }

  private String dashboard(Sessions.Session session, String message) {
    Person person = session.person();
    StringBuilder body = new StringBuilder("<header><h1>etcd-dr</h1><span>");
    body.append(Html.escape(person.name()))
        .append(" (")
        .append(Html.escape(String.join(", ", person.roles())))
        .append(") <form method=post action=\"/console/logout\" style=display:inline>")
        .append("<button>Log out</button></form></span></header><main>");
    if (message != null) {
      body.append("<div class=note>").append(Html.escape(message)).append("</div>");
    }
    LibraryPlans plans = library.get();
    long now = System.currentTimeMillis();
    for (String name : inventory.names()) {
      Optional<Cluster> cluster;
      try {
        cluster = inventory.find(name);
      } catch (ClusterInventory.InventoryException e) {
        body.append("<section><p class=bad>")
            .append(Html.escape(e.getMessage()))
            .append("</p></section>");
        continue;
      }
      if (cluster.isEmpty()) {
        continue;
      }
      List<RunsSection.Run> runs = runsOf(name, plans);
      body.append(RunsSection.waiting(runs, person, session.formToken()))
          .append(FleetSection.render(cluster.get(), records.find(name), health.apply(name), now))
          .append("<section><h2>Readiness of ")
          .append(Html.escape(name))
          .append("</h2>")
          .append(ReadinessSection.render(cluster.get(), runs, now))
          .append("</section>")
          .append(RunsSection.recent(runs, uiBase));
    }
    return Html.page("etcd-dr console", 5, body.append("</main>").toString());
  }

  /**
   * The cluster's runs, newest first: one per runbook at most, since a run's id is RUNBOOK/CLUSTER
   * (this needs no visibility store, which the test server lacks).
   */
  private List<RunsSection.Run> runsOf(String cluster, LibraryPlans plans) {
    List<RunsSection.Run> runs = new ArrayList<>();
    for (Plan plan : plans.plans()) {
      String id = plan.runbook() + "/" + cluster;
      try {
        runs.add(new RunsSection.Run(id, control.view(id), plan));
      } catch (RunControl.NoSuchRun none) {
        // never run on this cluster
      } catch (RuntimeException unreadable) {
        // a run whose status cannot be read now: the next refresh tries again
      }
    }
    runs.sort(
        Comparator.comparingLong((RunsSection.Run r) -> r.view().status.startedAt()).reversed());
    return runs;
  }

  private static String loginPage(String problem) {
    return Html.page(
        "etcd-dr console",
        0,
        "<header><h1>etcd-dr</h1></header><main><section><h2>Log in</h2>"
            + (problem == null ? "" : "<p class=bad>" + Html.escape(problem) + "</p>")
            + "<form method=post action=\"/console/login\"><p><label>Your personal token<br>"
            + "<input type=password name=token autocomplete=off required></label></p>"
            + "<p><button class=approve>Log in</button></p></form>"
            + "<p class=muted>Tokens come from <code>etcd-dr user add NAME --role sre</code>.</p>"
            + "</section></main>");
  }

  private static Map<String, String> form(ApiRequest request) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : new String(request.body(), StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}
