package io.orchestrate.gateway.protocol;

/**
 * A follower's answer to {@link Register}: it is not the leader; the worker should connect to
 * {@code leaderGateway} next (or, when it is null, try the next gateway in its list). The follower
 * closes the connection after sending it. Carries no term: it changes nothing on the worker
 * except where it connects, so a stale hint costs one extra hop at most.
 *
 * @param leaderId      the leader's manager id if known, else null
 * @param leaderGateway the leader's gateway as "host:port" if known, else null
 */
public record NotLeader(String leaderId, String leaderGateway) implements ManagerMessage {
  public NotLeader {
    if (leaderGateway != null) GatewayAddress.parse(leaderGateway, "notLeader.leaderGateway");
  }

  @Override
  public MessageType type() {
    return MessageType.NOT_LEADER;
  }
}
