/**
 * What Switchboard writes to Kafka: one record type (or sealed family) per topic, each a JSON body
 * plus the {@link io.switchboard.common.wire.WireHeaders} schema-version headers.
 */
package io.switchboard.common.wire;
