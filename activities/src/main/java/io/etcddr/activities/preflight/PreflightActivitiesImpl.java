package io.etcddr.activities.preflight;

import io.etcddr.engine.Preflight;
import io.etcddr.engine.PreflightRequest;
import io.etcddr.engine.StepContext;
import io.etcddr.runbook.catalog.ActivityCatalog;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The preflights of every activity a process registers, checked complete when it starts. */
public final class PreflightActivitiesImpl implements PreflightActivities {

  private final PreflightTable table;

  private PreflightActivitiesImpl(PreflightTable table) {
    this.table = table;
  }

  /**
   * The preflights of these activity implementations. Each must be {@link Preflighted} and cover
   * every catalog kind it implements: an activity a dry run could not ask is refused here, so a
   * process never starts with one (and the build's tests fail first).
   */
  public static PreflightActivitiesImpl covering(List<Object> activities) {
    PreflightTable table = new PreflightTable();
    List<String> missing = new ArrayList<>();
    for (Object activity : activities) {
      TreeSet<String> kinds = kindsOf(activity.getClass());
      if (!(activity instanceof Preflighted preflighted)) {
        missing.addAll(kinds);
        continue;
      }
      PreflightTable own = preflighted.preflights();
      kinds.removeAll(own.kinds());
      missing.addAll(kinds);
      table.addAll(own);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "no preflight for "
              + String.join(", ", missing)
              + ": every activity kind needs one for dry runs (implement Preflighted)");
    }
    return new PreflightActivitiesImpl(table);
  }

  /** The catalog kinds a class implements: a composite's parts count as the composite. */
  static TreeSet<String> kindsOf(Class<?> type) {
    TreeSet<String> kinds = new TreeSet<>();
    for (Class<?> contract : type.getInterfaces()) {
      if (contract.getAnnotation(ActivityInterface.class) == null) {
        continue;
      }
      for (var method : contract.getMethods()) {
        ActivityMethod named = method.getAnnotation(ActivityMethod.class);
        if (named != null) {
          kinds.add(catalogKind(named.name()));
        }
      }
    }
    return kinds;
  }

  private static String catalogKind(String name) {
    String kind = name;
    while (ActivityCatalog.find(kind).isEmpty() && kind.lastIndexOf('.') > 0) {
      kind = kind.substring(0, kind.lastIndexOf('.'));
    }
    return ActivityCatalog.find(kind).isPresent() ? kind : name;
  }

  public java.util.Set<String> kinds() {
    return table.kinds();
  }

  @Override
  public Preflight preflight(PreflightRequest request, StepContext context) {
    return table.answer(request, context);
  }
}
