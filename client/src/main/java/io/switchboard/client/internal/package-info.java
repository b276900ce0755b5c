/**
 * The HTTP client's machinery: transport and error mapping, path encoding, response decoding, the
 * event-stream reader and the await loop. Not a public API; it may change without notice.
 */
package io.switchboard.client.internal;
