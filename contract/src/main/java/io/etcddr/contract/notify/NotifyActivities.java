package io.etcddr.contract.notify;

import io.etcddr.contract.Key;
import io.etcddr.contract.Placement;
import io.etcddr.contract.Step;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/** Messages to people and systems outside the run. */
@ActivityInterface
public interface NotifyActivities {

  record WebhookRequest(
      @Key("where to POST") String url, @Key("the JSON body") Map<String, Object> message) {}

  record WebhookResult(@Key("HTTP status") int status) {}

  /**
   * POSTs {@code message} as JSON to {@code url}, with the header {@code Idempotency-Key} set to
   * the step's key so a receiver can drop the duplicate of a retried attempt. A 4xx answer fails
   * without retry (the request is wrong); a 5xx or a network error is retried.
   */
  @Step(value = "POSTs a JSON message (drill reports, failures).", placement = Placement.WORKER)
  @ActivityMethod(name = "notify.webhook")
  WebhookResult webhook(WebhookRequest request, StepContext context);
}
