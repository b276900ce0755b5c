/**
 * {@link io.switchboard.client.testing.FakeSwitchboardClient}: an in-memory {@link
 * io.switchboard.client.SwitchboardClient} for the tests of code that uses the client, in the way
 * Kafka ships {@code MockProducer}.
 */
package io.switchboard.client.testing;
