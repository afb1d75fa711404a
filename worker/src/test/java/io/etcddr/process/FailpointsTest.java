package io.etcddr.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.config.BadSetting;
import org.junit.jupiter.api.Test;

/** ETCD_DR_FAILPOINT: off unless set, STEP:before|after, anything else refused in one line. */
class FailpointsTest {

  @Test
  void unsetOrBlankIsNoFailpoint() {
    assertThat(Failpoints.parse(null)).isEmpty();
    assertThat(Failpoints.parse(" ")).isEmpty();
  }

  @Test
  void stepAndWhereAreRead() {
    Failpoints after = Failpoints.parse("new-generation:after").orElseThrow();
    assertThat(after.step()).isEqualTo("new-generation");
    assertThat(after.when()).isEqualTo(Failpoints.When.AFTER);
    assertThat(Failpoints.parse("copy:BEFORE").orElseThrow().when())
        .isEqualTo(Failpoints.When.BEFORE);
  }

  @Test
  void anythingElseIsABadSettingThatSaysWhatToWrite() {
    for (String wrong : new String[] {"copy", "copy:during", ":after"}) {
      assertThatThrownBy(() -> Failpoints.parse(wrong))
          .isInstanceOf(BadSetting.class)
          .hasMessage(
              "ETCD_DR_FAILPOINT="
                  + wrong
                  + " is not STEP:before or STEP:after; unset it to run normally");
    }
  }
}
