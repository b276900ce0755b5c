/**
 * The Java SDK: {@link io.switchboard.client.sdk.Switchboard} with {@code invoke}, {@code
 * parallel}, {@code pipeline}, {@code parallelResumable} and {@code spawn / kill / await / list}
 * over the task tree, typed results ({@link io.switchboard.client.sdk.StepResult}, structured
 * output mapped to records), composed on {@link io.switchboard.client.SwitchboardClient}. How-to:
 * docs/sdk.md.
 */
package io.switchboard.client.sdk;
