package io.etcddr.connect;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Marker;

/**
 * Drops the Temporal SDK's and gRPC's warnings that only say "the server is not there" while {@link
 * TemporalOutages} has said so once: UNAVAILABLE and DEADLINE_EXCEEDED failures of polls and
 * reports, with their stack traces. Also, at any time, the SDK's warning that a workflow task
 * expired before its completion reached the server (NOT_FOUND "Expired workflow task"): what a
 * worker sees for the task it held when the server went away or restarted; the server hands the run
 * out again, nothing is lost. Everything else passes, during an outage too.
 */
public final class TemporalOutageFilter extends TurboFilter {

  private static volatile boolean watched;

  static void watched(boolean now) {
    watched = now;
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    if (!name.startsWith("io.temporal") && !name.startsWith("io.grpc")) {
      return FilterReply.NEUTRAL;
    }
    if (anyStatus(t, params, TemporalOutageFilter::expiredTask)) {
      return FilterReply.DENY;
    }
    if (!watched) {
      return FilterReply.NEUTRAL;
    }
    return anyStatus(t, params, TemporalOutageFilter::unreachable)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }

  /** Whether a gRPC status the event carries — its throwable's or a parameter's — matches. */
  private static boolean anyStatus(
      Throwable t, Object[] params, java.util.function.Predicate<Status> matches) {
    if (hasStatus(t, matches)) {
      return true;
    }
    for (Object param : params == null ? new Object[0] : params) {
      if (param instanceof Throwable thrown && hasStatus(thrown, matches)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasStatus(Throwable t, java.util.function.Predicate<Status> matches) {
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException s && matches.test(s.getStatus())) {
        return true;
      }
    }
    return false;
  }

  private static boolean expiredTask(Status status) {
    return status.getCode() == Status.Code.NOT_FOUND
        && String.valueOf(status.getDescription()).startsWith("Expired workflow task");
  }

  private static boolean unreachable(Status status) {
    return status.getCode() == Status.Code.UNAVAILABLE
        || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
  }
}
