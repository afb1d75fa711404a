package io.etcddr.activities.preflight;

import io.etcddr.contract.Preflight;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.StepContext;
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
   * every activity it implements — a part of a composite ({@code cert.issue.prepare}) by its own
   * preflight or its composite's ({@code cert.issue}): an activity a dry run could not ask is
   * refused here, so a process never starts with one (and the build's tests fail first).
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
      kinds.removeIf(kind -> own.kinds().contains(kind) || own.kinds().contains(parent(kind)));
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

  /** The activity types a class implements. */
  static TreeSet<String> kindsOf(Class<?> type) {
    TreeSet<String> kinds = new TreeSet<>();
    for (Class<?> contract : type.getInterfaces()) {
      if (contract.getAnnotation(ActivityInterface.class) == null) {
        continue;
      }
      for (var method : contract.getMethods()) {
        ActivityMethod named = method.getAnnotation(ActivityMethod.class);
        if (named != null) {
          kinds.add(named.name());
        }
      }
    }
    return kinds;
  }

  private static String parent(String name) {
    return name.lastIndexOf('.') > 0 ? name.substring(0, name.lastIndexOf('.')) : name;
  }

  public java.util.Set<String> kinds() {
    return table.kinds();
  }

  @Override
  public Preflight preflight(PreflightRequest request, StepContext context) {
    return table.answer(request, context);
  }
}
