package io.etcddr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcddr.config.BadSetting;
import io.etcddr.http.ApiResponse;
import io.etcddr.http.Route;
import io.etcddr.people.Users;
import io.etcddr.testing.LoopbackExtension;
import io.etcddr.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS from PEM files: a client that trusts the CA gets its answers; with a client
 * CA, only a client presenting a certificate from it gets through the handshake (the bearer token
 * still gates the routes); a client certificate or personal token the users file knows names the
 * person; unusable files are refused in one line naming the flag and the file.
 */
class ApiTlsTest {

  @RegisterExtension static final LoopbackExtension LOOPBACK = new LoopbackExtension();

  private static final String TOKEN = "tls-" + Long.toHexString(System.nanoTime());

  @TempDir Path dir;

  @Test
  void servesHttpsWithTheGivenCertificate() throws Exception {
    TestPki pki = TestPki.create(dir, "api-ca");
    TestPki.Issued server = pki.issue("server", LOOPBACK.address(0));
    try (ApiServer api = start(ApiTls.load(server.cert(), server.key(), null))) {
      assertThat(api.url()).startsWith("https://" + LOOPBACK.address(0) + ":");
      ApiClient client = new ApiClient(pki.clientContext(null), api.url(), TOKEN);
      assertThat(client.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(client.withToken("wrong").get("/secret").statusCode()).isEqualTo(401);
      assertThat(client.get("/secret").statusCode()).isEqualTo(200);

      TestPki other = TestPki.create(dir.resolve("other"), "other-ca");
      ApiClient untrusting = new ApiClient(other.clientContext(null), api.url(), TOKEN);
      assertThatThrownBy(() -> untrusting.get("/healthz")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void withAClientCaOnlyClientsWithItsCertificatesConnect() throws Exception {
    TestPki pki = TestPki.create(dir, "api-ca");
    TestPki.Issued server = pki.issue("server", LOOPBACK.address(0));
    TestPki.Issued client = pki.issue("client", LOOPBACK.address(1));
    TestPki stranger = TestPki.create(dir.resolve("stranger"), "stranger-ca");
    TestPki.Issued strangers = stranger.issue("client", LOOPBACK.address(1));
    try (ApiServer api = start(ApiTls.load(server.cert(), server.key(), pki.caCert()))) {
      assertThat(
              new ApiClient(pki.clientContext(client), api.url(), TOKEN)
                  .get("/secret")
                  .statusCode())
          .isEqualTo(200);
      ApiClient anonymous = new ApiClient(pki.clientContext(null), api.url(), TOKEN);
      assertThatThrownBy(() -> anonymous.get("/healthz")).isInstanceOf(IOException.class);
      // A certificate the client CA did not sign, for the same address, is no better.
      ApiClient impostor = new ApiClient(pki.clientContext(strangers), api.url(), TOKEN);
      assertThatThrownBy(() -> impostor.get("/healthz")).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aClientCertificateOrAPersonalTokenNamesThePersonTheUsersFileKnows() throws Exception {
    TestPki pki = TestPki.create(dir, "api-ca");
    TestPki.Issued server = pki.issue("server", LOOPBACK.address(0));
    TestPki.Issued alices = pki.issue("client", LOOPBACK.address(1));
    TestPki.Issued unknowns = pki.issue("unknown", LOOPBACK.address(2));
    Users users = new Users(dir.resolve("people").resolve("users.yaml"));
    users.add("alice", List.of("sre"), commonName(alices.cert()));
    String bobsToken = users.add("bob", List.of("sre", "dba"), null);
    Route whoami =
        Route.of(
            "GET",
            "/whoami",
            r ->
                ApiResponse.json(
                    200,
                    r.person() == null
                        ? java.util.Map.of("service", true)
                        : java.util.Map.of(
                            "name", r.person().name(), "method", r.person().method())));
    try (ApiServer api =
        ApiServer.start(
            HttpApi.address(LOOPBACK.address(0) + ":0"),
            ApiTls.load(server.cert(), server.key(), pki.caCert()),
            ApiToken.of(TOKEN),
            users,
            List.of(whoami),
            CrossOrigin.NONE)) {
      ApiClient alice = new ApiClient(pki.clientContext(alices), api.url(), null);
      ApiClient bob = new ApiClient(pki.clientContext(unknowns), api.url(), bobsToken);
      ApiClient service = new ApiClient(pki.clientContext(unknowns), api.url(), TOKEN);
      ApiClient nobody = new ApiClient(pki.clientContext(unknowns), api.url(), null);

      assertThat(alice.get("/whoami").body()).contains("\"name\":\"alice\"").contains("mtls");
      assertThat(bob.get("/whoami").body()).contains("\"name\":\"bob\"").contains("token");
      assertThat(service.get("/whoami").body()).contains("service");
      assertThat(nobody.get("/whoami").statusCode())
          .as("a certificate the users file does not name, and no token")
          .isEqualTo(401);
    }
    assertThat(Files.readString(users.file())).doesNotContain(bobsToken).contains("tokenSha256");
  }

  private static String commonName(Path certificate) throws Exception {
    String subject =
        io.etcddr.activities.cert.PemFiles.readCertificate(certificate)
            .getSubjectX500Principal()
            .getName();
    for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(subject).getRdns()) {
      if (rdn.getType().equals("CN")) {
        return rdn.getValue().toString();
      }
    }
    throw new AssertionError("no CN in " + subject);
  }

  @Test
  void unusableFilesAreRefusedInOneLineWithoutTheirContent() throws Exception {
    TestPki pki = TestPki.create(dir, "api-ca");
    TestPki.Issued server = pki.issue("server", LOOPBACK.address(0));
    TestPki.Issued other = pki.issue("other", LOOPBACK.address(1));
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not pem at all\n");

    assertThatThrownBy(() -> ApiTls.load(server.cert(), null, null))
        .isInstanceOf(BadSetting.class)
        .hasMessage(
            "HTTPS needs both --http-tls-cert and --http-tls-key (PEM files); give both or neither");
    assertThatThrownBy(() -> ApiTls.load(garbage, server.key(), null))
        .isInstanceOf(BadSetting.class)
        .hasMessageStartingWith("--http-tls-cert " + garbage + ": ")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ApiTls.load(server.cert(), garbage, null))
        .isInstanceOf(BadSetting.class)
        .hasMessage("--http-tls-key " + garbage + ": not a readable PEM private key");
    assertThatThrownBy(() -> ApiTls.load(server.cert(), server.key(), garbage))
        .isInstanceOf(BadSetting.class)
        .hasMessageStartingWith("--http-tls-client-ca " + garbage);
    // A key that is not the certificate's: the handshake would fail for every client.
    assertThatThrownBy(() -> ApiTls.load(server.cert(), other.key(), null))
        .isInstanceOf(BadSetting.class)
        .hasMessageStartingWith("--http-tls-key " + other.key() + " does not go with")
        .hasMessageNotContaining("PRIVATE");
  }

  private static ApiServer start(ApiTls tls) {
    return ApiServer.start(
        HttpApi.address(LOOPBACK.address(0) + ":0"),
        tls,
        ApiToken.of(TOKEN),
        List.of(
            Route.of("GET", "/secret", r -> ApiResponse.json(200, java.util.Map.of("ok", true))),
            Route.open("GET", "/healthz", r -> ApiResponse.json(200, java.util.Map.of()))));
  }
}
