/**
 * The one configured JSON mapper ({@link io.switchboard.common.json.Json}) and the codec that
 * decodes untrusted bytes into a {@link io.switchboard.common.json.Decoded} value or a rejection
 * with its field path, never throwing for bad input.
 */
package io.switchboard.common.json;
