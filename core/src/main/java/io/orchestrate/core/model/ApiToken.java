package io.orchestrate.core.model;

/**
 * An API token as the replicated state keeps it: the public accessor, the SHA-256 of the secret
 * (never the secret itself, which only its holder has), the role and a name for people.
 *
 * @param accessor        public id, safe to show and to put in a URL ({@code token revoke ACCESSOR})
 * @param secretSha256    lower-case hex SHA-256 of the secret's UTF-8 bytes
 * @param role            what the token may do
 * @param name            free text for people, at most {@value #MAX_NAME} characters, possibly empty
 * @param createdAtMillis when the leader created it (epoch ms)
 */
public record ApiToken(String accessor, String secretSha256, TokenRole role, String name, long createdAtMillis) {
  public static final int MAX_NAME = 128;
  /** The name of the token {@code acl bootstrap} creates. */
  public static final String BOOTSTRAP_NAME = "bootstrap";
}
