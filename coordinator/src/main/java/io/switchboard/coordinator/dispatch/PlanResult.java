package io.switchboard.coordinator.dispatch;

import io.switchboard.common.error.Rejection;

/** What planning an invocation gave: a plan, or the refusal to show the caller. */
public sealed interface PlanResult {

  record Planned(PlannedInvocation plan) implements PlanResult {}

  record Refused(Rejection rejection) implements PlanResult {}
}
