package io.etcddr.connect;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;

/** What Temporal answered, read from anywhere in the chain the SDK wrapped it in. */
public final class GrpcStatus {

  private GrpcStatus() {}

  /** Whether the failure, or one of its causes, is a gRPC status with one of these codes. */
  public static boolean is(Throwable failure, Status.Code... codes) {
    Set<Status.Code> wanted = Set.of(codes);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && wanted.contains(s.getStatus().getCode())) {
        return true;
      }
    }
    return false;
  }
}
