package io.orchestrate.manager.state;

import io.orchestrate.core.codec.StoredRecords;
import io.orchestrate.core.model.ApiToken;
import java.nio.charset.StandardCharsets;

/**
 * How the tokens part of the state is laid out in the {@code acl} column family: one record per
 * token under {@code token/ACCESSOR} (its record, JSON or Smile as {@link StoredRecords} writes it,
 * holding the secret's hash, never the secret), and {@code bootstrapped} holding the epoch ms at
 * which the one bootstrap applied.
 */
final class AclRecords {
  static final String TOKEN_PREFIX = "token/";
  static final String BOOTSTRAPPED = "bootstrapped";

  private AclRecords() {}

  static String tokenKey(String accessor) {
    return TOKEN_PREFIX + accessor;
  }

  /** {@code acl} with the record at {@code key} added; an unknown key is a broken store and stops the replica. */
  static AclState load(AclState acl, String key, byte[] value) {
    if (key.equals(BOOTSTRAPPED)) return acl.withBootstrapped();
    if (key.startsWith(TOKEN_PREFIX)) return acl.withToken(StoredRecords.read(value, ApiToken.class, "acl/" + key));
    throw new IllegalStateException("unknown record '" + key + "' in the acl column family");
  }

  static byte[] bootstrappedValue(long atMillis) {
    return Long.toString(atMillis).getBytes(StandardCharsets.UTF_8);
  }
}
