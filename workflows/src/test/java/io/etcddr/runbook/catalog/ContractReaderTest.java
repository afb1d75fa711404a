package io.etcddr.runbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.contract.Composed;
import io.etcddr.contract.CompositeKind;
import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.runbook.model.ValueType;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog is what the contract's records say, read the way a runbook author needs it. */
class ContractReaderTest {

  record Request(
      @Key("a node") String node,
      @Key(value = "how long", optional = true, as = Key.As.DURATION) String timeout,
      @Key(value = "some nodes", as = Key.As.NODE) List<String> nodes,
      @Key("plain text") List<String> words,
      @Key(value = "a count", optional = true) Integer count) {}

  record Nested(String inner) {}

  record Response(
      @Key("done") boolean done,
      @Key("big number") long revision,
      @Key("one record") Nested one,
      @Key("many records") List<Nested> many,
      @Key("free form") Map<String, Object> spec) {}

  interface Steps {
    @Step(value = "the second one", placement = Placement.NODE)
    @ActivityMethod(name = "z.plain")
    Response plain(Request request, Object context);

    @Step(value = "the first one", placement = Placement.WORKER)
    @Composed(
        name = "a.composite",
        kind = CompositeKind.EACH_NODE_ANSWERS,
        parts = {"z.plain"})
    Response composite(Map<String, Object> with);

    @ActivityMethod(name = "not.a.step")
    Response helper(Request request);
  }

  record Undescribed(@Key("fine") String fine, String forgotten) {}

  interface Forgetful {
    @Step(value = "x", placement = Placement.WORKER)
    @ActivityMethod(name = "x.y")
    Response x(Undescribed request);
  }

  interface Unnamed {
    @Step(value = "x", placement = Placement.WORKER)
    Response x(Request request);
  }

  @Test
  void stepsAreReadInNameOrderWithTheirPlacementAndComposition() {
    List<ActivityDefinition> entries = ContractReader.read(List.of(Steps.class));

    assertThat(entries)
        .extracting(ActivityDefinition::name)
        .containsExactly("a.composite", "z.plain");
    assertThat(entries.get(0).composite())
        .isEqualTo(new Composite(CompositeKind.EACH_NODE_ANSWERS, List.of("z.plain")));
    assertThat(entries.get(1).placement()).isEqualTo(Placement.NODE);
    assertThat(entries.get(1).description()).isEqualTo("the second one");
    assertThat(entries.get(1).asComposite()).isEmpty();
  }

  @Test
  void inputsKeepTheRecordsOrderAndTheirRunbookTypes() {
    ActivityDefinition plain = ContractReader.read(List.of(Steps.class)).get(1);

    assertThat(plain.inputs())
        .containsExactly(
            new Field("node", ValueType.STRING, true, "a node"),
            new Field("timeout", ValueType.DURATION, false, "how long"),
            new Field("nodes", ValueType.LIST_NODE, true, "some nodes"),
            new Field("words", ValueType.LIST_STRING, true, "plain text"),
            new Field("count", ValueType.INT, false, "a count"));
  }

  @Test
  void outputsMapRecordsAndMapsToMapsAndListsOfThemToListsOfMaps() {
    ActivityDefinition plain = ContractReader.read(List.of(Steps.class)).get(1);

    assertThat(plain.outputs())
        .extracting(Field::name, Field::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("done", ValueType.BOOL),
            org.assertj.core.groups.Tuple.tuple("revision", ValueType.INT),
            org.assertj.core.groups.Tuple.tuple("one", ValueType.MAP),
            org.assertj.core.groups.Tuple.tuple("many", ValueType.LIST_MAP),
            org.assertj.core.groups.Tuple.tuple("spec", ValueType.MAP));
  }

  @Test
  void aFreeMapRequestDeclaresNoInput() {
    assertThat(ContractReader.read(List.of(Steps.class)).get(0).inputs()).isEmpty();
  }

  @Test
  void aComponentWithoutItsKeyIsRefusedByName() {
    assertThatThrownBy(() -> ContractReader.read(List.of(Forgetful.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Undescribed.forgotten has no @Key");
  }

  @Test
  void aStepWithoutANameIsRefused() {
    assertThatThrownBy(() -> ContractReader.read(List.of(Unnamed.class)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs either @ActivityMethod or @Composed");
  }

  @Test
  void theProductsCatalogDescribesEveryField() {
    assertThat(ActivityCatalog.entries()).hasSizeGreaterThan(40);
    assertThat(ActivityCatalog.entries())
        .flatMap(
            a -> java.util.stream.Stream.concat(a.inputs().stream(), a.outputs().stream()).toList())
        .allSatisfy(f -> assertThat(f.description()).isNotBlank());
  }
}
