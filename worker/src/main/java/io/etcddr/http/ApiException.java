package io.etcddr.http;

/** A request the API answers with an error status and a one-line reason (never a stack trace). */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public ApiException(int status, String reason) {
    // Reasons may quote what a client sent: always one line.
    super(reason.replaceAll("\\p{Cntrl}", "?"));
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String reason) {
    return new ApiException(400, reason);
  }

  public static ApiException notFound(String reason) {
    return new ApiException(404, reason);
  }

  public static ApiException conflict(String reason) {
    return new ApiException(409, reason);
  }

  public static ApiException unavailable(String reason) {
    return new ApiException(503, reason);
  }
}
