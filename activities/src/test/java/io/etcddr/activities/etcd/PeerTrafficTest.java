package io.etcddr.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeerTrafficTest {

  @Test
  void sumsEveryPeersSeriesButFromZeroAndReadsExponents() {
    String metrics =
        String.join(
            "\n",
            "# HELP etcd_network_peer_received_bytes_total The total number of bytes received.",
            "# TYPE etcd_network_peer_received_bytes_total counter",
            "etcd_network_peer_received_bytes_total{From=\"0\"} 120",
            "etcd_network_peer_received_bytes_total{From=\"96091c0e19ac8458\"} 2877",
            "etcd_network_peer_received_bytes_total{From=\"5d2a7f0c1b3e4a11\"} 1.2345e+06",
            "etcd_network_peer_sent_bytes_total{To=\"96091c0e19ac8458\"} 999",
            "etcd_server_has_leader 1");

    assertThat(PeerTraffic.sum(metrics)).hasValue(2877 + 1_234_500);
  }

  @Test
  void aTextWithoutThePeersSeriesIsNotARead() {
    assertThat(PeerTraffic.sum("etcd_server_has_leader 1\n")).isEqualTo(OptionalLong.empty());
  }
}
