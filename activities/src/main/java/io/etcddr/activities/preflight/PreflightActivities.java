package io.etcddr.activities.preflight;

import io.etcddr.contract.Preflight;
import io.etcddr.contract.PreflightRequest;
import io.etcddr.contract.StepContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The dry run's one activity, on the worker and on every agent: what a step's activity would do
 * here, found out without changing anything.
 */
@ActivityInterface
public interface PreflightActivities {

  @ActivityMethod(name = PreflightRequest.ACTIVITY)
  Preflight preflight(PreflightRequest request, StepContext context);
}
