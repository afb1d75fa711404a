package io.etcddr.testing;

import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workflow histories as text a test can search for secrets: the history JSON with every payload's
 * base64 data decoded beside it, so a key is found in either form.
 */
public final class Histories {

  private static final Pattern DATA = Pattern.compile("\"data\": \"([^\"]+)\"");

  private Histories() {}

  /** The histories of these workflows (their latest runs), one after the other. */
  public static String readable(WorkflowClient client, String... workflowIds) {
    StringBuilder out = new StringBuilder();
    for (String id : workflowIds) {
      out.append(readable(client.fetchHistory(id).toJson(true))).append('\n');
    }
    return out.toString();
  }

  static String readable(String json) {
    StringBuilder out = new StringBuilder(json);
    Matcher data = DATA.matcher(json);
    while (data.find()) {
      String base64 = data.group(1).replace("\\u003d", "=");
      out.append('\n')
          .append(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
