package io.orchestrate.gateway.protocol;

/**
 * One message on a worker's gateway connection. Every kind has a stable tag and a version in
 * {@link MessageType}; {@link GatewayCodec} writes it as {@code {"type": TAG, "v": N, "body": {...}}}.
 *
 * <p>{@link WorkerMessage}s go from a worker to a manager, {@link ManagerMessage}s the other way.
 * Messages are immutable records; their collections are copied into unmodifiable, ordered forms.
 */
public sealed interface GatewayMessage permits WorkerMessage, ManagerMessage {
  MessageType type();
}
