package io.etcddr.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcddr.http.ApiException;
import io.etcddr.http.ApiRequest;
import java.util.List;
import java.util.Map;

/**
 * The body Alertmanager's webhook receiver posts (version 4): a group of alerts, each firing or
 * resolved. Fields this API does not use are ignored, so newer Alertmanagers keep working; the ones
 * it uses are checked, with a reason an operator can act on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerMessage(
    String version,
    String status,
    String receiver,
    String groupKey,
    String externalURL,
    List<Alert> alerts) {

  /** One alert of the group. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      String generatorURL,
      String fingerprint) {

    public boolean firing() {
      return "firing".equals(status);
    }

    public String name() {
      return labels.getOrDefault("alertname", "(no alertname)");
    }
  }

  private static final ObjectMapper LENIENT =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Parses and checks a webhook body; anything else is a 400 saying what is wrong. */
  public static AlertmanagerMessage parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.badRequest("empty body; this route takes Alertmanager's webhook JSON");
    }
    AlertmanagerMessage message = ApiRequest.read(LENIENT, body, AlertmanagerMessage.class);
    if (!"4".equals(message.version())) {
      throw ApiException.badRequest(
          "webhook version "
              + (message.version() == null ? "missing" : "`" + clip(message.version()) + "`")
              + "; this API reads Alertmanager's version 4 (Alertmanager 0.x `webhook_configs`)");
    }
    if (message.alerts() == null) {
      throw ApiException.badRequest("`alerts` is missing; a webhook body lists its alerts");
    }
    for (int i = 0; i < message.alerts().size(); i++) {
      check(message.alerts().get(i), "alerts[" + i + "]");
    }
    return message;
  }

  private static void check(Alert alert, String where) {
    if (alert == null) {
      throw ApiException.badRequest("`" + where + "` is null; each alert is an object");
    }
    if (!"firing".equals(alert.status()) && !"resolved".equals(alert.status())) {
      throw ApiException.badRequest(
          "`" + where + ".status` must be `firing` or `resolved`, not " + quoted(alert.status()));
    }
    if (alert.labels() == null || alert.labels().isEmpty()) {
      throw ApiException.badRequest("`" + where + ".labels` is missing; an alert has labels");
    }
    alert
        .labels()
        .forEach(
            (name, value) -> {
              if (value == null) {
                throw ApiException.badRequest(
                    "`" + where + ".labels." + clip(name) + "` is null; label values are strings");
              }
            });
    if (alert.annotations() != null && alert.annotations().containsValue(null)) {
      throw ApiException.badRequest(
          "`" + where + ".annotations` has a null value; annotation values are strings");
    }
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "`" + clip(value) + "`";
  }

  /** Echo at most a little of what the sender wrote, on one line. */
  private static String clip(String text) {
    String line = text.length() > 40 ? text.substring(0, 40) + "…" : text;
    return line.replaceAll("\\p{Cntrl}", "?");
  }
}
