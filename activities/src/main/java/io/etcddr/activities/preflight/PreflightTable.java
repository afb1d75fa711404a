package io.etcddr.activities.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.contract.EngineDataConverter;
import io.etcddr.contract.OneLine;
import io.etcddr.contract.Preflight;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityMethod;
import io.temporal.failure.ApplicationFailure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Preflights by activity kind. Each takes the step's `with:` as the activity's own request record,
 * so a preflight reads the same fields the activity would.
 */
public final class PreflightTable {

  /** A preflight: what the activity would do with this request, found out read-only. */
  @FunctionalInterface
  public interface Check<R> {
    Preflight check(R request, PreflightRequest asked, StepContext context) throws Exception;
  }

  private record Entry<R>(Class<R> type, Check<R> check) {}

  private static final ObjectMapper VALUES = EngineDataConverter.mapper();

  private final Map<String, Entry<?>> checks = new LinkedHashMap<>();

  public <R> PreflightTable add(String uses, Class<R> type, Check<R> check) {
    if (checks.putIfAbsent(uses, new Entry<>(type, check)) != null) {
      throw new IllegalStateException("two preflights for " + uses);
    }
    return this;
  }

  /**
   * A read-only activity: its preflight is the activity itself (run on an instance that records
   * nothing), so its outputs are known to the steps after it.
   */
  public <R> PreflightTable reads(
      String uses, Class<R> type, String would, BiFunction<R, StepContext, ?> activity) {
    return add(
        uses,
        type,
        (request, asked, context) -> {
          if (!asked.unknown().isEmpty()) {
            return Preflight.atRunTime(would, waitsFor(asked));
          }
          return Preflight.ready(would, asMap(activity.apply(request, context)));
        });
  }

  /**
   * The read-only steps {@code activities} implements, as their contract declares them ({@link
   * Step#reads()}): each one's preflight runs it on {@code activities}, which must record nothing.
   */
  public PreflightTable readsDeclaredBy(Object activities) {
    for (Class<?> contract : activities.getClass().getInterfaces()) {
      for (Method method : contract.getMethods()) {
        Step step = method.getAnnotation(Step.class);
        ActivityMethod activity = method.getAnnotation(ActivityMethod.class);
        if (step != null && activity != null && !step.reads().isEmpty()) {
          reads(
              activity.name(),
              method.getParameterTypes()[0],
              step.reads(),
              (request, context) -> invoke(method, activities, request, context));
        }
      }
    }
    return this;
  }

  private static Object invoke(
      Method method, Object activities, Object request, StepContext context) {
    try {
      return method.invoke(activities, request, context);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  public Set<String> kinds() {
    return checks.keySet();
  }

  public PreflightTable addAll(PreflightTable other) {
    other.checks.forEach(
        (uses, entry) -> {
          if (checks.putIfAbsent(uses, entry) != null) {
            throw new IllegalStateException("two preflights for " + uses);
          }
        });
    return this;
  }

  /** The answer for one step; a failure of the look itself is the step's "not ready". */
  Preflight answer(PreflightRequest asked, StepContext context) {
    Entry<?> entry = checks.get(asked.uses());
    if (entry == null) {
      return Preflight.notReady(asked.uses(), "this process has no preflight for " + asked.uses());
    }
    String why;
    try {
      return run(entry, asked, context);
    } catch (ApplicationFailure refused) {
      why = OneLine.of(refused.getOriginalMessage());
    } catch (Exception e) {
      why = OneLine.of(String.valueOf(e.getMessage()));
    }
    // A look that could not finish without the values earlier steps make proves nothing yet.
    return asked.unknown().isEmpty()
        ? Preflight.notReady(asked.uses(), why)
        : Preflight.atRunTime(asked.uses(), waitsFor(asked));
  }

  private static <R> Preflight run(Entry<R> entry, PreflightRequest asked, StepContext context)
      throws Exception {
    R request = VALUES.convertValue(asked.with(), entry.type());
    return entry.check().check(request, asked, context);
  }

  /** The values a preflight could not have, said as what decides them. */
  public static String waitsFor(PreflightRequest asked) {
    return String.join(", ", asked.unknown())
        + (asked.unknown().size() == 1 ? " comes" : " come")
        + " from earlier steps: decided at run time";
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(Object outputs) {
    return outputs == null ? Map.of() : VALUES.convertValue(outputs, Map.class);
  }
}
