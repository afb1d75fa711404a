package io.etcddr.process;

import io.etcddr.config.BadSetting;
import io.etcddr.contract.StepContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-test hook, off unless {@code ETCD_DR_FAILPOINT=STEP:before|after} is set: when an
 * activity of step STEP runs in this process, it stops there for good — {@code before} its code
 * runs, or {@code after} its effect is done but before Temporal hears of it — and says so in one
 * log line, so that a test can SIGKILL the process at exactly that point. {@code after} is the case
 * a retry must survive: the effect applied, the result never recorded. (As etcd's failpoints, but
 * read from the environment: nothing in a workflow or a runbook can turn one on.)
 */
final class Failpoints extends WorkerInterceptorBase {

  static final String VARIABLE = "ETCD_DR_FAILPOINT";

  private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);

  /** Where a failpoint holds. */
  enum When {
    BEFORE,
    AFTER
  }

  private final String step;
  private final When when;

  String step() {
    return step;
  }

  When when() {
    return when;
  }

  Failpoints(String step, When when) {
    this.step = step;
    this.when = when;
  }

  /**
   * The failpoint the environment sets, if any.
   *
   * @throws BadSetting when the variable is set but not STEP:before|after
   */
  static Optional<Failpoints> fromEnvironment() {
    return parse(System.getenv(VARIABLE));
  }

  /** A failpoint from the variable's value; none for null or blank. */
  static Optional<Failpoints> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    int colon = value.lastIndexOf(':');
    String where = colon < 0 ? "" : value.substring(colon + 1).toUpperCase(Locale.ROOT);
    if (colon < 1 || !(where.equals("BEFORE") || where.equals("AFTER"))) {
      throw new BadSetting(
          VARIABLE + "=" + value + " is not STEP:before or STEP:after; unset it to run normally");
    }
    return Optional.of(new Failpoints(value.substring(0, colon), When.valueOf(where)));
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        boolean ours = false;
        for (Object argument : input.getArguments()) {
          if (argument instanceof StepContext context && step.equals(context.stepId())) {
            ours = true;
          }
        }
        if (ours && when == When.BEFORE) {
          hold();
        }
        ActivityOutput output = super.execute(input);
        if (ours && when == When.AFTER) {
          hold();
        }
        return output;
      }
    };
  }

  private void hold() {
    LOG.warn(
        "failpoint {}:{} reached; holding until this process is killed",
        step,
        when.name().toLowerCase(Locale.ROOT));
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // a failpoint ends only with the process
      }
    }
  }
}
