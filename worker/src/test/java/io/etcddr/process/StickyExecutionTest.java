package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.config.BadSetting;
import org.junit.jupiter.api.Test;

/** ETCD_DR_STICKY: auto follows the server, on and off overrule it, anything else is one line. */
class StickyExecutionTest {

  private static final String TEST_SERVER = "";
  private static final String TEMPORAL = "1.29.1";

  @Test
  void autoKeepsRunsCachedOnlyOnAServerThatGivesItsVersion() {
    assertThat(StickyExecution.sticky(null, () -> TEMPORAL)).isTrue();
    assertThat(StickyExecution.sticky("auto", () -> TEMPORAL)).isTrue();
    assertThat(StickyExecution.sticky(null, () -> TEST_SERVER)).isFalse();
  }

  @Test
  void onAndOffOverruleTheServerWithoutAskingIt() {
    assertThat(StickyExecution.sticky("on", () -> TEST_SERVER)).isTrue();
    assertThat(StickyExecution.sticky(" OFF ", () -> TEMPORAL)).isFalse();
    assertThat(
            StickyExecution.sticky(
                "on",
                () -> {
                  throw new AssertionError("asked the server although told");
                }))
        .isTrue();
  }

  @Test
  void anythingElseSaysWhatToWrite() {
    assertThatThrownBy(() -> StickyExecution.sticky("yes", () -> TEMPORAL))
        .isInstanceOf(BadSetting.class)
        .hasMessage("ETCD_DR_STICKY=yes is not a choice; set it to auto, on or off (or unset it)");
  }
}
