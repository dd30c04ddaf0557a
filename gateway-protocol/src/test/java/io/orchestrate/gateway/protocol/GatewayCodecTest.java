package io.orchestrate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.model.TaskState;
import io.orchestrate.core.spec.Resources;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayCodecTest {

  private static GatewayMessage decode(String json) {
    return GatewayCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encodingIsAnEnvelopeWithTagVersionAndBody() {
    String json = new String(GatewayCodec.encode(new NotLeader("m2", "10.0.0.2:7001")), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(
        "{\"type\":\"not-leader\",\"v\":1,\"body\":{\"leaderId\":\"m2\",\"leaderGateway\":\"10.0.0.2:7001\"}}");
  }

  @Test
  void encodingIsDeterministicWhateverTheMapOrder() {
    Register a = new Register("w1", "h", Resources.defaults(), Map.of("b", "2", "a", "1", "c", "3"), "process", List.of());
    Register b = new Register("w1", "h", Resources.defaults(), Map.of("c", "3", "a", "1", "b", "2"), "process", List.of());
    assertThat(GatewayCodec.encode(a)).isEqualTo(GatewayCodec.encode(b));
  }

  @Test
  void everySampleRoundTrips() {
    for (GatewayMessage m : Samples.all()) {
      assertThat(GatewayCodec.decode(GatewayCodec.encode(m))).isEqualTo(m);
    }
  }

  @Test
  void taskStatesTravelAsCoreEnumNames() {
    String json = new String(GatewayCodec.encode(new TaskStatus("w1",
        List.of(new TaskUpdate("t", 1, TaskState.COMPLETED, null, 0, 0, null, 5)))), StandardCharsets.UTF_8);
    assertThat(json).contains("\"state\":\"COMPLETED\"");
  }

  @Test
  void healthIsLeftOutWhenAbsentAndReadAsAbsentWhenMissing() {
    TaskUpdate plain = new TaskUpdate("t", 1, TaskState.RUNNING, "c", 0, null, null, 5);
    String json = new String(GatewayCodec.encode(new TaskStatus("w1", List.of(plain))), StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("health");
    TaskStatus back = (TaskStatus) decode(json);
    assertThat(back.updates().get(0).health()).isNull();

    DesiredTask noCheck = new DesiredTask("t", "j", "g", 0, 1, "img", List.of(), Map.of(), null, null);
    assertThat(new String(GatewayCodec.encode(new Desired(1, "w1", List.of(noCheck))), StandardCharsets.UTF_8)).doesNotContain("health");
  }

  @Test
  void aTaskNetworkTravelsFromTheSpecAndIsLeftOutWhenAbsent() {
    io.orchestrate.core.spec.TaskSpec spec = new io.orchestrate.core.spec.TaskSpec("g", "img", List.of("sleep", "9"), null, 1, null, null);
    String plain = new String(GatewayCodec.encode(new Desired(1, "w1", List.of(DesiredTask.of("t", "j", spec, 0, 1)))), StandardCharsets.UTF_8);
    assertThat(plain).as("a worker of the release before reads it").doesNotContain("network");

    DesiredTask host = DesiredTask.of("t", "j", spec.withNetwork("host"), 0, 1);
    assertThat(host.network()).isEqualTo("host");
    Desired back = (Desired) decode(new String(GatewayCodec.encode(new Desired(1, "w1", List.of(host))), StandardCharsets.UTF_8));
    assertThat(back.tasks().get(0)).isEqualTo(host);
  }

  @Test
  void aBlankHealthIsRejectedNamingIt() {
    assertThatThrownBy(() -> new TaskUpdate("t", 1, TaskState.RUNNING, "c", 0, null, null, 5, " "))
        .hasMessage("taskUpdate.health must not be blank");
  }

  @Test
  void anUnknownFieldIsRejected() {
    assertThatThrownBy(() -> decode(
        "{\"type\":\"not-leader\",\"v\":1,\"body\":{\"leaderId\":\"m1\",\"leaderGateway\":null,\"epoch\":3}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("gateway message 'not-leader' v1 cannot be read:")
        .hasMessageContaining("epoch");
  }

  @Test
  void aFieldThatFailsItsCheckIsNamed() {
    assertThatThrownBy(() -> decode(
        "{\"type\":\"heartbeat\",\"v\":1,\"body\":{\"nodeId\":\" \",\"seq\":1,\"stats\":null}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("gateway message 'heartbeat' v1 cannot be read: heartbeat.nodeId must not be blank");
  }

  @Test
  void aMissingTermIsRejectedNamingIt() {
    assertThatThrownBy(() -> decode(
        "{\"type\":\"registered\",\"v\":1,\"body\":{\"leaderId\":\"m1\",\"heartbeatIntervalMs\":100,\"ttlMs\":1000}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("gateway message 'registered' v1 cannot be read: term: ");
  }

  @Test
  void aZeroTermIsRejected() {
    assertThatThrownBy(() -> decode(
        "{\"type\":\"registered\",\"v\":1,\"body\":{\"term\":0,\"leaderId\":\"m1\",\"heartbeatIntervalMs\":100,\"ttlMs\":1000}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("gateway message 'registered' v1 cannot be read: registered.term must be at least 1, was 0");
  }

  @Test
  void framesThatAreNotEnvelopesAreRejectedClearly() {
    assertThatThrownBy(() -> decode("not json")).isInstanceOf(ProtocolException.class).hasMessageStartingWith("gateway frame is not JSON");
    assertThatThrownBy(() -> decode("[1]")).isInstanceOf(ProtocolException.class).hasMessage("gateway frame is not a JSON object");
    assertThatThrownBy(() -> decode("{\"v\":1}")).isInstanceOf(ProtocolException.class).hasMessage("gateway frame has no \"type\" tag");
    assertThatThrownBy(() -> decode("{\"type\":\"heartbeat\",\"v\":1}")).isInstanceOf(ProtocolException.class)
        .hasMessage("gateway message 'heartbeat' has no body object");
  }

  @Test
  void theEnvelopeIsReadInOnePassInAnyFieldOrderAndNothingMayFollowIt() {
    byte[] hb = GatewayCodec.encode(Samples.all().stream().filter(m -> m instanceof Heartbeat).findFirst().orElseThrow());
    String json = new String(hb, java.nio.charset.StandardCharsets.UTF_8);
    String body = json.substring(json.indexOf("\"body\":") + 7, json.length() - 1);
    String reordered = "{\"body\":" + body + ",\"v\":" + GatewayCodec.decode(hb).wireVersion() + ",\"type\":\"heartbeat\"}";
    assertThat(decode(reordered)).isEqualTo(GatewayCodec.decode(hb));
    assertThatThrownBy(() -> decode(json + " {}")).isInstanceOf(ProtocolException.class)
        .hasMessage("gateway frame is not JSON: content after the message object");
    assertThatThrownBy(() -> decode(json.substring(0, json.length() - 3))).isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("gateway frame is not JSON");
  }

  @Test
  void aRetiredTagIsRefusedAsUnknownEvenWithTheBodyItOnceHad() {
    assertThatThrownBy(() -> decode(
        "{\"type\":\"stop\",\"v\":1,\"body\":{\"term\":4,\"taskId\":\"t1\",\"generation\":2,\"reason\":\"job stopped\"}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unknown gateway message type 'stop' (a retired tag; no build sends it)");
    assertThatThrownBy(() -> decode("{\"type\":\"assign\",\"v\":1,\"body\":{\"term\":4}}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("unknown gateway message type 'assign' (a retired tag; no build sends it)");
  }

  @Test
  void noMessageTypeReusesARetiredTagOrAnothersTag() {
    Set<String> seen = new HashSet<>();
    for (MessageType t : MessageType.values()) {
      assertThat(MessageType.RETIRED_TAGS).as("tag of %s", t).doesNotContain(t.tag());
      assertThat(seen.add(t.tag())).as("tag '%s' of %s is used once", t.tag(), t).isTrue();
      assertThat(MessageType.byTag(t.tag())).isEqualTo(t);
    }
    assertThat(MessageType.RETIRED_TAGS).allSatisfy(tag -> assertThat(MessageType.byTag(tag)).isNull());
  }

  @Test
  void desiredRejectsTheSameTaskTwice() {
    assertThatThrownBy(() -> new Desired(1, "w1", List.of(Samples.desiredTask("t1", 1), Samples.desiredTask("t1", 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("desired.tasks[1].taskId 't1' is listed twice");
  }

  @Test
  void registeredNeedsATtlLongerThanTheHeartbeat() {
    assertThatThrownBy(() -> new Registered(1, "m1", 1000, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered.ttlMs (1000) must exceed registered.heartbeatIntervalMs (1000)");
  }

  @Test
  void notLeaderChecksTheHintIsHostAndPort() {
    assertThatThrownBy(() -> new NotLeader("m1", "m1-no-port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notLeader.leaderGateway must be host:port, was 'm1-no-port'");
  }

  @Test
  void gatewayAddressesParseIncludingIpv6() {
    assertThat(GatewayAddress.parse("127.0.0.1:7001")).isEqualTo(new GatewayAddress("127.0.0.1", 7001));
    assertThat(GatewayAddress.parse("[::1]:7001")).isEqualTo(new GatewayAddress("::1", 7001));
    assertThat(GatewayAddress.parse("[::1]:7001").toString()).isEqualTo("[::1]:7001");
    assertThatThrownBy(() -> GatewayAddress.parse("h:0")).hasMessageContaining("1..65535");
    assertThatThrownBy(() -> GatewayAddress.parse("h:x")).hasMessageContaining("port must be a number");
  }
}
