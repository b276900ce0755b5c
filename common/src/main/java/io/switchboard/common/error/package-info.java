/**
 * Refusals and failures: {@link io.switchboard.common.error.Rejection} (an expected refusal, as a
 * value, with its {@link io.switchboard.common.error.RejectionCode} and HTTP status), {@link
 * io.switchboard.common.error.TaskError} (why a task failed), and the one unchecked root exception
 * {@link io.switchboard.common.error.SwitchboardException}, retryable or fatal by type.
 */
package io.switchboard.common.error;
