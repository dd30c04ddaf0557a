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

  /**
   * The version this message is written as: the oldest that can carry it, so that a message using
   * none of a newer version's fields still reaches a peer of the release before.
   */
  default int wireVersion() {
    return type().version();
  }
}
