/**
 * The invocation side of the protocol, exactly as the HTTP API writes it: requests ({@link
 * io.switchboard.common.model.Invocation}, {@link io.switchboard.common.model.Target}), agents
 * ({@link io.switchboard.common.model.AgentSpec}), and what the API answers ({@link
 * io.switchboard.common.model.InvocationResult}, {@link io.switchboard.common.model.TaskSnapshot}).
 *
 * <p>Records are immutable, except that {@code JsonNode} values (inputs, schemas, structured
 * outputs) are shared, not copied: treat them as read-only.
 */
package io.switchboard.common.model;
