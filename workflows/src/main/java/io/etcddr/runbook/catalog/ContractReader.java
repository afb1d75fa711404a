package io.etcddr.runbook.catalog;

import io.etcddr.contract.Composed;
import io.etcddr.contract.Key;
import io.etcddr.contract.Step;
import io.etcddr.runbook.model.ValueType;
import io.temporal.activity.ActivityMethod;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads catalog entries from the contract: every {@link Step} method of the given interfaces is an
 * entry named by its {@link ActivityMethod} (or {@link Composed}) name; its request record's
 * components are the inputs and its response record's the outputs, each described by its {@link
 * Key}. A component without one is a mistake in the contract and fails here, at class load.
 */
final class ContractReader {

  private ContractReader() {}

  static List<ActivityDefinition> read(List<Class<?>> contracts) {
    return contracts.stream()
        .flatMap(c -> Arrays.stream(c.getMethods()))
        .filter(m -> m.isAnnotationPresent(Step.class))
        .map(ContractReader::entry)
        .sorted(Comparator.comparing(ActivityDefinition::name))
        .toList();
  }

  private static ActivityDefinition entry(Method method) {
    Step step = method.getAnnotation(Step.class);
    Composed composed = method.getAnnotation(Composed.class);
    ActivityMethod activity = method.getAnnotation(ActivityMethod.class);
    if ((composed == null) == (activity == null)) {
      throw new IllegalStateException(
          method + " needs either @ActivityMethod or @Composed to name its step");
    }
    return new ActivityDefinition(
        composed != null ? composed.name() : activity.name(),
        step.placement(),
        step.value(),
        fields(method.getParameterTypes()[0]),
        fields(method.getReturnType()),
        composed == null ? null : new Composite(composed.kind(), List.of(composed.parts())));
  }

  /** A record's components; any other type (a free map) declares no field. */
  private static List<Field> fields(Class<?> type) {
    if (!type.isRecord()) {
      return List.of();
    }
    return Arrays.stream(type.getRecordComponents()).map(ContractReader::field).toList();
  }

  private static Field field(RecordComponent component) {
    Key key = component.getAnnotation(Key.class);
    if (key == null) {
      throw new IllegalStateException(
          component.getDeclaringRecord().getName()
              + "."
              + component.getName()
              + " has no @Key: say what it means to a runbook");
    }
    return new Field(
        component.getName(),
        type(component.getGenericType(), key.as()),
        !key.optional(),
        key.value());
  }

  private static ValueType type(Type type, Key.As as) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw == String.class) {
      return switch (as) {
        case NODE -> ValueType.NODE;
        case DURATION -> ValueType.DURATION;
        case DECLARED -> ValueType.STRING;
      };
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return ValueType.BOOL;
    }
    if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
      return ValueType.INT;
    }
    if (raw == double.class || raw == Double.class) {
      return ValueType.DOUBLE;
    }
    if (List.class.isAssignableFrom(raw)) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      if (element != String.class) {
        return ValueType.LIST_MAP;
      }
      return as == Key.As.NODE ? ValueType.LIST_NODE : ValueType.LIST_STRING;
    }
    if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
      return ValueType.MAP;
    }
    return ValueType.ANY;
  }
}
