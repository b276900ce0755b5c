/**
 * Checks decidable from a request alone ({@link
 * io.switchboard.common.validate.InvocationValidator}) and output-schema validation ({@link
 * io.switchboard.common.validate.OutputSchemas}).
 */
package io.switchboard.common.validate;
