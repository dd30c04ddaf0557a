package io.orchestrate.worker.driver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java exceptions into the one-line reasons that end up in a task's status. */
final class DockerErrors {
  // docker-java reports engine errors as: Status 404: {"message":"No such image: x"}
  private static final Pattern ENGINE_MESSAGE = Pattern.compile("\\{\\s*\"message\"\\s*:\\s*\"(.*)\"\\s*}", Pattern.DOTALL);

  private DockerErrors() {}

  static String reason(Throwable t) {
    Throwable root = t;
    // Transport failures wrap the useful cause (no such socket, connection refused) several levels down.
    for (int depth = 0; depth < 8 && root.getCause() != null && root.getMessage() == null; depth++) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) return root.getClass().getSimpleName();
    Matcher m = ENGINE_MESSAGE.matcher(message);
    String text = m.find() ? m.group(1).replace("\\\"", "\"") : message;
    return text.strip().replaceAll("\\s+", " ");
  }
}
